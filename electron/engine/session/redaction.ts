/**
 * The one Redactor of Fieldlink and its one token (docs/faults.md K1, K2). Everything that leaves
 * the engine as text — AT traffic, events, errors, the session log, reports, the terminals of the
 * CLI and the UI — goes through a Redactor first. The AT engine takes the same class
 * (`new AtClient({ redactor })`), so one instance per run covers traffic and log alike.
 *
 * Two layers:
 * - the secrets registered for this run (MQTT password, private key bytes). A secret of at least
 *   MIN_FREE_SECRET_LENGTH characters is masked wherever it appears, in every encoding our text
 *   uses. A shorter one is masked only where a secret stands — a quoted command argument or a
 *   quoted JSON value equal to it — because masking `1234` everywhere would also blank
 *   `+CSQ: 1234,99` and make the log lie (see `isShortSecret`: the run warns about such passwords);
 * - patterns for secrets nobody registered: the password arguments of AT commands (any case,
 *   spaces after commas), fields with secret-like names in JSON, form and object data, PEM
 *   private-key blocks (any case) and header-less base64 private-key bodies.
 */

/** The one token that replaces a secret. */
export const REDACTED = '[REDACTED]';
/** Replaces a private-key block or body. Contains neither "PRIVATE" nor "KEY", so greps stay meaningful. */
export const REDACTED_KEY = '[REDACTED:pem]';

/**
 * Registered secrets at least this long are masked anywhere; shorter ones only where secrets
 * stand. Eight characters: a random 8-character string colliding with unrelated module output
 * (numbers, IMEIs, OK lines) is unlikely, a 4-digit PIN-like password is not.
 */
export const MIN_FREE_SECRET_LENGTH = 8;

/** Lines of a key body shorter than this are not registered on their own (too likely to collide). */
const MIN_FRAGMENT_LENGTH = 16;

/**
 * Field names whose values are secret whatever they hold (K2), case-insensitive: password, passwd,
 * pass, pwd, pw, passphrase, psk, secret, token, credential(s), apiKey / api_key, privateKey,
 * clientKey, accessKey, secretKey, authorization — alone or at the end of a longer name
 * (mqttPassword, client_secret, clientKeyPem). `passed`, `tokens`, `keepalive` are not secret.
 */
const SECRET_NAME_BODY = String.raw`[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|pass|pwd|pw|psk|secret|token|credentials?|api[_-]?key|private[_-]?key|client[_-]?key|access[_-]?key|authorization)(?:[_-]?(?:pem|der|b64|base64|hex|value|text|data))?`;
/** Every secret field name contains one of these (lower case). */
const SECRET_NAME_HINTS = ['pass', 'pw', 'psk', 'secret', 'token', 'credential', 'key', 'authorization'] as const;
const SECRET_KEY_NAME = new RegExp(String.raw`^(?:${SECRET_NAME_BODY})$`, 'i');

/** One AT argument: quoted (to the last quote on the line, so a quote inside cannot end it early), cut-off quoted, or bare. */
const AT_ARG = String.raw`(?:"[^\r\n]*"|"[^\r\n]*|[^,\s"\\]+)`;
/** An argument we skip over (not secret). */
const AT_SKIP = String.raw`(?:"[^"\r\n]*"|[^,"\r\n]*)`;

interface RedactionRule {
  name: string;
  /** Lower-case texts of which the rule needs one; the regex is skipped otherwise (redact() runs on every traffic line). */
  needs: readonly string[];
  pattern: RegExp;
}

/** Secret shapes, applied after the registered secrets. Group 1 is kept, group 2 is the secret. */
const RULES: readonly RedactionRule[] = [
  // AT+QMTCONN=<idx>,"<clientid>","<username>","<password>"
  { name: 'QMTCONN password', needs: ['qmtconn'], pattern: new RegExp(String.raw`(QMTCONN\s*=\s*(?:${AT_SKIP}\s*,\s*){3})(${AT_ARG})`, 'gi') },
  // AT+QSSLCFG="clientkey",<ctx>,"<file>","<key password>"
  { name: 'QSSLCFG clientkey password', needs: ['clientkey'], pattern: new RegExp(String.raw`(QSSLCFG\s*[=:]\s*"clientkey"\s*,\s*(?:${AT_SKIP}\s*,\s*){2})(${AT_ARG})`, 'gi') },
  // AT+QICSGP=<cid>,<type>,"<apn>","<user>","<password>"[,<auth>]
  { name: 'QICSGP password', needs: ['qicsgp'], pattern: new RegExp(String.raw`(QICSGP\s*[=:]\s*(?:${AT_SKIP}\s*,\s*){4})("[^"\r\n]*"?|[^,\s"\\]+)`, 'gi') },
  // "password": "…" and every other secret-named JSON field
  { name: 'JSON secret field', needs: SECRET_NAME_HINTS, pattern: new RegExp(String.raw`("(?:${SECRET_NAME_BODY})"\s*:\s*)("(?:[^"\\]|\\.)*"?)`, 'gi') },
  // password=… in a query string or form body
  { name: 'form secret field', needs: SECRET_NAME_HINTS, pattern: new RegExp(String.raw`((?:^|[?&\s;])(?:${SECRET_NAME_BODY})=)([^&\s"\\]+)`, 'gi') },
];

/** A PEM private-key block in any case; an unterminated block (cut-off chunk) is redacted to the end. */
const PEM_PRIVATE_KEY = /-----\s*BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY\s*-----[\s\S]*?(?:-----\s*END (?:[A-Z0-9]+ )*PRIVATE KEY\s*-----|$)/gi;

/** Where a base64 DER key body may start ('M' = a SEQUENCE); the rest is found by scanning (scanBase64). */
const BASE64_START = /(?<![A-Za-z0-9+/])M[A-Za-z0-9+/]{15,47}/g;
/** Line breaks a body may be split by: real ones and the escaped ones of traffic text. */
const BODY_BREAK = /^(?:\\r\\n|\\n|\\r|\r\n|\n|\r)/;

/** The PBES2 algorithm identifier of an encrypted PKCS#8 key, as it appears in base64 near the start. */
const ENCRYPTED_PKCS8_MARK = 'BgkqhkiG9w0BBQ0';

export class Redactor {
  /** Long secrets in all their encodings, longest first: masked anywhere. */
  #anywhere: string[] = [];
  /** The length of the shortest of #anywhere: a shorter text cannot hold any of them. */
  #shortestAnywhere = Number.POSITIVE_INFINITY;
  /** Every registered secret in all its encodings: masked where a secret stands. */
  readonly #exact = new Set<string>();
  #short = 0;

  /**
   * True for a password too short to be masked anywhere in free text (see MIN_FREE_SECRET_LENGTH).
   * Such a password is still masked where it stands; the run should warn that it is weak.
   */
  static isShortSecret(secret: string): boolean {
    return secret.length > 0 && secret.length < MIN_FREE_SECRET_LENGTH;
  }

  /** Registers a secret for this run: a password, or a private key's PEM text/bytes. */
  add(secret: string | Uint8Array): void {
    const text = typeof secret === 'string' ? secret : Buffer.from(secret).toString('latin1');
    if (text.length === 0) return;
    const forms = encodings(text);
    for (const form of forms) this.#exact.add(form);
    if (Redactor.isShortSecret(text)) {
      this.#short += 1;
      return;
    }
    const fragments = keyFragments(text).flatMap(encodings);
    this.#anywhere = [...new Set([...this.#anywhere, ...forms, ...fragments])].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
    this.#shortestAnywhere = this.#anywhere.at(-1)?.length ?? Number.POSITIVE_INFINITY;
  }

  /** How many distinct secret strings (with their encodings) are registered. */
  get size(): number {
    return this.#exact.size;
  }

  /** How many registered secrets were too short to be masked in free text. */
  get shortSecrets(): number {
    return this.#short;
  }

  redact(text: string): string {
    let result = text.includes('-----') ? text.replace(PEM_PRIVATE_KEY, REDACTED_KEY) : text;
    if (result.length >= 16) result = redactKeyBodies(result);
    // Every event field goes through here (most are a few characters): skip what cannot hold a secret.
    if (result.length >= this.#shortestAnywhere) {
      for (const secret of this.#anywhere) if (secret.length <= result.length && result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    if (this.#exact.size > 0 && result.includes('"')) {
      result = result.replace(/"((?:[^"\\\r\n]|\\.)*)"/g, (quoted, inner: string) => (this.#exact.has(inner) ? `"${REDACTED}"` : quoted));
    }
    const lower = result.toLowerCase();
    for (const rule of RULES) {
      if (rule.needs.some((hint) => lower.includes(hint))) result = result.replace(rule.pattern, (_m, kept: string, value: string) => `${kept}${maskValue(value)}`);
    }
    return result;
  }

  /** True when `text` holds a registered secret or a secret shape (used to decide whether payload text may be shown). */
  containsSecret(text: string): boolean {
    return this.redact(text) !== text;
  }

  /** A deep copy of a JSON-like value with every string redacted and secret-named fields blanked. */
  redactEvent<T>(event: T): T {
    return this.#redactValue(event, undefined) as T;
  }

  #redactValue(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') return key !== undefined && value !== '' && isSecretFieldName(key) ? REDACTED : this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.#redactValue(item, undefined));
    if (value !== null && typeof value === 'object' && isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#redactValue(v, k)]));
    }
    return value;
  }
}

/** Field names already tested (events use a few dozen); bounded, as payload objects may bring any. */
const secretNameCache = new Map<string, boolean>();
const SECRET_NAME_CACHE_LIMIT = 2048;

/** True when a field of this name holds a secret (K2). */
export function isSecretFieldName(name: string): boolean {
  const known = secretNameCache.get(name);
  if (known !== undefined) return known;
  const secret = SECRET_KEY_NAME.test(name);
  if (secretNameCache.size < SECRET_NAME_CACHE_LIMIT) secretNameCache.set(name, secret);
  return secret;
}

/** The secret value keeps its quotes (so the line still reads as the command it was). */
function maskValue(value: string): string {
  if (value === '') return value;
  if (!value.startsWith('"')) return REDACTED;
  return value.length > 1 && value.endsWith('"') ? `"${REDACTED}"` : `"${REDACTED}`;
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
  return [...new Set(forms)];
}

function escapeControl(text: string, upperHex: boolean): string {
  const named: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => {
    const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
    return named[ch] ?? `\\x${upperHex ? hex.toUpperCase() : hex}`;
  });
}

/** Each line of a multi-line secret (a PEM key's base64 lines), so fragments split across chunks are still caught. */
function keyFragments(text: string): string[] {
  if (!/[\r\n]/.test(text)) return [];
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_FRAGMENT_LENGTH && !line.startsWith('-----'));
}

/** Replaces each header-less DER private-key body (one line or several, possibly cut off) with REDACTED_KEY. */
function redactKeyBodies(text: string): string {
  if (!text.includes('M')) return text;
  let out = '';
  let from = 0;
  for (const match of text.matchAll(BASE64_START)) {
    const start = match.index;
    if (start < from) continue;
    const needed = keyBodyLength(match[0]);
    if (needed === undefined) continue;
    const end = scanBase64(text, start, needed);
    out += `${text.slice(from, start)}${REDACTED_KEY}`;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The end of a base64 body of `needed` characters starting at `start`, stepping over line breaks; stops early at anything else. */
function scanBase64(text: string, start: number, needed: number): number {
  let at = start;
  let count = 0;
  while (at < text.length && count < needed) {
    const ch = text[at] ?? '';
    if (/[A-Za-z0-9+/=]/.test(ch)) {
      at += 1;
      count += 1;
      continue;
    }
    const brk = BODY_BREAK.exec(text.slice(at, at + 4));
    if (!brk || !/[A-Za-z0-9+/=]/.test(text[at + brk[0].length] ?? '')) break;
    at += brk[0].length;
  }
  return at;
}

/**
 * If the base64 text starting here begins a DER private key, the base64 length of the whole key.
 * PKCS#8, PKCS#1 and SEC1 keys are a SEQUENCE whose first element is a small INTEGER version
 * (02 01 00 / 02 01 01); a certificate's first element is another SEQUENCE, so certificates stay
 * visible. An encrypted PKCS#8 key (SEQUENCE in SEQUENCE too) is recognised by its PBES2 identifier.
 */
function keyBodyLength(head: string): number | undefined {
  const bytes = Buffer.from(head.slice(0, 16), 'base64');
  if (bytes[0] !== 0x30) return undefined;
  const lengthByte = bytes[1] ?? 0;
  const lengthBytes = lengthByte < 0x80 ? 0 : lengthByte & 0x7f;
  if (lengthBytes > 3) return undefined;
  let length = lengthByte;
  if (lengthBytes > 0) {
    length = 0;
    for (let i = 0; i < lengthBytes; i += 1) length = length * 256 + (bytes[2 + i] ?? 0);
  }
  const at = 2 + lengthBytes;
  const versioned = bytes[at] === 0x02 && bytes[at + 1] === 0x01 && (bytes[at + 2] === 0x00 || bytes[at + 2] === 0x01);
  const encrypted = bytes[at] === 0x30 && head.slice(0, 48).includes(ENCRYPTED_PKCS8_MARK);
  if (!versioned && !encrypted) return undefined;
  return Math.ceil((at + length) / 3) * 4;
}
