/**
 * The results store a bundle reads the device's history from: opened by URL (`sqlite:PATH`,
 * `postgres://…`) through the store's one way in, and closed by whoever opened it.
 */
import type { ResultsStore, StoreLocation } from '../store/types.ts';

export interface HistorySource {
  store: Pick<ResultsStore, 'history'>;
  /** Where the records come from, password masked. */
  source: string;
  close(): Promise<void>;
}

/** The store module, loaded when a store is asked for (its database drivers are heavy). */
const STORE_MODULE = '../store/open.ts';

export async function openHistorySource(url: string): Promise<HistorySource> {
  const { openResultsStore } = (await import(STORE_MODULE)) as { openResultsStore(location: StoreLocation): Promise<ResultsStore> };
  const store = await openResultsStore({ url });
  return { store, source: store.displayUrl, close: () => store.close() };
}
