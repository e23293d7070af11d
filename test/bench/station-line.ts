/**
 * One station run as a line runs it, for the station bench, three child processes:
 * - the cloud (`fieldlink cloud --ephemeral`, ports chosen by the system): on a line it is a remote
 *   server. Every unit is created in it (certificate, key, password) and given its mounting
 *   (RollInfo) through the admin API before the station starts, as a line's units are provisioned
 *   ahead;
 * - the virtual units (`fieldlink sim --pty PREFIX --count N`, real PTYs through socat: on a line
 *   the modules are other hardware);
 * - the station as users start it (`fieldlink station --ports … --profile FILE --once --json`),
 *   the profile pointing at that cloud (server-info URL, CA, each unit's certificate and key).
 *
 * What is taken, all from the children themselves:
 * - wall time: from the station's `running` event to the last unit's result (the events' own
 *   timestamps, so the process start-up and the reading of the pipe do not count);
 * - CPU of each process over that same window, from /proc/<pid>/stat (utime + stime) read when
 *   the `running` event arrives and again when the last result arrives (the station is still
 *   alive then; `--once` exits after it);
 * - the station's peak RSS (VmHWM in /proc/<pid>/status) at the last result;
 * - the station's event rate: events per second and the most in any 100 ms window (the back end
 *   hands the UI one batch every 100 ms, applied in one animation frame).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { devicesDir } from '../../electron/cloud/device-store.ts';
import { defaultMountingTilt } from '../../electron/sim/services/gsensor.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENGLISH = { LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8' };

export interface LineOptions {
  slots: number;
  /** `fieldlink sim --fast`: short module timings and no serial pacing (a CPU stress, not a line). */
  fast: boolean;
  baud: number;
}

export interface ProcessCpu {
  /** CPU (user + system) over the measured window, ms. */
  cpuMs: number;
}

export interface LineRun {
  slots: number;
  wallMs: number;
  passed: number;
  /** Failure codes of the units that did not pass, with how many (e.g. `AT_TIMEOUT×2`). */
  failures: string[];
  /** Units whose main and sub firmware updates both succeeded. */
  fotaBoth: number;
  station: ProcessCpu & { peakRssKiB: number };
  cloud: ProcessCpu;
  sim: ProcessCpu;
  /** Every socat of the line together (the PTYs; a real line has USB instead). */
  socat: ProcessCpu;
  events: number;
  /** Most station events in one 100 ms window. */
  peakEventsPer100ms: number;
  loadAverage: string;
}

/** The fields of the station's --json events the bench reads (the rest is passed over). */
const eventSchema = z.looseObject({
  type: z.string(),
  t: z.number(),
  state: z.string().optional(),
  cause: z.string().optional(),
  to: z.string().optional(),
  result: z.looseObject({ code: z.string().optional() }).optional(),
  slot: z.string().optional(),
  event: z.looseObject({ type: z.string(), target: z.string().optional(), ok: z.boolean().optional() }).optional(),
});
type BenchEvent = z.infer<typeof eventSchema>;

let clockTicks: number | undefined;
/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK; 100 on Linux). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

interface Stat {
  ppid: number;
  cpuMs: number;
}

async function readStat(pid: number): Promise<Stat | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { ppid: Number(fields[1]), cpuMs: (ticks * 1000) / ticksPerSecond() };
  } catch {
    return undefined;
  }
}

async function childrenOf(parent: number): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map(async (pid) => ({ pid, stat: await readStat(pid) })));
  return stats.filter((s) => s.stat?.ppid === parent).map((s) => s.pid);
}

async function peakRssKiB(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(text)?.[1] ?? Number.NaN);
}

/** CPU of a process and of a set of others, in ms. */
async function cpuOf(pids: readonly number[]): Promise<number> {
  const stats = await Promise.all(pids.map(readStat));
  return stats.reduce((sum, s) => sum + (s?.cpuMs ?? 0), 0);
}

interface Child {
  child: ChildProcess;
  pid: number;
  stderr: () => string;
  exited: Promise<number | null>;
  onLine(handler: (line: string) => void): void;
}

/**
 * `FIELDLINK_BENCH_STATION_PROFILE=DIR`: the station and the simulator write V8 CPU profiles
 * (`node --cpu-prof`) into DIR, to see where their time goes (open them in Chrome's DevTools).
 */
function nodeArgs(command: string): string[] {
  const dir = process.env.FIELDLINK_BENCH_STATION_PROFILE;
  return dir && (command === 'station' || command === 'sim') ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, command)}`] : [];
}

function fieldlink(args: string[]): Child {
  const child = spawn(process.execPath, [...nodeArgs(args[0] ?? ''), 'bin/fieldlink.mjs', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...ENGLISH } });
  if (child.pid === undefined) throw new Error(`fieldlink ${args[0] ?? ''} did not start`);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const handlers: Array<(line: string) => void> = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      for (const handler of handlers) handler(line);
      newline = buffer.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, pid: child.pid, stderr: () => stderr, exited, onLine: (handler) => handlers.push(handler) };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function countCodes(codes: string[]): string[] {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, n]) => (n > 1 ? `${code}×${n}` : code));
}

function loadAverage(): Promise<string> {
  return readFile('/proc/loadavg', 'utf8')
    .then((text) => text.split(' ').slice(0, 3).join(' '))
    .catch(() => '?');
}

interface CloudInfo {
  serverInfoUrl: string;
  caPath: string;
  dataDir: string;
  adminToken: string;
  adminOrigin: string;
}

/** The banner `fieldlink cloud` prints once it is up. */
function cloudInfoOf(banner: string): CloudInfo | undefined {
  const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)`, 'm').exec(banner)?.[1];
  const serverInfoUrl = field('server info');
  const caPath = field('CA');
  const dataDir = field('data dir');
  const adminToken = field('admin token');
  const adminOrigin = /Bearer <token> on (https:\/\/[^/\s]+)\/admin/.exec(banner)?.[1];
  if (!serverInfoUrl || !caPath || !dataDir || !adminToken || !adminOrigin) return undefined;
  return { serverInfoUrl, caPath, dataDir, adminToken, adminOrigin };
}

/** One admin call to the cloud (loopback, HTTPS with the cloud's CA, bearer token). */
async function admin(cloud: CloudInfo, ca: string, path: string, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  await new Promise<void>((resolve, reject) => {
    const req = request(
      `${cloud.adminOrigin}${path}`,
      { method: 'POST', ca, headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`cloud admin ${path}: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Creates each unit in the cloud with its mounting, and writes the station's profile for that cloud. */
async function provisionLine(cloud: CloudInfo, imeis: readonly string[], profileFile: string): Promise<void> {
  const ca = await readFile(cloud.caPath, 'utf8');
  for (const imei of imeis) {
    const deviceId = `TMS2_${imei}`;
    await admin(cloud, ca, '/admin/devices', { deviceId });
    await admin(cloud, ca, '/admin/roll', { deviceId, ...defaultMountingTilt(imei) });
  }
  const perDevice = join(devicesDir(cloud.dataDir), '{deviceId}');
  const profile = { name: 'bench-line', serverInfoUrl: cloud.serverInfoUrl, tls: { caCert: cloud.caPath, clientCert: join(perDevice, 'client.pem'), clientKey: join(perDevice, 'client.key') } };
  await writeFile(profileFile, `${JSON.stringify(profile, null, 2)}\n`);
}

/** Runs one station over a line of `slots` virtual units; every process it starts is stopped by PID. */
export async function runLine(options: LineOptions): Promise<LineRun> {
  const dir = await mkdtemp(join(tmpdir(), 'fieldlink-bench-line-'));
  const prefix = join(dir, 'tty');
  const ports = options.slots === 1 ? [prefix] : Array.from({ length: options.slots }, (_, i) => `${prefix}${i}`);
  let cloud: Child | undefined;
  let sim: Child | undefined;
  let station: Child | undefined;
  try {
    cloud = fieldlink(['cloud', '--ephemeral', '--http-port', '0', '--mqtt-port', '0']);
    const cloudChild = cloud;
    let banner = '';
    const cloudInfo = await within(
      new Promise<CloudInfo>((resolve, reject) => {
        cloudChild.onLine((line) => {
          banner += `${line}\n`;
          const info = cloudInfoOf(banner);
          if (info && line.startsWith('Live DDTM traffic')) resolve(info);
        });
        void cloudChild.exited.then((code) => reject(new Error(`fieldlink cloud exited (${code}): ${cloudChild.stderr()}`)));
      }),
      120_000,
      'fieldlink cloud',
    );
    sim = fieldlink(['sim', '--count', String(options.slots), '--pty', prefix, '--state-dir', join(dir, 'state'), '--baud', String(options.baud), ...(options.fast ? ['--fast'] : [])]);
    const simChild = sim;
    const imeis: string[] = [];
    await within(
      new Promise<void>((resolve, reject) => {
        simChild.onLine((line) => {
          const unit = /^(\d{15}) /.exec(line);
          if (unit?.[1]) imeis.push(unit[1]);
          if (line.startsWith('ready:')) resolve();
        });
        void simChild.exited.then((code) => reject(new Error(`fieldlink sim exited (${code}): ${simChild.stderr()}`)));
      }),
      120_000,
      'fieldlink sim',
    );
    const socats = await childrenOf(sim.pid);
    const profileFile = join(dir, 'profile.json');
    await provisionLine(cloudInfo, imeis, profileFile);

    station = fieldlink(['station', '--ports', ports.join(','), '--profile', profileFile, '--once', '--json', '--baud', String(options.baud), '--out', join(dir, 'out'), '--db', `sqlite:${join(dir, 'results.sqlite')}`, '--lang', 'en']);
    const stationChild = station;
    const events: BenchEvent[] = [];
    let startCpu: Promise<number[]> | undefined;
    const result = await within(
      new Promise<{ end: BenchEvent; cpu: number[]; peakRssKiB: number }>((resolve, reject) => {
        let finished = 0;
        stationChild.onLine((line) => {
          const parsed = eventSchema.safeParse(JSON.parse(line));
          if (!parsed.success) return;
          const event = parsed.data;
          events.push(event);
          if (event.type === 'station-state' && event.state === 'running' && !startCpu) startCpu = Promise.all([cpuOf([stationChild.pid]), cpuOf([simChild.pid]), cpuOf(socats), cpuOf([cloudChild.pid])]);
          if (event.type === 'slot-state' && event.cause === 'run-finished' && ++finished === options.slots) {
            void Promise.all([cpuOf([stationChild.pid]), cpuOf([simChild.pid]), cpuOf(socats), cpuOf([cloudChild.pid]), peakRssKiB(stationChild.pid)]).then(([s, v, x, c, rss]) => resolve({ end: event, cpu: [s, v, x, c], peakRssKiB: rss }));
          }
        });
        void stationChild.exited.then((code) => reject(new Error(`fieldlink station exited (${code}) before every unit ended: ${stationChild.stderr().slice(-2000)}`)));
      }),
      600_000,
      'fieldlink station',
    );
    const before = (await startCpu) ?? [0, 0, 0, 0];
    await within(station.exited, 60_000, 'fieldlink station exit');
    const started = events.find((e) => e.type === 'station-state' && e.state === 'running');
    const t0 = started?.t ?? result.end.t;
    const results = events.filter((e) => e.type === 'slot-state' && e.cause === 'run-finished');
    const fotaOk = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.type !== 'slot-run' || e.event?.type !== 'fota-result' || e.event.ok !== true || !e.slot) continue;
      const set = fotaOk.get(e.slot) ?? new Set<string>();
      set.add(e.event.target ?? '');
      fotaOk.set(e.slot, set);
    }
    const windows = new Map<number, number>();
    for (const e of events) windows.set(Math.floor((e.t - t0) / 100), (windows.get(Math.floor((e.t - t0) / 100)) ?? 0) + 1);
    const cpuAt = (i: number) => Math.max(0, (result.cpu[i] ?? 0) - (before[i] ?? 0));
    return {
      slots: options.slots,
      wallMs: result.end.t - t0,
      passed: results.filter((e) => e.to === 'passed').length,
      failures: countCodes(results.filter((e) => e.to !== 'passed').map((e) => e.result?.code ?? e.to ?? '?')),
      fotaBoth: [...fotaOk.values()].filter((set) => set.has('main') && set.has('sub')).length,
      station: { cpuMs: cpuAt(0), peakRssKiB: result.peakRssKiB },
      cloud: { cpuMs: cpuAt(3) },
      sim: { cpuMs: cpuAt(1) },
      socat: { cpuMs: cpuAt(2) },
      events: events.filter((e) => e.t >= t0 && e.t <= result.end.t).length,
      peakEventsPer100ms: Math.max(0, ...windows.values()),
      loadAverage: await loadAverage(),
    };
  } finally {
    for (const child of [station, sim, cloud]) {
      if (child && child.child.exitCode === null && child.child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM');
        await within(child.exited, 30_000, 'stopping a child').catch(() => process.kill(child.pid, 'SIGKILL'));
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
}
