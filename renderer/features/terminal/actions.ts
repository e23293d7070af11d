/** The terminal feature's actions (beside its slice, like wizard/ and mqtt/): they talk to the back end and update the store. */
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { addEntries, commandPlaceholder, remember, setEntryText } from './slice.ts';
import { createCommandListActions } from './command-list-actions.ts';
import type { TerminalState } from './slice.ts';

export function createTerminalActions(ctx: ActionContext) {
  const terminal = (recipe: (t: TerminalState) => TerminalState) => ctx.update((s) => ({ terminal: recipe(s.terminal) }));
  return {
    ...createCommandListActions(ctx),
    async sendAt(port: string, command: string): Promise<void> {
      const now = Date.now();
      const entryId = ctx.get().terminal.nextId;
      terminal((t) => ({
        ...addEntries(t, [{ t: now, port, kind: 'command', text: commandPlaceholder(command) }]),
        history: remember(t.history, command),
        pending: t.pending + 1,
      }));
      try {
        const answer = await ctx.api.sendAt({ port, command });
        const at = Date.now();
        const lines = answer.lines.map((text) => ({ t: at, port, kind: 'line' as const, text }));
        const final = { t: at, port, kind: answer.error ? ('failed' as const) : ('final' as const), text: answer.final };
        const extra = answer.error ? [{ t: at, port, kind: 'error' as const, text: answer.error }] : [];
        terminal((t) => ({ ...addEntries(setEntryText(t, entryId, answer.command), [...lines, final, ...extra]), pending: t.pending - 1 }));
      } catch (error) {
        const text = errorMessage(error);
        terminal((t) => ({ ...addEntries(t, [{ t: Date.now(), port, kind: 'error', text }]), pending: t.pending - 1 }));
      }
    },
  };
}
export type TerminalActions = ReturnType<typeof createTerminalActions>;
