/**
 * A private PostgreSQL 15 cluster for a test: a temp folder owned by `postgres`, `initdb` with a
 * password (scram), the server on an ephemeral 127.0.0.1 port with its socket in a private folder.
 * Started and stopped by the test, by PID (the postmaster's, from postmaster.pid).
 *
 *   const pg = await startPostgres();
 *   await openResultsStore({ url: pg.url, outboxPath });
 *   await pg.kill();      // SIGKILL the postmaster (and its backends): a server crash
 *   await pg.restart();   // same data folder, same port
 *   await pg.stop();      // in afterAll; removes the folder
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PG_BIN = process.env.FIELDLINK_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';

export function postgresInstalled(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

export interface TestPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`. */
  url: string;
  /** A URL for another database of the same cluster (see createDatabase). */
  urlFor(database: string): string;
  port: number;
  password: string;
  /** The postmaster's PID while it runs. */
  pid(): number | undefined;
  createDatabase(name: string): Promise<string>;
  /** A fast shutdown (SIGINT to the postmaster), then the folder is removed. */
  stop(): Promise<void>;
  /** SIGKILL the postmaster and its backends, as a crash of the server would. */
  kill(): Promise<void>;
  /** Starts the server again on the same folder and port (after kill or a stop without removal). */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function uidGid(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${PG_USER}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`no ${PG_USER} user (apt install postgresql)`);
  return { uid: Number(uid), gid: Number(gid) };
}

function asPostgres(binary: string, args: string[]) {
  return run('runuser', ['-u', PG_USER, '--', join(PG_BIN, binary), ...args], { timeout: 60_000 });
}

function readPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs whose parent is `pid` (the postmaster's backends), from /proc. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.filter(alive).join(', ')} did not exit`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!postgresInstalled()) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (apt install postgresql)`);
  const { uid, gid } = uidGid();
  const root = mkdtempSync(join(tmpdir(), 'fieldlink-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const password = `pw-${Math.random().toString(36).slice(2, 12)}`;
  mkdirSync(socketDir);
  writeFileSync(join(root, 'pwfile'), `${password}\n`, { mode: 0o600 });
  for (const path of [root, socketDir, join(root, 'pwfile')]) chownSync(path, uid, gid);
  await asPostgres('initdb', ['-D', dataDir, '-U', PG_USER, '-A', 'scram-sha-256', `--pwfile=${join(root, 'pwfile')}`, '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50`;

  const start = async () => {
    let lastError: unknown;
    // After a kill, the old backends may take a moment to leave shared memory: try again.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await asPostgres('pg_ctl', ['start', '-w', '-t', '30', '-D', dataDir, '-l', join(root, 'server.log'), '-o', options]);
        return;
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    const log = existsSync(join(root, 'server.log')) ? readFileSync(join(root, 'server.log'), 'utf8').slice(-2000) : '';
    throw new Error(`postgres did not start: ${(lastError as Error).message}\n${log}`);
  };
  await start();

  const url = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const urlFor = (database: string) => `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  let removed = false;

  const kill = async () => {
    const pid = readPid(dataDir);
    if (pid === undefined || !alive(pid)) return;
    const backends = childrenOf(pid);
    process.kill(pid, 'SIGKILL');
    for (const child of backends) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitGone([pid, ...backends], 10_000);
  };

  return {
    url,
    urlFor,
    port,
    password,
    pid: () => {
      const pid = readPid(dataDir);
      return pid !== undefined && alive(pid) ? pid : undefined;
    },
    createDatabase: async (name: string) => {
      await run(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, name], { env: { ...process.env, PGPASSWORD: password }, timeout: 30_000 });
      return urlFor(name);
    },
    kill,
    restart: start,
    stop: async () => {
      if (removed) return;
      const pid = readPid(dataDir);
      if (pid !== undefined && alive(pid)) {
        const backends = childrenOf(pid);
        process.kill(pid, 'SIGINT'); // fast shutdown
        try {
          await waitGone([pid], 20_000);
        } catch {
          await kill();
        }
        await waitGone(backends, 10_000).catch(() => undefined);
      }
      removed = true;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
