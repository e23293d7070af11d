/**
 * The AT terminal: what was typed, what came back (from the sendAt answer) and URCs that
 * arrived meanwhile (terminal events). Command lines and responses come only from the answer,
 * so nothing is shown twice; URCs and errors come only from events.
 */
import type { IpcEvent } from '../../../shared/ipc.ts';
import type { CommandListsState } from './command-list-slice.ts';
import { initialCommandLists } from './command-list-slice.ts';

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
  /** Saved command lists and the last run of one. */
  lists: CommandListsState;
}

export const initialTerminal: TerminalState = { entries: [], history: [], pending: 0, nextId: 1, lists: initialCommandLists };

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

/** Replaces one entry's text (the typed command, once the back end has sent its redacted form). */
export function setEntryText(state: TerminalState, id: number, text: string): TerminalState {
  return { ...state, entries: state.entries.map((entry) => (entry.id === id ? { ...entry, text } : entry)) };
}

/**
 * What the screen shows of a command before the back end answers: the command up to its `=`.
 * Its arguments (a password in AT+QMTCONN, say) appear only in the redacted form the back end returns.
 */
export function commandPlaceholder(command: string): string {
  const eq = command.indexOf('=');
  return eq < 0 ? command : `${command.slice(0, eq + 1)}…`;
}

export function remember(history: readonly string[], command: string): string[] {
  const without = history.filter((h) => h !== command);
  return [...without, command].slice(-HISTORY_LIMIT);
}
