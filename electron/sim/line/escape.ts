/**
 * The `+++` escape from data mode (docs/at-behaviour.md#framing): three `+` typed within 1 s, with at least
 * 1 s of silence before the first and after the last. The `+` bytes count as data until the
 * silence after them has passed.
 */
export const ESCAPE_GUARD_MS = 1000;
const PLUS = 0x2b;

export class EscapeDetector {
  private lastByteAt = Date.now();
  private plusCount = 0;
  private firstPlusAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onEscape: () => void) {}

  /** Looks at bytes as they arrive in data mode. */
  see(bytes: Uint8Array): void {
    const now = Date.now();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const byte of bytes) {
      const continuing = this.plusCount > 0 && this.plusCount < 3 && now - this.firstPlusAt <= ESCAPE_GUARD_MS;
      const starting = this.plusCount === 0 && now - this.lastByteAt >= ESCAPE_GUARD_MS;
      if (byte === PLUS && (continuing || starting)) {
        if (starting) this.firstPlusAt = now;
        this.plusCount += 1;
      } else this.plusCount = 0;
      this.lastByteAt = now;
    }
    if (this.plusCount === 3) this.timer = setTimeout(() => this.onEscape(), ESCAPE_GUARD_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
