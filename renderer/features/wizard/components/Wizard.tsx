/** The nine steps of the connect sequence with their state; the failed one explains itself. */
import { STEP_IDS } from '../../../../shared/steps.ts';
import { useAppState, useT } from '../../../store/hooks.ts';
import { Panel, ProgressBar } from '../../../app/ui.tsx';
import { selectRun, runPercent } from '../selectors.ts';
import { StepRow } from './StepRow.tsx';
import { RunOutcomeBanner } from './RunOutcomeBanner.tsx';

export function Wizard() {
  const t = useT();
  const run = useAppState(selectRun);
  return (
    <Panel title={t('wizard.title')} className="wizard">
      <ProgressBar percent={runPercent(run)} label={t('wizard.title')} tone={run.outcome === 'failed' ? 'bad' : 'accent'} />
      <RunOutcomeBanner />
      {run.warnings.length > 0 ? (
        <ul className="run-warnings" role="status" aria-label={t('wizard.warnings')}>
          {run.warnings.map((w) => (
            <li key={`${w.code}:${w.message}`} className="error-text">
              ⚠ {w.words ? t(w.words.key, w.words.values) : w.message}
            </li>
          ))}
        </ul>
      ) : null}
      <ol className="steps">
        {STEP_IDS.map((id, index) => (
          <StepRow key={id} id={id} index={index} view={run.steps[id]} />
        ))}
      </ol>
    </Panel>
  );
}
