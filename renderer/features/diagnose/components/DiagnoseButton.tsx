/** "Diagnose" on the chosen port: opens the diagnose screen and starts a read-only diagnosis. */
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { isRunActive } from '../../wizard/selectors.ts';
import { isDiagnosing } from '../slice.ts';

export function DiagnoseButton() {
  const t = useT();
  const actions = useActions();
  const port = useAppState((s) => s.ports.selected);
  const run = useAppState((s) => s.run);
  const diagnose = useAppState((s) => s.diagnose);
  // The run on screen holds its port while it works: diagnose after it (or on another port).
  const portInUse = port !== null && (isRunActive(run) || run.busy === 'starting') && run.port === port;
  const disabled = port === null || portInUse || isDiagnosing(diagnose) || run.source === 'replay';
  return (
    <button type="button" className="diagnose-button" disabled={disabled} title={t('diagnose.buttonHint')} onClick={() => void actions.diagnose.start()}>
      {t('diagnose.button')}
    </button>
  );
}
