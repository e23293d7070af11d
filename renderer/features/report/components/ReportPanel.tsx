/**
 * The run's report, rendered from report.json (getReport) as React text; HTML and JSON export.
 * The report HTML is only ever downloaded, never injected into this page (E3).
 */
import { failureText } from '../../../../shared/events.ts';
import { STEP_IDS } from '../../../../shared/steps.ts';
import type { Language } from '../../../../shared/steps.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { stepName } from '../../../i18n/translate.ts';
import { Empty, Facts, Panel } from '../../../app/ui.tsx';
import type { RunReport as ReportView } from '../../../../shared/report.ts';
import { durationSeconds } from '../../wizard/selectors.ts';
import { SaveBundleButton } from '../../bundle/components/SaveBundleButton.tsx';

export function ReportPanel() {
  const t = useT();
  const actions = useActions();
  const report = useAppState((s) => s.report);
  const runId = useAppState((s) => s.run.runId);
  // A run of this app that has finished (passed, failed or cancelled) can be bundled for support.
  const bundleable = useAppState((s) => s.run.source === 'live' && s.run.outcome !== null);
  if (runId === null) {
    return (
      <Panel title={t('report.title')}>
        <Empty>{t('report.none')}</Empty>
      </Panel>
    );
  }
  const toolbar = (
    <>
      <button type="button" onClick={() => void actions.report.loadReport()} disabled={report.status === 'loading'}>
        {t('report.load')}
      </button>
      <button type="button" onClick={() => void actions.report.exportReportHtml()}>
        {t('report.exportHtml')}
      </button>
      <button type="button" onClick={() => void actions.report.exportReportJson()}>
        {t('report.exportJson')}
      </button>
      {bundleable ? <SaveBundleButton runId={runId} /> : null}
    </>
  );
  return (
    <Panel title={t('report.title')} actions={toolbar} className="report">
      {report.status === 'loading' ? <p aria-live="polite">{t('report.loading')}</p> : null}
      {report.status === 'error' ? <p className="error-text">{t('report.failed', { message: report.error ?? '' })}</p> : null}
      {report.status === 'ready' && report.view ? <ReportBody view={report.view} dir={report.dir} t={t} /> : null}
    </Panel>
  );
}

export function ReportBody({ view, dir, t }: { view: ReportView; dir: string | null; t: Translate }) {
  const language = useAppState((s) => s.settings.language);
  const outcome = view.outcome === 'incomplete' ? t('report.outcome.incomplete') : t(`run.outcome.${view.outcome}`);
  const facts: [string, string][] = [
    [t('report.outcome'), outcome],
    [t('report.port'), view.port ?? t('common.none')],
    [t('report.profile'), view.profileName ?? t('common.none')],
    [t('report.started'), view.startedAt ? new Date(view.startedAt).toLocaleString(language === 'ko' ? 'ko-KR' : 'en-GB') : t('common.none')],
  ];
  if (view.device) facts.push([t('device.deviceId'), view.device.deviceId], [t('device.model'), view.device.model]);
  const byId = new Map(view.steps.map((step) => [step.id, step]));
  const failure = view.failure ? failureText(view.failure, language) : null;
  return (
    <div className="report-body">
      <Facts items={facts} />
      {dir ? <p className="hint-text">{t('report.savedIn', { dir })}</p> : null}
      {view.failure ? (
        <div className="failure">
          <h3>{t('report.failure')}: {stepName(language, view.failure.step)}</h3>
          <p>{failure?.meaning}</p>
          {view.failure.moduleSaid ? <pre className="module-said">{view.failure.moduleSaid}</pre> : null}
          <p>{failure?.hint}</p>
        </div>
      ) : null}
      <h3>{t('report.steps')}</h3>
      <table className="report-steps">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('report.steps')}</th>
            <th scope="col">{t('report.outcome')}</th>
            <th scope="col">{t('report.attempts')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {STEP_IDS.map((id, i) => {
            const step = byId.get(id);
            const status = step?.status ?? 'not-run';
            return (
              <tr key={id} className={`report-step report-${status}`}>
                <td>{i + 1}</td>
                <td>{stepName(language, id)}</td>
                <td>{statusLabel(status, t)}</td>
                <td>{step?.attempts ?? 0}</td>
                <td>{[step?.durationMs !== undefined ? t('wizard.duration', { seconds: durationSeconds(step.durationMs) }) : '', stepDetail(step, view.failure, language)].filter(Boolean).join(' · ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('report.firmware')}</h3>
      <Facts
        items={(['main', 'sub'] as const).map((target) => {
          const fw = view.firmware[target];
          return [t(`fota.target.${target}`), `${fw.before ?? '?'} → ${fw.after ?? fw.before ?? '?'}${fw.update ? ` (${fw.update.message})` : ''}`] as const;
        })}
      />
    </div>
  );
}

/** A step's summary; the failed step shows the failure's meaning in the UI language. */
function stepDetail(step: ReportView['steps'][number] | undefined, failure: ReportView['failure'], language: Language): string {
  if (step?.status === 'failed' && failure?.step === step.id) return failureText(failure, language).meaning;
  return step?.summary ?? step?.reason ?? '';
}

function statusLabel(status: ReportView['steps'][number]['status'], t: Translate): string {
  if (status === 'not-run') return t('report.status.not-run');
  if (status === 'interrupted') return t('report.status.interrupted');
  return t(`wizard.status.${status}`);
}
