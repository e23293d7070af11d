/** "Open session log": a file input (JSONL) whose text goes to openSession for replay. */
import { FilePickButton } from '../../../app/file-pick-button.tsx';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';

export function OpenSessionButton() {
  const t = useT();
  const actions = useActions();
  const replay = useAppState((s) => s.run.source === 'replay');
  const active = useAppState((s) => s.run.source === 'live' && s.run.outcome === null && s.run.runId !== null);
  return (
    <div className="session-open">
      <FilePickButton
        id="session-file"
        accept=".jsonl,.json,.log,application/json,text/plain"
        label={t('session.open')}
        disabled={active}
        onFile={(file) => void actions.session.openSessionFile(file)}
      />
      {replay ? (
        <button type="button" onClick={() => actions.session.leaveReplay()}>
          {t('session.close')}
        </button>
      ) : null}
    </div>
  );
}
