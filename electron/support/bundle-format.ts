/**
 * What a support bundle holds (docs/support-bundles.md): the file names inside the zip and the
 * zod schemas of the JSON files the bundle adds beside the run's own files. The writer
 * (bundle-writer.ts) checks what it writes against these, the reader (bundle-reader.ts) what it reads.
 */
import { z } from 'zod';
import { KindError } from '../../shared/errors.ts';
import { RunRecordSchema } from '../../shared/run-record.ts';

/** Files inside the zip. `diagnosis/` holds the latest diagnose run of the same device, when one was found. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  session: 'session.jsonl',
  reportJson: 'report.json',
  reportHtml: 'report.html',
  versions: 'versions.json',
  profile: 'profile.json',
  certificates: 'certificates.json',
  faults: 'faults.json',
  history: 'history.json',
  diagnosisSession: 'diagnosis/session.jsonl',
  diagnosisReport: 'diagnosis/report.json',
} as const;

export const BUNDLE_FORMAT_VERSION = 1;
/** A manifest larger than this is not ours (it lists about ten files). */
export const MAX_MANIFEST_BYTES = 64 * 1024;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A name inside the bundle: relative, forward slashes, no `..`. */
const entryName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/-]+$/, { error: 'expected a relative file name inside the bundle' });

export const ManifestSchema = z.strictObject({
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  kind: z.literal('fieldlink-support-bundle'),
  createdAt: z.number().int().nonnegative(),
  runId: z.string().max(200).nullable(),
  imei: z.string().regex(/^\d{15}$/).nullable(),
  /** Every other file of the bundle with its size and SHA-256 (the manifest itself is not listed). */
  files: z
    .array(z.strictObject({ name: entryName, bytes: z.number().int().nonnegative(), sha256 }))
    .max(64),
  /** What could not be included and why (no store given, profile file gone...), in English for machine readers. */
  notes: z.array(z.string().max(500)).max(32),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const VersionsSchema = z.strictObject({
  app: z.string().max(100),
  node: z.string().max(100),
  os: z.strictObject({ platform: z.string().max(50), release: z.string().max(200), arch: z.string().max(50) }),
  /** From the run's device-identified event; null when the run never identified the device. */
  module: z.strictObject({ manufacturer: z.string().max(200).nullable(), model: z.string().max(200), revision: z.string().max(200) }).nullable(),
  firmware: z.strictObject({ main: z.string().max(200).nullable(), sub: z.string().max(200).nullable() }),
});
export type Versions = z.infer<typeof VersionsSchema>;

export const CertificateFactSchema = z.strictObject({
  /** `tls.caCert` or `tls.clientCert`. */
  role: z.enum(['caCert', 'clientCert']),
  /** SHA-256 fingerprint, `AB:CD:…`. */
  fingerprint: z.string().max(200),
  subject: z.string().max(2000).nullable(),
  issuer: z.string().max(2000).nullable(),
  validFrom: z.string().max(100).nullable(),
  validTo: z.string().max(100).nullable(),
  /** `file`: read from the certificate file the run used; `session`: only the fingerprint, from the run's tls-setup event. */
  source: z.enum(['file', 'session']),
});
export type CertificateFact = z.infer<typeof CertificateFactSchema>;
export const CertificatesSchema = z.strictObject({ certificates: z.array(CertificateFactSchema).max(16) });

export const FaultsSchema = z.strictObject({
  /** Failure codes of every step-failed event, in order (a retried step can fail more than once). */
  failures: z.array(z.strictObject({ step: z.string().max(50), code: z.string().max(100), category: z.string().max(20), t: z.number() })).max(1000),
  /** +QMTSTAT codes the MQTT link reported. */
  qmtstat: z.array(z.number().int()).max(1000),
  /** Warning codes (INSECURE_HTTP, CERTIFICATE). */
  warnings: z.array(z.string().max(100)).max(1000),
  /** Diagnosis findings that were not ok, from the included diagnosis. */
  findings: z.array(z.strictObject({ code: z.string().max(100), severity: z.string().max(30) })).max(200),
});
export type Faults = z.infer<typeof FaultsSchema>;

export const HistorySchema = z.strictObject({
  /** Where the records came from (the store's display URL, never with a password). */
  source: z.string().max(500),
  /** The device's runs, oldest first. */
  records: z.array(RunRecordSchema).max(500),
});
export type BundleHistory = z.infer<typeof HistorySchema>;

/** The masked profile: the profile file's JSON with every secret-named value replaced. */
export const MaskedProfileSchema = z.strictObject({
  /** The profile file (absolute path), or `demo`. */
  source: z.string().max(4096),
  /** null when the file could not be read any more (see the manifest's notes). */
  profile: z.record(z.string(), z.unknown()).nullable(),
});

export type BundleErrorKind =
  | 'no-run'
  | 'not-a-run-folder'
  | 'secret-found'
  | 'io'
  | 'not-a-bundle'
  | 'truncated'
  | 'tampered'
  | 'missing-file'
  | 'unexpected-file'
  | 'invalid-file';

/**
 * Why a bundle was not written or cannot be opened. `file` is the file of the bundle it is
 * about; `secretKind` which sort of secret was found (never the secret itself).
 */
export class BundleError extends KindError<BundleErrorKind> {
  override readonly name = 'BundleError';
  constructor(
    kind: BundleErrorKind,
    message: string,
    readonly details: { file?: string; secretKind?: SecretKind } = {},
    options?: { cause?: unknown },
  ) {
    super(kind, message, options);
  }
}

export const SECRET_KINDS = ['registered-secret', 'pem-private-key', 'private-key-body', 'secret-field'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];
