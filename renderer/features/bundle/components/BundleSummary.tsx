/**
 * The top of an opened bundle's replay: the verification, what changed since the unit last
 * passed, the failure explained in the reader's language with its hint and a jump to the failing
 * command in the AT log, the device header as it was, and a timeline scrubber over the events.
 */
import { failureText } from '../../../../shared/events.ts';
import type { BundleSummary as Summary } from '../../../../shared/bundle-ipc.ts';
import type { Language } from '../../../../shared/steps.ts';
import { localTime } from '../../../../shared/run-record-format.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { stepName } from '../../../i18n/translate.ts';
import { Facts, formatClock } from '../../../app/ui.tsx';
import { RunDifferences } from '../../../app/run-differences.tsx';
import { FailureWords } from '../../../app/failure-words.tsx';
import { deviceFacts } from '../../device/components/DeviceCard.tsx';
import { isBundleReplay } from '../slice.ts';

export function BundleSummary() {
  const t = useT();
  const opened = useAppState((s) => s.bundle.opened);
  const shown = useAppState(isBundleReplay);
  const language = useAppState((s) => s.settings.language);
  if (!opened || !shown) return null;
  const { summary } = opened;
  return (
    <section className="panel bundle-summary" aria-label={t('bundleUi.title', { name: opened.name })}>
      <header className="panel-header">
        <h2>{t('bundleUi.title', { name: opened.name })}</h2>
        <span className="badge bundle-verified">✓ {t('replay.verified', { files: summary.files, created: localTime(summary.createdAt) })}</span>
      </header>
      <div className="panel-body bundle-summary-body">
        <Changes summary={summary} t={t} language={language} />
        <Failure summary={summary} t={t} language={language} />
        <div className="bundle-device">
          <h3>{t('bundleUi.deviceTitle')}</h3>
          {summary.device ? <Facts items={[[t('device.imei'), summary.device.imei], ...deviceFacts({ type: 'device-identified', ...summary.device }, t)]} /> : <p className="empty">{t('device.none')}</p>}
          <p className="hint-text">
            {t('bundleUi.versions', {
              app: summary.versions.app,
              module: summary.versions.module ?? t('replay.unknown'),
              main: summary.versions.firmwareMain ?? t('replay.unknown'),
              sub: summary.versions.firmwareSub ?? t('replay.unknown'),
            })}
          </p>
        </div>
        {summary.notes.length > 0 ? (
          <details className="bundle-notes">
            <summary>{t('bundleUi.notes')}</summary>
            <ul>
              {summary.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </details>
        ) : null}
        <Scrubber />
      </div>
    </section>
  );
}

function Changes({ summary, t, language }: { summary: Summary; t: Translate; language: Language }) {
  const changes = summary.changes;
  return (
    <div className="bundle-changes" data-status={changes.status}>
      <h3>{t('bundleUi.changesTitle')}</h3>
      {changes.status === 'no-history' ? <p className="hint-text">{t('replay.noHistory')}</p> : null}
      {changes.status === 'no-passing-run' ? <p className="hint-text">{t('replay.noPassing', { runs: changes.runs })}</p> : null}
      {changes.status === 'compared' && changes.differences.length === 0 ? <p className="hint-text">{t('bundleUi.noChanges', { when: localTime(changes.lastPass.startedAt) })}</p> : null}
      {changes.status === 'compared' && changes.differences.length > 0 ? (
        <RunDifferences caption={t('replay.changes', { runId: changes.lastPass.runId, when: localTime(changes.lastPass.startedAt) })} differences={changes.differences} t={t} language={language} />
      ) : null}
    </div>
  );
}

function Failure({ summary, t, language }: { summary: Summary; t: Translate; language: Language }) {
  const actions = useActions();
  const failure = summary.failure;
  if (!failure) return <p className="bundle-failure hint-text">{t('bundleUi.noFailure')}</p>;
  const text = failureText(failure, language);
  const command = failure.command ?? failure.lastCommand;
  return (
    <div className="bundle-failure failure" role="alert" data-code={failure.code}>
      <h3>{t('bundleUi.failureTitle', { step: stepName(language, failure.step) })}</h3>
      <FailureWords
        meaning={text.meaning}
        hint={text.hint}
        moduleSaid={failure.moduleSaid}
        t={t}
        commandRow={
          command ? (
            <p>
              <span className="label">{t('bundleUi.failedCommand')}</span> <code>{command}</code>{' '}
              <button type="button" className="link bundle-jump" onClick={() => actions.bundle.jumpToFailingCommand()}>
                {t('bundleUi.jump')}
              </button>
            </p>
          ) : null
        }
      />
      <p className="hint-text">
        <code>{failure.code}</code> · {failure.category}
      </p>
    </div>
  );
}

function Scrubber() {
  const t = useT();
  const actions = useActions();
  const opened = useAppState((s) => s.bundle.opened);
  const position = useAppState((s) => s.bundle.position);
  if (!opened || opened.events.length < 2) return null;
  const count = opened.events.length;
  const at = position ?? count;
  const event = opened.events[at - 1];
  return (
    <label className="bundle-scrubber">
      <span>{t('bundleUi.scrubber')}</span>
      <input type="range" min={1} max={count} step={1} value={at} onChange={(e) => actions.bundle.scrubTo(Number(e.target.value))} aria-valuetext={t('bundleUi.scrubberAt', { index: at, count, time: event ? formatClock(event.t) : '' })} />
      <span className="hint-text" aria-live="polite">
        {t('bundleUi.scrubberAt', { index: at, count, time: event ? formatClock(event.t) : '' })}
      </span>
    </label>
  );
}
