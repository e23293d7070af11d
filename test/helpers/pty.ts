/**
 * A real pseudo-terminal pair from socat: bytes written to one end come out of the other, like a
 * null-modem cable. `kill()` ends socat, which to both ends looks like a pulled cable (S1).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Path of one end (a symlink to /dev/pts/N). */
  a: string;
  /** Path of the other end. */
  b: string;
  pid: number;
  /** Ends socat (idempotent) and waits for it to exit. */
  kill(): Promise<void>;
  /** Kills socat and removes the temp dir. */
  dispose(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

export async function createPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'fieldlink-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socat did not start within ${READY_TIMEOUT_MS} ms:\n${log}`)), READY_TIMEOUT_MS);
    const check = () => {
      if (/starting data transfer loop/.test(log) && existsSync(a) && existsSync(b)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      check();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited early (${code}):\n${log}`));
    });
  });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
  };
  try {
    await ready;
  } catch (error) {
    await kill();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    a,
    b,
    pid: child.pid ?? -1,
    kill,
    dispose: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Anything that delivers bytes through `onData` (a Transport). */
interface ByteSource {
  onData(listener: (chunk: Buffer) => void): () => void;
}

/** Collects everything a transport receives and lets a test wait until enough has arrived. */
export class ByteSink {
  private chunks: Buffer[] = [];
  private waiters: Array<() => void> = [];
  readonly stop: () => void;

  constructor(source: ByteSource) {
    this.stop = source.onData((chunk) => {
      this.chunks.push(Buffer.from(chunk));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get text(): string {
    return this.bytes.toString('latin1');
  }

  clear(): void {
    this.chunks = [];
  }

  /** Resolves once `done(bytes)` holds; rejects after `timeoutMs` showing what did arrive. */
  async waitFor(done: (bytes: Buffer) => boolean, timeoutMs = 20_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.bytes)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for bytes; got ${JSON.stringify(this.text.slice(-200))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.bytes;
  }

  waitForLength(length: number, timeoutMs?: number): Promise<Buffer> {
    return this.waitFor((bytes) => bytes.length >= length, timeoutMs);
  }

  waitForText(text: string, timeoutMs?: number): Promise<Buffer> {
    return this.waitFor((bytes) => bytes.toString('latin1').includes(text), timeoutMs);
  }
}
