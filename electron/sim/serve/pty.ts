/**
 * A virtual device on a pseudo-terminal: `socat pty,raw,echo=0,link=PATH -` owns the PTY and
 * bridges it to its stdio, which becomes the device's cable, so any serial tool can open PATH.
 * Closing the PTY from the host side keeps socat (and the device) running. When socat ends (closed
 * here, killed, or its stdin ended because the device pulled its cable) the PTY closes under any
 * program that has it open and socat removes the link: the port is gone, as a pulled USB cable.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
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

const TRANSFER_LOOP = /starting data transfer loop/;
const PTY_CREATED = /PTY is /;

/** Resolves once socat's log matches `ready` and the link at `path` exists. */
function waitReady(child: Socat, path: string, ready: RegExp): Promise<void> {
  let log = '';
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
    };
    const fail = (message: string, cause?: unknown) => {
      done();
      reject(new SimError('socat', `${message}\n${log}`, { cause }));
    };
    const check = () => {
      if (ready.test(log) && existsSync(path)) {
        done();
        resolve();
      }
    };
    const timer = setTimeout(() => fail(`socat did not create ${path} within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    // socat makes the link just after logging the PTY: look again until it is there.
    const poll = setInterval(check, 20);
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      check();
    });
    child.once('error', (error) => fail(`cannot run socat: ${error.message}`, error));
    child.once('exit', (code) => fail(`socat exited (${code}) before ${path} was ready`));
  });
}

/** Resolves when socat starts moving bytes (with `wait-slave`: when a program first opens the PTY). */
function transferStarted(child: Socat): Promise<void> {
  let log = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (TRANSFER_LOOP.test(log)) {
        child.stderr.off('data', onData);
        resolve();
      }
    };
    child.stderr.on('data', onData);
  });
}

export interface PtyOptions {
  /**
   * Attach the device only once this settles (e.g. `device.whenReady()`): a PTY keeps what is
   * written while no program has it open and would hand stale boot URCs to the first reader.
   */
  attachAfter?: Promise<unknown>;
  /**
   * socat's `wait-slave`: the path appears at once, but the device is attached (and so powered
   * on, if it was off) only when a program first opens the PTY, so that program reads the boot
   * URCs live (serialport discards what waited in the PTY when it opens a port).
   */
  attachOnFirstOpen?: boolean;
}

/**
 * With `wait-slave`, socat closes its own handle on the PTY's slave side, so the first program
 * that closes the port would end socat (EIO on the master: "PTY closed") and the path would go as
 * if the cable were pulled. Holding the slave open here once a program has opened it, as socat
 * does itself without `wait-slave`, keeps the unit plugged across closes and reopens (a station
 * closing the port after a run, a runner reopening it after a reboot). Released when socat ends.
 */
function holdSlave(path: string, exited: Promise<void>): void {
  open(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK)
    .then((handle) => exited.then(() => handle.close()))
    .catch(() => undefined);
}

export async function exposeOnPty(device: VirtualDevice, path: string, options: PtyOptions = {}): Promise<PtyExposure> {
  const waitSlave = options.attachOnFirstOpen === true;
  const child: Socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${path}${waitSlave ? ',wait-slave' : ''}`, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const transferring = transferStarted(child);
  try {
    await waitReady(child, path, waitSlave ? PTY_CREATED : TRANSFER_LOOP);
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    throw error;
  }
  child.stdin.on('error', () => undefined);
  const attach = () => device.attach(Duplex.from({ readable: child.stdout, writable: child.stdin }));
  if (waitSlave) {
    void Promise.race([transferring.then(() => true), exited.then(() => false)]).then((opened) => {
      // A device closed meanwhile (its slot swapped) stays detached; socat is being closed anyway.
      if (opened && child.exitCode === null && child.signalCode === null) {
        try {
          attach();
        } catch {
          child.kill('SIGTERM');
          return;
        }
        holdSlave(path, exited);
      }
    });
  } else {
    await options.attachAfter;
    attach();
  }
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
