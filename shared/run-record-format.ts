/**
 * A run record's cells in a table, the same on the terminal (`fieldlink results`) and on the
 * History screen: local time to the minute, station/slot, firmware as left (an update shown as
 * before→after), duration in seconds. Language-free; the words around them come from the catalogue.
 */
import type { RunRecord } from './run-record.ts';

export const NO_VALUE = '-';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local time, minutes: `2026-11-03 08:05`. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** `LINE-1/2`, `-` when the run had neither. */
export const recordWhere = (r: RunRecord): string => (r.station === null && r.slot === null ? NO_VALUE : `${r.station ?? NO_VALUE}/${r.slot ?? NO_VALUE}`);

/** The firmware a run left: `main / sub`, with an update shown as `before→after`. */
export function recordFirmware(r: RunRecord): string {
  const one = (before: string | null, after: string | null) => (after !== null && after !== before ? `${before ?? '?'}→${after}` : (before ?? after ?? '?'));
  return `${one(r.firmware.mainBefore, r.firmware.mainAfter)} / ${one(r.firmware.subBefore, r.firmware.subAfter)}`;
}

/** `120.0 s`; `-` while running. */
export const recordDuration = (r: RunRecord): string => (r.finishedAt === null ? NO_VALUE : `${((r.finishedAt - r.startedAt) / 1000).toFixed(1)} s`);

/** `81.8%`. */
export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
