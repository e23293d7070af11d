/**
 * `fieldlink run --fota ask` on a real terminal: the CLI runs inside a PTY made by util-linux
 * `script`, shows the live step list, asks the FOTA yes/no question for each target and acts on
 * the typed answer ("y" installs main, "n" declines sub). Exit code and report.json tell the result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROMPT = '[y/N]';
const children = new Set<ChildProcess>();
let out: string;

const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');
const count = (text: string, part: string) => text.split(part).length - 1;

async function waitUntil(check: () => boolean, what: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; got ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'fl-e2e-tty-'));
});
afterEach(() => {
  for (const child of children) if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});
afterAll(async () => rm(out, { recursive: true, force: true }));

describe('fieldlink run on a terminal', () => {
  it('asks the FOTA question per target and follows the typed answer (y installs main, n declines sub)', async () => {
    const command = `'${process.execPath}' bin/fieldlink.mjs run --port sim: --fota ask --out '${out}'`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FIELDLINK_SIM_FAST: '1', TERM: 'xterm' } });
    children.add(child);
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

    await waitUntil(() => count(plain(screen), PROMPT) >= 1, () => plain(screen).slice(-800));
    expect(plain(screen)).toMatch(/Install main firmware 1\.4\.0 \(now 1\.3\.0, 256 KiB\)\?/);
    child.stdin.write('y\r');
    await waitUntil(() => count(plain(screen), PROMPT) >= 2, () => plain(screen).slice(-800));
    expect(plain(screen)).toMatch(/Install sub firmware 1\.1\.2 \(now 1\.1\.1, 64 KiB\)\?/);
    child.stdin.write('n\r');

    expect(await exited).toBe(EXIT.ok);
    const text = plain(screen);
    expect(text).toContain('✔ Main firmware update');
    expect(text).toMatch(/– Sub firmware update .*update declined/);
    expect(text).toMatch(/^PASSED TMS2_\d{15}$/m);
    const reportPath = /json:\s+(\S+report\.json)/.exec(text)?.[1];
    expect(reportPath).toBeDefined();
    const report = JSON.parse(await readFile(reportPath ?? '', 'utf8')) as { steps: Array<{ id: string; status: string }> };
    expect(report.steps.find((step) => step.id === 'fota-main')?.status).toBe('passed');
    expect(report.steps.find((step) => step.id === 'fota-sub')?.status).toBe('skipped');
  }, 180_000);
});
