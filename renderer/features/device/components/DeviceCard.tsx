/** The identified device: IMEI, model, module and device firmware, signal, registration. */
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

function deviceFacts(device: DeviceIdentified, t: Translate): [string, string][] {
  const facts: [string, string][] = [
    [t('device.deviceId'), device.deviceId],
    [t('device.model'), [device.manufacturer, device.model].filter(Boolean).join(' ')],
    [t('device.revision'), device.revision],
    [t('device.mainFw'), device.mainFw],
    [t('device.subFw'), device.subFw],
  ];
  if (device.signal) facts.push([t('device.signal'), t('device.rssi', { rssi: device.signal.rssi })]);
  if (device.registration) facts.push([t('device.registration'), registration(device.registration.stat, t)]);
  return facts;
}

function registration(stat: number, t: Translate): string {
  if (stat === 1) return t('device.reg.1');
  if (stat === 5) return t('device.reg.5');
  return t('device.reg.other', { stat });
}
