/**
 * A 1,000,000-line session log goes into a bundle and comes back out with memory bounded: the CLI
 * runs with a 128 MB JavaScript heap, smaller than the log itself, so a writer or reader that held
 * the log (or the zip's content) whole would die. The log is deflated (level 6) to a fraction of
 * its size, and replay still finds its failure and counts every line.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { buildReport } from '../../electron/engine/session/report.ts';
import { renderReportHtml } from '../../electron/engine/session/report-html.ts';
import type { RunnerEvent } from '../../shared/events.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LINES = 1_000_000;
const HEAP_MB = 128;

function fieldlink(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, 'bin/fieldlink.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

let work: string;
let runDir: string;
let sessionBytes = 0;

/** A run that identified the device, then spent a million lines of AT traffic and failed at MQTT. */
async function writeLargeRun(dir: string): Promise<void> {
  const t0 = Date.UTC(2026, 11, 2, 8, 0, 0);
  const head: RunnerEvent[] = [
    { type: 'run-started', t: t0, runId: 'large-run', port: 'sim:', profileName: 'demo', startedAt: t0 },
    { type: 'step-started', t: t0, step: 'identify' },
    { type: 'device-identified', t: t0 + 10, imei: '867969066452788', deviceId: 'TMS2_867969066452788', model: 'EC21', revision: 'EC21KLR06A04M4G', mainFw: '1.3.0', subFw: '1.1.1' },
    { type: 'step-passed', t: t0 + 20, step: 'identify', durationMs: 20, summary: 'identified' },
    { type: 'step-started', t: t0 + 30, step: 'mqtt-connect' },
  ];
  const tail: RunnerEvent[] = [
    {
      type: 'step-failed',
      t: t0 + 900_000,
      step: 'mqtt-connect',
      durationMs: 899_970,
      error: { code: 'MQTT_REFUSED', command: 'AT+QMTCONN', moduleSaid: '+QMTCONN: 0,0,5', meaning: 'broker refused: not authorised', hint: 'check the broker ACL', category: 'server' },
    },
    { type: 'run-finished', t: t0 + 900_001, outcome: 'failed', exitCategory: 'server' },
  ];
  const out = createWriteStream(join(dir, 'session.jsonl'));
  const write = async (text: string) => {
    sessionBytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const event of head) await write(`${JSON.stringify(event)}\n`);
  for (let i = 0; i < LINES - head.length - tail.length; i += 1) {
    const t = t0 + 40 + Math.floor(i / 2);
    const event = i % 2 === 0 ? { kind: 'command', t, dir: 'tx', text: 'AT+CSQ' } : { kind: 'line', t, dir: 'rx', text: `+CSQ: ${10 + (i % 21)},99`, role: 'info' };
    await write(`${JSON.stringify({ type: 'at-traffic', t, event })}\n`);
  }
  for (const event of tail) await write(`${JSON.stringify(event)}\n`);
  out.end();
  await once(out, 'close');
  const report = buildReport([...head, ...tail]);
  await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, 'report.html'), renderReportHtml(report, 'en'));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-bundle-large-'));
  runDir = join(work, 'runs', 'large-run');
  await mkdir(runDir, { recursive: true });
  await writeLargeRun(runDir);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a 1,000,000-line session log', () => {
  it(`is bundled and replayed with a ${HEAP_MB} MB heap, deflated to a fraction of its size`, async () => {
    expect(sessionBytes).toBeGreaterThan(HEAP_MB * 1024 * 1024 * 0.5);
    const zip = join(work, 'large.zip');
    const made = await fieldlink(['bundle', runDir, '--out', zip]);
    expect(made.code, made.stderr).toBe(EXIT.ok);
    const { size } = await stat(zip);
    expect(size).toBeLessThan(sessionBytes / 10);

    const replay = await fieldlink(['replay', zip, '--json']);
    expect(replay.code, replay.stderr).toBe(EXIT.ok);
    const summary = JSON.parse(replay.stdout) as { verified: boolean; counts: { events: number }; failure: { code: string; moduleSaid: string } };
    expect(summary.verified).toBe(true);
    expect(summary.counts.events).toBe(LINES);
    expect(summary.failure).toMatchObject({ code: 'MQTT_REFUSED', moduleSaid: '+QMTCONN: 0,0,5' });
  }, 300_000);
});
