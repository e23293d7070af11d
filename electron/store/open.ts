/**
 * `openResultsStore(location)`: the one way in (docs/results-store.md#backends). `sqlite:PATH`
 * opens the embedded file; `postgres://…` the line database with its local outbox.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { ResultsStore, StoreLocation } from './types.ts';
import { parseStoreUrl } from './url.ts';

/** The data folder when the caller names none. */
export const DEFAULT_DATA_DIR = join(homedir(), '.fieldlink');

export { defaultStoreUrl, maskUrl, parseStoreUrl } from './url.ts';

/** The outbox file when none is given: `outbox.sqlite` in the data folder (`dataDir`). */
export function defaultOutboxPath(dataDir: string): string {
  return join(dataDir, 'outbox.sqlite');
}

export async function openResultsStore(location: StoreLocation): Promise<ResultsStore> {
  const parsed = parseStoreUrl(location.url, location.setting);
  if (parsed.backend === 'sqlite') return openSqliteStore(parsed.path, parsed.displayUrl);
  const outboxPath = location.outboxPath ?? defaultOutboxPath(location.dataDir ?? DEFAULT_DATA_DIR);
  return openPostgresStore({ connectionString: parsed.connectionString, displayUrl: parsed.displayUrl, outboxPath });
}
