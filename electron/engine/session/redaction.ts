/**
 * The one redaction choke point (docs/faults.md K1, K2). Everything that leaves the engine as
 * text — AT traffic, events, the session log, reports — goes through a Redactor first.
 * Two layers: the exact secrets registered for this run (MQTT password, private key bytes), and
 * patterns that catch secrets nobody registered (PEM private-key blocks, the QMTCONN password,
 * `"password":"…"` in JSON).
 *
 * It extends the AT engine's Redactor, so one instance is handed to the AtClient
 * (`new AtClient({ redactor })`) and to the session log: traffic text gets the same treatment.
 */
import { Redactor as AtRedactor } from '../at/redactor.ts';

/** Replaces a registered secret or a secret-shaped field. */
export const REDACTED = '[REDACTED]';
/** Replaces a PEM private-key block. Contains neither "PRIVATE" nor "KEY", so greps stay meaningful. */
export const REDACTED_KEY = '[REDACTED:pem]';

interface RedactionRule {
  name: string;
  pattern: RegExp;
  replacement: string;
}

/** Secret shapes, applied after the registered secrets. Groups 1 and 3 are kept. */
const RULES: readonly RedactionRule[] = [
  { name: 'QMTCONN password', pattern: /(QMTCONN=\d+,"[^"]*","[^"]*",")([^"]*)(")/g, replacement: `$1${REDACTED}$3` },
  { name: 'QSSLCFG clientkey password', pattern: /(QSSLCFG[=:] ?"clientkey",\d+,"[^"]*",")([^"]*)(")/gi, replacement: `$1${REDACTED}$3` },
  { name: 'JSON password', pattern: /("password"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi, replacement: `$1${REDACTED}$3` },
  { name: 'form password', pattern: /(\bpassword=)([^&\s"\\]+)()/gi, replacement: `$1${REDACTED}$3` },
];

/** A PEM private-key block; an unterminated block (cut-off chunk) is redacted to the end. */
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g;

/** Object keys whose string values are secret whatever they hold (K2). */
const SECRET_KEY_NAME = /^(?:password|passwd|secret|token|privateKey|clientKeyPem)$/i;

/** Lines of a key body shorter than this are not registered on their own (too likely to collide). */
const MIN_FRAGMENT_LENGTH = 16;

export class Redactor extends AtRedactor {
  #secrets: string[] = [];

  /** Registers a secret for this run: a password, or a private key's PEM text/bytes. */
  override add(secret: string | Uint8Array): void {
    super.add(secret);
    const text = typeof secret === 'string' ? secret : Buffer.from(secret).toString('latin1');
    if (text.length === 0) return;
    const variants = new Set([...encodings(text), ...pemBodyLines(text)]);
    this.#secrets = [...new Set([...this.#secrets, ...variants])].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  }

  /** How many distinct secret strings (with their encodings) are registered. */
  override get size(): number {
    return this.#secrets.length;
  }

  override redact(text: string): string {
    let result = text.replace(PEM_PRIVATE_KEY, REDACTED_KEY);
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    for (const rule of RULES) result = result.replace(rule.pattern, rule.replacement);
    return result;
  }

  /** A deep copy of a JSON-like value with every string redacted and secret-named fields blanked. */
  redactEvent<T>(event: T): T {
    return this.#redactValue(event, undefined) as T;
  }

  #redactValue(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') return key !== undefined && SECRET_KEY_NAME.test(key) ? REDACTED : this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.#redactValue(item, undefined));
    if (value !== null && typeof value === 'object' && isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#redactValue(v, k)]));
    }
    return value;
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The forms a secret takes in our text: raw, latin1 bytes, control bytes escaped (traffic, see at/traffic.ts), JSON, URL-encoded. */
function encodings(text: string): string[] {
  const asLatin1 = Buffer.from(text, 'utf8').toString('latin1'); // UTF-8 bytes shown as latin1 traffic
  const forms = [text, asLatin1, escapeControl(text, false), escapeControl(text, true), JSON.stringify(text).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(text));
  } catch {
    // lone surrogate: no URL form
  }
  return forms;
}

function escapeControl(text: string, upperHex: boolean): string {
  const named: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => {
    const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
    return named[ch] ?? `\\x${upperHex ? hex.toUpperCase() : hex}`;
  });
}

/** Each base64 line of a PEM body, so fragments of a key split across chunks are still caught. */
function pemBodyLines(text: string): string[] {
  if (!/-----BEGIN [A-Z0-9 ]*-----/.test(text)) return [];
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_FRAGMENT_LENGTH && !line.startsWith('-----'));
}
