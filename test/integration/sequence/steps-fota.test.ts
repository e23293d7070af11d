/**
 * fota-main / fota-sub against the virtual TMS2 and the demo cloud's firmware server:
 * update and confirm, policies, downgrade rule (F3), corrupt image (F1), reboot during apply (F5).
 */
import { describe, expect, it } from 'vitest';
import { calibrationStep } from '../../../electron/engine/sequence/steps/calibration.ts';
import { dataServiceStep } from '../../../electron/engine/sequence/steps/data-service.ts';
import { fotaMainStep } from '../../../electron/engine/sequence/steps/fota-main.ts';
import { fotaSubStep } from '../../../electron/engine/sequence/steps/fota-sub.ts';
import { identifyStep } from '../../../electron/engine/sequence/steps/identify.ts';
import { serverInfoStep } from '../../../electron/engine/sequence/steps/server-info.ts';
import { sslConfigureStep } from '../../../electron/engine/sequence/steps/ssl-configure.ts';
import { SimRig, commandsSent, eventsOf } from '../../helpers/sim-rig.ts';

const steps = [identifyStep, sslConfigureStep, dataServiceStep, serverInfoStep, calibrationStep, fotaMainStep, fotaSubStep];

const rig = SimRig.perFile();

describe('FOTA', () => {
  it('updates main and sub, confirms each after the reboot and deletes the image files', async () => {
    const { result, events } = await rig.run({ steps, fotaPolicy: 'auto' });
    expect(result.outcome).toBe('passed');
    expect(eventsOf(events, 'fota-result')).toEqual([
      expect.objectContaining({ target: 'main', before: '1.3.0', after: '1.4.0', ok: true }),
      expect.objectContaining({ target: 'sub', before: '1.1.1', after: '1.1.2', ok: true }),
    ]);
    expect((await rig.device('sim:')).state.firmware).toEqual({ main: '1.4.0', sub: '1.1.2' });
    const sent = commandsSent(events);
    expect(sent).toEqual(expect.arrayContaining(['AT+QFLDS="UFS"', 'AT+QHTTPREADFILE="UFS:fota_main.bin",80', 'AT+QFDEL="UFS:fota_main.bin"', 'AT+QFDEL="UFS:fota_sub.bin"']));
    expect(sent.find((c) => c.startsWith('AT+TMSFOTA=main'))).toMatch(/^AT\+TMSFOTA=main,"UFS:fota_main\.bin",262144,"[0-9a-f]{64}"$/);
    const phases = new Set(eventsOf(events, 'fota-progress').map((e) => `${e.target}/${e.phase}`));
    expect(phases).toEqual(new Set(['main/download', 'main/apply', 'main/reboot', 'sub/download', 'sub/apply', 'sub/reboot']));
    // Re-identified after each reboot with the new versions, keeping the SIM and cell readings (the dashboard shows them).
    const identified = eventsOf(events, 'device-identified');
    expect(identified.at(-1)).toMatchObject({ mainFw: '1.4.0', subFw: '1.1.2', iccid: identified[0]?.iccid, imsi: identified[0]?.imsi, rsrpDbm: identified[0]?.rsrpDbm });
    expect(identified[0]?.iccid).toMatch(/^\d+$/);
  });

  it('--fota never skips with a note and sends no TMSFOTA', async () => {
    const { result, events } = await rig.run({ steps, fotaPolicy: 'never' });
    expect(result.outcome).toBe('passed');
    expect(eventsOf(events, 'step-skipped').map((e) => e.reason)).toEqual([
      'FOTA policy "never": main 1.3.0 → 1.4.0 not installed',
      'FOTA policy "never": sub 1.1.1 → 1.1.2 not installed',
    ]);
    expect(commandsSent(events).some((c) => c.startsWith('AT+TMSFOTA'))).toBe(false);
  });

  it('asks through decide(): "no" skips, "yes" installs', async () => {
    const offers: string[] = [];
    const { events } = await rig.run({
      steps,
      fotaPolicy: 'ask',
      decide: async (offer) => {
        offers.push(`${offer.target} ${offer.current}→${offer.offered}`);
        return offer.target === 'sub';
      },
    });
    expect(offers).toEqual(['main 1.3.0→1.4.0', 'sub 1.1.1→1.1.2']);
    expect(eventsOf(events, 'step-skipped')[0]?.reason).toBe('update declined: main 1.3.0 → 1.4.0 not installed');
    expect((await rig.device('sim:')).state.firmware).toEqual({ main: '1.3.0', sub: '1.1.2' });
  });

  it('refuses a downgrade (F3) unless the profile allows it, which is logged', async () => {
    const restore = rig.kit.cloud.firmware().find((f) => f.target === 'main')?.version ?? '1.4.0';
    rig.kit.cloud.publishFirmware('main', '1.2.0');
    try {
      const refused = await rig.run({ steps: steps.slice(0, 6), fotaPolicy: 'auto' });
      expect(refused.result.outcome).toBe('passed');
      expect(eventsOf(refused.events, 'step-skipped')[0]?.reason).toMatch(/older than the device's 1\.3\.0: downgrade refused/);
      expect(commandsSent(refused.events).some((c) => c.startsWith('AT+TMSFOTA'))).toBe(false);

      await rig.freshDevices();
      const allowed = await rig.run({ steps: steps.slice(0, 6), fotaPolicy: 'auto', profile: { fota: { policy: 'auto', allowDowngrade: true } } });
      expect(allowed.result.outcome).toBe('passed');
      expect(eventsOf(allowed.events, 'step-progress').some((e) => e.code === 'progress.fotaDowngradeAllowed' && e.values?.current === '1.3.0' && e.values.offered === '1.2.0')).toBe(true);
      expect((await rig.device('sim:')).state.firmware.main).toBe('1.2.0');
    } finally {
      rig.kit.cloud.publishFirmware('main', restore);
    }
  });

  it('a corrupted image is refused by the device and the old version remains (F1)', async () => {
    const { result, events } = await rig.run({ port: 'sim:corrupt-firmware', steps, fotaPolicy: 'auto' });
    expect(result.failure).toMatchObject({ step: 'fota-main', code: 'FOTA_REJECTED', category: 'device', command: 'AT+TMSFOTA' });
    expect(result.failure?.meaning).toContain('the old version 1.3.0 remains');
    expect(eventsOf(events, 'fota-result')).toEqual([expect.objectContaining({ target: 'main', ok: false, after: '1.3.0' })]);
    expect((await rig.device('sim:corrupt-firmware')).state.firmware.main).toBe('1.3.0');
    expect(commandsSent(events)).toContain('AT+QFDEL="UFS:fota_main.bin"');
  });

  it('a reboot during apply is not re-sent: the version is read and the failure says the old one remains (F5)', async () => {
    const { result, events } = await rig.run({ port: 'sim:reboot-during-fota', steps, fotaPolicy: 'auto' });
    expect(result.failure).toMatchObject({ step: 'fota-main', code: 'FOTA_INTERRUPTED', category: 'device', moduleSaid: 'RDY before +TMSFOTA DONE' });
    expect(result.failure?.meaning).toContain('still runs 1.3.0 — the old version remains');
    expect(commandsSent(events).filter((c) => c.startsWith('AT+TMSFOTA'))).toHaveLength(1);
    expect(result.exitCategory).toBe('device');
  });
});
