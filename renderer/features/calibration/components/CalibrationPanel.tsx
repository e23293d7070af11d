/** Server roll/pitch, measured tilt, residual vs tolerance, pass/fail and the attitude pictures. */
import { useT } from '../../../store/hooks.ts';
import { useAppState } from '../../../store/hooks.ts';
import { Empty, Facts, Panel } from '../../../app/ui.tsx';
import { formatDegrees, selectCalibration } from '../selectors.ts';
import { AttitudePicture } from './AttitudePicture.tsx';

export function CalibrationPanel() {
  const t = useT();
  const result = useAppState(selectCalibration);
  if (result === null) {
    return (
      <Panel title={t('calibration.title')}>
        <Empty>{t('calibration.none')}</Empty>
      </Panel>
    );
  }
  const label = t('calibration.pictureLabel', { roll: result.measuredRoll.toFixed(1), pitch: result.measuredPitch.toFixed(1) });
  return (
    <Panel title={t('calibration.title')} className="calibration">
      <p className={`verdict ${result.pass ? 'verdict-pass' : 'verdict-fail'}`} role="status">
        {result.pass ? `✓ ${t('calibration.pass')}` : `✕ ${t('calibration.fail')}`}
      </p>
      <div className="calibration-grid">
        <table className="angles">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{t('calibration.roll')}</th>
              <th scope="col">{t('calibration.pitch')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('calibration.server')}</th>
              <td>{formatDegrees(result.serverRoll)}</td>
              <td>{formatDegrees(result.serverPitch)}</td>
            </tr>
            <tr>
              <th scope="row">{t('calibration.measured')}</th>
              <td>{formatDegrees(result.measuredRoll)}</td>
              <td>{formatDegrees(result.measuredPitch)}</td>
            </tr>
          </tbody>
        </table>
        <Facts
          items={[
            [t('calibration.residual'), formatDegrees(result.residualDeg)],
            [t('calibration.tolerance'), `≤ ${formatDegrees(result.toleranceDeg)}`],
            [t('calibration.raw'), `${result.raw.ax}, ${result.raw.ay}, ${result.raw.az}`],
          ]}
        />
      </div>
      <div className="attitude-row" aria-label={label}>
        <AttitudePicture measured={result.measuredRoll} expected={result.serverRoll} caption={t('calibration.pictureRoll')} label={label} />
        <AttitudePicture measured={result.measuredPitch} expected={result.serverPitch} caption={t('calibration.picturePitch')} label={label} />
      </div>
    </Panel>
  );
}
