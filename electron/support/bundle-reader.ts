/**
 * Opens a support bundle (docs/support-bundles.md#opening-a-bundle): reads the zip once as a
 * stream (fflate's streaming Unzip, so a session log of any length is never held whole), hashes
 * every file, and verifies before anything is believed:
 * - the seal (seal.ts): a cut-off zip has no end record (`truncated`), a changed byte anywhere
 *   breaks the seal (`tampered`);
 * - the manifest: every listed file present (`missing-file`), with its size and SHA-256
 *   (`tampered`, naming the file), nothing unlisted (`unexpected-file`);
 * - the JSON files against their schemas, the session log line by line against the event schema
 *   (`invalid-file`).
 * The session log is condensed on the way (session-digest.ts). Shared by `fieldlink replay` and,
 * through IPC, the UI's "Open bundle…".
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import type { z } from 'zod';
import { parseReportJson, type RunReport } from '../../shared/report.ts';
import {
  BUNDLE_FILES,
  BundleError,
  CertificatesSchema,
  FaultsSchema,
  HistorySchema,
  MAX_MANIFEST_BYTES,
  ManifestSchema,
  MaskedProfileSchema,
  VersionsSchema,
  type BundleErrorKind,
  type BundleHistory,
  type CertificateFact,
  type Faults,
  type Manifest,
  type Versions,
} from './bundle-format.ts';
import { checkSeal } from './seal.ts';
import { SessionDigest, type SessionDigestData } from './session-digest.ts';

/** The small files of a bundle are kept in memory up to this size each; the session logs are streamed. */
const MAX_SMALL_FILE_BYTES = 16 * 1024 * 1024;

export interface OpenedBundle {
  file: string;
  manifest: Manifest;
  report: RunReport;
  versions: Versions;
  profile: z.infer<typeof MaskedProfileSchema>;
  certificates: CertificateFact[];
  faults: Faults;
  history: BundleHistory | null;
  diagnosis: { report: RunReport; session: SessionDigestData } | null;
  session: SessionDigestData;
}

interface EntryState {
  name: string;
  hash: Hash;
  bytes: number;
  finished: boolean;
  error: string | null;
  chunks: Buffer[] | null;
  duplicate: boolean;
}

/** Opens and verifies a bundle; throws BundleError naming the file and what is wrong. */
export async function openBundle(file: string): Promise<OpenedBundle> {
  const absolute = path.resolve(file);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile()) throw new BundleError('not-a-bundle', `${absolute}: not found or not a file`, { file: path.basename(absolute) });
  const seal = await checkSeal(absolute);
  const entries = new Map<string, EntryState>();
  const order: EntryState[] = [];
  const session = new SessionDigest();
  const diagnosis = new SessionDigest();
  await readEntries(absolute, (unzipped) => {
    const digest = unzipped.name === BUNDLE_FILES.session ? session : unzipped.name === BUNDLE_FILES.diagnosisSession ? diagnosis : undefined;
    const entry: EntryState = { name: unzipped.name, hash: createHash('sha256'), bytes: 0, finished: false, error: null, chunks: digest ? null : [], duplicate: entries.has(unzipped.name) };
    order.push(entry);
    if (!entry.duplicate) entries.set(entry.name, entry);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    unzipped.ondata = (error, data, final) => {
      if (error) {
        entry.error ??= error.message;
        return;
      }
      entry.hash.update(data);
      entry.bytes += data.length;
      if (entry.chunks) {
        if (entry.bytes <= MAX_SMALL_FILE_BYTES) entry.chunks.push(Buffer.from(data));
        else entry.error ??= `larger than ${MAX_SMALL_FILE_BYTES} bytes`;
      } else if (digest) {
        pending += decoder.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.length > 0) digest.addLine(line);
      }
      if (final) {
        entry.finished = true;
        pending += decoder.end();
        if (digest && pending.length > 0) digest.addLine(pending);
      }
    };
    unzipped.start();
  }).catch((error: unknown) => {
    const unfinished = order.find((e) => !e.finished);
    throw fault(seal.ok ? 'tampered' : 'truncated', unfinished?.name, `zip: ${error instanceof Error ? error.message : String(error)}`);
  });

  const cut = !seal.ok && seal.problem === 'no-end-record';
  const broken = order.find((e) => e.error !== null || !e.finished);
  if (broken) throw fault(cut && broken.error === null ? 'truncated' : cut ? 'truncated' : 'tampered', broken.name, broken.error ?? 'the file ends before its data does');
  const manifestEntry = entries.get(BUNDLE_FILES.manifest);
  if (!manifestEntry) {
    // A sealed bundle without a manifest was changed; a zip that was never sealed is not a bundle.
    if (cut && order.length > 0) throw fault('truncated', BUNDLE_FILES.manifest, `no ${BUNDLE_FILES.manifest}`);
    throw fault(seal.ok ? 'tampered' : 'not-a-bundle', seal.ok ? BUNDLE_FILES.manifest : path.basename(absolute), `no ${BUNDLE_FILES.manifest}`);
  }
  const manifest = parseManifest(manifestEntry, seal.ok);

  for (const listed of manifest.files) {
    const entry = entries.get(listed.name);
    if (!entry) throw fault(cut ? 'truncated' : 'missing-file', listed.name, 'listed in the manifest but not in the zip');
    if (entry.bytes !== listed.bytes || entry.hash.digest('hex') !== listed.sha256) throw fault('tampered', listed.name, `its SHA-256 or size (${entry.bytes} bytes) differs from the manifest`);
  }
  const listedNames = new Set(manifest.files.map((f) => f.name));
  const extra = order.find((e) => e.duplicate || (e.name !== BUNDLE_FILES.manifest && !listedNames.has(e.name)));
  if (extra) throw fault('unexpected-file', extra.name, 'not listed in the manifest');
  if (!seal.ok) {
    const why = { 'no-end-record': 'the zip has no end record', unsealed: 'the zip has no seal (re-packed?)', mismatch: 'bytes outside the files changed (the seal does not match)' }[seal.problem];
    throw fault(cut ? 'truncated' : 'tampered', undefined, why);
  }

  const text = (name: string) => (entries.get(name)?.chunks ? Buffer.concat(entries.get(name)?.chunks ?? []).toString('utf8') : undefined);
  const json = <S extends z.ZodType>(name: string, schema: S): z.infer<S> | undefined => {
    const content = text(name);
    if (content === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      throw fault('invalid-file', name, 'not JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw fault('invalid-file', name, `${parsed.error.issues[0]?.path.join('.') || 'document'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data as z.infer<S>;
  };
  const report = (name: string) => {
    const content = text(name);
    if (content === undefined) return undefined;
    try {
      return parseReportJson(content);
    } catch (error) {
      throw fault('invalid-file', name, error instanceof Error ? error.message : String(error));
    }
  };
  const required = <T>(name: string, value: T | undefined): T => {
    if (value === undefined) throw fault('missing-file', name, 'every bundle has it');
    return value;
  };
  if (!entries.has(BUNDLE_FILES.session)) throw fault('missing-file', BUNDLE_FILES.session, 'every bundle has it');
  if (session.problem) throw fault('invalid-file', BUNDLE_FILES.session, session.problem);
  if (diagnosis.problem) throw fault('invalid-file', BUNDLE_FILES.diagnosisSession, diagnosis.problem);
  const diagnosisReport = report(BUNDLE_FILES.diagnosisReport);
  return {
    file: absolute,
    manifest,
    report: required(BUNDLE_FILES.reportJson, report(BUNDLE_FILES.reportJson)),
    versions: required(BUNDLE_FILES.versions, json(BUNDLE_FILES.versions, VersionsSchema)),
    profile: required(BUNDLE_FILES.profile, json(BUNDLE_FILES.profile, MaskedProfileSchema)),
    certificates: required(BUNDLE_FILES.certificates, json(BUNDLE_FILES.certificates, CertificatesSchema)).certificates,
    faults: required(BUNDLE_FILES.faults, json(BUNDLE_FILES.faults, FaultsSchema)),
    history: json(BUNDLE_FILES.history, HistorySchema) ?? null,
    diagnosis: diagnosisReport && entries.has(BUNDLE_FILES.diagnosisSession) ? { report: diagnosisReport, session: diagnosis.data } : null,
    session: session.data,
  };
}

function parseManifest(entry: EntryState, sealed: boolean): Manifest {
  const bad = (why: string) => fault(sealed ? 'not-a-bundle' : 'tampered', BUNDLE_FILES.manifest, why);
  if (entry.bytes > MAX_MANIFEST_BYTES) throw bad(`larger than ${MAX_MANIFEST_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(entry.chunks ?? []).toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  const parsed = ManifestSchema.safeParse(value);
  if (!parsed.success) throw bad(`${parsed.error.issues[0]?.path.join('.') || 'document'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function fault(kind: BundleErrorKind, file: string | undefined, why: string): BundleError {
  return new BundleError(kind, `bundle ${kind}: ${file ?? 'zip structure'}: ${why}`, file === undefined ? {} : { file });
}

/** Streams the zip's local entries through fflate's Unzip (deflated and stored entries). */
async function readEntries(file: string, onFile: (file: UnzipFile) => void): Promise<void> {
  const unzip = new Unzip(onFile);
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) unzip.push(chunk as Buffer, false);
  unzip.push(new Uint8Array(0), true);
}
