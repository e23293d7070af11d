/**
 * AT terminal: type any command, Enter sends it (sendAt) to the chosen port; Up/Down recall
 * history; the answer lines and URCs appear inline. Rows are virtualized with react-virtual.
 * Below it, the saved command lists (CommandLists.tsx).
 */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { formatClock } from '../../../app/ui.tsx';
import { HISTORY_START, moveHistory } from '../history.ts';
import type { TerminalEntry } from '../slice.ts';
import { CommandLists } from './CommandLists.tsx';

const PREFIX: Record<TerminalEntry['kind'], string> = { command: '>', line: ' ', final: ' ', failed: ' ', error: '!', urc: '*' };

export function Terminal() {
  const t = useT();
  const actions = useActions();
  const port = useAppState((s) => s.ports.selected);
  const { entries: all, history, pending } = useAppState((s) => s.terminal);
  const entries = port === null ? [] : all.filter((entry) => entry.port === port);
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState(HISTORY_START);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: entries.length, getScrollElement: () => scrollRef.current, estimateSize: () => 20, overscan: 12 });

  useEffect(() => {
    if (entries.length > 0) rows.scrollToIndex(entries.length - 1, { align: 'end' });
  }, [entries.length, rows]);

  const send = () => {
    const command = text.trim();
    if (command === '' || port === null) return;
    setText('');
    setCursor(HISTORY_START);
    void actions.terminal.sendAt(port, command);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const moved = moveHistory(history, cursor, text, event.key === 'ArrowUp' ? 'up' : 'down');
    setCursor(moved.cursor);
    setText(moved.text);
  };

  return (
    <section className="terminal" aria-label={t('terminal.title')}>
      <div className="terminal-scroll" ref={scrollRef} tabIndex={0} aria-label={t('terminal.title')}>
        {entries.length === 0 ? <p className="empty">{port === null ? t('terminal.needPort') : t('terminal.empty')}</p> : null}
        <div className="terminal-canvas" style={{ height: rows.getTotalSize() }}>
          {rows.getVirtualItems().map((item) => {
            const entry = entries[item.index] as TerminalEntry;
            return (
              <div
                key={entry.id}
                ref={rows.measureElement}
                data-index={item.index}
                className={`terminal-row terminal-${entry.kind}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <span className="log-time">{formatClock(entry.t)}</span>
                <span className="terminal-prefix" aria-hidden="true">
                  {PREFIX[entry.kind]}
                </span>
                <span className="terminal-text">{entry.kind === 'error' ? t('terminal.error', { message: entry.text }) : entry.text}</span>
              </div>
            );
          })}
        </div>
      </div>
      <form
        className="terminal-input inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <label htmlFor="terminal-command" className="visually-hidden">
          {t('terminal.input')}
        </label>
        <span className="terminal-port">{port ?? '—'}</span>
        <input
          id="terminal-command"
          type="text"
          value={text}
          disabled={port === null}
          placeholder="AT"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={port === null || text.trim() === ''} aria-busy={pending > 0}>
          {t('terminal.send')}
        </button>
      </form>
      <CommandLists />
    </section>
  );
}
