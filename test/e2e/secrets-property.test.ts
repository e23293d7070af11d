/**
 * K1/K2 as a property: for random MQTT passwords (quotes, commas, backslashes, unicode, 1–64
 * characters; seeded, so a failure is reproducible) and the device's random private key, a real
 * `fieldlink run` against the demo cloud and a virtual device never lets the secret into stdout,
 * session.jsonl, report.json, report.html or any other file of the run folder. A password of at
 * least MIN_FREE_SECRET_LENGTH characters must appear nowhere; a shorter one is masked where it
 * stands (command arguments, JSON fields, quoted values) and the run warns that it is short.
 * Passwords an AT command cannot carry make the run fail at server info: the document with the
 * password then crossed the module, which is exactly the leak this guards against.
 * A handful of runs keeps it fast; the key the virtual device stores is checked to be 0600.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicesDir } from '../../electron/cloud/device-store.ts';
import { MIN_FREE_SECRET_LENGTH } from '../../electron/engine/session/redaction.ts';
import { startDemoKit, type DemoKit } from '../../electron/demo/demo-kit.ts';
import { createVirtualDevice } from '../../electron/sim/device.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { DEFAULT_IMEI } from '../../electron/sim/options.ts';
import { exposeOnTcp } from '../../electron/sim/serve/tcp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 0x5eed_0009;

/** mulberry32: a small seeded generator, so every run of this test sees the same passwords. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASCII = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+-./:;<=>?@[]^_{|}~'];
const AWKWARD = ['"', ',', "'", '\\', ' ', '<', '&'];
const UNICODE = ['한', '글', 'é', 'ß', '€', '😀', 'ж'];

interface Case {
  what: string;
  length: number;
  pool: string[];
  must: string[];
}

/** A few shapes, each with random content: short with a comma, long with a quote, unicode, the longest, a carriable one. */
const CASES: Case[] = [
  { what: 'short, with a comma', length: 3, pool: ASCII, must: [','] },
  { what: 'one character', length: 1, pool: ASCII.filter((c) => /[a-z0-9]/i.test(c)), must: [] },
  { what: 'with a double quote and a backslash', length: 17, pool: [...ASCII, ...AWKWARD], must: ['"', '\\'] },
  { what: 'unicode', length: 20, pool: [...ASCII, ...UNICODE], must: ['한', '😀'] },
  { what: '64 characters with commas and spaces', length: 64, pool: [...ASCII, ',', ' '], must: [','] },
  { what: 'carriable by AT (no quote), 9 characters', length: 9, pool: [...ASCII, ','], must: [] },
];

function makePassword(random: () => number, c: Case): string {
  for (;;) {
    const chars = Array.from({ length: c.length - c.must.length }, () => c.pool[Math.floor(random() * c.pool.length)] ?? 'x');
    for (const m of c.must) chars.splice(Math.floor(random() * (chars.length + 1)), 0, m);
    const password = chars.join('');
    // The cloud trims its password file; a password it would change is not the one under test.
    if (password === password.trim() && [...password].length === c.length) return password;
  }
}

const escapeHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** Every way the password could be written in our outputs. */
function forms(password: string): string[] {
  return [...new Set([password, JSON.stringify(password).slice(1, -1), escapeHtml(password), Buffer.from(password, 'utf8').toString('latin1')])];
}

async function runFolderTexts(dir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const name of await readdir(dir, { recursive: true })) {
    const file = join(dir, name);
    if ((await stat(file)).isFile()) texts.set(name, await readFile(file, 'utf8'));
  }
  return texts;
}

function fieldlink(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/fieldlink.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

let work: string;
let kit: DemoKit;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-secrets-'));
  kit = await startDemoKit();
}, 60_000);
afterAll(async () => {
  await kit?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('K1/K2 property: a random password and a random key never leave a real run', () => {
  const random = seeded(SEED);
  const cases = CASES.map((c, i) => ({ ...c, i, password: makePassword(random, c) }));

  it.each(cases)('password $what (seed case $i)', async ({ i, password }) => {
    const imei = nthImei(DEFAULT_IMEI, 100 + i);
    const deviceId = `TMS2_${imei}`;
    const stateDir = join(work, `state-${i}`);
    const device = await createVirtualDevice({ fast: true, imei, stateDir });
    const tcp = await exposeOnTcp(device);
    const port = `tcp://127.0.0.1:${tcp.port}`;
    try {
      // The back office knows the device: its password is the one under test, its key is new and random.
      const deviceDir = join(devicesDir(kit.cloud.dataDir), deviceId);
      await mkdir(deviceDir, { recursive: true });
      await writeFile(join(deviceDir, 'password'), `${password}\n`, { mode: 0o600 });
      await kit.provision({ imei, deviceId }, port);
      const key = await readFile(join(deviceDir, 'client.key'), 'utf8');
      const keyLines = key.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
      expect(keyLines.length).toBeGreaterThan(0);

      const perDevice = join(devicesDir(kit.cloud.dataDir), '{deviceId}');
      const profileFile = join(work, `profile-${i}.json`);
      await writeFile(profileFile, JSON.stringify({ name: 'k1', serverInfoUrl: kit.cloud.serverInfoUrlTemplate, tls: { caCert: kit.cloud.caPath, clientCert: join(perDevice, 'client.pem'), clientKey: join(perDevice, 'client.key') } }));
      const out = join(work, `runs-${i}`);
      const cli = await fieldlink(['run', '--port', port, '--profile', profileFile, '--fota', 'never', '--json', '--out', out]);

      const runs = await readdir(out);
      expect(runs).toHaveLength(1);
      const files = await runFolderTexts(join(out, runs[0] ?? ''));
      expect([...files.keys()]).toEqual(expect.arrayContaining(['session.jsonl', 'report.json', 'report.html']));
      const outputs = new Map([['stdout', cli.stdout], ['stderr', cli.stderr], ...files]);
      const session = files.get('session.jsonl') ?? '';
      // The run got far enough to carry the password: the server-info document crossed the module.
      expect(session).toContain('"step":"server-info"');

      const short = [...password].length < MIN_FREE_SECRET_LENGTH;
      for (const [name, text] of outputs) {
        for (const line of keyLines) expect(text.includes(line), `a key line in ${name}`).toBe(false);
        for (const form of forms(password)) {
          if (short) {
            for (const quoted of [`"${form}"`, `\\"${form}\\"`, `&quot;${form}&quot;`]) expect(text.includes(quoted), `${JSON.stringify(quoted)} in ${name}`).toBe(false);
          } else {
            expect(text.includes(form), `${JSON.stringify(form)} in ${name}`).toBe(false);
          }
        }
      }
      const carriable = /^[\x20\x21\x23-\x7e]+$/.test(password);
      if (carriable) {
        expect(cli.code).toBe(0); // the broker took the password: it really was used
        expect(session).toMatch(/AT\+QMTCONN=0,\\"[^"\\]+\\",\\"[^"\\]+\\",\\"\[REDACTED\]\\"/);
        // The key the virtual device stored is the user's alone.
        const ufs = join(stateDir, imei, 'ufs');
        for (const name of await readdir(ufs)) expect((await stat(join(ufs, name))).mode & 0o777, name).toBe(0o600);
      } else {
        expect(cli.code).not.toBe(0);
      }
      if (short && carriable) expect(session).toContain('"code":"progress.shortMqttPassword"'); // the warning, as a catalogue code
    } finally {
      await tcp.close();
      await device.close();
    }
  }, 180_000);
});
