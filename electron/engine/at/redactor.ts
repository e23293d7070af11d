/**
 * The redaction choke point of the AT engine (K1). Every text the engine emits (traffic events,
 * error messages, lines inside errors) passes through `redact()`, which replaces each occurrence of
 * a registered secret with `***`.
 */
export const REDACTED = '***';

/** Lines of a multi-line secret (a PEM key) shorter than this are not registered on their own. */
const MIN_SECRET_LINE = 8;

export class Redactor {
  private secrets: string[] = [];

  /** Registers a secret (text or bytes, e.g. a password or a private key file). */
  add(secret: string | Uint8Array): void {
    const text = typeof secret === 'string' ? secret : Buffer.from(secret).toString('latin1');
    if (text === '') return;
    const candidates = [text];
    // A multi-line secret (PEM) can also surface one line at a time.
    if (/[\r\n]/.test(text)) {
      for (const line of text.split(/\r?\n|\r/)) if (line.trim().length >= MIN_SECRET_LINE) candidates.push(line.trim());
    }
    // Byte-level traffic is shown as latin1: register the UTF-8 bytes of non-ASCII secrets that way too.
    for (const candidate of [...candidates]) {
      const asLatin1 = Buffer.from(candidate, 'utf8').toString('latin1');
      if (asLatin1 !== candidate) candidates.push(asLatin1);
    }
    for (const candidate of candidates) if (!this.secrets.includes(candidate)) this.secrets.push(candidate);
    // Longest first, so a secret that contains another is masked as a whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.secrets.length;
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** True when `bytes` contain a registered secret (used to decide whether payload text may be shown). */
  containsSecret(text: string): boolean {
    return this.secrets.some((secret) => text.includes(secret));
  }
}
