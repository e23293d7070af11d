/** "Open bundle…": a file input (zip) whose bytes the back end verifies before the run is replayed. */
import { FilePickButton } from '../../../app/file-pick-button.tsx';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';

export function OpenBundleButton() {
  const t = useT();
  const actions = useActions();
  // A live run keeps the views (the same rule as "Open session log").
  const active = useAppState((s) => s.run.source === 'live' && s.run.outcome === null && s.run.runId !== null);
  return <FilePickButton id="bundle-file" accept=".zip,application/zip" label={t('bundleUi.open')} disabled={active} onFile={(file) => void actions.bundle.openBundleFile(file)} />;
}
