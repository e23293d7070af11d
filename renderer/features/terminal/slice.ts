/**
 * The AT terminal: what was typed, what came back (from the sendAt answer) and URCs that
 * arrived meanwhile (terminal events). Command lines and responses come only from the answer,
 * so nothing is shown twice; URCs and errors come only from events.
 */
import type { IpcEvent } from '../../../shared/ipc.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';

export const TERMINAL_ENTRY_LIMIT = 5_000;
export const HISTORY_LIMIT = 200;

/** `failed` = an error final result (ERROR, +CME ERROR); `error` = the request itself failed. */
export type TerminalEntryKind = 'command' | 'line' | 'final' | 'failed' | 'error' | 'urc';

export interface TerminalEntry {
  id: number;
  t: number;
  port: string;
  kind: TerminalEntryKind;
  text: string;
}

export interface TerminalState {
  entries: TerminalEntry[];
  history: string[];
  pending: number;
  nextId: number;
}

export const initialTerminal: TerminalState = { entries: [], history: [], pending: 0, nextId: 1 };

type TerminalEvent = Extract<IpcEvent, { channel: 'terminal' }>;

export function reduceTerminal(state: TerminalState, event: TerminalEvent): TerminalState {
  if (event.kind !== 'urc' && event.kind !== 'error') return state;
  return addEntries(state, [{ t: event.t, port: event.port, kind: event.kind, text: event.text }]);
}

export function addEntries(state: TerminalState, items: readonly Omit<TerminalEntry, 'id'>[]): TerminalState {
  const added = items.map((item, i) => ({ ...item, id: state.nextId + i }));
  const entries = [...state.entries, ...added];
  return {
    ...state,
    entries: entries.length > TERMINAL_ENTRY_LIMIT ? entries.slice(-TERMINAL_ENTRY_LIMIT) : entries,
    nextId: state.nextId + added.length,
  };
}

function remember(history: readonly string[], command: string): string[] {
  const without = history.filter((h) => h !== command);
  return [...without, command].slice(-HISTORY_LIMIT);
}

export function createTerminalActions(ctx: ActionContext) {
  const terminal = (recipe: (t: TerminalState) => TerminalState) => ctx.update((s) => ({ terminal: recipe(s.terminal) }));
  return {
    async sendAt(port: string, command: string): Promise<void> {
      const now = Date.now();
      terminal((t) => ({
        ...addEntries(t, [{ t: now, port, kind: 'command', text: command }]),
        history: remember(t.history, command),
        pending: t.pending + 1,
      }));
      try {
        const answer = await ctx.api.sendAt({ port, command });
        const at = Date.now();
        const lines = answer.lines.map((text) => ({ t: at, port, kind: 'line' as const, text }));
        const final = { t: at, port, kind: answer.error ? ('failed' as const) : ('final' as const), text: answer.final };
        const extra = answer.error ? [{ t: at, port, kind: 'error' as const, text: answer.error }] : [];
        terminal((t) => ({ ...addEntries(t, [...lines, final, ...extra]), pending: t.pending - 1 }));
      } catch (error) {
        const text = errorMessage(error);
        terminal((t) => ({ ...addEntries(t, [{ t: Date.now(), port, kind: 'error', text }]), pending: t.pending - 1 }));
      }
    },
  };
}
export type TerminalActions = ReturnType<typeof createTerminalActions>;
