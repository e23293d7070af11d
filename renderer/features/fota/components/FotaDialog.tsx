/**
 * The firmware update dialog: current vs offered version (main and sub), size, "do not unplug";
 * Update / Skip; then download and apply progress with speed and ETA; then the confirmed result.
 * Enter activates the focused button (Update first); Escape skips an offer or closes the result.
 */
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { Modal } from '../../../app/Modal.tsx';
import { ProgressBar } from '../../../app/ui.tsx';
import type { FirmwareTarget, FotaState, FotaTargetState } from '../slice.ts';
import { FOTA_PHASES } from '../slice.ts';
import { formatBytes, formatSeconds, fotaStage } from '../selectors.ts';

export function FotaDialog() {
  const t = useT();
  const actions = useActions();
  const fota = useAppState((s) => s.fota);
  const replay = useAppState((s) => s.run.source === 'replay');
  const steps = useAppState((s) => s.run.steps);
  const outcome = useAppState((s) => s.run.outcome);
  const target = fota.dialog;
  // A replayed session does not pop up questions that were answered long ago; the wizard
  // and the report show what happened.
  if (target === null || replay) return null;
  const state = fota[target];
  const stage = fotaStage(state);
  const close = () => actions.fota.closeFotaDialog();
  const skip = () => void actions.fota.answerFota(target, false);
  // The step ended without a result (cancelled, cable lost, run failed): the dialog may close.
  const stepEnded = outcome !== null || ['failed', 'cancelled', 'passed', 'skipped'].includes(steps[`fota-${target}`].status);
  const onEscape = stage === 'offer' ? skip : stage === 'result' || stepEnded ? close : undefined;
  return (
    <Modal title={`${t('fota.title')}: ${t(`fota.target.${target}`)}`} onEscape={onEscape} className="fota-dialog" focusKey={`${target}-${stage}-${stepEnded}`}>
      <VersionTable fota={fota} t={t} />
      <p className="warning" role="note">
        ⚠ {t('fota.warning')}
      </p>
      {fota.error ? <p className="error-text">{t('fota.answerFailed', { message: fota.error })}</p> : null}
      {stage === 'offer' ? <OfferButtons target={target} disabled={fota.answering} t={t} /> : null}
      {stage !== 'offer' ? <Progress state={state} t={t} /> : null}
      {stage === 'result' ? <Result state={state} onClose={close} t={t} /> : null}
      {stage === 'progress' && stepEnded ? (
        <div className="button-row">
          <button type="button" className="primary" data-autofocus onClick={close}>
            {t('fota.close')}
          </button>
        </div>
      ) : null}
    </Modal>
  );
}

function VersionTable({ fota, t }: { fota: FotaState; t: Translate }) {
  const device = useAppState((s) => s.run.device);
  // After an update the device's confirmed version is the current one.
  const current = (target: FirmwareTarget) =>
    (fota[target].result?.ok ? fota[target].result?.after : undefined) ??
    fota[target].offer?.current ??
    (target === 'main' ? device?.mainFw : device?.subFw) ??
    t('common.none');
  return (
    <table className="fota-versions">
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{t('fota.current')}</th>
          <th scope="col">{t('fota.offered')}</th>
          <th scope="col">{t('fota.size')}</th>
        </tr>
      </thead>
      <tbody>
        {(['main', 'sub'] as const).map((target) => {
          const offer = fota[target].offer;
          return (
            <tr key={target} className={fota.dialog === target ? 'current-target' : undefined}>
              <th scope="row">{t(`fota.target.${target}`)}</th>
              <td>
                {current(target)}
                <ResultMark state={fota[target]} t={t} />
              </td>
              <td>{offer ? <strong>{offer.offered}</strong> : t('common.none')}</td>
              <td>{offer ? formatBytes(offer.size) : t('common.none')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** ✓ / ✕ after a target's version once its update has a result (so the main result stays visible during the sub offer). */
function ResultMark({ state, t }: { state: FotaTargetState; t: Translate }) {
  if (!state.result) return null;
  const text = state.result.ok ? t('fota.resultOk', { after: state.result.after }) : t('fota.resultFailed', { message: state.result.message, before: state.result.before });
  return (
    <span className={`fota-mark ${state.result.ok ? 'fota-mark-ok' : 'fota-mark-bad'}`} title={text} aria-label={text}>
      {state.result.ok ? '✓' : '✕'}
    </span>
  );
}

function OfferButtons({ target, disabled, t }: { target: FirmwareTarget; disabled: boolean; t: Translate }) {
  const actions = useActions();
  return (
    <div className="button-row">
      <p className="offer-intro">{t('fota.offerIntro')}</p>
      <button type="button" className="primary" data-autofocus disabled={disabled} onClick={() => void actions.fota.answerFota(target, true)}>
        {t('fota.update')}
      </button>
      <button type="button" disabled={disabled} onClick={() => void actions.fota.answerFota(target, false)}>
        {t('fota.skip')}
      </button>
    </div>
  );
}

function Progress({ state, t }: { state: FotaTargetState; t: Translate }) {
  return (
    <div className="fota-progress">
      {FOTA_PHASES.map((phase) => {
        const progress = state.progress[phase];
        const details = [
          progress ? `${Math.round(progress.percent)}%` : t('fota.waiting'),
          progress?.bytesPerSec !== undefined ? t('fota.speed', { speed: formatBytes(progress.bytesPerSec) }) : null,
          progress?.etaMs !== undefined && progress.percent < 100 ? t('fota.eta', { seconds: formatSeconds(progress.etaMs) }) : null,
        ].filter(Boolean);
        return (
          <div className="fota-phase" key={phase} data-phase={phase}>
            <span className="fota-phase-name">{t(`fota.phase.${phase}`)}</span>
            <ProgressBar percent={progress?.percent ?? 0} label={t(`fota.phase.${phase}`)} tone={progress?.percent === 100 ? 'ok' : 'accent'} />
            <span className="fota-phase-details">{details.join(' · ')}</span>
          </div>
        );
      })}
    </div>
  );
}

function Result({ state, onClose, t }: { state: FotaTargetState; onClose: () => void; t: Translate }) {
  const result = state.result;
  if (!result) return null;
  return (
    <div className="fota-result" role="status">
      <p className={result.ok ? 'verdict verdict-pass' : 'verdict verdict-fail'}>
        {result.ok ? `✓ ${t('fota.resultOk', { after: result.after })}` : `✕ ${t('fota.resultFailed', { message: result.message, before: result.before })}`}
      </p>
      <div className="button-row">
        <button type="button" className="primary" data-autofocus onClick={onClose}>
          {t('fota.close')}
        </button>
      </div>
    </div>
  );
}
