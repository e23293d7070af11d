/** Start (needs a port and a profile), Cancel while running, Disconnect in the live session. */
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { isLiveSession, isRunActive } from '../selectors.ts';
import { DiagnoseButton } from '../../diagnose/components/DiagnoseButton.tsx';

export function RunControls() {
  const t = useT();
  const actions = useActions();
  const run = useAppState((s) => s.run);
  const port = useAppState((s) => s.ports.selected);
  const profile = useAppState((s) => s.profiles.selected);
  const active = isRunActive(run) || run.busy === 'starting';
  const missing = port === null ? t('run.needPort') : profile === null ? t('run.needProfile') : null;
  if (run.source === 'replay') return null; // the top bar's "Leave replay" comes first
  return (
    <div className="run-controls">
      {active ? (
        <button type="button" className="danger" disabled={run.busy === 'cancelling'} onClick={() => void actions.run.cancelRun()}>
          {t('run.cancel')}
        </button>
      ) : (
        <button type="button" className="primary big" disabled={missing !== null} onClick={() => void actions.run.startRun()} aria-describedby="start-needs">
          {t('run.start')}
        </button>
      )}
      <DiagnoseButton />
      {isLiveSession(run) ? (
        <button type="button" disabled={run.busy === 'disconnecting'} onClick={() => void actions.run.disconnect()}>
          {t('run.disconnect')}
        </button>
      ) : null}
      <p id="start-needs" className="hint-text">
        {!active && missing ? missing : ''}
      </p>
    </div>
  );
}
