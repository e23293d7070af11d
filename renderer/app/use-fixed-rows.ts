/**
 * Windowing for lists of equal-height rows: only the rows in view (plus overscan) are rendered,
 * and the cost per frame is independent of the row count. Used by the AT log, which reaches a
 * million rows; @tanstack/react-virtual re-measures every row whenever the count changes
 * (~20 ms per appended batch at 1 M rows), which is too slow for a log that grows every frame.
 */
import { useCallback, useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

export interface RowWindow {
  first: number;
  last: number;
  totalHeight: number;
}

export function useFixedRows(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 10): RowWindow & { sync: () => void } {
  const [viewport, setViewport] = useState({ top: 0, height: 0 });

  const sync = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    setViewport((old) => (old.top === element.scrollTop && old.height === element.clientHeight ? old : { top: element.scrollTop, height: element.clientHeight }));
  }, [scrollRef]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    sync();
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(sync);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => sync()) : null;
    resize?.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('scroll', onScroll);
      resize?.disconnect();
    };
  }, [scrollRef, sync]);

  const visible = Math.ceil((viewport.height || rowHeight * 40) / rowHeight);
  const first = Math.max(0, Math.min(count - 1, Math.floor(viewport.top / rowHeight)) - overscan);
  const last = Math.min(count - 1, first + visible + overscan * 2);
  return { first, last, totalHeight: count * rowHeight, sync };
}
