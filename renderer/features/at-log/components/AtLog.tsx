/**
 * The live AT log: windowed rows over the LogBuffer, host timestamps, direction colours, URCs
 * marked; filter, search, autoscroll that pauses when you scroll up, copy and export.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useActions, useAppState, useAppStore, useT } from '../../../store/hooks.ts';
import { useFixedRows } from '../../../app/use-fixed-rows.ts';
import { LogToolbar } from './LogToolbar.tsx';
import { LogRow } from './LogRow.tsx';

export const LOG_ROW_HEIGHT = 18;

export function AtLog() {
  const t = useT();
  const store = useAppStore();
  const actions = useActions();
  const { revision, autoscroll } = useAppState((s) => s.log);
  const { buffer, view } = store.log;
  const count = view.count;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useFixedRows(scrollRef, count, LOG_ROW_HEIGHT);
  const [highlight, setHighlight] = useState<number | null>(null);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !autoscroll) return;
    element.scrollTop = element.scrollHeight;
    rows.sync();
    // `revision` changes whenever lines arrive: follow them.
  }, [revision, autoscroll, count, rows.sync]);

  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - LOG_ROW_HEIGHT * 2;
    actions.log.setAutoscroll(atBottom);
  }, [actions]);

  const reveal = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      actions.log.setAutoscroll(false);
      setHighlight(view.seqAt(index));
      if (element) element.scrollTop = Math.max(0, index * LOG_ROW_HEIGHT - element.clientHeight / 2);
      rows.sync();
    },
    [actions, view, rows],
  );

  // A jump asked from elsewhere (the bundle summary's link to the failing command).
  const jump = useAppState((s) => s.log.jump);
  useEffect(() => {
    if (jump === null) return;
    const index = view.indexOfSeq(jump.seq);
    if (index >= 0) reveal(index);
    scrollRef.current?.scrollIntoView?.({ block: 'nearest' });
    // Done: not again when the log is shown next time.
    store.state.setState((s) => ({ log: { ...s.log, jump: null } }));
  }, [jump, view, reveal, store]);

  const items = [];
  for (let index = rows.first; index <= rows.last && index >= 0; index++) {
    const seq = view.seqAt(index);
    items.push(<LogRow key={seq} index={index} line={buffer.line(seq)} top={index * LOG_ROW_HEIGHT} highlighted={seq === highlight} t={t} />);
  }

  return (
    <section className="at-log" aria-label={t('log.title')}>
      <LogToolbar count={count} total={buffer.size} onReveal={reveal} />
      <div className="log-scroll" ref={scrollRef} onScroll={onScroll} tabIndex={0} aria-label={t('log.title')} data-rows={count}>
        {count === 0 ? <p className="empty">{t('log.empty')}</p> : null}
        <div className="log-canvas" style={{ height: rows.totalHeight }}>
          {items}
        </div>
      </div>
    </section>
  );
}
