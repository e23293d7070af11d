import { useEffect, useRef } from 'react';
import type { StepId } from '../../../../shared/steps.ts';
import { useAppState, useT } from '../../../store/hooks.ts';
import { stepName } from '../../../i18n/translate.ts';
import { ProgressBar } from '../../../app/ui.tsx';
import type { StepView } from '../slice.ts';
import { durationSeconds } from '../selectors.ts';
import { formatBytes } from '../../fota/selectors.ts';
import { FailureDetails } from './FailureDetails.tsx';

const STATUS_ICON: Record<StepView['status'], string> = {
  waiting: '○',
  running: '◐',
  passed: '✓',
  failed: '✕',
  skipped: '↷',
  cancelled: '■',
};

export function StepRow({ id, index, view }: { id: StepId; index: number; view: StepView }) {
  const t = useT();
  const language = useAppState((s) => s.settings.language);
  const title = stepName(language, id);
  const statusText = view.status === 'cancelled' ? t('run.outcome.cancelled') : t(`wizard.status.${view.status}`);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // Keep the step being worked on (or the one that failed) in view.
    if (view.status === 'running' || view.status === 'failed') ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [view.status]);
  return (
    <li ref={ref} className={`step step-${view.status}`} data-step={id} aria-current={view.status === 'running' ? 'step' : undefined}>
      <div className="step-line">
        <span className="step-icon" aria-hidden="true">
          {STATUS_ICON[view.status]}
        </span>
        <span className="step-number" aria-hidden="true">
          {index + 1}
        </span>
        <span className="step-title">{title}</span>
        <span className="step-status">{statusText}</span>
        <span className="step-duration">{view.durationMs !== undefined ? t('wizard.duration', { seconds: durationSeconds(view.durationMs) }) : ''}</span>
      </div>
      {view.lastCommand && (view.status === 'running' || (view.status === 'failed' && !view.failure?.command)) ? (
        <div className="step-command">
          <span className="label">{t('wizard.command')}</span> <code title={view.lastCommand}>{view.lastCommand}</code>
        </div>
      ) : null}
      {view.status === 'running' && view.progress ? <StepProgress id={title} progress={view.progress} /> : null}
      {view.summary && view.status === 'passed' ? <div className="step-note">{view.summaryRef ? t(view.summaryRef.key, view.summaryRef.values) : view.summary}</div> : null}
      {view.reason && view.status === 'skipped' ? <div className="step-note">{view.reasonRef ? t(view.reasonRef.key, view.reasonRef.values) : view.reason}</div> : null}
      {view.status === 'failed' && view.failure ? <FailureDetails step={id} failure={view.failure} /> : null}
    </li>
  );
}

function StepProgress({ id, progress }: { id: string; progress: NonNullable<StepView['progress']> }) {
  const t = useT();
  const bytes =
    progress.bytesDone !== undefined && progress.bytesTotal !== undefined
      ? t('wizard.bytes', { done: formatBytes(progress.bytesDone), total: formatBytes(progress.bytesTotal) })
      : null;
  return (
    <div className="step-progress">
      <ProgressBar percent={progress.percent} label={t('wizard.progressLabel', { step: id })} />
      <div className="step-progress-text">
        <span>{t(progress.code, progress.values)}</span>
        {bytes ? <span>{bytes}</span> : null}
        {progress.percent !== undefined ? <span>{Math.round(progress.percent)}%</span> : null}
        {progress.etaMs !== undefined ? <span>{t('wizard.eta', { seconds: Math.ceil(progress.etaMs / 1000) })}</span> : null}
      </div>
    </div>
  );
}
