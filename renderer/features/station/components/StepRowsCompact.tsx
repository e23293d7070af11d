/** A unit's steps as a compact list (icon, title, status, duration), from the wizard's run state. */
import { STEP_IDS } from '../../../../shared/steps.ts';
import { useT } from '../../../store/hooks.ts';
import { durationSeconds } from '../../wizard/selectors.ts';
import type { RunState, StepView } from '../../wizard/slice.ts';

const STATUS_ICON: Record<StepView['status'], string> = { waiting: '○', running: '◐', passed: '✓', failed: '✕', skipped: '↷', cancelled: '■' };

export function StepRowsCompact({ run }: { run: RunState }) {
  const t = useT();
  return (
    <ol className="station-steps">
      {STEP_IDS.map((id) => {
        const view = run.steps[id];
        return (
          <li key={id} className={`diagnose-step step-${view.status}`} data-station-step={id}>
            <span className="step-icon" aria-hidden="true">
              {STATUS_ICON[view.status]}
            </span>
            <span className="step-title">{t(`step.${id}`)}</span>
            <span className="step-status">{view.status === 'cancelled' ? t('run.outcome.cancelled') : t(`wizard.status.${view.status}`)}</span>
            <span className="step-duration">{view.durationMs !== undefined ? t('wizard.duration', { seconds: durationSeconds(view.durationMs) }) : ''}</span>
          </li>
        );
      })}
    </ol>
  );
}
