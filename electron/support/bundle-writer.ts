/**
 * Writes a support bundle (docs/support-bundles.md): one zip (fflate, deflate level 6, streamed so
 * a session log of any length is read once in chunks and never held whole) with the run's
 * session log and reports, the latest diagnosis of the device, its recent history from the results
 * store, versions, the profile with secrets masked, certificate facts, the fault codes seen, and a
 * manifest with every file's SHA-256; then sealed (seal.ts).
 *
 * Every byte that goes in is scanned first (secret-scan.ts). The zip is written to a temporary
 * file beside the target and renamed only when it is complete; a secret found anywhere removes the
 * temporary file and throws BundleError('secret-found') naming the file and the kind of secret.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Zip, ZipDeflate } from 'fflate';
import { substitutePlaceholders } from '../../shared/profile.ts';
import type { RunRecord } from '../../shared/run-record.ts';
import { CERT_FILE_MAX_BYTES, readBoundedRegularFile } from '../engine/sequence/cert-files.ts';
import { readRunSnapshot, type RunSnapshot } from '../engine/sequence/run-snapshot.ts';
import { PROFILE_MAX_BYTES } from '../engine/sequence/profile-loader.ts';
import { Redactor } from '../engine/session/redaction.ts';
import { REPORT_HTML_FILE, REPORT_JSON_FILE } from '../engine/session/report.ts';
import { SESSION_LOG_FILE } from '../engine/session/session-log.ts';
import type { ResultsStore } from '../store/types.ts';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT_VERSION,
  BundleError,
  CertificatesSchema,
  FaultsSchema,
  HistorySchema,
  ManifestSchema,
  MaskedProfileSchema,
  VersionsSchema,
  type Manifest,
  type Versions,
} from './bundle-format.ts';
import { certificateFacts, type CertificateFiles } from './cert-facts.ts';
import { latestDiagnosis, readRunFolder, type RunFolder } from './run-folders.ts';
import { SEAL_BYTES, sealZip } from './seal.ts';
import { SecretScanner } from './secret-scan.ts';
import { SessionDigest } from './session-digest.ts';

/** Deflate level: 6 is zlib's default balance of size and speed. */
export const BUNDLE_DEFLATE_LEVEL = 6;
/** How many of the device's most recent runs the history keeps. */
export const HISTORY_LIMIT = 50;
/** A line longer than this (no newline in sight) is scanned in pieces that overlap. */
const MAX_SCAN_PIECE = 1024 * 1024;
const SCAN_OVERLAP = 8 * 1024;

export interface BundleOptions {
  /** The run folder to bundle. */
  runDir: string;
  /** The zip to write. */
  out: string;
  /** The runs folder searched for the device's latest diagnosis (default: the run folder's parent). */
  runsDir?: string;
  /** The results store to read the device's history from, and how to name it in the bundle. */
  history?: { store: Pick<ResultsStore, 'history'>; source: string };
  /** Secrets of the run known to the caller (passwords, key bytes). */
  secrets?: readonly (string | Uint8Array)[];
  /** The run's Redactor, when the bundle is made while the run is still in memory. */
  redactor?: Redactor;
  appVersion: string;
  now?: () => number;
}

export interface WrittenBundle {
  file: string;
  bytes: number;
  manifest: Manifest;
}

/** Writes the bundle of one run; throws BundleError (`secret-found`, `not-a-run-folder`, `io`). */
export async function writeBundle(options: BundleOptions): Promise<WrittenBundle> {
  const run = await readRunFolder(options.runDir);
  const out = path.resolve(options.out);
  const temp = `${out}.${process.pid}.partial`;
  const notes: string[] = [];
  const scanner = new SecretScanner(options.secrets ?? [], options.redactor);
  const snapshot = await readRunSnapshot(run.dir).catch(() => undefined);
  if (!snapshot) notes.push('context.json: missing or unreadable; profile and certificate files unknown');
  const profile = await maskedProfile(snapshot, run, scanner, notes);

  const writer = await ZipWriter.create(temp);
  try {
    const digest = new SessionDigest();
    await writer.addFile(BUNDLE_FILES.session, path.join(run.dir, SESSION_LOG_FILE), scanner, (line) => digest.addLine(line));
    await writer.addFile(BUNDLE_FILES.reportJson, path.join(run.dir, REPORT_JSON_FILE), scanner);
    await writer.addFile(BUNDLE_FILES.reportHtml, path.join(run.dir, REPORT_HTML_FILE), scanner);

    const findings: { code: string; severity: string }[] = [];
    const diagnosis = run.imei === null ? undefined : await latestDiagnosis(options.runsDir ?? path.dirname(run.dir), run.imei);
    if (diagnosis && diagnosis.dir !== run.dir) {
      const diagDigest = new SessionDigest();
      await writer.addFile(BUNDLE_FILES.diagnosisSession, path.join(diagnosis.dir, SESSION_LOG_FILE), scanner, (line) => diagDigest.addLine(line));
      await writer.addFile(BUNDLE_FILES.diagnosisReport, path.join(diagnosis.dir, REPORT_JSON_FILE), scanner);
      for (const f of diagDigest.data.verdict?.findings ?? []) if (f.severity !== 'ok') findings.push({ code: f.code, severity: f.severity });
    } else if (!run.diagnosis) {
      notes.push('diagnosis: no diagnose run of this device in the runs folder');
    }

    const records = await historyOf(run, options.history, notes);
    if (records) await writer.addJson(BUNDLE_FILES.history, HistorySchema.parse({ source: options.history?.source ?? '', records }), scanner);

    await writer.addJson(BUNDLE_FILES.versions, VersionsSchema.parse(versions(options.appVersion, digest)), scanner);
    await writer.addJson(BUNDLE_FILES.profile, MaskedProfileSchema.parse(profile.document), scanner);
    const certificates = await certificateFacts(profile.certFiles, digest.data.tls ?? undefined, notes);
    await writer.addJson(BUNDLE_FILES.certificates, CertificatesSchema.parse({ certificates }), scanner);
    const d = digest.data;
    const faults = { failures: d.failures, qmtstat: d.mqtt.flatMap((m) => (m.qmtstat === null ? [] : [m.qmtstat])), warnings: d.warnings.map((w) => w.code), findings };
    await writer.addJson(BUNDLE_FILES.faults, FaultsSchema.parse(faults), scanner);

    const manifest = ManifestSchema.parse({
      formatVersion: BUNDLE_FORMAT_VERSION,
      kind: 'fieldlink-support-bundle',
      createdAt: (options.now ?? Date.now)(),
      runId: d.runId ?? run.report.runId,
      imei: run.imei,
      files: writer.entries,
      notes,
    });
    await writer.addJson(BUNDLE_FILES.manifest, manifest, scanner);
    const bytes = await writer.finish();
    await sealZip(temp);
    await rename(temp, out);
    return { file: out, bytes: bytes + SEAL_BYTES, manifest };
  } catch (error) {
    await writer.abort();
    await rm(temp, { force: true });
    if (error instanceof BundleError) throw error;
    throw new BundleError('io', `bundle ${out}: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
  }
}

function versions(appVersion: string, digest: SessionDigest): Versions {
  const device = digest.data.device;
  const fotaAfter = (target: 'main' | 'sub') => digest.data.fota.findLast((f) => f.target === target && f.what === 'result' && f.ok)?.to;
  return {
    app: appVersion,
    node: process.version,
    os: { platform: os.platform(), release: os.release(), arch: os.arch() },
    module: device ? { manufacturer: device.manufacturer ?? null, model: device.model, revision: device.revision } : null,
    firmware: { main: fotaAfter('main') ?? device?.mainFw ?? null, sub: fotaAfter('sub') ?? device?.subFw ?? null },
  };
}

async function historyOf(run: RunFolder, history: BundleOptions['history'], notes: string[]): Promise<RunRecord[] | undefined> {
  if (!history) {
    notes.push('history: no results store given');
    return undefined;
  }
  if (run.imei === null) {
    notes.push('history: the run never identified the device');
    return undefined;
  }
  return (await history.store.history(run.imei)).slice(-HISTORY_LIMIT);
}

// ---- the profile ---------------------------------------------------------------------------

interface ProfileParts {
  document: { source: string; profile: Record<string, unknown> | null };
  certFiles: CertificateFiles;
}

/**
 * The profile file of the run with every secret-named value masked (the engine's own field rule,
 * K2); its client key's bytes become secrets of the scan, so a key that slipped into any file is
 * caught even without its PEM header. A demo run's profile lives only in its process: then the
 * device files named in the run context are used, when they still exist.
 */
async function maskedProfile(snapshot: RunSnapshot | undefined, run: RunFolder, scanner: SecretScanner, notes: string[]): Promise<ProfileParts> {
  const source = snapshot?.profile.source ?? 'unknown';
  const ids = run.report.device ? { imei: run.report.device.imei, deviceId: run.report.device.deviceId } : undefined;
  const resolve = (base: string, file: unknown) => (typeof file === 'string' ? path.resolve(base, ids ? substitutePlaceholders(file, ids) : file) : undefined);
  const deviceFiles = snapshot?.context.deviceFiles;
  let profile: Record<string, unknown> | null = null;
  let files: { caCert?: string | undefined; clientCert?: string | undefined; clientKey?: string | undefined } = { ...deviceFiles };
  if (path.isAbsolute(source)) {
    const read = await readBoundedRegularFile(source, PROFILE_MAX_BYTES);
    if ('problem' in read) notes.push(`profile: ${source}: ${read.problem}`);
    else {
      try {
        const raw = JSON.parse(read.bytes.toString('utf8')) as unknown;
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
        const tls = (raw as { tls?: Record<string, unknown> }).tls ?? {};
        const base = path.dirname(source);
        files = deviceFiles ?? { caCert: resolve(base, tls.caCert), clientCert: resolve(base, tls.clientCert), clientKey: resolve(base, tls.clientKey) };
        profile = new Redactor().redactEvent(raw as Record<string, unknown>);
      } catch (error) {
        notes.push(`profile: ${source}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } else {
    notes.push(source === 'demo' ? 'profile: the demo profile exists only while its run lasts' : 'profile: the profile file of this run is not known');
  }
  if (files.clientKey) {
    const key = await readBoundedRegularFile(files.clientKey, CERT_FILE_MAX_BYTES);
    if ('bytes' in key) scanner.add(key.bytes);
    else notes.push(`secret scan: the client key file is not readable (${key.problem}); scanned for key shapes only`);
  }
  return {
    document: { source, profile: profile === null ? null : { ...profile, ...(files.clientKey ? { clientKeyFile: files.clientKey } : {}) } },
    certFiles: { ...(files.caCert ? { caCert: files.caCert } : {}), ...(files.clientCert ? { clientCert: files.clientCert } : {}) },
  };
}

// ---- the zip -------------------------------------------------------------------------------

/** fflate's streaming Zip over a file, with the write stream's back-pressure respected. */
class ZipWriter {
  readonly entries: Manifest['files'] = [];
  #zip: Zip;
  #failure: Error | undefined;
  #written = 0;

  private constructor(private readonly stream: WriteStream) {
    this.#zip = new Zip((error, chunk, final) => {
      if (error) {
        this.#failure ??= error;
        return;
      }
      this.#written += chunk.length;
      stream.write(chunk);
      if (final) stream.end();
    });
    stream.on('error', (error) => {
      this.#failure ??= error;
    });
  }

  static async create(file: string): Promise<ZipWriter> {
    const stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new ZipWriter(stream);
  }

  /** Streams a file into the bundle: scanned line by line, hashed, compressed; `onLine` sees each line. */
  async addFile(name: string, source: string, scanner: SecretScanner, onLine?: (line: string) => void): Promise<void> {
    const entry = this.#open(name);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let line = 0;
    const scanLine = (text: string) => {
      line += 1;
      const kind = scanner.scan(text);
      if (kind) throw new BundleError('secret-found', `bundle not written: ${name} line ${line} holds a secret (${kind})`, { file: name, secretKind: kind });
      if (onLine && text.length > 0) onLine(text);
    };
    for await (const chunk of createReadStream(source)) {
      const bytes = chunk as Buffer;
      entry.push(bytes);
      pending += decoder.write(bytes);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) scanLine(text);
      if (pending.length > MAX_SCAN_PIECE) {
        const kind = scanner.scan(pending);
        if (kind) throw new BundleError('secret-found', `bundle not written: ${name} line ${line + 1} holds a secret (${kind})`, { file: name, secretKind: kind });
        pending = pending.slice(-SCAN_OVERLAP);
      }
      await this.#drain();
    }
    pending += decoder.end();
    if (pending.length > 0) scanLine(pending);
    entry.end();
    await this.#drain();
  }

  async addJson(name: string, value: unknown, scanner: SecretScanner): Promise<void> {
    await this.addText(name, `${JSON.stringify(value, null, 2)}\n`, scanner);
  }

  async addText(name: string, text: string, scanner: SecretScanner): Promise<void> {
    const kind = scanner.scan(text);
    if (kind) throw new BundleError('secret-found', `bundle not written: ${name} holds a secret (${kind})`, { file: name, secretKind: kind });
    const entry = this.#open(name, name === BUNDLE_FILES.manifest);
    entry.push(Buffer.from(text, 'utf8'));
    entry.end();
    await this.#drain();
  }

  #open(name: string, unlisted = false): { push: (bytes: Buffer) => void; end: () => void } {
    const file = new ZipDeflate(name, { level: BUNDLE_DEFLATE_LEVEL });
    this.#zip.add(file);
    const hash: Hash = createHash('sha256');
    let size = 0;
    return {
      push: (bytes) => {
        hash.update(bytes);
        size += bytes.length;
        file.push(bytes, false);
        this.#check();
      },
      end: () => {
        file.push(new Uint8Array(0), true);
        this.#check();
        if (!unlisted) this.entries.push({ name, bytes: size, sha256: hash.digest('hex') });
      },
    };
  }

  async #drain(): Promise<void> {
    this.#check();
    if (this.stream.writableNeedDrain) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }

  #check(): void {
    if (this.#failure) throw this.#failure;
  }

  /** Ends the zip and waits until every byte is on disk; returns the size before the seal. */
  async finish(): Promise<number> {
    this.#zip.end();
    this.#check();
    if (!this.stream.closed) await new Promise<void>((resolve, reject) => this.stream.once('close', () => resolve()).once('error', reject));
    this.#check();
    return this.#written;
  }

  async abort(): Promise<void> {
    this.#zip.terminate();
    if (!this.stream.closed) await new Promise<void>((resolve) => this.stream.once('close', () => resolve()).end());
  }
}
