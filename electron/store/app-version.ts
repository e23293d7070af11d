/** Fieldlink's version (package.json), kept in every run's record; `unknown` when it cannot be read. */
import { createRequire } from 'node:module';

export function appVersion(): string {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version?: unknown }).version?.toString() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
