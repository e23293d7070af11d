/**
 * The results store a bundle reads the device's history from: opened by URL (`sqlite:PATH`,
 * `postgres://…`) through the store's one way in, and closed by whoever opened it.
 */
import type { ResultsStore } from '../store/types.ts';

export interface HistorySource {
  store: Pick<ResultsStore, 'history'>;
  /** Where the records come from, password masked. */
  source: string;
  close(): Promise<void>;
}

/** Opens the store at `url`; the store module (and its database drivers) is loaded only here. */
export async function openHistorySource(url: string): Promise<HistorySource> {
  const { openResultsStore } = await import('../store/open.ts');
  const store = await openResultsStore({ url });
  return { store, source: store.displayUrl, close: () => store.close() };
}
