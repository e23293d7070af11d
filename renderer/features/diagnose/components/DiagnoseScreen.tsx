/**
 * The diagnose screen (in place of the device card and the panels): live progress over the
 * read-only steps, the device header (the device card's facts: ICCID, IMSI, operator, cell,
 * RSRP/RSRQ/SINR, registration, APN, PDP address, clock), then the verdict banner and every finding
 * with its meaning and action. The report and the AT log open like a run's.
 */
import { failureText } from '../../../../shared/events.ts';
import { STEP_IDS } from '../../../../shared/steps.ts';
import type { StepId } from '../../../../shared/steps.ts';
import { Facts, Panel, ProgressBar } from '../../../app/ui.tsx';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import { deviceFacts } from '../../device/components/DeviceCard.tsx';
import { durationSeconds, runPercent } from '../../wizard/selectors.ts';
import type { StepView } from '../../wizard/slice.ts';
import { isDiagnosing } from '../slice.ts';
import { FindingList } from './FindingList.tsx';
import { VerdictBanner } from './VerdictBanner.tsx';

const STATUS_ICON: Record<StepView['status'], string> = { waiting: '○', running: '◐', passed: '✓', failed: '✕', skipped: '↷', cancelled: '■' };

export function DiagnoseScreen() {
  const t = useT();
  const actions = useActions();
  const diagnose = useAppState((s) => s.diagnose);
  const { run, verdict, report } = diagnose;
  const working = isDiagnosing(diagnose);
  const ended = run.outcome !== null;
  const toolbar = (
    <>
      {working ? (
        <button type="button" className="danger" disabled={diagnose.busy === 'cancelling' || diagnose.runId === null} onClick={() => void actions.diagnose.cancel()}>
          {t('diagnose.cancel')}
        </button>
      ) : (
        <button type="button" onClick={() => void actions.diagnose.start(diagnose.port)}>
          {t('diagnose.again')}
        </button>
      )}
      <button type="button" disabled={!ended} onClick={() => void actions.diagnose.exportReportHtml()}>
        {t('report.exportHtml')}
      </button>
      <button type="button" disabled={!ended} onClick={() => void actions.diagnose.exportReportJson()}>
        {t('report.exportJson')}
      </button>
      <button type="button" disabled={working} onClick={() => actions.diagnose.close()}>
        {t('diagnose.close')}
      </button>
    </>
  );
  return (
    <Panel title={t('diagnose.titlePort', { port: diagnose.port ?? '' })} actions={toolbar} className="diagnose-screen">
      <p className="hint-text">{t('diagnose.intro')}</p>
      <ProgressBar percent={ended ? 100 : runPercent(run)} label={t('diagnose.progress')} tone={verdict?.overall === 'fault' ? 'bad' : 'accent'} />
      <div aria-live="polite" className="diagnose-state">
        {diagnose.busy === 'starting' ? <p>{t('diagnose.starting')}</p> : null}
        {working && diagnose.busy !== 'starting' ? <p>{t('diagnose.running')}</p> : null}
        {diagnose.error ? <p className="outcome outcome-failed">{t('common.error', { message: diagnose.error })}</p> : null}
        {run.outcome === 'cancelled' ? <p className="outcome outcome-cancelled">{t('diagnose.cancelled')}</p> : null}
      </div>
      {verdict ? <VerdictBanner verdict={verdict} /> : null}
      {ended && !verdict && run.outcome !== 'cancelled' ? <NoVerdict /> : null}
      {run.device ? (
        <section className="device-strip diagnose-device" aria-label={t('device.title')}>
          <Facts items={deviceFacts(run.device, t)} />
        </section>
      ) : null}
      {verdict ? (
        <>
          <h3>{t('diagnose.findings')}</h3>
          <FindingList verdict={verdict} />
        </>
      ) : null}
      <h3>{t('diagnose.steps')}</h3>
      <ol className="diagnose-steps">
        {STEP_IDS.map((id) => (
          <DiagnoseStep key={id} id={id} view={run.steps[id]} />
        ))}
      </ol>
      {report.status === 'ready' && report.dir ? <p className="hint-text">{t('report.savedIn', { dir: report.dir })}</p> : null}
      {report.status === 'error' ? <p className="error-text">{t('report.failed', { message: report.error ?? '' })}</p> : null}
      <details className="diagnose-log">
        <summary>{t('diagnose.log', { count: diagnose.log.length })}</summary>
        <pre>{diagnose.log.join('\n')}</pre>
      </details>
    </Panel>
  );
}

/** A diagnosis that ended before its verdict (the port did not open, it was cut off): the first failure. */
function NoVerdict() {
  const t = useT();
  const language = useAppState((s) => s.settings.language);
  const steps = useAppState((s) => s.diagnose.run.steps);
  const failed = STEP_IDS.map((id) => steps[id]).find((view) => view.failure);
  const words = failed?.failure ? failureText(failed.failure, language) : null;
  return (
    <div className="verdict-banner verdict-fault" role="status">
      <p className="verdict-title">{t('diagnose.noVerdict')}</p>
      {words ? <p className="verdict-headline">{words.meaning}</p> : null}
      {words ? <p className="verdict-counts">{words.hint}</p> : null}
    </div>
  );
}

function DiagnoseStep({ id, view }: { id: StepId; view: StepView }) {
  const t = useT();
  const language = useAppState((s) => s.settings.language);
  const note =
    view.status === 'passed' && view.summary
      ? view.summaryRef
        ? t(view.summaryRef.key, view.summaryRef.values)
        : view.summary
      : view.status === 'skipped' && view.reason
        ? view.reasonRef
          ? t(view.reasonRef.key, view.reasonRef.values)
          : view.reason
        : view.status === 'failed' && view.failure
          ? failureText(view.failure, language).meaning
          : view.status === 'running' && view.progress
            ? t(view.progress.code, view.progress.values)
            : '';
  return (
    <li className={`diagnose-step step-${view.status}`} data-diagnose-step={id}>
      <span className="step-icon" aria-hidden="true">
        {STATUS_ICON[view.status]}
      </span>
      <span className="step-title">{t(`diagnose.step.${id}`)}</span>
      <span className="step-status">{view.status === 'cancelled' ? t('run.outcome.cancelled') : t(`wizard.status.${view.status}`)}</span>
      <span className="step-duration">{view.durationMs !== undefined ? t('wizard.duration', { seconds: durationSeconds(view.durationMs) }) : ''}</span>
      {note ? <span className="step-note">{note}</span> : null}
    </li>
  );
}
