/**
 * A real Mosquitto process for the cloud: writes mosquitto.conf (TLS listener on 127.0.0.1 with
 * require_certificate, password_file, acl_file), spawns `mosquitto -c`, waits until it accepts a
 * TLS connection, reloads users with SIGHUP, and stops it by PID.
 *
 * Passwords are hashed with `mosquitto_passwd -U` over a 0600 plain file, so they never appear in a
 * process list (the `-b` form would put them on the command line).
 */
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { CloudError } from './errors.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE, writeFileWithMode } from './files.ts';
import { buildAcl, buildMosquittoConf, buildPlainPasswordFile, mosquittoFiles } from './mosquitto-config.ts';
import type { MosquittoFiles, PasswordEntry } from './mosquitto-config.ts';

const execFileAsync = promisify(execFile);

export const MOSQUITTO_TIMING = {
  startTimeoutMs: 20_000,
  pollIntervalMs: 100,
  probeTimeoutMs: 2_000,
  stopTimeoutMs: 5_000,
  /** Attempts with a fresh free port when the auto-picked one was taken meanwhile. */
  portAttempts: 3,
  logTailLines: 40,
} as const;

/** Debian puts mosquitto in /usr/sbin, which a normal user's PATH often lacks. */
const EXTRA_BIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/bin', '/usr/local/bin'];

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...EXTRA_BIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function mosquittoInstalled(): boolean {
  return findExecutable('mosquitto') !== undefined && findExecutable('mosquitto_passwd') !== undefined;
}

export interface MosquittoTlsClient {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface MosquittoProcessOptions {
  workDir: string;
  /** 0 = pick a free port. */
  port: number;
  tlsFiles: { caPath: string; certPath: string; keyPath: string };
  topicRoot: string;
  adminUsername: string;
  /** Everyone who may log in at start. */
  users: PasswordEntry[];
  /** A client certificate from the CA, used to check that the listener accepts TLS. */
  probeTls: MosquittoTlsClient;
}

export interface MosquittoProcess {
  pid: number;
  port: number;
  files: MosquittoFiles;
  /** Rewrites the password file with exactly these users and sends SIGHUP. */
  reload(users: PasswordEntry[]): Promise<void>;
  /** The last lines Mosquitto logged (no secrets: Mosquitto never logs passwords). */
  logTail(): string[];
  stop(): Promise<void>;
}

export async function startMosquitto(options: MosquittoProcessOptions): Promise<MosquittoProcess> {
  const mosquitto = findExecutable('mosquitto');
  const passwdTool = findExecutable('mosquitto_passwd');
  if (!mosquitto || !passwdTool) throw new CloudError('mosquitto-missing', 'mosquitto is not installed (apt install mosquitto mosquitto-clients)');
  await ensurePrivateDir(options.workDir);
  const files = mosquittoFiles(options.workDir);
  await writeFileWithMode(files.acl, buildAcl(options.topicRoot, options.adminUsername), PRIVATE_FILE_MODE);
  await writePasswordFile(passwdTool, files, options.users);

  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await findFreePort());
    try {
      return await launch(mosquitto, passwdTool, files, port, options);
    } catch (error) {
      const retry = options.port === 0 && attempt < MOSQUITTO_TIMING.portAttempts && error instanceof CloudError && /address already in use/i.test(error.message);
      if (!retry) throw error;
    }
  }
}

async function launch(mosquitto: string, passwdTool: string, files: MosquittoFiles, port: number, options: MosquittoProcessOptions): Promise<MosquittoProcess> {
  const conf = buildMosquittoConf({ port, files, tlsFiles: options.tlsFiles, runningAsRoot: process.getuid?.() === 0 });
  await writeFileWithMode(files.conf, conf, PRIVATE_FILE_MODE);
  const child = spawn(mosquitto, ['-c', files.conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = captureLog(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', () => undefined); // reported through 'exit' / the wait below
  const pid = child.pid;
  if (pid === undefined) throw new CloudError('mosquitto-start', 'mosquitto could not be spawned');
  try {
    await waitUntilAccepting(port, options.probeTls, exited, log);
  } catch (error) {
    await stopChild(child, pid, exited);
    throw error;
  }
  // A Node process that exits without stop() must not leave its broker behind (SIGKILL excepted).
  const killAtExit = () => signal(pid, 'SIGTERM');
  process.once('exit', killAtExit);
  let reloading = Promise.resolve();
  return {
    pid,
    port,
    files,
    logTail: () => [...log],
    reload: (users) => {
      reloading = reloading.then(async () => {
        await writePasswordFile(passwdTool, files, users);
        process.kill(pid, 'SIGHUP');
      });
      return reloading;
    },
    stop: async () => {
      process.off('exit', killAtExit);
      await stopChild(child, pid, exited);
    },
  };
}

async function writePasswordFile(passwdTool: string, files: MosquittoFiles, users: PasswordEntry[]): Promise<void> {
  const plain = `${files.passwd}.plain`;
  await writeFileWithMode(plain, buildPlainPasswordFile(users), PRIVATE_FILE_MODE);
  try {
    await execFileAsync(passwdTool, ['-U', plain]);
    await writeFileWithMode(files.passwd, await readFile(plain, 'utf8'), PRIVATE_FILE_MODE);
  } finally {
    await rm(plain, { force: true });
  }
}

function captureLog(child: ChildProcess): string[] {
  const tail: string[] = [];
  const push = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line.trimEnd());
      if (tail.length > MOSQUITTO_TIMING.logTailLines) tail.shift();
    }
  };
  child.stdout?.on('data', push);
  child.stderr?.on('data', push);
  return tail;
}

async function waitUntilAccepting(port: number, probe: MosquittoTlsClient, exited: Promise<number | null>, log: string[]): Promise<void> {
  const deadline = Date.now() + MOSQUITTO_TIMING.startTimeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new CloudError('mosquitto-start', `mosquitto exited (code ${exitCode}): ${log.slice(-5).join(' | ')}`);
    if (await acceptsTls(port, probe)) return;
    await new Promise((resolve) => setTimeout(resolve, MOSQUITTO_TIMING.pollIntervalMs));
  }
  throw new CloudError('mosquitto-start', `mosquitto did not accept TLS on 127.0.0.1:${port} within ${MOSQUITTO_TIMING.startTimeoutMs} ms: ${log.slice(-5).join(' | ')}`);
}

/** One TLS handshake with a client certificate; true when it completes. */
export function acceptsTls(port: number, probe: MosquittoTlsClient): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: probe.caPem, cert: probe.certPem, key: probe.keyPem, timeout: MOSQUITTO_TIMING.probeTimeoutMs });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('secureConnect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

async function stopChild(child: ChildProcess, pid: number, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signal(pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), MOSQUITTO_TIMING.stopTimeoutMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal(pid, 'SIGKILL');
    await exited;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
