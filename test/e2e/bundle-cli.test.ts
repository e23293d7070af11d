/**
 * Support bundles end to end (K2, K7): real failing runs of the virtual device (`fieldlink run -p
 * sim:<scenario> --profile demo`), `fieldlink bundle` of each, the zip's files checked with the
 * system's `unzip`, and `fieldlink replay` reproducing the failure code and its words in English
 * and Korean. A changed byte or a cut-off bundle is refused naming the file; a run folder with a
 * planted private key gives no bundle at all.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { failureText } from '../../shared/messages/failure-text.ts';
import { formatMessage } from '../../shared/messages/index.ts';
import type { StepFailure } from '../../shared/events.ts';
import { replayJson, replayLines, type ReplaySource } from '../../electron/cli/replay-format.ts';
import { openBundle } from '../../electron/support/bundle-reader.ts';
import { whatChanged } from '../../electron/support/what-changed.ts';

interface ReplaySummary {
  verified: boolean;
  failure: { code: string; step: string; words: { meaning: string; hint: string } };
}

async function replaySource(file: string): Promise<ReplaySource> {
  const bundle = await openBundle(file);
  return { bundle, session: bundle.session, changes: whatChanged(bundle.history?.records ?? null, bundle.manifest.runId) };
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENGLISH_LOCALE = { LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8' };

/**
 * Where there is no results store (no FIELDLINK_DB, a HOME without one): these bundles have no
 * history. The runs themselves are recorded in the test's store (FIELDLINK_DB of the test setup).
 */
const NO_STORE = (): NodeJS.ProcessEnv => ({ FIELDLINK_DB: '', HOME: join(work, 'home-without-store') });

function fieldlink(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/fieldlink.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...ENGLISH_LOCALE, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** The zip's file names as the system's unzip lists them (an independent reader). */
function zipNames(file: string): string[] {
  return execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
}
function zipText(file: string, name: string): string {
  return execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

interface Scenario {
  scenario: string;
  fota: 'never' | 'auto';
  code: string;
  step: string;
}

/** Failing scenarios: broker refusal (M-series), SIM missing, cable pulled while the image is applied (F5). */
const SCENARIOS: Scenario[] = [
  { scenario: 'qmtconn-refused-4', fota: 'never', code: 'MQTT_REFUSED', step: 'mqtt-connect' },
  { scenario: 'no-sim', fota: 'never', code: 'SIM_NOT_INSERTED', step: 'identify' },
  { scenario: 'cable-pull-at-fota', fota: 'auto', code: 'FOTA_INTERRUPTED', step: 'fota-main' },
];

const BASE_FILES = ['certificates.json', 'faults.json', 'manifest.json', 'profile.json', 'report.html', 'report.json', 'session.jsonl', 'versions.json'];

let work: string;
const runs = new Map<string, { runsDir: string; runDir: string; bundle: string }>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-bundle-'));
  await Promise.all(
    SCENARIOS.map(async (s) => {
      const runsDir = join(work, s.scenario);
      const run = await fieldlink(['run', '-p', `sim:${s.scenario}`, '--profile', 'demo', '--fota', s.fota, '--json', '--out', runsDir]);
      expect(run.code, run.stderr).not.toBe(EXIT.ok);
      const [name] = await readdir(runsDir);
      runs.set(s.scenario, { runsDir, runDir: join(runsDir, name ?? ''), bundle: join(work, `${s.scenario}.zip`) });
    }),
  );
  // A diagnosis of the same (virtual) device beside the broker refusal: the bundle carries it.
  const diag = await fieldlink(['diagnose', '-p', 'sim:', '--json', '--out', join(work, 'qmtconn-refused-4')]);
  expect(diag.code, diag.stderr).toBe(EXIT.ok);
}, 240_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('fieldlink bundle + replay on failing runs of the virtual device (K2)', () => {
  it.each(SCENARIOS)('$scenario: the bundle holds the listed files and no secret; replay shows $code in en and ko', async (s) => {
    const run = runs.get(s.scenario);
    if (!run) throw new Error('run missing');
    const made = await fieldlink(['bundle', '--runs', run.runsDir, '--last', '--out', run.bundle], NO_STORE());
    expect(made.code, made.stderr).toBe(EXIT.ok);
    expect(made.stdout).toContain(`support bundle written: ${run.bundle}`);

    const names = zipNames(run.bundle);
    const expected = s.scenario === 'qmtconn-refused-4' ? [...BASE_FILES, 'diagnosis/report.json', 'diagnosis/session.jsonl'].sort() : BASE_FILES;
    expect(names).toEqual(expected);
    // The manifest lists every other file with the SHA-256 of exactly what is in the zip.
    const manifest = JSON.parse(zipText(run.bundle, 'manifest.json')) as { files: { name: string; sha256: string; bytes: number }[]; runId: string };
    expect(manifest.files.map((f) => f.name).sort()).toEqual(names.filter((n) => n !== 'manifest.json'));
    for (const f of manifest.files) {
      const bytes = execFileSync('unzip', ['-p', run.bundle, f.name], { maxBuffer: 64 * 1024 * 1024 });
      expect(bytes.length).toBe(f.bytes);
      expect(execFileSync('sha256sum', { input: bytes, encoding: 'utf8' }).slice(0, 64)).toBe(f.sha256);
    }
    // The session log is the run's own, byte for byte.
    expect(zipText(run.bundle, 'session.jsonl')).toBe(await readFile(join(run.runDir, 'session.jsonl'), 'utf8'));
    for (const name of names) expect(zipText(run.bundle, name), name).not.toMatch(/PRIVATE KEY|"password"\s*:\s*"(?!\[REDACTED\])/i);
    const faults = JSON.parse(zipText(run.bundle, 'faults.json')) as { failures: { code: string; step: string }[] };
    expect(faults.failures.at(-1)).toMatchObject({ code: s.code, step: s.step });
    const versions = JSON.parse(zipText(run.bundle, 'versions.json')) as { app: string; os: { platform: string } };
    expect(versions.app).toMatch(/^\d+\.\d+\.\d+/);
    expect(versions.os.platform).toBe(process.platform);
    // A typical failed run's bundle is small.
    expect((await stat(run.bundle)).size).toBeLessThan(300 * 1024);

    const failure = JSON.parse(await readFile(join(run.runDir, 'report.json'), 'utf8')).failure as StepFailure;
    // The CLI once per output (JSON in Korean, text in English); the other two through the same functions in-process.
    const json = await fieldlink(['replay', run.bundle, '--json', '--lang', 'ko']);
    expect(json.code, json.stderr).toBe(EXIT.ok);
    const text = await fieldlink(['replay', run.bundle, '--lang', 'en']);
    expect(text.code, text.stderr).toBe(EXIT.ok);
    const source = await replaySource(run.bundle);
    const outputs = {
      ko: { json: JSON.parse(json.stdout) as ReplaySummary, text: replayLines(source, 'ko').join('\n') },
      en: { json: JSON.parse(JSON.stringify(replayJson(source, 'en'))) as ReplaySummary, text: text.stdout },
    };
    for (const lang of ['en', 'ko'] as const) {
      const summary = outputs[lang].json;
      expect(summary.verified).toBe(true);
      expect(summary.failure.code).toBe(s.code);
      expect(summary.failure.step).toBe(s.step);
      const words = failureText(failure, lang);
      expect(summary.failure.words).toEqual(words);
      const shown = outputs[lang].text;
      expect(shown).toContain(formatMessage(lang, 'replay.timeline'));
      expect(shown).toContain(words.meaning);
      expect(shown).toContain(words.hint);
      expect(shown).toContain(`${s.code} (`);
      if (failure.moduleSaid) expect(shown).toContain(failure.moduleSaid);
    }
    if (s.scenario === 'no-sim') expect(faults.failures.length).toBeGreaterThan(0);
  }, 240_000);

  it('the bundle of a broker refusal names the failing command and the module answer, and the diagnosis (M1-M3 words)', async () => {
    const run = runs.get('qmtconn-refused-4');
    if (!run) throw new Error('run missing');
    const text = await fieldlink(['replay', run.bundle]);
    expect(text.stdout).toMatch(/command: AT\+QMTCONN/);
    expect(text.stdout).toContain('+QMTCONN: 0,0,4');
    expect(text.stdout).toContain('Latest diagnosis of the device:');
    expect(text.stdout).toMatch(/MQTT:\n.*MQTT opening/);
    // Without a store the bundle says so instead of inventing a history.
    expect(text.stdout).toContain(formatMessage('en', 'replay.noHistory'));
  }, 60_000);

  it('without --db the history comes from the store the run was recorded in (FIELDLINK_DB, else the default file)', async () => {
    const run = runs.get('no-sim');
    if (!run) throw new Error('run missing');
    const recorded = process.env.FIELDLINK_DB ?? '';
    expect(recorded).toMatch(/^sqlite:/);
    const fromEnv = join(work, 'no-sim-env.zip');
    const made = await fieldlink(['bundle', run.runDir, '--out', fromEnv]);
    expect(made.code, made.stderr).toBe(EXIT.ok);
    const history = JSON.parse(zipText(fromEnv, 'history.json')) as { source: string; records: { runId: string; failureCode: string | null }[] };
    expect(history.source).toBe(recorded);
    // Every scenario's virtual device has the same IMEI: its history holds the other runs too.
    expect(history.records.find((r) => r.runId === basename(run.runDir))).toMatchObject({ failureCode: 'SIM_NOT_INSERTED' });
    expect(history.records.length).toBeGreaterThan(1);

    // No FIELDLINK_DB: the default file under HOME, when there is one (a bundle never creates it).
    const home = join(work, 'home-with-store');
    await mkdir(join(home, '.fieldlink'), { recursive: true });
    await cp(recorded.slice('sqlite:'.length), join(home, '.fieldlink', 'results.sqlite'));
    const fromHome = join(work, 'no-sim-home.zip');
    expect((await fieldlink(['bundle', run.runDir, '--out', fromHome], { FIELDLINK_DB: '', HOME: home })).code).toBe(EXIT.ok);
    expect(JSON.parse(zipText(fromHome, 'history.json'))).toMatchObject({ records: history.records });
    const bare = join(work, 'home-bare');
    const fromBare = join(work, 'no-sim-bare.zip');
    expect((await fieldlink(['bundle', run.runDir, '--out', fromBare], { FIELDLINK_DB: '', HOME: bare })).code).toBe(EXIT.ok);
    expect(zipNames(fromBare)).not.toContain('history.json');
    await expect(stat(join(bare, '.fieldlink'))).rejects.toThrow();
  }, 60_000);
});

describe('a modified or cut-off bundle is refused, naming the file (K7)', () => {
  it('one changed byte inside the session log', async () => {
    const run = runs.get('qmtconn-refused-4');
    if (!run) throw new Error('run missing');
    const bytes = await readFile(run.bundle);
    // The session log is the first entry: a byte in its compressed data, past the local header.
    const copy = Buffer.from(bytes);
    copy[200] = (copy[200] ?? 0) ^ 0x01;
    const bad = join(work, 'modified.zip');
    await writeFile(bad, copy);
    const replay = await fieldlink(['replay', bad]);
    expect(replay.code).toBe(EXIT.failed);
    expect(replay.stderr).toMatch(/bundle was modified: session\.jsonl/);
    const json = await fieldlink(['replay', bad, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, kind: 'tampered', file: 'session.jsonl' });
  }, 60_000);

  it('every single-byte change anywhere in the zip is detected (seal + manifest)', async () => {
    const run = runs.get('no-sim');
    if (!run) throw new Error('run missing');
    const bytes = await readFile(run.bundle);
    await expect(openBundle(run.bundle)).resolves.toMatchObject({ manifest: { imei: expect.stringMatching(/^\d{15}$/) } });
    // Positions spread over the whole file: headers, compressed data, the central directory, the seal.
    const step = Math.max(1, Math.floor(bytes.length / 97));
    for (let at = 0; at < bytes.length; at += step) {
      const copy = Buffer.from(bytes);
      copy[at] = (copy[at] ?? 0) ^ 0x20;
      const bad = join(work, 'flip.zip');
      await writeFile(bad, copy);
      await expect(openBundle(bad), `byte ${at}`).rejects.toMatchObject({ name: 'BundleError' });
    }
  }, 120_000);

  it('a truncated bundle', async () => {
    const run = runs.get('cable-pull-at-fota');
    if (!run) throw new Error('run missing');
    const bytes = await readFile(run.bundle);
    for (const keep of [Math.floor(bytes.length / 3), bytes.length - 40]) {
      const cut = join(work, `cut-${keep}.zip`);
      await writeFile(cut, bytes.subarray(0, keep));
      const replay = await fieldlink(['replay', cut, '--json']);
      expect(replay.code).toBe(EXIT.failed);
      const summary = JSON.parse(replay.stdout) as { verified: boolean; kind: string; message: string };
      expect(summary).toMatchObject({ verified: false, kind: 'truncated' });
      expect(summary.message).toMatch(/the bundle is truncated: .+ is cut short/);
    }
  }, 60_000);
  it('a zip that is not a bundle, and a bundle re-packed by another tool', async () => {
    const run = runs.get('no-sim');
    if (!run) throw new Error('run missing');
    const unpacked = join(work, 'unpacked');
    execFileSync('unzip', ['-q', '-o', run.bundle, '-d', unpacked]);
    const foreign = join(work, 'foreign.zip');
    execFileSync('zip', ['-q', foreign, 'report.json'], { cwd: unpacked });
    await expect(openBundle(foreign)).rejects.toMatchObject({ kind: 'not-a-bundle', details: { file: 'foreign.zip' } });
    const repacked = join(work, 'repacked.zip');
    execFileSync('zip', ['-q', '-r', repacked, '.'], { cwd: unpacked });
    // Same files, same hashes, but not the zip that was sealed.
    await expect(openBundle(repacked)).rejects.toMatchObject({ kind: 'tampered', message: expect.stringMatching(/no seal/) });
  }, 60_000);
});

describe('a secret in the run folder stops the bundle (K2)', () => {
  it('a planted PEM private key: nothing is written, the file and the kind are named, never the key', async () => {
    const run = runs.get('no-sim');
    if (!run) throw new Error('run missing');
    const folder = join(work, 'planted', 'run');
    await cp(run.runDir, folder, { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const report = await readFile(join(folder, 'report.html'), 'utf8');
    await writeFile(join(folder, 'report.html'), report.replace('</body>', `<pre>${pem}</pre></body>`));
    const out = join(work, 'planted.zip');
    const made = await fieldlink(['bundle', folder, '--out', out], NO_STORE());
    expect(made.code).toBe(EXIT.failed);
    expect(made.stderr).toContain('bundle NOT written: report.html holds a PEM private key');
    const keyLine = pem.split('\n')[1] ?? '';
    expect(made.stderr + made.stdout).not.toContain(keyLine);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(join(work))).filter((n) => n.includes('partial'))).toEqual([]);
  }, 60_000);
});
