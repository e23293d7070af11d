/**
 * What a log line is: direction + role. One byte per line in the LogBuffer (the index into
 * LINE_KINDS). The table says how each kind is shown and which filter toggle it belongs to.
 */
import type { TrafficEventShape } from '../../../shared/events.ts';

export const LINE_KINDS = [
  'tx-command',
  'tx-data',
  'tx-bytes',
  'rx-echo',
  'rx-info',
  'rx-final',
  'rx-error',
  'rx-urc',
  'rx-late',
  'rx-noise',
  'rx-prompt',
  'rx-data',
  'rx-bytes',
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** Filter groups: the toolbar's toggles. */
export type LineGroup = 'tx' | 'rx' | 'urc' | 'raw';
export const LINE_GROUPS: readonly LineGroup[] = ['tx', 'rx', 'urc', 'raw'];

export const LINE_KIND_GROUP: Record<LineKind, LineGroup> = {
  'tx-command': 'tx',
  'tx-data': 'tx',
  'tx-bytes': 'raw',
  'rx-echo': 'rx',
  'rx-info': 'rx',
  'rx-final': 'rx',
  'rx-error': 'rx',
  'rx-urc': 'urc',
  'rx-late': 'rx',
  'rx-noise': 'rx',
  'rx-prompt': 'rx',
  'rx-data': 'rx',
  'rx-bytes': 'raw',
};

/** Final result codes that are failures (docs/at-behaviour.md#result-codes). */
const ERROR_FINAL = /^(ERROR|\+CME ERROR|\+CMS ERROR|NO CARRIER|NO ANSWER|BUSY|NO DIALTONE)/;

export interface LineRecord {
  t: number;
  kind: LineKind;
  text: string;
}

/**
 * One traffic event → the log line it shows as. Data-mode payloads carry only their size and
 * checksum (K1): the engine has already redacted them, and the log never asks for more.
 */
export function trafficToLine(event: TrafficEventShape): LineRecord {
  switch (event.kind) {
    case 'command':
      return { t: event.t, kind: 'tx-command', text: event.text };
    case 'line':
      return { t: event.t, kind: lineKind(event.role, event.text), text: event.text };
    case 'prompt':
      return { t: event.t, kind: 'rx-prompt', text: '>' };
    case 'data':
      return { t: event.t, kind: event.dir === 'tx' ? 'tx-data' : 'rx-data', text: packData(event.length, event.checksum, event.text) };
    case 'bytes':
      return { t: event.t, kind: event.dir === 'tx' ? 'tx-bytes' : 'rx-bytes', text: packData(event.length, '', event.text) };
  }
}

/**
 * Data and raw-byte lines are stored as `<length>|<checksum>|<text>` (searchable as is) and
 * worded by the row in the active language (unpackData).
 */
function packData(length: number, checksum: string, text: string | undefined): string {
  return `${length}|${checksum}|${text ?? ''}`;
}

export function unpackData(stored: string): { length: number; checksum: string; text: string } {
  const [length = '0', checksum = '', ...rest] = stored.split('|');
  return { length: Number(length), checksum, text: rest.join('|') };
}

function lineKind(role: 'echo' | 'info' | 'final' | 'urc' | 'late' | 'noise', text: string): LineKind {
  if (role === 'final' && ERROR_FINAL.test(text)) return 'rx-error';
  return `rx-${role}`;
}
