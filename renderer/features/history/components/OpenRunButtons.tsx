/** "AT log" and "Report" for a run on record: replays its session log and shows that view. */
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { isRunActive } from '../../wizard/selectors.ts';
import { SaveBundleButton } from '../../bundle/components/SaveBundleButton.tsx';

export function OpenRunButtons({ runId }: { runId: string }) {
  const t = useT();
  const actions = useActions();
  const opening = useAppState((s) => s.history.opening);
  // A live run keeps the views: opening a replay would hide it (the same rule as "Open session log").
  const live = useAppState((s) => s.run.source === 'live' && isRunActive(s.run));
  const disabled = live || opening !== null;
  return (
    <span className="open-run">
      <button type="button" className="small" disabled={disabled} onClick={() => void actions.history.openRun(runId, 'log')}>
        {t('history.openLog')}
      </button>
      <button
        type="button"
        className="small"
        disabled={disabled}
        onClick={() =>
          void actions.history.openRun(runId, 'report').then((opened) => {
            if (opened) void actions.report.loadReport();
          })
        }
      >
        {t('history.openReport')}
      </button>
      <SaveBundleButton runId={runId} small />
    </span>
  );
}
