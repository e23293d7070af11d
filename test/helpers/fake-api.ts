/**
 * A scripted FieldlinkApi for renderer tests (and the renderer bench): canned answers per
 * method, every call recorded, and events pushed to the subscribers on demand — a run can be
 * replayed from an event list (see test/unit/shared/sample-events.ts). Browser-safe: no node: imports.
 */
import type { RunnerEvent } from '../../shared/events.ts';
import type { FieldlinkApi, IpcEvent, IpcMethod, IpcRequest, IpcResponse, PortInfo, Settings } from '../../shared/ipc.ts';
import { IpcError } from '../../shared/ipc.ts';

export interface FakeCall {
  method: IpcMethod;
  request: unknown;
}

type Handler<M extends IpcMethod> = (request: IpcRequest<M>) => IpcResponse<M> | Promise<IpcResponse<M>>;
export type FakeHandlers = { [M in IpcMethod]: Handler<M> };

export const FAKE_PORTS: PortInfo[] = [
  { uri: 'sim:', label: 'Virtual TMS2', kind: 'sim', isQuectel: true },
  {
    uri: '/dev/ttyUSB2',
    label: 'Quectel EC21 (AT)',
    kind: 'serial',
    manufacturer: 'Quectel',
    vendorId: '2c7c',
    productId: '0121',
    serialNumber: 'EC21X42',
    isQuectel: true,
  },
  { uri: '/dev/ttyUSB0', label: 'FTDI USB serial', kind: 'serial', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', isQuectel: false, busy: 'open in minicom' },
];

export const FAKE_PROFILE_TEXT = JSON.stringify(
  { name: 'demo', serverInfoUrl: 'https://127.0.0.1:8443/tms2/devices/{deviceId}/info', tls: { caCert: 'ca.pem', clientCert: 'client.pem', clientKey: 'client.key' } },
  null,
  2,
);

function defaultHandlers(settings: { current: Settings }): FakeHandlers {
  return {
    listPorts: () => FAKE_PORTS,
    listProfiles: () => [{ name: 'demo', source: 'builtin' }],
    readProfile: ({ name }) => ({ name, text: FAKE_PROFILE_TEXT }),
    validateProfile: () => ({ ok: true, issues: [] }),
    saveProfile: ({ name }) => ({ ok: true, issues: [], path: `/profiles/${name}.json` }),
    importProfile: ({ name }) => ({ ok: true, issues: [], name, path: `/profiles/${name}.json` }),
    importProfileFile: () => ({ ok: true, issues: [], name: 'picked', path: '/profiles/picked.json' }),
    startRun: () => ({ runId: 'run-1' }),
    cancelRun: () => ({}),
    retryRun: ({ runId }) => ({ runId }),
    answerFota: () => ({}),
    publishTest: () => ({}),
    disconnect: () => ({}),
    sendAt: ({ command }) => ({ command, lines: [], final: 'OK' }),
    listCommandLists: () => [],
    readCommandList: ({ name }) => ({ name, lines: [{ command: 'ATI' }] }),
    saveCommandList: () => ({ ok: true, issues: [] }),
    deleteCommandList: () => ({}),
    runCommandList: ({ lines }) => ({
      passed: true,
      results: lines.map((line, index) => ({ index, command: line.command, lines: [], final: 'OK', outcome: 'passed' as const, durationMs: 1 })),
    }),
    getReport: () => {
      throw new IpcError('no-report', 'no report in this fake');
    },
    openSession: () => {
      throw new IpcError('no-session', 'no session in this fake');
    },
    listRuns: () => [],
    listRecords: () => ({ records: [], pending: 0, store: 'sqlite:/fake/results.sqlite' }),
    deviceHistory: () => [],
    yieldReport: ({ by }) => ({ by, rows: [], pareto: [], totals: { units: 0, passed: 0, failed: 0, firstPassYield: 0, unitsPerHour: 0 } }),
    openRecordedRun: () => {
      throw new IpcError('not-found', 'no recorded run in this fake');
    },
    saveSupportBundle: () => ({ status: 'cancelled' as const }),
    openSupportBundle: () => ({ status: 'cancelled' as const }),
    getSettings: () => settings.current,
    setSettings: (patch) => {
      settings.current = { ...settings.current, ...patch };
      return settings.current;
    },
    startDiagnosis: () => ({ runId: 'diag-1' }),
    startStation: () => ({ stationId: 'station-1', slots: ['A1', 'A2'] }),
    stopStation: () => ({ state: 'draining' as const }),
    listStationConfigs: () => [],
    readStationConfig: () => ({ name: 'line-1', text: '{}' }),
    saveStationConfig: () => ({ ok: true, issues: [] }),
    deleteStationConfig: () => ({}),
    stationCommand: () => ({}),
    getStation: () => ({ station: null }),
  };
}

export interface FakeApi extends FieldlinkApi {
  calls: FakeCall[];
  /** Calls of one method, requests only. */
  requests<M extends IpcMethod>(method: M): IpcRequest<M>[];
  /** Replaces the answer of one method. */
  handle<M extends IpcMethod>(method: M, handler: Handler<M>): void;
  emit(event: IpcEvent): void;
  emitRunner(runId: string, ...events: RunnerEvent[]): void;
  /** Pushes events on the diagnosis channel. */
  emitDiagnosis(runId: string, ...events: RunnerEvent[]): void;
  listenerCount(): number;
}

export function createFakeApi(options: { settings?: Partial<Settings>; handlers?: Partial<FakeHandlers> } = {}): FakeApi {
  const settings = { current: { language: 'en', theme: 'light', ...options.settings } as Settings };
  const handlers: FakeHandlers = { ...defaultHandlers(settings), ...options.handlers } as FakeHandlers;
  const listeners = new Set<(event: IpcEvent) => void>();
  const calls: FakeCall[] = [];

  const method =
    <M extends IpcMethod>(name: M) =>
    async (request: IpcRequest<M>): Promise<IpcResponse<M>> => {
      calls.push({ method: name, request });
      return (handlers[name] as Handler<M>)(request);
    };

  const api = Object.fromEntries(
    (Object.keys(handlers) as IpcMethod[]).map((name) => [name, method(name)]),
  ) as unknown as FieldlinkApi;

  return Object.assign(api, {
    calls,
    requests: <M extends IpcMethod>(name: M) => calls.filter((c) => c.method === name).map((c) => c.request as IpcRequest<M>),
    handle: <M extends IpcMethod>(name: M, handler: Handler<M>) => {
      (handlers as Record<IpcMethod, unknown>)[name] = handler;
    },
    onEvent: (listener: (event: IpcEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event: IpcEvent) => {
      for (const listener of listeners) listener(event);
    },
    emitRunner: (runId: string, ...events: RunnerEvent[]) => {
      for (const event of events) for (const listener of listeners) listener({ channel: 'runner', runId, event });
    },
    emitDiagnosis: (runId: string, ...events: RunnerEvent[]) => {
      for (const event of events) for (const listener of listeners) listener({ channel: 'diagnosis', runId, event });
    },
    listenerCount: () => listeners.size,
  });
}
