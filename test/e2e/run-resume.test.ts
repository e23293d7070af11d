/**
 * `fieldlink run --resume <run folder>` as a user runs it: a run fails mid-way (the firmware server
 * advertises a wrong checksum, so the device refuses the image, F1), the server team fixes it, and a
 * new CLI process resumes the run from its failed step — the same folder, its session.jsonl appended,
 * its report rewritten — without redoing the steps that passed. The run folder's context.json never
 * holds the MQTT password or key bytes; the resumed process reads server-info again instead.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { devicesDir } from '../../electron/cloud/device-store.ts';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { startDemoKit, type DemoKit } from '../../electron/demo/demo-kit.ts';
import { readSessionLog } from '../../electron/engine/session/session-log.ts';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnTcp, type TcpExposure } from '../../electron/sim/serve/tcp.ts';
import type { RunReport } from '../../electron/engine/session/report.ts';
import type { RunnerEvent } from '../../shared/events.ts';
import { killFieldlinkProcesses, spawnFieldlink, type CliProcess } from '../helpers/fieldlink-cli.ts';

const fieldlink = (args: string[], env: Record<string, string> = {}): CliProcess => spawnFieldlink(args, { env });
import { openResultsStore } from '../../electron/store/open.ts';



const started = (events: readonly RunnerEvent[]) => events.flatMap((e) => (e.type === 'step-started' ? [e.step] : []));
const commands = (events: readonly RunnerEvent[]) => events.flatMap((e) => (e.type === 'at-traffic' && e.event.kind === 'command' ? [e.event.text] : []));

let out: string;
let kit: DemoKit;
let device: VirtualDevice;
let tcp: TcpExposure;
let port: string;
let profileFile: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'fl-e2e-resume-'));
  kit = await startDemoKit();
  device = await createVirtualDevice({ fast: true, stateDir: join(out, 'state') });
  tcp = await exposeOnTcp(device);
  port = `tcp://127.0.0.1:${tcp.port}`;
  const perDevice = join(devicesDir(kit.cloud.dataDir), '{deviceId}');
  profileFile = join(out, 'fleet.json');
  await writeFile(profileFile, JSON.stringify({ name: 'resume fleet', serverInfoUrl: kit.cloud.serverInfoUrlTemplate, tls: { caCert: kit.cloud.caPath, clientCert: join(perDevice, 'client.pem'), clientKey: join(perDevice, 'client.key') } }));
  await kit.provision({ imei: device.imei, deviceId: `TMS2_${device.imei}` }, port);
}, 60_000);
afterEach(() => {
  killFieldlinkProcesses();
});
afterAll(async () => {
  await tcp?.close();
  await device?.close();
  await kit?.stop();
  await rm(out, { recursive: true, force: true });
});

describe('fieldlink run --resume', () => {
  it('resumes a failed run from its failed step in a new process: same folder, appended log, report shows the resume, earlier steps not redone', async () => {
    const runs = join(out, 'runs');
    kit.cloud.publishFirmware('main', '1.4.0', { sha256: 'ab'.repeat(32) }); // the server advertises a wrong checksum
    const db = `sqlite:${join(out, 'results.sqlite')}`;
    const first = fieldlink(['run', '--port', port, '--profile', profileFile, '--fota', 'auto', '--json', '--out', runs, '--db', db]);
    expect(await first.exited).toBe(EXIT.device);
    const [runId] = await readdir(runs);
    const recordOf = async () => {
      const store = await openResultsStore({ url: db });
      try {
        return await store.get(runId ?? '');
      } finally {
        await store.close();
      }
    };
    expect(await recordOf()).toMatchObject({ kind: 'run', outcome: 'failed', failureCode: 'FOTA_REJECTED', failureStep: 'fota-main' });
    const dir = join(runs, runId ?? '');
    expect(first.stderr()).toContain(`to resume from the failed step: fieldlink run --resume ${dir}`);
    const before = await readSessionLog(join(dir, 'session.jsonl'));
    expect(before.findLast((e) => e.type === 'step-failed')).toMatchObject({ step: 'fota-main', error: { code: 'FOTA_REJECTED' } });

    // What is stored for the resume: findings without secrets (no password, no key bytes, no server-info document).
    const stored = await readFile(join(dir, 'context.json'), 'utf8');
    const credentials = await kit.cloud.deviceCredentials(`TMS2_${device.imei}`);
    expect(stored).not.toContain(credentials.password);
    expect(stored).not.toMatch(/PRIVATE KEY|serverInfo/);
    expect(JSON.parse(stored)).toMatchObject({ runId, failedStep: 'fota-main', done: ['identify', 'ssl-configure', 'data-service', 'server-info', 'calibration'] });

    kit.cloud.publishFirmware('main', '1.4.0'); // the server team fixes the checksum
    const resumed = fieldlink(['run', '--resume', dir, '--fota', 'auto', '--json', '--db', db]);
    expect(await resumed.exited).toBe(EXIT.ok);
    // The same record, now passed, with the firmware the resume installed.
    expect(await recordOf()).toMatchObject({ outcome: 'passed', failureCode: null, failureStep: null, firmware: { mainBefore: '1.3.0', mainAfter: '1.4.0' } });
    expect(await readdir(runs)).toEqual([runId]);

    const all = await readSessionLog(join(dir, 'session.jsonl'));
    expect(all.slice(0, before.length)).toEqual(before); // appended, not rewritten
    const after = all.slice(before.length);
    // The lifecycle's transition into `resuming` comes first, then the resume itself.
    expect(after[0]).toMatchObject({ type: 'run-state', to: 'resuming', step: 'fota-main' });
    expect(after.filter((e) => e.type !== 'run-state')[0]).toMatchObject({ type: 'run-resumed', fromStep: 'fota-main', source: 'run-folder', reread: ['server-info'] });
    expect(started(after)).toEqual(['fota-main', 'fota-sub', 'mqtt-connect', 'live-session']);
    const sent = commands(after);
    expect(sent.some((c) => c.startsWith('AT+QFUPL') || c.startsWith('AT+TMSGCAL') || c === 'AT+QCDS')).toBe(false);
    expect(sent).toContain('AT+QHTTPGET=80'); // server-info read again, silently: its document is not stored
    expect(sent.find((c) => c.startsWith('AT+TMSFOTA=main'))).toBeDefined();
    expect(JSON.stringify(all)).not.toContain(credentials.password);
    expect(device.state.firmware).toEqual({ main: '1.4.0', sub: '1.1.2' });

    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.outcome).toBe('passed');
    expect(report.failure).toBeNull();
    expect(report.resumes).toEqual([expect.objectContaining({ fromStep: 'fota-main', source: 'run-folder', reread: ['server-info'] })]);
    expect(report.steps.find((s) => s.id === 'identify')).toMatchObject({ status: 'passed', attempts: 1 });
    expect(report.steps.find((s) => s.id === 'fota-main')).toMatchObject({ status: 'passed', attempts: 2 });
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toMatch(/Resumed \(1\)<\/th><td>[^<]*from step fota-main, from the run folder; re-read server-info/);

    // A passed run has nothing to resume.
    const again = fieldlink(['run', '--resume', dir]);
    expect(await again.exited).toBe(EXIT.usage);
    expect(again.stderr()).toContain('passed: there is nothing to resume');
  }, 180_000);

  it('refuses a folder that is not a run folder, and a run on the embedded demo, with a reason (exit 2)', async () => {
    const notRun = fieldlink(['run', '--resume', out]);
    expect(await notRun.exited).toBe(EXIT.usage);
    expect(notRun.stderr()).toMatch(/--resume: .* is not a run folder of this version \(no context\.json/);

    const demoRuns = join(out, 'demo-runs');
    const demo = fieldlink(['run', '--port', 'sim:qmtconn-refused-5', '--fota', 'never', '--json', '--out', demoRuns], { FIELDLINK_SIM_FAST: '1' });
    expect(await demo.exited).toBe(EXIT.server);
    const [demoRun] = await readdir(demoRuns);
    const resumeDemo = fieldlink(['run', '--resume', join(demoRuns, demoRun ?? '')]);
    expect(await resumeDemo.exited).toBe(EXIT.usage);
    expect(resumeDemo.stderr()).toContain('cannot be resumed by another process');
  }, 120_000);
});
