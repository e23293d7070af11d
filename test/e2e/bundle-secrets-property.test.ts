/**
 * K2 as a property for support bundles (seeded, so a failure is reproducible):
 * - real runs with a random MQTT password and the device's random private key, against the demo
 *   cloud and a virtual device over TCP, with a profile file naming the key: `fieldlink bundle`
 *   writes the bundle (a clean run is never refused), and no file in it holds the password or a
 *   line of the key; the certificate facts are read from the files, the key path is kept;
 * - random secrets planted in a copy of such a run folder (a password field, PEM private keys of
 *   every kind, a header-less key body, a line of the run's own key): no bundle is written, the
 *   file and the kind are named, and the secret appears in no output.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { devicesDir } from '../../electron/cloud/device-store.ts';
import { startDemoKit, type DemoKit } from '../../electron/demo/demo-kit.ts';
import { createVirtualDevice } from '../../electron/sim/device.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { DEFAULT_IMEI } from '../../electron/sim/options.ts';
import { exposeOnTcp } from '../../electron/sim/serve/tcp.ts';
import { formatMessage } from '../../shared/messages/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 0x5eed_0014;

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
const random = seeded(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const CARRIABLE = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+-./:;<=>?@[]^_{|}~,'];
const password = (length: number) => Array.from({ length }, () => pick(CARRIABLE)).join('');

function fieldlink(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/fieldlink.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const zipFiles = (file: string) => execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
const zipText = (file: string, name: string) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const keyLines = (pem: string) => pem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));

/** Private keys of every kind the scan must know. */
function randomKeyPem(): { what: string; pem: string } {
  const kind = pick(['rsa-pkcs1', 'rsa-pkcs8', 'ec-sec1', 'ec-pkcs8', 'ed25519', 'encrypted-pkcs8'] as const);
  if (kind.startsWith('rsa')) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    return { what: kind, pem: privateKey.export({ type: kind === 'rsa-pkcs1' ? 'pkcs1' : 'pkcs8', format: 'pem' }).toString() };
  }
  if (kind === 'ed25519') return { what: kind, pem: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (kind === 'encrypted-pkcs8') return { what: kind, pem: privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password(12) }).toString() };
  return { what: kind, pem: privateKey.export({ type: kind === 'ec-sec1' ? 'sec1' : 'pkcs8', format: 'pem' }).toString() };
}

interface CleanRun {
  runDir: string;
  password: string;
  key: string;
  keyFile: string;
}

let work: string;
let kit: DemoKit;
const clean: CleanRun[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-bundle-secrets-'));
  kit = await startDemoKit();
  for (let i = 0; i < 2; i += 1) {
    const imei = nthImei(DEFAULT_IMEI, 140 + i);
    const deviceId = `TMS2_${imei}`;
    const device = await createVirtualDevice({ fast: true, imei, stateDir: join(work, `state-${i}`) });
    const tcp = await exposeOnTcp(device);
    const port = `tcp://127.0.0.1:${tcp.port}`;
    try {
      const secret = password(10 + Math.floor(random() * 40));
      const deviceDir = join(devicesDir(kit.cloud.dataDir), deviceId);
      await mkdir(deviceDir, { recursive: true });
      await writeFile(join(deviceDir, 'password'), `${secret}\n`, { mode: 0o600 });
      await kit.provision({ imei, deviceId }, port);
      const perDevice = join(devicesDir(kit.cloud.dataDir), '{deviceId}');
      const profileFile = join(work, `profile-${i}.json`);
      await writeFile(profileFile, JSON.stringify({ name: `k2-${i}`, serverInfoUrl: kit.cloud.serverInfoUrlTemplate, tls: { caCert: kit.cloud.caPath, clientCert: join(perDevice, 'client.pem'), clientKey: join(perDevice, 'client.key') } }));
      const out = join(work, `runs-${i}`);
      // The broker refuses nothing here: the password really crossed the module (QMTCONN) and the key was uploaded.
      const run = await fieldlink(['run', '--port', port, '--profile', profileFile, '--fota', 'never', '--json', '--out', out]);
      expect(run.code, run.stderr).toBe(EXIT.ok);
      const [name] = await readdir(out);
      clean.push({ runDir: join(out, name ?? ''), password: secret, key: await readFile(join(deviceDir, 'client.key'), 'utf8'), keyFile: join(deviceDir, 'client.key') });
    } finally {
      await tcp.close();
      await device.close();
    }
  }
}, 240_000);

afterAll(async () => {
  await kit?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('K2 property: a bundle never carries the run\'s password or key', () => {
  it('clean runs with random passwords and keys: bundled, and no file of the zip holds either', async () => {
    for (const [i, run] of clean.entries()) {
      const out = join(work, `clean-${i}.zip`);
      const made = await fieldlink(['bundle', run.runDir, '--out', out]);
      expect(made.code, made.stderr).toBe(EXIT.ok);
      for (const name of zipFiles(out)) {
        const text = zipText(out, name);
        expect(text.includes(run.password), `password in ${name}`).toBe(false);
        expect(text.includes(JSON.stringify(run.password).slice(1, -1)), `JSON password in ${name}`).toBe(false);
        for (const line of keyLines(run.key)) expect(text.includes(line), `a key line in ${name}`).toBe(false);
        expect(text).not.toMatch(/PRIVATE KEY/);
      }
      const certificates = JSON.parse(zipText(out, 'certificates.json')) as { certificates: { role: string; subject: string | null; source: string }[] };
      expect(certificates.certificates.find((c) => c.role === 'clientCert')).toMatchObject({ source: 'file', subject: expect.stringContaining('TMS2_') });
      const profile = JSON.parse(zipText(out, 'profile.json')) as { profile: { tls: { clientKey: string }; clientKeyFile: string } };
      expect(profile.profile.tls.clientKey).toBe('[REDACTED]');
      expect(profile.profile.clientKeyFile).toBe(run.keyFile);
    }
  }, 120_000);

  const plants = Array.from({ length: 5 }, (_, i) => {
    const which = (['password-field', 'pem', 'key-body', 'run-key-line', 'pem'] as const)[i] ?? 'pem';
    const key = randomKeyPem();
    const file = pick(['session.jsonl', 'report.json', 'report.html'] as const);
    return { i, which, key, file, secret: password(12 + Math.floor(random() * 20)) };
  });

  it.each(plants)('planted $which ($key.what) in $file (case $i): refused, named, never shown', async ({ i, which, key, file, secret }) => {
    const run = clean[i % clean.length];
    if (!run) throw new Error('no clean run');
    const folder = join(work, `planted-${i}`, 'run');
    await cp(run.runDir, folder, { recursive: true });
    const body = key.pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    const ownLine = keyLines(run.key)[1] ?? '';
    const planted = { 'password-field': `{"password":"${secret}"}`, pem: key.pem, 'key-body': body, 'run-key-line': ownLine }[which];
    const kind = { 'password-field': 'secret-field', pem: 'pem-private-key', 'key-body': 'private-key-body', 'run-key-line': 'registered-secret' }[which];
    const original = await readFile(join(folder, file), 'utf8');
    await writeFile(join(folder, file), file === 'session.jsonl' ? `${original}${JSON.stringify({ note: planted })}\n` : `${original}\n${planted}\n`);
    const out = join(work, `planted-${i}.zip`);
    const made = await fieldlink(['bundle', folder, '--out', out]);
    expect(made.code).toBe(EXIT.failed);
    expect(made.stderr).toContain(formatMessage('en', 'bundle.refused', { file, kind: { key: `bundle.secretKind.${kind}` as 'bundle.secretKind.pem-private-key' } }));
    for (const line of [...keyLines(key.pem), secret, ownLine]) expect(made.stderr + made.stdout).not.toContain(line);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(work)).filter((n) => n.includes('.partial'))).toEqual([]);
  }, 60_000);
});
