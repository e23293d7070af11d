/** Serial ports (listPorts, hot-plug via ports-changed) and the chosen one. */
import type { IpcEvent, PortInfo } from '../../../shared/ipc.ts';

export interface PortsState {
  ports: PortInfo[];
  selected: string | null;
  loading: boolean;
  error: string | null;
  /** Bumped on every hot-plug update (the list announces it). */
  changes: number;
}

export const initialPorts: PortsState = { ports: [], selected: null, loading: false, error: null, changes: 0 };

export function reducePorts(state: PortsState, event: Extract<IpcEvent, { channel: 'ports-changed' }>): PortsState {
  // The selection is kept when its port vanishes (a reset or FOTA reboot re-enumerates it, S2).
  return { ...state, ports: event.ports, changes: state.changes + 1 };
}
