/**
 * Every run on record (docs/results-store.md#recording), as a user runs the CLI: `fieldlink demo`
 * and `fieldlink run -p sim: --profile demo` with `--db sqlite:<temp>` leave a record with the
 * unit's IMEI, the outcome, the steps and the measurements; a failing run (fault scenario
 * http-404) is on record as failed with its failure code; a run killed with SIGKILL mid-run is
 * marked interrupted at the next open of the store. HOME and TMPDIR point at a temp folder, so
 * nothing reaches the real home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
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

function fieldlink(args: string[]): Cli {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8', HOME: join(temp, 'home'), TMPDIR: join(temp, 'tmp'), FIELDLINK_SIM_FAST: '1' };
  delete env.FIELDLINK_DB; // --db decides
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
});
