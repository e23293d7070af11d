/**
 * The profile file (docs/profile.md): which servers and certificates a fleet uses.
 * Strict: unknown keys are errors; everything except `serverInfoUrl` and `tls` has a default.
 * Browser-safe (no node: imports): the renderer validates profiles with the same schema.
 * Reading files and checking certificates on disk: electron/engine/sequence/profile-loader.ts.
 */
import { z } from 'zod';
import { StepIdSchema } from './steps.ts';
import { fieldIssues, type FieldIssue } from './field-issues.ts';
import { DUPLICATE_POLICIES } from './run-record.ts';

/** AT+QHTTPURL accepts 1–700 bytes (docs/at-behaviour.md#qhttpurl; docs/uncertain-behaviour.md#qhttpurl-max-length). */
export const URL_MAX_BYTES = 700;
/** Module file names: at most 80 bytes (docs/at-behaviour.md#files; the UFS:/RAM: prefix is docs/uncertain-behaviour.md#ufs-prefix). */
export const MODULE_FILE_NAME_MAX_BYTES = 80;

export const PLACEHOLDERS = ['imei', 'deviceId'] as const;
export interface DeviceIds {
  imei: string;
  deviceId: string;
}
/** An IMEI is 15 digits and deviceId is `TMS2_<imei>`, so substituted lengths are known in advance. */
const LONGEST_IDS: DeviceIds = { imei: '0'.repeat(15), deviceId: `TMS2_${'0'.repeat(15)}` };

export type ProfileErrorKind = 'unreadable' | 'not-json' | 'invalid' | 'file-missing' | 'cert-invalid' | 'unknown-name';
/** A bad field, e.g. `tls.caCert`; `profile` for the file as a whole. */
export type ProfileIssue = FieldIssue;

/** A profile that cannot be used. The message is `<field path>: <problem>` (several joined by `; `). */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    readonly kind: ProfileErrorKind,
    readonly issues: readonly ProfileIssue[],
    /** The file on disk the problem is about (profile or certificate), when there is one. */
    readonly file?: string,
  ) {
    super(issues.map((issue) => `${issue.path}: ${issue.problem}`).join('; '));
  }
  /** Path of the first bad field. */
  get field(): string {
    return this.issues[0]?.path ?? 'profile';
  }
}

// ---- placeholders --------------------------------------------------------------------------

export function substitutePlaceholders(template: string, ids: DeviceIds): string {
  return template.replaceAll('{imei}', ids.imei).replaceAll('{deviceId}', ids.deviceId);
}

export function hasPlaceholder(template: string): boolean {
  return PLACEHOLDERS.some((name) => template.includes(`{${name}}`));
}

function unknownPlaceholders(template: string): string[] {
  const found = template.match(/\{[^{}]*\}/g) ?? [];
  return found.filter((token) => !(PLACEHOLDERS as readonly string[]).includes(token.slice(1, -1)));
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** The server-info URL for one device; throws ProfileError when it exceeds the module's limit. */
export function expandServerInfoUrl(profile: Pick<Profile, 'serverInfoUrl'>, ids: DeviceIds): string {
  const url = substitutePlaceholders(profile.serverInfoUrl, ids);
  const bytes = utf8Length(url);
  if (bytes > URL_MAX_BYTES) {
    throw new ProfileError('invalid', [{ path: 'serverInfoUrl', problem: urlTooLong(bytes) }]);
  }
  return url;
}

const urlTooLong = (bytes: number) => `${bytes} bytes after substitution; the module accepts at most ${URL_MAX_BYTES}`;

// ---- field schemas -------------------------------------------------------------------------

function intRange(min: number, max: number) {
  const error = `expected an integer ${min}-${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

const noControlOrQuote = /^[^"\u0000-\u001f\u007f]*$/;

function checkServerInfoUrl(url: string, ctx: z.RefinementCtx): void {
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (!/^https?:\/\//.test(url)) return fail('must start with http:// or https://');
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return fail('must not contain spaces or control characters');
  const unknown = unknownPlaceholders(url);
  if (unknown.length > 0) return fail(`unknown placeholder ${unknown.join(', ')} (use {imei} or {deviceId})`);
  const expanded = substitutePlaceholders(url, LONGEST_IDS);
  if (!URL.canParse(expanded) || new URL(expanded).hostname === '') return fail('not a valid URL');
  const bytes = utf8Length(expanded);
  if (bytes > URL_MAX_BYTES) fail(urlTooLong(bytes));
}

const filePath = z.string({ error: 'expected a file path' }).min(1, { error: 'expected a file path' }).max(4096, { error: 'longer than 4096 characters' });

/** A host file path; `{imei}`/`{deviceId}` allowed when `perDevice`. */
function certPath(perDevice: boolean) {
  return filePath.superRefine((value, ctx) => {
    const unknown = unknownPlaceholders(value);
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.join(', ')} (use {imei} or {deviceId})` });
    else if (!perDevice && hasPlaceholder(value)) {
      ctx.addIssue({ code: 'custom', message: 'per-device patterns are allowed only in tls.clientCert and tls.clientKey' });
    }
  });
}

const moduleFileName = z
  .string()
  .regex(/^(?:(?:UFS|RAM):)?[^"\\/:*?<>|,\u0000-\u001f\u007f]+$/, { error: 'expected a module file name like UFS:ca.pem' })
  .refine((name) => utf8Length(name.replace(/^(UFS|RAM):/, '')) <= MODULE_FILE_NAME_MAX_BYTES, {
    error: `module file names are at most ${MODULE_FILE_NAME_MAX_BYTES} bytes`,
  });

const ModuleFilesSchema = z
  .strictObject({
      caCert: moduleFileName.default('UFS:ca.pem'),
      clientCert: moduleFileName.default('UFS:client.pem'),
      clientKey: moduleFileName.default('UFS:client.key'),
  })
  .superRefine((files, ctx) => {
    if (new Set([files.caCert, files.clientCert, files.clientKey]).size < 3) {
      ctx.addIssue({ code: 'custom', message: 'caCert, clientCert and clientKey need three different module files' });
    }
  });

const TlsSchema = z.strictObject({
  caCert: certPath(false),
  clientCert: certPath(true),
  clientKey: certPath(true),
  sslContextId: intRange(0, 5).default(1),
  moduleFiles: ModuleFilesSchema.prefault({}),
});

const PdpSchema = z.strictObject({
  contextId: intRange(1, 16).default(1),
  apn: z.string().max(100).regex(noControlOrQuote, { error: 'must not contain quotes or control characters' }).default(''),
});

const MqttSchema = z.strictObject({
  topicRoot: z
    .string()
    .regex(/^[^/+#"\u0000-\u001f\u007f](?:[^+#"\u0000-\u001f\u007f]{0,62}[^/+#"\u0000-\u001f\u007f])?$/, {
      error: 'expected 1-64 characters without +, #, quotes or a leading/trailing /',
    })
    .default('DDTM'),
  qos: z.literal([0, 1, 2]).default(1),
  /** Seconds; replaces the server-info keepalive (0 = no keepalive). */
  keepaliveOverride: intRange(0, 3600).optional(),
});

const CalibrationSchema = z.strictObject({
  toleranceDeg: z
    .number({ error: 'expected degrees (number)' })
    .gt(0, { error: 'expected more than 0 degrees' })
    .max(45, { error: 'expected at most 45 degrees' })
    .default(2),
});

export const FOTA_POLICIES = ['ask', 'auto', 'never'] as const;
export type FotaPolicy = (typeof FOTA_POLICIES)[number];

const FotaSchema = z.strictObject({
  policy: z.enum(FOTA_POLICIES).default('ask'),
  allowDowngrade: z.boolean().default(false),
});

/** A limit in the profile's `measurements` section: a number, or null for no limit on that side. */
const limit = (fallback: number, range: { min: number; max: number }, unit: string) => {
  const error = `expected ${unit} between ${range.min} and ${range.max} (number), or null for no limit`;
  return z.number({ error }).min(range.min, { error }).max(range.max, { error }).nullable().default(fallback);
};

/**
 * Limits of the measurements a run takes (docs/profile.md#measurements). The defaults are loose
 * enough that a healthy unit on a working line passes; an out-of-limits measurement fails its step
 * (MEASUREMENT_OUT_OF_LIMITS). The calibration residual's limit is `calibration.toleranceDeg`.
 */
const MeasurementLimitsSchema = z.strictObject({
  /** AT+CSQ signal in dBm (rssi 0–31 → −113…−51 dBm): at least this. */
  signalMinDbm: limit(-105, { min: -113, max: -51 }, 'dBm'),
  /** LTE RSRP in dBm, when the module reports it: at least this. */
  rsrpMinDbm: limit(-120, { min: -140, max: -44 }, 'dBm'),
  /** Certificate upload rate (AT+QFUPL) in bytes per second, when a file was uploaded: at least this. */
  certUploadMinBps: limit(100, { min: 0, max: 10_000_000 }, 'B/s'),
  /** Firmware download rate (module HTTP download) in bytes per second, when an image was downloaded: at least this. */
  firmwareDownloadMinBps: limit(1000, { min: 0, max: 1_000_000_000 }, 'B/s'),
  /** AT+QMTOPEN to a successful AT+QMTCONN, in milliseconds: at most this. */
  mqttConnectMaxMs: limit(60_000, { min: 1, max: 3_600_000 }, 'ms'),
});

export const StepOverrideSchema = z.strictObject({
  timeoutMs: intRange(1, 3_600_000).optional(),
  retries: intRange(0, 10).optional(),
});

/** True for a plain-text `http://` URL (the module then sends the request, and what comes back, in clear). */
export function isInsecureUrl(url: string): boolean {
  return /^http:\/\//i.test(url);
}

export const ProfileSchema = z
  .strictObject({
    name: z.string().min(1).max(100).default('Unnamed profile'),
    serverInfoUrl: z.string({ error: 'expected a URL' }).max(2000).superRefine(checkServerInfoUrl),
    /**
     * Lets serverInfoUrl (and the firmware URLs the server hands out) be plain http://. Off by
     * default: over http the MQTT password and the firmware hashes travel in clear. When on, every
     * run warns (run output, UI, report).
     */
    allowInsecureHttp: z.boolean({ error: 'expected true or false' }).default(false),
    tls: TlsSchema,
    pdp: PdpSchema.prefault({}),
    mqtt: MqttSchema.prefault({}),
    calibration: CalibrationSchema.prefault({}),
    fota: FotaSchema.prefault({}),
    /** Per-step overrides keyed by step id (shared/steps.ts). */
    steps: z.partialRecord(StepIdSchema, StepOverrideSchema).prefault({}),
    /** Measurement limits (docs/profile.md#measurements). */
    measurements: MeasurementLimitsSchema.prefault({}),
    /**
     * A unit (IMEI) the results store already holds a passed run for: `allow` runs it again,
     * `refuse` stops the run right after identify (DUPLICATE_IMEI) before anything changes on it,
     * `rework` runs it and marks the record as rework.
     */
    duplicates: z.enum(DUPLICATE_POLICIES).default('allow'),
    /** With `refuse` and the line database unreachable: go on anyway (default: refuse, DUPLICATES_UNCHECKABLE). */
    allowOfflineDuplicates: z.boolean({ error: 'expected true or false' }).default(false),
  })
  .superRefine((profile, ctx) => {
    if (isInsecureUrl(profile.serverInfoUrl) && !profile.allowInsecureHttp) {
      ctx.addIssue({
        code: 'custom',
        path: ['serverInfoUrl'],
        message: 'must start with https:// (plain http:// sends the MQTT password in clear; set "allowInsecureHttp": true to allow it anyway)',
      });
    }
  });

export type Profile = z.output<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
export type StepOverride = z.output<typeof StepOverrideSchema>;
export type MeasurementLimits = z.output<typeof MeasurementLimitsSchema>;

// ---- parsing with field-path messages ------------------------------------------------------

/**
 * Why `text` is not JSON, in words that never quote the text (JSON.parse's message may echo the
 * first bytes, and the file may be anything: /etc/shadow, a key).
 */
export function jsonSyntaxProblem(text: string, error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position !== undefined) {
    const before = text.slice(0, Number(position));
    const line = before.split('\n').length;
    const column = Number(position) - before.lastIndexOf('\n');
    return `not valid JSON (syntax error at line ${line}, column ${column})`;
  }
  const first = text.trimStart()[0];
  if (first === undefined) return 'not valid JSON (the file is empty)';
  if (first !== '{') return 'not valid JSON (a profile starts with "{")';
  return 'not valid JSON';
}

/** Zod issues as `{ path: 'fota.policy', problem: 'expected one of ask|auto|never' }`. */
export function profileIssues(error: z.ZodError, input: unknown): ProfileIssue[] {
  return fieldIssues(error, input, 'profile');
}

/** Validates an already-read profile object (paths are left as written). */
export function parseProfile(input: unknown): Profile {
  const result = ProfileSchema.safeParse(input);
  if (!result.success) throw new ProfileError('invalid', profileIssues(result.error, input));
  return result.data;
}
