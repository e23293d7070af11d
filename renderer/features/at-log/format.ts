/** How a stored log line reads on screen and in a copy/export, in the active language. */
import type { Translate } from '../../i18n/translate.ts';
import { formatClock } from '../../app/ui.tsx';
import type { LineKind } from './line-kinds.ts';
import { unpackData } from './line-kinds.ts';
import type { LogBuffer } from './log-buffer.ts';
import type { LogView } from './log-view.ts';

export function displayText(kind: LineKind, stored: string, t: Translate): string {
  switch (kind) {
    case 'tx-data':
    case 'rx-data': {
      const data = unpackData(stored);
      const head = t('log.data', { length: data.length, checksum: data.checksum });
      return data.text ? `${head} ${data.text}` : head;
    }
    case 'tx-bytes':
    case 'rx-bytes': {
      const data = unpackData(stored);
      return t('log.bytes', { length: data.length, text: data.text });
    }
    case 'rx-prompt':
      return t('log.prompt');
    default:
      return stored;
  }
}

export const isTx = (kind: LineKind) => kind.startsWith('tx-');

/** The rows of a view as text lines (tab-separated: time, direction, text), in parts of 10,000. */
export function viewAsText(buffer: LogBuffer, view: LogView, t: Translate, limit = Number.POSITIVE_INFINITY): string[] {
  const parts: string[] = [];
  const end = Math.min(view.count, limit);
  const start = view.count - end;
  for (let from = start; from < view.count; from += 10_000) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(view.count, from + 10_000); i++) {
      const line = buffer.line(view.seqAt(i));
      const dir = isTx(line.kind) ? '>>' : line.kind === 'rx-urc' ? '<< URC' : '<<';
      lines.push(`${formatClock(line.t)}\t${dir}\t${displayText(line.kind, line.text, t)}`);
    }
    parts.push(`${lines.join('\n')}\n`);
  }
  return parts;
}
