/** Up/Down through earlier commands, like a shell: index counts back from the newest. */
export interface HistoryCursor {
  /** -1 = the line being typed (not in history). */
  index: number;
  draft: string;
}

export const HISTORY_START: HistoryCursor = { index: -1, draft: '' };

export function moveHistory(
  history: readonly string[],
  cursor: HistoryCursor,
  current: string,
  direction: 'up' | 'down',
): { cursor: HistoryCursor; text: string } {
  const draft = cursor.index === -1 ? current : cursor.draft;
  const index = direction === 'up' ? Math.min(cursor.index + 1, history.length - 1) : Math.max(cursor.index - 1, -1);
  if (index === -1) return { cursor: { index, draft }, text: draft };
  return { cursor: { index, draft }, text: history[history.length - 1 - index] ?? draft };
}
