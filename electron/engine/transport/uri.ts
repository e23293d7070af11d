/**
 * Port URIs (docs/architecture.md#port-uris): `/dev/ttyUSB2`, `COM7`, `/dev/ttyUSB2?baud=9600&rtscts=1`,
 * `tcp://127.0.0.1:5555`, `sim:`, `sim:<scenario>`. Parsing is zod-validated; a bad URI throws
 * TransportError('bad-uri') naming the field that is wrong.
 */
import { z } from 'zod';
import { TransportError } from './errors.ts';
import type { Transport } from './types.ts';

export const DEFAULT_BAUD_RATE = 115200;

export type PortSpec =
  | { kind: 'serial'; uri: string; path: string; baudRate: number; rtscts: boolean }
  | { kind: 'tcp'; uri: string; host: string; port: number }
  | { kind: 'sim'; uri: string; scenario: string | undefined };

/** Settings given outside the URI (e.g. `--baud`); they win over the URI's query. */
export interface PortOverrides {
  baudRate?: number;
  rtscts?: boolean;
}

const flag = z
  .enum(['0', '1', 'true', 'false', 'on', 'off'], { error: 'must be 0 or 1' })
  .transform((v) => v === '1' || v === 'true' || v === 'on');

const baudRate = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(50, { error: 'must be at least 50' })
  .max(4_000_000, { error: 'must be at most 4000000' });

const serialSchema = z.object({
  path: z.string().regex(/^(\/.+|(\\\\\.\\)?COM[1-9]\d*)$/i, { error: 'must be a device path (/dev/ttyUSB2) or COMn' }),
  query: z.strictObject({ baud: baudRate.default(DEFAULT_BAUD_RATE), rtscts: flag.default(false) }),
});

const tcpSchema = z.object({
  host: z.string().min(1, { error: 'is missing' }),
  port: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be 1-65535' })
    .max(65535, { error: 'must be 1-65535' }),
});

const simSchema = z.object({
  scenario: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, { error: 'must be letters, digits, "-", "_" or "."' })
    .optional(),
});

function badUri(uri: string, field: string, problem: string): TransportError {
  return new TransportError('bad-uri', uri, `bad port URI: ${field} ${problem}`);
}

/** Runs a zod schema and turns its first issue into a bad-uri error naming the field. */
function validate<T>(schema: z.ZodType<T>, input: unknown, uri: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw badUri(uri, issue.keys.join(', '), 'is not a known option (known: baud, rtscts)');
  }
  const field = issue?.path.filter((p) => p !== 'query').join('.') || 'option';
  throw badUri(uri, field, issue?.message ?? 'is invalid');
}

function parseSerial(uri: string): PortSpec {
  const q = uri.indexOf('?');
  const path = q < 0 ? uri : uri.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : uri.slice(q + 1)));
  const parsed = validate(serialSchema, { path, query }, uri);
  return { kind: 'serial', uri, path: parsed.path, baudRate: parsed.query.baud, rtscts: parsed.query.rtscts };
}

function parseTcp(uri: string): PortSpec {
  const match = /^tcp:\/\/(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?\/?$/i.exec(uri);
  if (!match) throw badUri(uri, 'tcp URI', 'must look like tcp://host:port');
  const [, rawHost = '', rawPort] = match;
  if (rawPort === undefined || rawPort === '') throw badUri(uri, 'port', 'is missing (tcp://host:port)');
  const parsed = validate(tcpSchema, { host: rawHost.replace(/^\[|\]$/g, ''), port: rawPort }, uri);
  return { kind: 'tcp', uri, host: parsed.host, port: parsed.port };
}

function parseSim(uri: string): PortSpec {
  const rest = uri.slice('sim:'.length);
  const parsed = validate(simSchema, { scenario: rest === '' ? undefined : rest }, uri);
  return { kind: 'sim', uri, scenario: parsed.scenario };
}

/** Parses a port URI into what the transports need. Throws TransportError('bad-uri'). */
export function parsePortUri(uri: string): PortSpec {
  const text = uri.trim();
  if (text === '') throw badUri(uri, 'port', 'is empty');
  if (/^sim:/i.test(text)) return parseSim(text);
  if (/^tcp:/i.test(text)) return parseTcp(text);
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(text);
  if (scheme && !/^COM/i.test(text)) throw badUri(uri, 'scheme', `"${scheme[1]}:" is not supported (use a device path, COMn, tcp:// or sim:)`);
  return parseSerial(text);
}

/** Creates the transport for a port URI without opening it. */
export async function createTransport(uri: string, overrides: PortOverrides = {}): Promise<Transport> {
  const spec = parsePortUri(uri);
  switch (spec.kind) {
    case 'serial': {
      const { SerialTransport } = await import('./serial.ts');
      const baud = overrides.baudRate === undefined ? spec.baudRate : validate(z.object({ baud: baudRate }), { baud: overrides.baudRate }, uri).baud;
      return new SerialTransport(spec.uri, { path: spec.path, baudRate: baud, rtscts: overrides.rtscts ?? spec.rtscts });
    }
    case 'tcp': {
      const { TcpTransport } = await import('./tcp.ts');
      return new TcpTransport(spec.uri, { host: spec.host, port: spec.port });
    }
    case 'sim': {
      const { SimTransport } = await import('./sim.ts');
      return new SimTransport(spec.uri, spec.scenario);
    }
  }
}

/** Creates and opens the transport for a port URI. Rejects with a TransportError naming the port. */
export async function openTransport(uri: string, overrides: PortOverrides = {}): Promise<Transport> {
  const transport = await createTransport(uri, overrides);
  await transport.open();
  return transport;
}
