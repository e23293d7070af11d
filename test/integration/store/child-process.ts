/**
 * Spawning store-child.ts (through tsx) and reading its lines, for the tests with two processes.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const CHILD = fileURLToPath(new URL('./store-child.ts', import.meta.url));

export interface StoreChild {
  child: ChildProcess;
  pid: number;
  lines: string[];
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<void>;
}

export function spawnStoreChild(args: string[], env: Record<string, string> = {}): StoreChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  if (child.pid === undefined) throw new Error('store child could not be spawned');
  const lines: string[] = [];
  const stderr: string[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    pid: child.pid,
    lines,
    exited,
    waitForLine: async (predicate, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find(predicate);
        if (found !== undefined) return found;
        if (done) throw new Error(`store child exited without the line; stderr: ${stderr.join('').slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`store child: timed out; lines ${JSON.stringify(lines)}; stderr: ${stderr.join('').slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** Stops a child by its PID (SIGKILL: these children hold nothing to clean up) and waits for it. */
export async function killChild(c: StoreChild): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  try {
    process.kill(c.pid, 'SIGKILL');
  } catch {
    return;
  }
  await c.exited;
}

/**
 * Two child processes on one store; for each round both get `go` for the same IMEI at once (two
 * writes, no wait between them) and exactly one may proceed; the other is refused as in progress.
 */
export async function expectOneClaimWins(url: string, track: StoreChild[], rounds: number, env: Record<string, string> = {}): Promise<void> {
  const pair = [spawnStoreChild([url, 'claim', 'refuse'], env), spawnStoreChild([url, 'claim', 'refuse'], env)];
  track.push(...pair);
  await Promise.all(pair.map((c) => c.waitForLine((l) => l === 'ready')));
  for (let round = 0; round < rounds; round++) {
    const imei = `35000000${String(process.pid % 1000).padStart(3, '0')}${String(round).padStart(4, '0')}`;
    pair.forEach((c, i) => c.child.stdin?.write(`go ${imei} race-${round}-${i}\n`));
    const results = await Promise.all(
      pair.map(async (c) => JSON.parse((await c.waitForLine((l) => l.startsWith(`${imei} `))).slice(imei.length + 1)) as { decision: string; reason?: string }),
    );
    expect(results.filter((r) => r.decision === 'proceed'), `round ${round}`).toHaveLength(1);
    expect(results.filter((r) => r.decision === 'refused' && r.reason === 'in-progress-elsewhere'), `round ${round}`).toHaveLength(1);
  }
  for (const c of pair) c.child.stdin?.end();
  await Promise.all(pair.map((c) => c.exited));
  for (const c of pair) expect(c.child.exitCode).toBe(0);
}
