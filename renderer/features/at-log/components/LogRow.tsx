import { memo } from 'react';
import type { Translate } from '../../../i18n/translate.ts';
import { formatClock } from '../../../app/ui.tsx';
import type { LogLine } from '../log-buffer.ts';
import { displayText, isTx } from '../format.ts';

/** One log line. Modem text is a React text node: markup in it is shown, never parsed (E3). */
export const LogRow = memo(function LogRow({ line, top, highlighted, t }: { index: number; line: LogLine; top: number; highlighted: boolean; t: Translate }) {
  const tx = isTx(line.kind);
  return (
    <div className={`log-row kind-${line.kind}${highlighted ? ' log-row-hit' : ''}`} style={{ transform: `translateY(${top}px)` }} data-seq={line.seq}>
      <span className="log-time">{formatClock(line.t)}</span>
      <span className="log-dir" title={t(tx ? 'log.dir.tx' : 'log.dir.rx')}>
        {tx ? '→' : '←'}
      </span>
      {line.kind === 'rx-urc' ? <span className="log-urc">{t('log.urc')}</span> : null}
      <span className="log-text">{displayText(line.kind, line.text, t)}</span>
    </div>
  );
});
