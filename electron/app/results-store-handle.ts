/**
 * The one place the app back end (and the CLI) decide which results store to use and open it:
 * `FIELDLINK_DB` when set, else `<dataDir>/results.sqlite` (docs/results-store.md). The back end
 * holds one handle; whoever needs the store (recording runs, the History screen) calls
 * getResultsStore(), which opens it on first use and hands every caller the same store, so the
 * file is never opened twice. A store that failed to open is tried again on the next call.
 */
import type { ResultsStore } from '../store/types.ts';

/** The environment variable naming the store (`sqlite:PATH` or `postgres://…`). */
export const STORE_URL_ENV = 'FIELDLINK_DB';

/** The store's URL: FIELDLINK_DB, else the default SQLite file in `dataDir`. */
export async function resultsStoreUrl(dataDir: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<string> {
  const fromEnv = env[STORE_URL_ENV]?.trim();
  if (fromEnv) return fromEnv;
  const { defaultStoreUrl } = await import('../store/open.ts');
  return defaultStoreUrl(dataDir);
}

export interface ResultsStoreHandleOptions {
  dataDir: string;
  /** A store opened by the caller (tests, the desktop app): used as is and never closed here. */
  store?: ResultsStore;
  /** The store's URL instead of FIELDLINK_DB / the data folder's file. */
  url?: string;
  /** Asked at each open, after `url`: the URL the user chose in the app's settings, if any. */
  chosenUrl?: () => Promise<string | undefined>;
  env?: Readonly<Record<string, string | undefined>>;
}

export class ResultsStoreHandle {
  readonly #options: ResultsStoreHandleOptions;
  #opening: Promise<ResultsStore> | undefined;
  #closed = false;

  constructor(options: ResultsStoreHandleOptions) {
    this.#options = options;
    if (options.store) this.#opening = Promise.resolve(options.store);
  }

  /** The store, opened on first use; every caller gets the same one. */
  getResultsStore(): Promise<ResultsStore> {
    if (this.#closed) return Promise.reject(new Error('the results store has been closed'));
    this.#opening ??= this.#open().catch((error: unknown) => {
      this.#opening = undefined; // try again next time (the database may come back)
      throw error;
    });
    return this.#opening;
  }

  async #open(): Promise<ResultsStore> {
    const { dataDir, env = process.env } = this.#options;
    const chosen = this.#options.url === undefined ? await this.#options.chosenUrl?.() : undefined;
    const url = this.#options.url ?? chosen ?? (await resultsStoreUrl(dataDir, env));
    const setting = chosen !== undefined ? 'results database setting' : this.#options.url === undefined && env[STORE_URL_ENV]?.trim() ? STORE_URL_ENV : 'results store URL';
    const { openResultsStore } = await import('../store/open.ts');
    return openResultsStore({ url, dataDir, setting });
  }

  /** Closes the store this handle opened, so the next call opens the one the settings now name. */
  async reopen(): Promise<void> {
    await this.close();
    this.#closed = false;
  }

  /** Closes the store if this handle opened it (a store given in the options belongs to the caller). */
  async close(): Promise<void> {
    this.#closed = true;
    const opening = this.#opening;
    this.#opening = undefined;
    if (!opening || this.#options.store) return;
    const store = await opening.catch(() => undefined);
    await store?.close();
  }
}
