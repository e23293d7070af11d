/** "Open session log": a file input (JSONL) whose text goes to openSession for replay. */
import { useRef } from 'react';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';

export function OpenSessionButton() {
  const t = useT();
  const actions = useActions();
  const input = useRef<HTMLInputElement>(null);
  const replay = useAppState((s) => s.run.source === 'replay');
  const active = useAppState((s) => s.run.source === 'live' && s.run.outcome === null && s.run.runId !== null);
  return (
    <div className="session-open">
      <input
        ref={input}
        id="session-file"
        type="file"
        accept=".jsonl,.json,.log,application/json,text/plain"
        className="visually-hidden"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void actions.session.openSessionFile(file);
        }}
      />
      <button type="button" disabled={active} onClick={() => input.current?.click()}>
        {t('session.open')}
      </button>
      {replay ? (
        <button type="button" onClick={() => actions.session.leaveReplay()}>
          {t('session.close')}
        </button>
      ) : null}
    </div>
  );
}
