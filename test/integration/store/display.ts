/** The display form of a test database URL (password masked), as the store shows it. */
import { maskUrl } from '../../../electron/store/url.ts';

export function displayUrlOf(url: string): string {
  return maskUrl(url);
}
