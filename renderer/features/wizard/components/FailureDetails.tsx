/** What went wrong, in words: meaning, the module's answer, the hint; then Retry / Cancel / Save report. */
import { failureText } from '../../../../shared/events.ts';
import type { StepFailure } from '../../../../shared/events.ts';
import type { StepId } from '../../../../shared/steps.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { SaveBundleButton } from '../../bundle/components/SaveBundleButton.tsx';
import { FailureWords } from '../../../app/failure-words.tsx';

export function FailureDetails({ step, failure }: { step: StepId; failure: StepFailure }) {
  const t = useT();
  const actions = useActions();
  const run = useAppState((s) => s.run);
  const language = useAppState((s) => s.settings.language);
  const text = failureText(failure, language);
  const live = run.source === 'live';
  return (
    <div className="failure" role="alert">
      <FailureWords
        meaning={text.meaning}
        hint={text.hint}
        moduleSaid={failure.moduleSaid}
        t={t}
        commandRow={
          failure.command ? (
            <p>
              <span className="label">{t('wizard.failedCommand')}</span> <code>{failure.command}</code>
            </p>
          ) : null
        }
      />
      <div className="button-row">
        {live ? (
          <button type="button" className="primary" disabled={run.busy !== null} onClick={() => void actions.run.retryRun(step)}>
            {t('run.retry')}
          </button>
        ) : null}
        {live ? (
          <button type="button" disabled={run.busy !== null} onClick={() => void actions.run.cancelRun()}>
            {t('run.cancel')}
          </button>
        ) : null}
        <button type="button" onClick={() => void actions.report.exportReportHtml()}>
          {t('run.saveReport')}
        </button>
        {live && run.runId !== null ? <SaveBundleButton runId={run.runId} /> : null}
      </div>
    </div>
  );
}
