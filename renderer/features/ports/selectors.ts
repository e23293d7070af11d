/** How ports are shown: Quectel modems first, then other serial ports, then TCP, then the demo device. */
import type { PortInfo } from '../../../shared/ipc.ts';
import type { AppState } from '../../store/app-state.ts';

export const selectPorts = (s: AppState) => s.ports.ports;
export const selectSelectedPort = (s: AppState) => s.ports.selected;

const KIND_ORDER: Record<PortInfo['kind'], number> = { serial: 0, tcp: 1, sim: 2 };

export function sortPorts(ports: readonly PortInfo[]): PortInfo[] {
  return [...ports].sort(
    (a, b) =>
      Number(b.isQuectel) - Number(a.isQuectel) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.uri.localeCompare(b.uri, 'en', { numeric: true }),
  );
}

/** `sim:` → '' (the plain demo device), `sim:no-sim` → 'no-sim'; null for real ports. */
export function demoScenario(uri: string): string | null {
  if (!uri.startsWith('sim:')) return null;
  return uri.slice('sim:'.length).replace(/^\/\//, '');
}
