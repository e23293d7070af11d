/** Serial ports (listPorts, hot-plug via ports-changed) and the chosen one. */
import type { IpcEvent, PortInfo } from '../../../shared/ipc.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';

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

export function createPortsActions(ctx: ActionContext) {
  return {
    async refreshPorts(): Promise<void> {
      ctx.update((s) => ({ ports: { ...s.ports, loading: true, error: null } }));
      try {
        const ports = await ctx.api.listPorts({});
        ctx.update((s) => ({ ports: { ...s.ports, ports, loading: false } }));
      } catch (error) {
        ctx.update((s) => ({ ports: { ...s.ports, loading: false, error: errorMessage(error) } }));
      }
    },
    selectPort(uri: string): void {
      ctx.update((s) => ({ ports: { ...s.ports, selected: uri.trim() || null } }));
    },
  };
}
export type PortsActions = ReturnType<typeof createPortsActions>;
