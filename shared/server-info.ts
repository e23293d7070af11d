/**
 * The server-info document (HTTP GET body of the profile's serverInfoUrl), exactly as in
 * docs/sequence.md#server-info-document. Strict: unknown keys are rejected, so a typo on the server side
 * is an error that names the field, never a silently ignored value.
 *
 * Used by the engine (parse what the module read), the demo cloud (build what it serves) and the UI.
 * Error messages quote the field path only, never the value (the document carries the MQTT password).
 */
import { z } from 'zod';

/** Limits that come from the module or the spec, kept in one place. */
export const SERVER_INFO_LIMITS = {
  /** AT+QMTCFG="keepalive" accepts 0–3600 s; the spec's default when the server omits it is 90. */
  keepaliveMaxSeconds: 3600,
  keepaliveDefaultSeconds: 90,
  /** AT+QHTTPURL accepts 1–700 bytes. */
  urlMaxBytes: 700,
  /** The demo firmware header holds at most 32 version characters; real ones are shorter. */
  versionMaxLength: 32,
  /**
   * Largest firmware image accepted (32 MiB). The image is written into the module's UFS, which is
   * a few MB on EC2x/EG9x/BG96 (the virtual device has 7 MB), so a bigger `size` can only be a
   * server mistake or an attack (F2). The bound also caps how many bytes a download may write
   * before the host cuts it; the module's real free space is still checked with AT+QFLDS (F7).
   */
  firmwareMaxBytes: 32 * 1024 * 1024,
} as const;

/** Printable ASCII without `"`: anything else cannot be sent inside a quoted AT parameter. */
const AT_QUOTABLE = /^[\x20\x21\x23-\x7e]+$/;

const atQuotable = (what: string, max: number) =>
  z.string().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters`).regex(AT_QUOTABLE, `${what} has characters an AT command cannot carry (only printable ASCII without '"')`);

const versionSchema = atQuotable('version', SERVER_INFO_LIMITS.versionMaxLength);

const urlSchema = z
  .string()
  .regex(/^https?:\/\/\S+$/, 'must start with http:// or https:// and contain no spaces')
  .refine((url) => Buffer.byteLength(url) <= SERVER_INFO_LIMITS.urlMaxBytes, `longer than ${SERVER_INFO_LIMITS.urlMaxBytes} bytes (the module's URL limit)`);

export const mqttServerInfoSchema = z.strictObject({
  host: atQuotable('host', 255),
  port: z.int().min(1).max(65535),
  ssl: z.boolean(),
  password: atQuotable('password', 255),
  keepalive: z.int().min(0).max(SERVER_INFO_LIMITS.keepaliveMaxSeconds).default(SERVER_INFO_LIMITS.keepaliveDefaultSeconds),
});

export const firmwareInfoSchema = z.strictObject({
  version: versionSchema,
  url: urlSchema,
  size: z.int().min(1).max(SERVER_INFO_LIMITS.firmwareMaxBytes, `larger than ${SERVER_INFO_LIMITS.firmwareMaxBytes} bytes (no module file system holds such an image)`),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits'),
});

export const rollInfoSchema = z.strictObject({
  roll: z.number().min(-180).max(180),
  pitch: z.number().min(-90).max(90),
});

export const serverInfoSchema = z.strictObject({
  serverInfo: z.strictObject({
    mqtt: mqttServerInfoSchema,
    firmware: z.strictObject({ main: firmwareInfoSchema, sub: firmwareInfoSchema }),
  }),
  rollInfo: rollInfoSchema,
});

/** The parsed document (keepalive filled in). */
export type ServerInfo = z.output<typeof serverInfoSchema>;
/** What a server may send (keepalive optional). */
export type ServerInfoInput = z.input<typeof serverInfoSchema>;
export type MqttServerInfo = ServerInfo['serverInfo']['mqtt'];
export type FirmwareInfo = ServerInfo['serverInfo']['firmware']['main'];
export type RollInfo = ServerInfo['rollInfo'];

export interface ServerInfoIssue {
  /** Dotted field path, e.g. `serverInfo.mqtt.port`; `(document)` for the whole body. */
  path: string;
  message: string;
}

export type ServerInfoErrorKind = 'not-json' | 'invalid-field';

export class ServerInfoError extends Error {
  override readonly name = 'ServerInfoError';
  /** Path of the first offending field. */
  readonly path: string;
  constructor(
    readonly kind: ServerInfoErrorKind,
    readonly issues: readonly ServerInfoIssue[],
  ) {
    const first = issues[0] ?? { path: DOCUMENT_PATH, message: 'invalid' };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`server-info ${first.path}: ${first.message}${more}`);
    this.path = first.path;
  }
}

export type ParseServerInfoResult = { ok: true; serverInfo: ServerInfo } | { ok: false; error: ServerInfoError };

const DOCUMENT_PATH = '(document)';

/** A UTF-8 byte-order mark some servers (IIS, .NET, Windows editors) put before JSON. */
const BOM = '\uFEFF';

/** Parses and validates a server-info body (a leading BOM is accepted). Never throws. */
export function parseServerInfo(text: string): ParseServerInfoResult {
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith(BOM) ? text.slice(BOM.length) : text);
  } catch {
    return { ok: false, error: new ServerInfoError('not-json', [{ path: DOCUMENT_PATH, message: 'not valid JSON' }]) };
  }
  const result = serverInfoSchema.safeParse(json);
  if (result.success) return { ok: true, serverInfo: result.data };
  return { ok: false, error: new ServerInfoError('invalid-field', result.error.issues.flatMap(describeIssue)) };
}

/** Same as parseServerInfo but throws the ServerInfoError. */
export function parseServerInfoOrThrow(text: string): ServerInfo {
  const result = parseServerInfo(text);
  if (!result.ok) throw result.error;
  return result.serverInfo;
}

function describeIssue(issue: z.core.$ZodIssue): ServerInfoIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field' }));
  }
  const path = formatPath(issue.path);
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return [{ path, message: `missing (expected ${issue.expected})` }];
  }
  return [{ path, message: issue.message }];
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return DOCUMENT_PATH;
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
