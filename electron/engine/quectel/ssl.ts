/**
 * TLS contexts (docs/at-behaviour.md#tls): AT+QSSLCFG set and query. The cipher suite is a hex number
 * written WITHOUT quotes (quoted → ERROR on BG96); certificate paths are quoted strings.
 * A two-argument call is a query, so every set sends item, context and value.
 */
import { invalidParameter, unexpectedResponse } from './errors.ts';
import type { AtRunner } from './at-runner.ts';
import { buildCommand, fieldsOf, intField, unquoted, type AtParam } from './syntax.ts';

type ValueKind = { kind: 'int'; min: number; max: number } | { kind: 'path' } | { kind: 'hex' };

/** The items this library writes, with their value kinds and ranges (BG96-SSL §2.1.1). */
export const SSL_ITEMS = {
  /** 0 SSL3.0, 1 TLS1.0, 2 TLS1.1, 3 TLS1.2, 4 all. */
  sslversion: { kind: 'int', min: 0, max: 4 },
  /** Hex, unquoted: 0x0035 … 0xFFFF (all). */
  ciphersuite: { kind: 'hex' },
  cacert: { kind: 'path' },
  clientcert: { kind: 'path' },
  clientkey: { kind: 'path' },
  /** 0 no auth, 1 verify server, 2 verify server + client cert. */
  seclevel: { kind: 'int', min: 0, max: 2 },
  /** 0 check validity against the module clock, 1 ignore. */
  ignorelocaltime: { kind: 'int', min: 0, max: 1 },
  /** Handshake timeout, seconds. */
  negotiatetime: { kind: 'int', min: 10, max: 300 },
} as const satisfies Record<string, ValueKind>;

export type SslItem = keyof typeof SSL_ITEMS;

export const SSL_VERSIONS = { 0: 'SSL 3.0', 1: 'TLS 1.0', 2: 'TLS 1.1', 3: 'TLS 1.2', 4: 'all' } as const;
export const SSL_SECURITY_LEVELS = { 0: 'no authentication', 1: 'verify the server', 2: 'verify the server and present the client certificate' } as const;
/** Cipher suites BG96 accepts (docs/at-behaviour.md#tls); EG25-G accepts more. 0xFFFF = all. */
export const BG96_CIPHER_SUITES = [
  0x0035, 0x002f, 0x0005, 0x0004, 0x000a, 0x003d, 0xc011, 0xc012, 0xc013, 0xc014, 0xc027, 0xc028, 0xc02f, 0xffff,
] as const;

export const SSL_CONTEXT_RANGE = { min: 0, max: 5 } as const;

/** `0x` + four upper-case hex digits, e.g. 0xC02F. */
export function formatCipherSuite(suite: number): string {
  if (!Number.isInteger(suite) || suite < 0 || suite > 0xffff) throw invalidParameter('ciphersuite', 'must be 0x0000–0xFFFF', 'AT+QSSLCFG');
  return `0x${suite.toString(16).toUpperCase().padStart(4, '0')}`;
}

function checkContext(ctx: number): void {
  const { min, max } = SSL_CONTEXT_RANGE;
  if (!Number.isInteger(ctx) || ctx < min || ctx > max) throw invalidParameter('sslctxid', `must be an integer ${min}–${max}`, 'AT+QSSLCFG');
}

function valueParam(item: SslItem, value: number | string): AtParam {
  const spec: ValueKind = SSL_ITEMS[item];
  if (spec.kind === 'path') {
    if (typeof value !== 'string' || value === '') throw invalidParameter(item, 'must be a module file name', 'AT+QSSLCFG');
    return value;
  }
  if (spec.kind === 'hex') return unquoted(formatCipherSuite(typeof value === 'string' ? Number(value) : value));
  if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw invalidParameter(item, `must be an integer ${spec.min}–${spec.max}`, 'AT+QSSLCFG');
  }
  return value;
}

/** `AT+QSSLCFG="<item>",<ctx>,<value>` (paths quoted, cipher suite unquoted hex). */
export function buildSslSet(ctx: number, item: SslItem, value: number | string): string {
  checkContext(ctx);
  return buildCommand('AT+QSSLCFG', { item, sslctxid: ctx, [item]: valueParam(item, value) });
}

/** `+QSSLCFG: "<item>",<ctx>,<value>` → the value as printed (paths without quotes). */
export function parseSslQuery(lines: readonly string[], item: SslItem, ctx: number): string {
  const fields = fieldsOf(lines, '+QSSLCFG', 'AT+QSSLCFG');
  if (fields[0]?.text.toLowerCase() !== item || intField(fields, 1, 'sslctxid', 'AT+QSSLCFG') !== ctx) {
    throw unexpectedResponse('AT+QSSLCFG', `answer is not for "${item}" context ${ctx}`, lines.join(' | '));
  }
  const value = fields[2];
  if (!value) throw unexpectedResponse('AT+QSSLCFG', `no value for "${item}"`, lines.join(' | '));
  return value.text;
}

export async function setSslOption(at: AtRunner, ctx: number, item: SslItem, value: number | string): Promise<void> {
  await at.run(buildSslSet(ctx, item, value));
}

export async function querySslOption(at: AtRunner, ctx: number, item: SslItem): Promise<string> {
  checkContext(ctx);
  return parseSslQuery((await at.run(buildCommand('AT+QSSLCFG', { item, sslctxid: ctx }))).lines, item, ctx);
}

export interface SslContextConfig {
  cacert?: string;
  clientcert?: string;
  clientkey?: string;
  seclevel?: 0 | 1 | 2;
  sslversion?: 0 | 1 | 2 | 3 | 4;
  /** A number (0xC02F) or hex text ('0xC02F'); 0xFFFF = all. */
  ciphersuite?: number | string;
  ignorelocaltime?: 0 | 1;
  negotiatetime?: number;
}

/** Write order: protocol first, then files, then verification. */
const CONFIG_ORDER = ['sslversion', 'ciphersuite', 'cacert', 'clientcert', 'clientkey', 'seclevel', 'ignorelocaltime', 'negotiatetime'] as const satisfies readonly SslItem[];

/** The AT+QSSLCFG lines for a configuration (only the items given), in a fixed order. */
export function buildSslContextCommands(ctx: number, config: SslContextConfig): string[] {
  return CONFIG_ORDER.flatMap((item) => {
    const value = config[item];
    return value === undefined ? [] : [buildSslSet(ctx, item, value)];
  });
}

/** Connect-sequence step 1: binds the uploaded files and the TLS options to context `ctx`. */
export async function configureSslContext(at: AtRunner, ctx: number, config: SslContextConfig): Promise<void> {
  for (const command of buildSslContextCommands(ctx, config)) await at.run(command);
}
