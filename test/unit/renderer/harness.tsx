/**
 * Renders renderer components against a FakeApi: a real store (real slices, reducers, log
 * buffer), events applied inside act() with an explicit flush instead of animation frames.
 */
import { act, cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { RunnerEvent } from '../../../shared/events.ts';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { createAppStore } from '../../../renderer/store/create-app-store.ts';
import type { AppStore } from '../../../renderer/store/create-app-store.ts';
import { StoreProvider } from '../../../renderer/store/hooks.ts';
import { createFakeApi } from '../../helpers/fake-api.ts';
import type { FakeApi, FakeHandlers } from '../../helpers/fake-api.ts';
import type { Settings } from '../../../shared/ipc.ts';

export interface Harness {
  api: FakeApi;
  store: AppStore;
  view: ReturnType<typeof render>;
  /** Delivers events the way the bridge would, then applies them (one "frame"). */
  emit(...events: IpcEvent[]): void;
  emitRunner(runId: string, events: readonly RunnerEvent[]): void;
  /** Runs an action (or anything async) inside act and waits for it. */
  run<T>(work: () => Promise<T> | T): Promise<T>;
}

/** No animation frames in tests: the harness flushes explicitly. */
const manualScheduler = () => () => undefined;

export async function renderWithStore(
  ui: ReactElement,
  options: { handlers?: Partial<FakeHandlers>; settings?: Partial<Settings>; start?: boolean; logCapacity?: number } = {},
): Promise<Harness> {
  const api = createFakeApi({ handlers: options.handlers, settings: options.settings });
  const store = createAppStore(api, { scheduler: manualScheduler, logCapacity: options.logCapacity });
  if (options.start !== false) await act(() => store.start());
  const view = render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return {
    api,
    store,
    view,
    emit(...events) {
      act(() => {
        for (const event of events) api.emit(event);
        store.flush();
      });
    },
    emitRunner(runId, events) {
      act(() => {
        api.emitRunner(runId, ...events);
        store.flush();
      });
    },
    run: async (work) => {
      let result: Awaited<ReturnType<typeof work>> | undefined;
      await act(async () => {
        result = await work();
      });
      return result as Awaited<ReturnType<typeof work>>;
    },
  };
}

export { cleanup };
