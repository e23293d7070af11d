/**
 * "What changed since it last worked" through a bundle: a real failing run of the virtual device
 * (broker refusal), the device's history in a real SQLite results store (a passing run before it
 * with other firmware, broker port and signal), `fieldlink bundle --db sqlite:…` and `fieldlink
 * replay`: the differences come first, in English and Korean, and the history travels in the zip.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import { differenceLine, diffRuns } from '../../shared/run-diff.ts';
import { formatMessage } from '../../shared/messages/index.ts';
import type { RunReport } from '../../shared/report.ts';
import type { RunRecord } from '../../shared/run-record.ts';
import { finished, makeRecord } from '../integration/store/records.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function fieldlink(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/fieldlink.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

let work: string;
let runsDir: string;
let dbUrl: string;
let passing: RunRecord;
let failing: RunRecord;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-bundle-history-'));
  runsDir = join(work, 'runs');
  const run = await fieldlink(['run', '-p', 'sim:qmtconn-refused-4', '--profile', 'demo', '--fota', 'never', '--json', '--out', runsDir]);
  expect(run.code, run.stderr).toBe(EXIT.server);
  const [name] = await readdir(runsDir);
  const report = JSON.parse(await readFile(join(runsDir, name ?? '', 'report.json'), 'utf8')) as RunReport;
  const imei = report.device?.imei ?? '';
  const facts = { caFingerprints: ['AA:BB'], clientCertFingerprint: 'CC:DD', brokerHost: '127.0.0.1', firmwareOffered: { main: '1.4.0', sub: '1.1.2' }, registration: 1, operator: 'KT' };
  // The unit worked last week on firmware 1.2.0 against port 8883 with a good signal...
  passing = finished(makeRecord({ imei, startedAt: Date.UTC(2026, 10, 24, 9, 0, 0) }), 'passed', {
    firmware: { mainBefore: '1.2.0', mainAfter: null, subBefore: '1.1.1', subAfter: null },
    facts: { ...facts, brokerPort: 8883, rssiDbm: -65, rsrpDbm: -80 },
  });
  // ...and the bundled run (same runId as the run folder) found 1.3.0, port 44375 and a weak signal.
  failing = finished(makeRecord({ imei, runId: report.runId ?? '', startedAt: report.startedAt ?? Date.now() }), 'failed', {
    firmware: { mainBefore: '1.3.0', mainAfter: null, subBefore: '1.1.1', subAfter: null },
    facts: { ...facts, brokerPort: 44375, rssiDbm: -97, rsrpDbm: -118 },
  });
  dbUrl = `sqlite:${join(work, 'results.sqlite')}`;
  const store = await openResultsStore({ url: dbUrl });
  try {
    for (const record of [passing, failing]) {
      await store.begin({ ...record, outcome: 'running', finishedAt: null });
      await store.finish(record);
    }
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('what changed since the last passing run, from the history in a bundle', () => {
  it('bundle --imei X --db sqlite:… carries the history; replay lists the differences first (en, ko)', async () => {
    const out = join(work, 'unit.zip');
    const made = await fieldlink(['bundle', '--runs', runsDir, '--imei', failing.imei ?? '', '--db', dbUrl, '--out', out]);
    expect(made.code, made.stderr).toBe(EXIT.ok);
    const history = JSON.parse(execFileSync('unzip', ['-p', out, 'history.json'], { encoding: 'utf8' })) as { source: string; records: RunRecord[] };
    expect(history.source).toBe(dbUrl);
    expect(history.records.map((r) => r.runId)).toEqual([passing.runId, failing.runId]);

    const expected = diffRuns(passing, failing);
    expect(expected.map((d) => d.field)).toEqual(expect.arrayContaining(['firmware-main', 'broker-port', 'rssi', 'rsrp']));
    for (const lang of ['en', 'ko'] as const) {
      const replay = await fieldlink(['replay', out, '--lang', lang]);
      expect(replay.code, replay.stderr).toBe(EXIT.ok);
      const lines = replay.stdout.split('\n');
      // Right after the verification line: the heading, then one line per difference.
      expect(lines[1]).toContain(formatMessage(lang, 'replay.changes', { runId: passing.runId, when: '' }).split('(')[0]?.trim() ?? '');
      expect(lines.slice(2, 2 + expected.length)).toEqual(expected.map((d) => `  ${differenceLine(d, lang)}`));
    }
    const json = JSON.parse((await fieldlink(['replay', out, '--json'])).stdout) as { changes: { status: string; lastPass: { runId: string }; differences: { field: string }[] }; history: { runs: number } };
    expect(json.changes.status).toBe('compared');
    expect(json.changes.lastPass.runId).toBe(passing.runId);
    expect(json.changes.differences.map((d) => d.field)).toEqual(expected.map((d) => d.field));
    expect(json.history.runs).toBe(2);
  }, 120_000);

  it('a bad --db is refused by name and writes nothing', async () => {
    const out = join(work, 'bad-db.zip');
    const made = await fieldlink(['bundle', '--runs', runsDir, '--last', '--db', 'mysql://nowhere', '--out', out]);
    expect(made.code).toBe(EXIT.usage);
    expect(made.stderr).toMatch(/^fieldlink: --db: /);
    expect((await readdir(work)).filter((n) => n.startsWith('bad-db'))).toEqual([]);
  }, 60_000);
});
