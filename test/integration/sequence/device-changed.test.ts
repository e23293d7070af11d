/**
 * S2 with the wrong device: a port that comes back holding another module (another IMEI) must not
 * be followed. Resuming then fails with DEVICE_CHANGED naming both IMEIs, and nothing of the old
 * device's set-up (SSL context, MQTT) is sent to the new one.
 */
import { describe, expect, it } from 'vitest';
import { createVirtualDevice } from '../../../electron/sim/device.ts';
import { exposeOnTcp } from '../../../electron/sim/serve/tcp.ts';
import type { RunnerEvent } from '../../../shared/events.ts';
import { SimRig, commandsSent } from '../../helpers/sim-rig.ts';

const rig = SimRig.perFile();
const FIRST_IMEI = '867969066452788';
const OTHER_IMEI = '867969066452796';

/** Two virtual modules and one TCP port: the first is plugged in; `plugOther` swaps the cable. */
async function twoDevicesOnOnePort(tempPrefix: string) {
  const stateDir = await rig.tempDir(tempPrefix);
  const first = await createVirtualDevice({ fast: true, stateDir, imei: FIRST_IMEI });
  const other = await createVirtualDevice({ fast: true, stateDir, imei: OTHER_IMEI });
  let exposure = await exposeOnTcp(first);
  const portNumber = exposure.port;
  return {
    port: `tcp://127.0.0.1:${portNumber}`,
    /** The cable goes. */
    unplug: () => exposure.close(),
    /** The other module answers on the same port. */
    async plugOther() {
      await exposure.close();
      exposure = await exposeOnTcp(other, '127.0.0.1', portNumber);
    },
    async close() {
      await exposure.close();
      await first.close();
      await other.close();
    },
  };
}

describe('a port that comes back with another device (S2)', () => {
  it('resume fails with DEVICE_CHANGED naming both IMEIs and restores nothing on the other module', async () => {
    const devices = await twoDevicesOnOnePort('fl-changed-');
    const { port } = devices;
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ port, fotaPolicy: 'never', reopen: { delaysMs: [50, 100] }, provision: (ids) => rig.kit.provision(ids, port) });
    runner.onEvent((event) => {
      events.push(event);
      if (event.type === 'step-started' && event.step === 'mqtt-connect' && events.filter((e) => e.type === 'step-started' && e.step === 'mqtt-connect').length === 1) {
        void devices.unplug(); // the cable goes; another device is plugged in
      }
    });
    try {
      const failed = await runner.start();
      expect(failed.failure).toMatchObject({ step: 'mqtt-connect', code: 'PORT_LOST' });
      await devices.plugOther();
      const resumedFrom = events.length;
      const resumed = await runner.resume();
      expect(resumed.outcome).toBe('failed');
      expect(resumed.failure).toMatchObject({ code: 'DEVICE_CHANGED', category: 'device' });
      expect(resumed.failure?.meaning).toBe(`the port came back with another device (IMEI ${OTHER_IMEI}, expected ${FIRST_IMEI})`);
      const sent = commandsSent(events.slice(resumedFrom));
      expect(sent).toContain('AT+CGSN');
      expect(sent.some((c) => c.startsWith('AT+QSSLCFG') || c.startsWith('AT+QMT'))).toBe(false);
    } finally {
      await runner.close();
      await devices.close();
    }
  }, 90_000);

  it('the port lost mid-step and back with another device fails that step with DEVICE_CHANGED, not PORT_LOST', async () => {
    const devices = await twoDevicesOnOnePort('fl-changed-step-');
    const { port } = devices;
    const events: RunnerEvent[] = [];
    let swapped: Promise<void> | undefined;
    const runner = rig.runner({ port, fotaPolicy: 'never', reopen: { delaysMs: [300, 600, 1200, 2400] }, provision: (ids) => rig.kit.provision(ids, port) });
    runner.onEvent((event) => {
      events.push(event);
      if (event.type === 'step-started' && event.step === 'mqtt-connect' && !swapped) {
        // The cable goes and another device is plugged into the same port before the runner reopens it.
        swapped = devices.plugOther();
      }
    });
    try {
      const failed = await runner.start();
      await swapped;
      expect(failed.outcome).toBe('failed');
      expect(failed.failure).toMatchObject({ step: 'mqtt-connect', code: 'DEVICE_CHANGED', category: 'device' });
      expect(failed.failure?.meaning).toBe(`the port came back with another device (IMEI ${OTHER_IMEI}, expected ${FIRST_IMEI})`);
    } finally {
      await runner.close();
      await devices.close();
    }
  }, 90_000);
});
