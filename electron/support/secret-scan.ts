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
import { REDACTED_KEY, Redactor } from '../engine/session/redaction.ts';
import type { SecretKind } from './bundle-format.ts';

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
    if (!Redactor.isShortSecret(text)) this.#known.push(text);
  }

  /** The kind of the first secret in `text`, or undefined when it holds none. */
  scan(text: string): SecretKind | undefined {
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
