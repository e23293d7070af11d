/**
 * A back end with canned answers for the IPC and web-bridge tests: every method is a vi.fn that
 * records its (parsed) request, and `emit` pushes an event to the subscribers like a real run.
 */
import { vi } from 'vitest';
import type { IpcEvent, PortInfo } from '../../shared/ipc.ts';
import type { BackendApi } from '../../electron/app/dispatch.ts';

export const FAKE_PORTS: PortInfo[] = [
  { uri: '/dev/ttyUSB2', label: '/dev/ttyUSB2 (Quectel AT interface)', kind: 'serial', isQuectel: true, vendorId: '2c7c', productId: '0125' },
  { uri: 'sim:', label: 'Demo device (virtual TMS2)', kind: 'sim', isQuectel: true },
];

export interface FakeBackend extends BackendApi {
  emit(event: IpcEvent): void;
  listenerCount(): number;
}

export function createFakeBackend(): FakeBackend {
  const listeners = new Set<(event: IpcEvent) => void>();
  return {
    listPorts: vi.fn(async () => FAKE_PORTS),
    listProfiles: vi.fn(async () => [{ name: 'demo', source: 'builtin' as const }]),
    readProfile: vi.fn(async ({ name }) => ({ name, text: '{}' })),
    validateProfile: vi.fn(async () => ({ ok: true, issues: [] })),
    saveProfile: vi.fn(async () => ({ ok: true, issues: [], path: '/tmp/p.json' })),
    importProfile: vi.fn(async ({ name }: { name: string }) => ({ ok: true, issues: [], name, path: `/tmp/${name}.json` })),
    importProfileFile: vi.fn(async () => ({ ok: false, issues: [], cancelled: true })),
    startRun: vi.fn(async () => ({ runId: 'run-1' })),
    cancelRun: vi.fn(async () => ({})),
    retryRun: vi.fn(async ({ runId }) => ({ runId })),
    answerFota: vi.fn(async () => ({})),
    publishTest: vi.fn(async () => ({})),
    disconnect: vi.fn(async () => ({})),
    sendAt: vi.fn(async ({ command }: { command: string }) => ({ command, lines: ['Quectel'], final: 'OK' })),
    listCommandLists: vi.fn(async () => []),
    readCommandList: vi.fn(async ({ name }) => ({ name, lines: [{ command: 'ATI' }] })),
    saveCommandList: vi.fn(async () => ({ ok: true, issues: [] })),
    deleteCommandList: vi.fn(async () => ({})),
    runCommandList: vi.fn(async () => ({ passed: true, results: [] })),
    getReport: vi.fn(async () => ({ html: '<p>report</p>', json: '{}', dir: '/tmp/run-1' })),
    openSession: vi.fn(async () => ({ runId: 'run-1', events: [] })),
    listRuns: vi.fn(async () => []),
    getSettings: vi.fn(async () => ({ language: 'en' as const, theme: 'dark' as const })),
    setSettings: vi.fn(async (patch) => ({ language: 'en' as const, theme: 'dark' as const, ...patch })),
    listRecords: vi.fn(async () => ({ records: [], pending: 0, store: 'sqlite:/tmp/results.sqlite' })),
    deviceHistory: vi.fn(async () => []),
    yieldReport: vi.fn(async ({ by }) => ({ by, rows: [], pareto: [], totals: { units: 0, passed: 0, failed: 0, firstPassYield: 0, unitsPerHour: 0 } })),
    openRecordedRun: vi.fn(async ({ runId }) => ({ runId, events: [] })),
    startDiagnosis: vi.fn(async () => ({ runId: 'diag-1' })),
    saveSupportBundle: vi.fn(async () => ({ status: 'cancelled' as const })),
    openSupportBundle: vi.fn(async () => ({ status: 'cancelled' as const })),
    startStation: vi.fn(async () => ({ stationId: 'station-1', slots: ['A1'] })),
    stopStation: vi.fn(async () => ({ state: 'draining' as const })),
    listStationConfigs: vi.fn(async () => []),
    readStationConfig: vi.fn(async () => ({ name: 'line-1', text: '{}' })),
    saveStationConfig: vi.fn(async () => ({ ok: true, issues: [] })),
    deleteStationConfig: vi.fn(async () => ({})),
    stationCommand: vi.fn(async () => ({})),
    getStation: vi.fn(async () => ({ station: null })),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of [...listeners]) listener(event);
    },
    listenerCount: () => listeners.size,
  };
}
