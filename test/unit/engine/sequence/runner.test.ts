/**
 * SequenceRunner behaviour around the steps: cancel at any point (also in data mode), resume from
 * the failed step without redoing earlier ones, the profile's step time limits, a module reboot
 * (S17) and a lost port that comes back (S2) followed rather than fatal, reports for every outcome.
 */
import { access, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AtClient } from '../../../../electron/engine/at/client.ts';
import { RunnerStateError } from '../../../../electron/engine/sequence/runner.ts';
import { openTransport } from '../../../../electron/engine/transport/uri.ts';
import { createVirtualDevice } from '../../../../electron/sim/device.ts';
import { exposeOnTcp } from '../../../../electron/sim/serve/tcp.ts';
import type { RunnerEvent } from '../../../../shared/events.ts';
import { SimRig, commandsSent, eventsOf } from '../../../helpers/sim-rig.ts';
import { formatMessage } from '../../../../shared/messages/index.ts';

const rig = SimRig.perFile();

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('cancel', () => {
  it('cancels in the middle of a QFUPL upload: outcome cancelled, report written, the module answers AT again', async () => {
    await rig.freshDevices({ fast: false, baud: 9600, timing: { bootDelayMs: 100, bootStepMs: 5 } });
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ fotaPolicy: 'never' });
    runner.onEvent((event) => events.push(event));
    const done = runner.start();
    await until(() => events.some((e) => e.type === 'at-traffic' && e.event.kind === 'data' && e.event.dir === 'tx'), 'an upload in data mode');
    await runner.cancel();
    const result = await done;
    await runner.close();
    expect(result.outcome).toBe('cancelled');
    expect(result.exitCategory).toBe('aborted');
    const report = JSON.parse(await readFile(result.files.reportJson, 'utf8')) as { outcome: string };
    expect(report.outcome).toBe('cancelled');
    await access(result.files.reportHtml);
    const transport = await openTransport('sim:');
    const client = AtClient.attach(transport);
    try {
      await expect(client.sync({ attempts: 5, intervalMs: 1000 })).resolves.toMatchObject({ attempts: expect.any(Number) });
    } finally {
      client.dispose();
      await transport.close();
    }
  }, 60_000);

  it('resume() without a failure is refused with a typed error', async () => {
    const { runner } = await rig.run({ fotaPolicy: 'never', keepOpen: true });
    await expect(runner.resume()).rejects.toBeInstanceOf(RunnerStateError);
    await runner.close();
  });
});

describe('resume', () => {
  it('continues from the failed step after the port came back, without redoing earlier steps (no QFUPL)', async () => {
    const device = await createVirtualDevice({ fast: true, stateDir: await rig.tempDir('fl-resume-') });
    let exposure = await exposeOnTcp(device);
    const port = `tcp://127.0.0.1:${exposure.port}`;
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ port, fotaPolicy: 'never', reopen: { delaysMs: [50, 100] }, provision: (ids) => rig.kit.provision(ids, port) });
    runner.onEvent((event) => {
      events.push(event);
      if (event.type === 'step-started' && event.step === 'mqtt-connect' && events.filter((e) => e.type === 'step-started' && e.step === 'mqtt-connect').length === 1) {
        void exposure.close(); // the cable goes and does not come back in time
      }
    });
    try {
      const failed = await runner.start();
      expect(failed.failure).toMatchObject({ step: 'mqtt-connect', code: 'PORT_LOST', category: 'device' });
      exposure = await exposeOnTcp(device, '127.0.0.1', Number(port.split(':').at(-1)));
      const resumedFrom = events.length;
      const resumed = await runner.resume();
      expect(resumed.outcome).toBe('passed');
      const after = events.slice(resumedFrom);
      expect(eventsOf(after, 'step-started').map((e) => e.step)).toEqual(['mqtt-connect', 'live-session']);
      const sent = commandsSent(after);
      expect(sent.some((c) => c.startsWith('AT+QFUPL'))).toBe(false);
      expect(sent).toEqual(expect.arrayContaining(['ATE0', 'AT+CMEE=2', 'AT+QSSLCFG="cacert",1,"UFS:ca.pem"']));
      const report = JSON.parse(await readFile(resumed.files.reportJson, 'utf8')) as { outcome: string; failure: unknown; steps: Array<{ id: string; status: string; attempts: number }> };
      expect(report.outcome).toBe('passed');
      expect(report.failure).toBeNull();
      expect(report.steps.find((s) => s.id === 'mqtt-connect')).toMatchObject({ status: 'passed', attempts: 2 });
    } finally {
      await runner.close();
      await exposure.close();
      await device.close();
    }
  }, 90_000);
});

describe('limits and recovery', () => {
  it("the profile's steps.<id>.timeoutMs ends a step that hangs (STEP_TIMEOUT)", async () => {
    const { result } = await rig.run({ port: 'sim:slow-answers', profile: { steps: { identify: { timeoutMs: 3000, retries: 0 } } } });
    expect(result.failure).toMatchObject({ step: 'identify', code: 'STEP_TIMEOUT', category: 'device' });
    expect(result.failure?.meaning).toMatch(/^the step did not finish within 3000 ms \(waited \d+ ms over 1 attempt\(s\)\)$/);
    expect(result.failure?.hint).toContain('steps.identify.timeoutMs');
  }, 60_000);

  it('follows an unexpected module reboot (S17): re-initialises, restores the SSL context, carries on', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ fotaPolicy: 'never' });
    runner.onEvent((event) => {
      events.push(event);
      if (event.type === 'step-started' && event.step === 'data-service' && eventsOf(events, 'step-started').filter((e) => e.step === 'data-service').length === 1) {
        void rig.device('sim:').then((device) => device.reboot());
      }
    });
    const result = await runner.start();
    await runner.close();
    expect(result.outcome).toBe('passed');
    const sent = commandsSent(events);
    expect(sent.filter((c) => c === 'ATE0').length).toBeGreaterThanOrEqual(2);
    expect(sent.filter((c) => c === 'AT+QSSLCFG="cacert",1,"UFS:ca.pem"')).toHaveLength(2);
  }, 60_000);

  it('follows a pulled cable that comes back (S2): the step is repeated and the run passes', async () => {
    const { result, events } = await rig.run({ port: 'sim:cable-pull-at-ssl', fotaPolicy: 'never' });
    expect(result.outcome).toBe('passed');
    expect(eventsOf(events, 'step-progress').some((e) => e.step === 'ssl-configure' && e.code === 'progress.portLostWaiting')).toBe(true);
  }, 60_000);

  it('S2: once the port came back, the progress line says so and never that it "did not come back"', async () => {
    const { result, events } = await rig.run({ port: 'sim:cable-pull-at-ssl', fotaPolicy: 'never' });
    expect(result.outcome).toBe('passed');
    const lines = eventsOf(events, 'step-progress').map((e) => formatMessage('en', e.code, e.values));
    expect(lines.filter((line) => /did not come back/.test(line))).toEqual([]);
    expect(lines).toContain('attempt 1 was interrupted: the port was lost and came back (S2); repeating the step');
  }, 60_000);
});
