/** What every feature's actions get: the back-end API, the store, and the AT log storage. */
import type { FieldlinkApi, IpcEvent } from '../../shared/ipc.ts';
import type { AppState } from './app-state.ts';
import type { LogBuffer } from '../features/at-log/log-buffer.ts';
import type { LogView } from '../features/at-log/log-view.ts';

export interface ActionContext {
  api: FieldlinkApi;
  get: () => AppState;
  /** Shallow-merges the returned top-level slices into the state. */
  update: (recipe: (state: AppState) => Partial<AppState>) => void;
  log: { buffer: LogBuffer; view: LogView };
  /** Feeds events through the same reducers as live ones (session replay); flushes at once. */
  ingest: (events: readonly IpcEvent[]) => void;
  /** Applies the back-end events queued for the next frame now. */
  flush: () => void;
}

/** The message of anything thrown across IPC (IpcError, Error, or a value). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
