/**
 * The connect sequence end to end on real parts: the virtual TMS2 behind a socat PTY, the demo
 * cloud's HTTPS server and a REAL Mosquitto with TLS (client certificates from the demo CA,
 * per-device password). mosquitto_sub is the independent witness of INIT (UP) and the will (LWT).
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoKit, type DemoKit } from '../../electron/demo/demo-kit.ts';
import { LWT_PAYLOAD } from '../../electron/engine/sequence/payloads.ts';
import { SequenceRunner } from '../../electron/engine/sequence/runner.ts';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnPty, type PtyExposure } from '../../electron/sim/serve/pty.ts';
import type { RunnerEvent } from '../../shared/events.ts';
import { cloudObserver, mosquittoInstalled, spawnMosquittoSub, waitUntil, type MosquittoSub } from '../helpers/mosquitto.ts';

const IMEI = '867969066452788';
const DEVICE_ID = `TMS2_${IMEI}`;
const INIT = /^\{"v":"1\.1","pt":"INIT","body":\{"ts":\d{13},"mf_v":"1\.4\.0","sf_v":"1\.1\.2"\}\}$/;

let dir: string;
let kit: DemoKit;
let device: VirtualDevice;
let pty: PtyExposure;
let sub: MosquittoSub;

beforeAll(async () => {
  if (!mosquittoInstalled()) throw new Error('mosquitto is required for this test (apt install mosquitto mosquitto-clients)');
  dir = await mkdtemp(join(tmpdir(), 'fl-e2e-mosq-'));
  kit = await startDemoKit({ broker: 'mosquitto' });
  device = await createVirtualDevice({ imei: IMEI, stateDir: join(dir, 'state'), timing: { bootDelayMs: 200, bootStepMs: 10, fotaStepMs: 30, gsensorAverageMs: 50 } });
  pty = await exposeOnPty(device, join(dir, 'ttyTMS2'), { attachAfter: device.whenReady() });
  sub = await spawnMosquittoSub(cloudObserver(kit.cloud), [`DDTM/UP/${DEVICE_ID}`, `DDTM/LWT/${DEVICE_ID}`]);
}, 90_000);

afterAll(async () => {
  await sub?.stop();
  await pty?.close();
  await device?.close();
  await kit?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function runnerFor(options: { stayConnected: boolean }): { runner: SequenceRunner; events: RunnerEvent[] } {
  const runner = new SequenceRunner({
    port: pty.path,
    profile: kit.profile,
    outDir: join(dir, 'runs'),
    fotaPolicy: 'auto',
    stayConnected: options.stayConnected,
    provision: (ids) => kit.provision(ids, pty.path),
  });
  const events: RunnerEvent[] = [];
  runner.onEvent((event) => events.push(event));
  return { runner, events };
}

describe('run over a PTY against Mosquitto with TLS', () => {
  it('passes with FOTA; mosquitto_sub sees exactly the INIT; an RPC arrives; a severed link makes the broker publish exactly the LWT', async () => {
    const { runner, events } = runnerFor({ stayConnected: true });
    const done = runner.start();
    try {
      await waitUntil(() => events.some((e) => e.type === 'step-started' && e.step === 'live-session'), 120_000, () => 'the live session');
      expect(events.filter((e) => e.type === 'fota-result').map((e) => e.type === 'fota-result' && `${e.target} ${e.after} ${e.ok}`)).toEqual(['main 1.4.0 true', 'sub 1.1.2 true']);

      const init = await sub.waitFor((m) => m.topic === `DDTM/UP/${DEVICE_ID}`);
      expect(init.payload).toMatch(INIT);
      const published = events.find((e) => e.type === 'mqtt-message' && e.direction === 'out');
      expect(published?.type === 'mqtt-message' && published.payload).toBe(init.payload);

      await kit.cloud.sendRpc(DEVICE_ID, { v: '1.1', pt: 'RPC', body: { id: 7 } });
      await waitUntil(() => events.some((e) => e.type === 'mqtt-message' && e.direction === 'in'), 20_000, () => 'the RPC in the run events');
      expect(events.find((e) => e.type === 'mqtt-message' && e.direction === 'in')).toMatchObject({ topic: `DDTM/RPC/${DEVICE_ID}`, payload: '{"v":"1.1","pt":"RPC","body":{"id":7}}' });

      device.pullCable();
      const will = await sub.waitFor((m) => m.topic === `DDTM/LWT/${DEVICE_ID}`, 30_000);
      expect(will.payload).toBe(LWT_PAYLOAD);
    } finally {
      await runner.cancel();
      await done.catch(() => undefined);
      await runner.close();
    }
  }, 180_000);

  it('a clean run leaves no secret in session.jsonl, report.json or report.html, and a clean disconnect sends no will (K1, K2, M5)', async () => {
    device.plugCable(); // power back after the pulled cable; the PTY bridge re-attaches on the next open
    await pty.close();
    pty = await exposeOnPty(device, join(dir, 'ttyTMS2'), { attachAfter: device.whenReady() });
    const willsBefore = sub.messages.filter((m) => m.topic.startsWith('DDTM/LWT/')).length;
    const { runner } = runnerFor({ stayConnected: false });
    const result = await runner.start();
    await runner.close();
    expect(result.outcome).toBe('passed');
    const { password } = await kit.cloud.deviceCredentials(DEVICE_ID);
    for (const file of [result.files.log, result.files.reportJson, result.files.reportHtml]) {
      const text = await readFile(file, 'utf8');
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(password);
      expect(text).not.toContain('PRIVATE KEY');
    }
    await sub.waitFor((m) => m.topic === `DDTM/UP/${DEVICE_ID}` && m.payload !== sub.messages[0]?.payload);
    expect(sub.messages.filter((m) => m.topic.startsWith('DDTM/LWT/')).length).toBe(willsBefore);
  }, 180_000);
});
