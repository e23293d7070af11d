/**
 * One device's page: its runs oldest first, each with what changed since the run before (and,
 * for a failed run, since the last run that passed), worked out by shared/run-diff.ts.
 */
import { useMemo } from 'react';
import { historyWithChanges } from '../../../../shared/run-diff.ts';
import type { RunWithChanges } from '../../../../shared/run-diff.ts';
import { localTime, recordDuration, recordFirmware, recordWhere } from '../../../../shared/run-record-format.ts';
import type { Language } from '../../../../shared/steps.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { OpenRunButtons } from './OpenRunButtons.tsx';
import { RunDifferences } from '../../../app/run-differences.tsx';

export function DevicePage() {
  const t = useT();
  const actions = useActions();
  const device = useAppState((s) => s.history.device);
  const language = useAppState((s) => s.settings.language);
  const entries = useMemo(() => historyWithChanges(device.records), [device.records]);
  const times = useMemo(() => new Map(device.records.map((r) => [r.runId, r.startedAt])), [device.records]);
  return (
    <section className="history-device" aria-label={t('history.device.title', { imei: device.imei ?? '' })}>
      <header className="history-device-head">
        <button type="button" onClick={() => actions.history.closeDevice()}>
          ← {t('history.device.back')}
        </button>
        <h3>{t('history.device.title', { imei: device.imei ?? '' })}</h3>
        {device.status === 'ready' ? <span className="hint-text">{t('history.device.runs', { count: entries.length })}</span> : null}
      </header>
      {device.status === 'loading' ? <p aria-live="polite">{t('history.loading')}</p> : null}
      {device.status === 'error' ? <p className="error-text">{t('history.failed', { message: device.error ?? '' })}</p> : null}
      <ol className="device-runs">
        {entries.map((entry) => (
          <DeviceRun key={entry.run.runId} entry={entry} since={entry.sinceLastPass ? (times.get(entry.sinceLastPass.runId) ?? null) : null} t={t} language={language} />
        ))}
      </ol>
    </section>
  );
}

function DeviceRun({ entry, since, t, language }: { entry: RunWithChanges; since: number | null; t: Translate; language: Language }) {
  const { run } = entry;
  return (
    <li className={`device-run outcome-row-${run.outcome}`} data-run={run.runId}>
      <div className="device-run-head">
        <strong>{localTime(run.startedAt)}</strong>
        <span className={`badge outcome-badge outcome-badge-${run.outcome}`}>{t(`record.outcome.${run.outcome}`)}</span>
        {run.failureCode ? <code>{run.failureCode}</code> : null}
        {run.line !== null ? <span className="device-run-line">{t('history.device.line', { line: run.line })}</span> : null}
        <span>{recordWhere(run)}</span>
        {run.unitSerial !== null ? <span className="device-run-serial">{t('history.device.serial', { serial: run.unitSerial })}</span> : null}
        <span>{recordFirmware(run)}</span>
        <span>{recordDuration(run)}</span>
        <OpenRunButtons runId={run.runId} />
      </div>
      {entry.previousRunId === null ? (
        <p className="hint-text">{t('history.device.first')}</p>
      ) : entry.differences.length === 0 ? (
        <p className="hint-text">{t('history.device.noChanges')}</p>
      ) : (
        <RunDifferences caption={t('history.device.changes')} differences={entry.differences} t={t} language={language} />
      )}
      {entry.sinceLastPass && entry.sinceLastPass.differences.length > 0 ? (
        <RunDifferences caption={t('history.device.sinceLastPass', { time: since === null ? entry.sinceLastPass.runId : localTime(since) })} differences={entry.sinceLastPass.differences} t={t} language={language} />
      ) : null}
    </li>
  );
}
