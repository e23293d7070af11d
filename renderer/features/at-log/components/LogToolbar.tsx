/** Filter, kind toggles, search with next/previous, autoscroll, copy, export, clear. */
import { useState } from 'react';
import { useActions, useAppState, useAppStore, useT } from '../../../store/hooks.ts';
import { LINE_GROUPS } from '../line-kinds.ts';
import { viewAsText } from '../format.ts';
import { downloadText } from '../../../app/download.ts';
import { errorMessage } from '../../../store/action-context.ts';

export const COPY_LINE_LIMIT = 100_000;

export function LogToolbar({ count, total, onReveal }: { count: number; total: number; onReveal: (index: number) => void }) {
  const t = useT();
  const actions = useActions();
  const store = useAppStore();
  const { filter, autoscroll } = useAppState((s) => s.log);
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(-1);
  const [status, setStatus] = useState('');

  const find = (direction: 1 | -1) => {
    const from = cursor >= 0 ? cursor : direction === 1 ? -1 : count;
    const index = store.log.view.find(query, from, direction);
    setCursor(index);
    if (index < 0) return setStatus(t('log.noMatch'));
    setStatus(t('log.match', { line: index + 1 }));
    onReveal(index);
  };

  const copy = async () => {
    const parts = viewAsText(store.log.buffer, store.log.view, t, COPY_LINE_LIMIT);
    try {
      await navigator.clipboard.writeText(parts.join(''));
      setStatus(t('log.copied', { count: Math.min(count, COPY_LINE_LIMIT) }));
    } catch (error) {
      setStatus(t('log.copyFailed', { message: errorMessage(error) }));
    }
  };

  const exportLog = () => downloadText(`fieldlink-at-log-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`, viewAsText(store.log.buffer, store.log.view, t));

  return (
    <div className="log-toolbar">
      <div className="toolbar-group">
        <label className="field">
          <span>{t('log.filter')}</span>
          <input type="search" value={filter.text} placeholder={t('log.filterPlaceholder')} onChange={(e) => actions.log.setFilterText(e.target.value)} />
        </label>
        {LINE_GROUPS.map((group) => (
          <label key={group} className={`toggle toggle-${group}`}>
            <input type="checkbox" checked={filter.groups[group]} onChange={() => actions.log.toggleGroup(group)} />
            {t(`log.show.${group}`)}
          </label>
        ))}
      </div>
      <form
        className="toolbar-group"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          find(1);
        }}
      >
        <label className="field">
          <span>{t('log.search')}</span>
          <input
            type="search"
            value={query}
            placeholder={t('log.searchPlaceholder')}
            onChange={(e) => {
              setQuery(e.target.value);
              setCursor(-1);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && e.shiftKey) {
                e.preventDefault();
                find(-1);
              }
            }}
          />
        </label>
        <button type="button" onClick={() => find(-1)} disabled={query === ''}>
          {t('log.previous')}
        </button>
        <button type="submit" disabled={query === ''}>
          {t('log.next')}
        </button>
      </form>
      <div className="toolbar-group">
        <button type="button" aria-pressed={!autoscroll} onClick={() => actions.log.setAutoscroll(!autoscroll)}>
          {autoscroll ? t('log.pause') : t('log.resume')}
        </button>
        <button type="button" onClick={() => void copy()} disabled={count === 0}>
          {t('log.copy')}
        </button>
        <button type="button" onClick={exportLog} disabled={count === 0}>
          {t('log.export')}
        </button>
        <button type="button" onClick={() => actions.log.clearLog()} disabled={total === 0}>
          {t('log.clear')}
        </button>
      </div>
      <p className="toolbar-status" aria-live="polite">
        <span>{t('log.count', { shown: count.toLocaleString(), total: total.toLocaleString() })}</span>
        {status ? <span> · {status}</span> : null}
      </p>
    </div>
  );
}
