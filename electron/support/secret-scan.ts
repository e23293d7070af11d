/**
 * The last check before a support bundle is written (docs/support-bundles.md#secret-scan): every
 * text that goes into the bundle is scanned, and the first secret found stops the bundle. What is
 * looked for:
 * - the secrets known for the run (the runner's registered secrets when the bundle is made at run
 *   time; afterwards the client key bytes of the profile's key file, and any password the caller knows);
 * - PEM private keys of any kind, and header-less base64 private-key bodies;
 * - `password` / `passwd` / `secret` / `key`… fields that carry a value, and the password arguments
 *   of AT commands — the engine's own redaction patterns (engine/session/redaction.ts).
 * A value already masked (`[REDACTED]`) is not a secret: the scan asks the engine's Redactor whether
 * it would change the text, so what the session log writer left is accepted as it is.
 * The result names the kind of secret only, never the secret.
 */
import { REDACTED, REDACTED_KEY, Redactor, isSecretFieldName } from '../engine/session/redaction.ts';
import type { SecretKind } from './bundle-format.ts';

/** As the Redactor: shorter lines of a key are not looked for alone. */
const MIN_FRAGMENT_LENGTH = 16;
/** JSON inside JSON strings is read this many levels deep. */
const MAX_NESTING = 3;
const PEM_PRIVATE_KEY = /-----\s*BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY\s*-----/i;

export class SecretScanner {
  readonly #redactor = new Redactor();
  /** The patterns alone, to tell a registered secret from a secret shape. */
  readonly #patterns = new Redactor();
  /** Registered secrets long enough to be looked for anywhere (raw text). */
  readonly #known: string[] = [];

  /**
   * @param secrets the run's secrets known to the caller
   * @param runRedactor the run's own Redactor when the bundle is made while the run is still in
   *   memory (it knows the MQTT password of the server-info answer and the key bytes)
   */
  constructor(
    secrets: readonly (string | Uint8Array)[] = [],
    private readonly runRedactor?: Redactor,
  ) {
    for (const secret of secrets) this.add(secret);
  }

  /** Adds a secret of the run: a password, or a private key's PEM text or bytes. */
  add(secret: string | Uint8Array): void {
    const text = typeof secret === 'string' ? secret : Buffer.from(secret).toString('latin1');
    if (text.length === 0) return;
    this.#redactor.add(text);
    if (Redactor.isShortSecret(text)) return;
    this.#known.push(text);
    // Each line of a key on its own, as the Redactor registers them (a line may travel alone).
    for (const line of text.split(/\r?\n|\r/)) if (line.trim().length >= MIN_FRAGMENT_LENGTH && !line.startsWith('-----')) this.#known.push(line.trim());
  }

  /**
   * The kind of the first secret in `text`, or undefined when it holds none. A JSON text with
   * escapes (a session log line, whose strings may hold AT traffic or a whole document) is also
   * read value by value, decoded, so `{"text":"{\\"password\\":\\"…\\"}"}` is a password field
   * too; a secret-named field that holds a value is one whatever it holds.
   */
  scan(text: string, depth = 0): SecretKind | undefined {
    const kind = this.#scanOne(text);
    if (kind || depth >= MAX_NESTING || !text.includes('\\') || !/^\s*[[{]/.test(text)) return kind;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    return this.#scanValue(value, undefined, depth + 1);
  }

  #scanValue(value: unknown, key: string | undefined, depth: number): SecretKind | undefined {
    if (typeof value === 'string') {
      if (key !== undefined && isSecretFieldName(key) && value !== '' && value !== REDACTED && value !== REDACTED_KEY) return 'secret-field';
      return this.scan(value, depth);
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        const kind = this.#scanValue(item, undefined, depth);
        if (kind) return kind;
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const kind = this.#scanValue(v, k, depth);
        if (kind) return kind;
      }
    }
    return undefined;
  }

  #scanOne(text: string): SecretKind | undefined {
    if (PEM_PRIVATE_KEY.test(text)) return 'pem-private-key';
    const byRun = this.runRedactor?.containsSecret(text) === true;
    const redacted = this.#redactor.redact(text);
    if (redacted === text && !byRun) return undefined;
    if (this.#known.some((secret) => text.includes(secret))) return 'registered-secret';
    if (byRun && !this.#patterns.containsSecret(text)) return 'registered-secret';
    if (redacted === text) return 'secret-field';
    if (redacted.includes(REDACTED_KEY) && !text.includes(REDACTED_KEY)) return 'private-key-body';
    return 'secret-field';
  }
}
