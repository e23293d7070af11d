/**
 * The real `fieldlink` CLI as a child process, for e2e tests: output collected as it arrives, the
 * exit code as a promise, and every child still running killed in one call (afterEach/afterAll).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const FIELDLINK_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** An English locale unless a test says otherwise, so the output language does not depend on the machine. */
export const ENGLISH_LOCALE = { LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8' };

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** `pipe` to type into the CLI (child.stdin); default `ignore`. */
  stdin?: 'pipe' | 'ignore';
}

const children = new Set<ChildProcess>();

export function spawnFieldlink(args: readonly string[], options: SpawnOptions = {}): CliProcess {
  const child = spawn(process.execPath, ['bin/fieldlink.mjs', ...args], {
    cwd: FIELDLINK_ROOT,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** SIGKILLs every CLI child of this test file that is still running. */
export function killFieldlinkProcesses(): void {
  for (const child of children) if (child.pid) process.kill(child.pid, 'SIGKILL');
}

/** Polls a condition (no fixed sleeps in tests); rejects after the timeout with what was seen. */
export async function waitUntil(check: () => boolean, what: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; got ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
