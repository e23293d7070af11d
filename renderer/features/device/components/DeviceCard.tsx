/**
 * The identified device: IMEI, model, module and device firmware; the SIM (ICCID, IMSI), the cell
 * (operator, access technology and band, RSRP/RSRQ/SINR), registration, APN and PDP address, and the
 * module clock versus this computer. Refreshed by the live session's device-status events.
 */
import type { DeviceIdentified } from '../../../../shared/events.ts';
import { useAppState, useT } from '../../../store/hooks.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { Facts } from '../../../app/ui.tsx';

export function DeviceCard() {
  const t = useT();
  const device = useAppState((s) => s.run.device);
  if (device === null) return <p className="device-strip empty">{t('device.none')}</p>;
  return (
    <section className="device-strip" aria-label={t('device.title')}>
      <Facts items={deviceFacts(device, t)} />
    </section>
  );
}

const shown = (value: number | undefined) => (value === undefined ? '—' : String(value));

export function deviceFacts(device: DeviceIdentified, t: Translate): [string, string][] {
  const facts: [string, string][] = [
    [t('device.deviceId'), device.deviceId],
    [t('device.model'), [device.manufacturer, device.model].filter(Boolean).join(' ')],
    [t('device.revision'), device.revision],
    [t('device.mainFw'), device.mainFw],
    [t('device.subFw'), device.subFw],
  ];
  if (device.iccid) facts.push([t('device.iccid'), device.iccid]);
  else facts.push([t('device.iccid'), t('device.noSim')]);
  if (device.imsi) facts.push([t('device.imsi'), device.imsi]);
  if (device.operator) facts.push([t('device.operator'), [device.operator, device.plmn].filter(Boolean).join(' · ')]);
  if (device.accessTechnology || device.band) facts.push([t('device.network'), [device.accessTechnology, device.band].filter(Boolean).join(' · ')]);
  if (device.rsrpDbm !== undefined || device.rsrqDb !== undefined || device.sinrDb !== undefined) {
    facts.push([t('device.cell'), t('device.cellValues', { rsrp: shown(device.rsrpDbm), rsrq: shown(device.rsrqDb), sinr: shown(device.sinrDb) })]);
  }
  // CSQ rssi 99: not known or not detectable (no SIM, no network), not a reading.
  if (device.signal) facts.push([t('device.signal'), device.signal.rssi === 99 ? t('device.rssiUnknown') : t('device.rssi', { rssi: device.signal.rssi })]);
  if (device.registration) facts.push([t('device.registration'), registration(device.registration.stat, t)]);
  if (device.apn) facts.push([t('device.apn'), device.apn]);
  if (device.pdpAddress) facts.push([t('device.pdpAddress'), device.pdpAddress]);
  if (device.clockSkewS !== undefined) facts.push([t('device.clock'), t('device.clockSkew', { skew: device.clockSkewS > 0 ? `+${device.clockSkewS}` : device.clockSkewS })]);
  return facts;
}

function registration(stat: number, t: Translate): string {
  if (stat === 1) return t('device.reg.1');
  if (stat === 5) return t('device.reg.5');
  return t('device.reg.other', { stat });
}
