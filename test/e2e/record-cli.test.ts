/**
 * Every run on record (docs/results-store.md#recording), as a user runs the CLI: `fieldlink demo`
 * and `fieldlink run -p sim: --profile demo` with `--db sqlite:<temp>` leave a record with the
 * unit's IMEI, the outcome, the steps and the measurements; a failing run (fault scenario
 * http-404) is on record as failed with its failure code; a run killed with SIGKILL mid-run is
 * marked interrupted at the next open of the store. HOME and TMPDIR point at a temp folder, so
 * nothing reaches the real home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { devicesDir } from '../../electron/cloud/device-store.ts';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { startDemoKit } from '../../electron/demo/demo-kit.ts';
import { createVirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnTcp } from '../../electron/sim/serve/tcp.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import { parseRunnerEvent, type RunnerEvent } from '../../shared/events.ts';
import type { RunRecord } from '../../shared/run-record.ts';
import { STEP_IDS } from '../../shared/steps.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const children = new Set<ChildProcess>();
let temp: string;

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function fieldlink(args: string[], extra: NodeJS.ProcessEnv = {}): Cli {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8', HOME: join(temp, 'home'), TMPDIR: join(temp, 'tmp'), FIELDLINK_SIM_FAST: '1' };
  delete env.FIELDLINK_DB; // --db decides
  Object.assign(env, extra);
  const child = spawn(process.execPath, ['bin/fieldlink.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => (children.delete(child), resolve(code))));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const jsonEvents = (text: string): RunnerEvent[] => text.split('\n').filter((line) => line.trim() !== '').map((line) => parseRunnerEvent(JSON.parse(line)));

async function records(db: string): Promise<RunRecord[]> {
  const store = await openResultsStore({ url: db });
  try {
    return await store.list({});
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'fl-e2e-record-'));
  await mkdir(join(temp, 'home'));
  await mkdir(join(temp, 'tmp'));
});
afterEach(() => {
  for (const child of children) if (child.pid) process.kill(child.pid, 'SIGKILL');
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('every run on record', () => {
  it('fieldlink demo --db sqlite:FILE --operator: the record holds the IMEI, outcome, steps and measurements', { timeout: 120_000 }, async () => {
    const db = `sqlite:${join(temp, 'demo.sqlite')}`;
    const cli = fieldlink(['demo', '--fast', '--json', '--out', join(temp, 'runs'), '--db', db, '--operator', 'Kim']);
    expect(await cli.exited).toBe(EXIT.ok);
    const events = jsonEvents(cli.stdout());
    const identified = events.find((e) => e.type === 'device-identified');
    const started = events.find((e) => e.type === 'run-started');
    const runId = started?.type === 'run-started' ? started.runId : 'none';
    expect(cli.stderr()).toContain(`recorded in ${db}`);
    const [record, ...others] = await records(db);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ runId, kind: 'demo', outcome: 'passed', exitCategory: 'ok', operator: 'Kim', failureCode: null, port: 'sim:' });
    expect(record?.imei).toBe(identified?.type === 'device-identified' ? identified.imei : 'none');
    expect(record?.steps.map((s) => `${s.id}:${s.status}`)).toEqual(STEP_IDS.map((id) => `${id}:passed`));
    expect(record?.firmware).toEqual({ mainBefore: '1.3.0', mainAfter: '1.4.0', subBefore: '1.1.1', subAfter: '1.1.2' });
    expect(record?.measurements.map((m) => m.name)).toEqual(events.flatMap((e) => (e.type === 'measurement' ? [e.name] : [])));
    expect(record?.measurements.every((m) => m.passed)).toBe(true);
    expect(record?.facts.caFingerprints).toHaveLength(1);
    expect(record?.runDir).toBe(join(temp, 'runs', runId));
  });

  it('fieldlink run -p sim: --profile demo, then a failing run (http-404): both on record, the failure with its code and step', { timeout: 120_000 }, async () => {
    const db = `sqlite:${join(temp, 'run.sqlite')}`;
    const passed = fieldlink(['run', '-p', 'sim:', '--profile', 'demo', '--fota', 'never', '--out', join(temp, 'runs'), '--db', db]);
    expect(await passed.exited).toBe(EXIT.ok);
    const failed = fieldlink(['run', '-p', 'sim:http-404', '--profile', 'demo', '--fota', 'never', '--out', join(temp, 'runs'), '--db', db]);
    expect(await failed.exited).toBe(EXIT.server);
    const byOutcome = Object.fromEntries((await records(db)).map((r) => [r.outcome, r]));
    expect(byOutcome.passed).toMatchObject({ kind: 'run', failureCode: null });
    expect(byOutcome.passed?.measurements.length).toBeGreaterThan(0);
    expect(byOutcome.failed).toMatchObject({ kind: 'run', failureCode: 'HTTP_NOT_FOUND', failureStep: 'server-info', exitCategory: 'server' });
    expect(byOutcome.failed?.steps.find((s) => s.id === 'server-info')?.status).toBe('failed');
    expect(byOutcome.failed?.steps.find((s) => s.id === 'calibration')?.status).toBe('not-run');
  });

  it('fieldlink diagnose is on record as kind diagnose with its measurements; a store that cannot be opened leaves a note and the run goes on', { timeout: 120_000 }, async () => {
    const db = `sqlite:${join(temp, 'diagnose.sqlite')}`;
    const cli = fieldlink(['diagnose', '-p', 'sim:', '--out', join(temp, 'runs'), '--db', db, '--operator', 'Lee']);
    expect(await cli.exited).toBe(EXIT.ok);
    const [record] = await records(db);
    expect(record).toMatchObject({ kind: 'diagnose', outcome: 'passed', operator: 'Lee' });
    expect(record?.measurements.map((m) => m.name)).toEqual(['signal-rssi', 'signal-rsrp']);
    const broken = fieldlink(['diagnose', '-p', 'sim:', '--out', join(temp, 'runs'), '--db', 'mysql://nowhere/results']);
    expect(await broken.exited).toBe(EXIT.ok);
    expect(broken.stdout() + broken.stderr()).toMatch(/results store: .*the run goes on/);
  });

  it('a run killed with SIGKILL mid-run is marked interrupted at the next open of the store', { timeout: 120_000 }, async () => {
    const db = `sqlite:${join(temp, 'killed.sqlite')}`;
    const cli = fieldlink(['run', '-p', 'sim:', '--profile', 'demo', '--fota', 'never', '--json', '--out', join(temp, 'runs'), '--db', db]);
    const deadline = Date.now() + 60_000;
    while (!jsonEvents(cli.stdout()).some((e) => e.type === 'step-started' && e.step === 'ssl-configure')) {
      if (Date.now() > deadline) throw new Error(`no ssl-configure step; got ${cli.stdout().slice(-500)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    cli.child.kill('SIGKILL');
    await cli.exited;
    const [record] = await records(db);
    expect(record).toMatchObject({ kind: 'run', outcome: 'interrupted' });
    expect(record?.runId).toBe((jsonEvents(cli.stdout())[0] as { runId: string }).runId);
  });

  it('an empty FIELDLINK_DB means "not set" for run and demo as for results: the record goes to ~/.fieldlink/results.sqlite', { timeout: 120_000 }, async () => {
    const cli = fieldlink(['demo', '--fast', '--json', '--out', join(temp, 'runs')], { FIELDLINK_DB: '' });
    expect(await cli.exited, cli.stderr()).toBe(EXIT.ok);
    expect(cli.stderr()).not.toMatch(/results store/i);
    const defaultDb = `sqlite:${join(temp, 'home', '.fieldlink', 'results.sqlite')}`;
    expect(cli.stderr()).toContain(`recorded in ${defaultDb}`);
    const runId = (jsonEvents(cli.stdout())[0] as { runId: string }).runId;
    expect((await records(defaultDb)).map((r) => r.runId)).toContain(runId);
    // `fieldlink results` with the same empty variable reads that same default store.
    const results = fieldlink(['results', '--json'], { FIELDLINK_DB: '  ' });
    expect(await results.exited, results.stderr()).toBe(EXIT.ok);
    expect(results.stdout()).toContain(runId);
  });

  it('a resumed run killed with SIGKILL is marked interrupted at the next open, not left failed', { timeout: 240_000 }, async () => {
    const work = join(temp, 'resume');
    await mkdir(work);
    const kit = await startDemoKit();
    // A fast device whose firmware install crawls, so the resumed run is still installing when it is killed.
    const device = await createVirtualDevice({ fast: true, stateDir: join(work, 'state'), timing: { fotaStepMs: 2_000 } });
    const tcp = await exposeOnTcp(device);
    try {
      const port = `tcp://127.0.0.1:${tcp.port}`;
      const perDevice = join(devicesDir(kit.cloud.dataDir), '{deviceId}');
      const profileFile = join(work, 'fleet.json');
      await writeFile(profileFile, JSON.stringify({ name: 'resume fleet', serverInfoUrl: kit.cloud.serverInfoUrlTemplate, tls: { caCert: kit.cloud.caPath, clientCert: join(perDevice, 'client.pem'), clientKey: join(perDevice, 'client.key') } }));
      await kit.provision({ imei: device.imei, deviceId: `TMS2_${device.imei}` }, port);
      const dbFile = join(work, 'results.sqlite');
      const db = `sqlite:${dbFile}`;
      const runs = join(work, 'runs');
      kit.cloud.publishFirmware('main', '1.4.0', { sha256: 'ab'.repeat(32) }); // a wrong checksum: the first run fails at fota-main
      const first = fieldlink(['run', '--port', port, '--profile', profileFile, '--fota', 'auto', '--json', '--out', runs, '--db', db]);
      expect(await first.exited, first.stderr()).toBe(EXIT.device);
      const [runId] = await readdir(runs);
      expect((await records(db))[0]).toMatchObject({ runId, outcome: 'failed', failureCode: 'FOTA_REJECTED' });

      kit.cloud.publishFirmware('main', '1.4.0');
      const resumed = fieldlink(['run', '--resume', join(runs, runId ?? ''), '--fota', 'auto', '--json', '--db', db]);
      // Read the file without opening the store (an open would judge running records): the record
      // is `running` again, written by the resuming process.
      const deadline = Date.now() + 90_000;
      for (;;) {
        const raw = new Database(dbFile, { readonly: true, fileMustExist: true });
        const row = raw.prepare('select outcome, writer_pid from runs where run_id = ?').get(runId) as { outcome: string; writer_pid: number } | undefined;
        raw.close();
        if (row?.outcome === 'running' && row.writer_pid === resumed.child.pid) break;
        if (Date.now() > deadline) throw new Error(`the resumed run never put its record back to running: ${JSON.stringify(row)}; ${resumed.stderr().slice(-500)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      resumed.child.kill('SIGKILL');
      await resumed.exited;
      const [record, ...others] = await records(db);
      expect(others).toEqual([]);
      expect(record).toMatchObject({ runId, kind: 'run', outcome: 'interrupted', finishedAt: null });
    } finally {
      await tcp.close();
      await device.close();
      await kit.stop();
    }
  });
});
