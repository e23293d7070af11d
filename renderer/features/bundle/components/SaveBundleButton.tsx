/** "Save support bundle" for one run (the report view, a failure, a run in History). */
import { useActions, useAppState, useT } from '../../../store/hooks.ts';

export function SaveBundleButton({ runId, small = false }: { runId: string; small?: boolean }) {
  const t = useT();
  const actions = useActions();
  const saving = useAppState((s) => s.bundle.saving);
  return (
    <button type="button" className={small ? 'small' : undefined} disabled={saving !== null} data-bundle-run={runId} onClick={() => void actions.bundle.saveBundle(runId)}>
      {t('bundleUi.save')}
    </button>
  );
}
