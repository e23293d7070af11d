/**
 * A virtual device on a pseudo-terminal: `socat pty,raw,echo=0,link=PATH -` owns the PTY and
 * bridges it to its stdio, which becomes the device's cable, so any serial tool can open PATH.
 * Closing the PTY from the host side keeps socat (and the device) running. When socat ends (closed
 * here, killed, or its stdin ended because the device pulled its cable) the PTY closes under any
 * program that has it open and socat removes the link: the port is gone, as a pulled USB cable.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Duplex, type Readable, type Writable } from 'node:stream';
import type { VirtualDevice } from '../device.ts';
import { SimError } from '../errors.ts';

const READY_TIMEOUT_MS = 15_000;

export interface PtyExposure {
  path: string;
  /** PID of the socat process. */
  pid: number;
  /** Settles when socat has exited, for whatever reason (close(), a signal, the device's cable pulled). */
  exited: Promise<void>;
  close(): Promise<void>;
}

type Socat = ChildProcessByStdio<Writable, Readable, Readable>;

function waitReady(child: Socat, path: string): Promise<void> {
  let log = '';
  return new Promise((resolve, reject) => {
    const fail = (message: string, cause?: unknown) => {
      clearTimeout(timer);
      reject(new SimError('socat', `${message}\n${log}`, { cause }));
    };
    const timer = setTimeout(() => fail(`socat did not create ${path} within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/starting data transfer loop/.test(log) && existsSync(path)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error) => fail(`cannot run socat: ${error.message}`, error));
    child.once('exit', (code) => fail(`socat exited (${code}) before ${path} was ready`));
  });
}

export interface PtyOptions {
  /**
   * Attach the device only once this settles (e.g. `device.whenReady()`): a PTY keeps what is
   * written while no program has it open and would hand stale boot URCs to the first reader.
   */
  attachAfter?: Promise<unknown>;
}

export async function exposeOnPty(device: VirtualDevice, path: string, options: PtyOptions = {}): Promise<PtyExposure> {
  const child: Socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${path}`, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitReady(child, path);
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    throw error;
  }
  child.stdin.on('error', () => undefined);
  await options.attachAfter;
  device.attach(Duplex.from({ readable: child.stdout, writable: child.stdin }));
  return {
    path,
    pid: child.pid ?? -1,
    exited,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
