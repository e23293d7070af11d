/** The ports feature's actions (beside its slice, like wizard/ and mqtt/): they talk to the back end and update the store. */
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';

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
