/**
 * One Timeout reused for every command's deadline on a client. Creating and clearing a timer per
 * command costs more than the rest of a short exchange (Node allocates the Timeout and rebuilds its
 * per-duration list each time); here the same Timeout is refreshed while the duration stays the
 * same, and only unref'd when disarmed, so an idle client never keeps the process alive.
 *
 * A deadline that fires late means the host was not listening (its event loop was held by other
 * work: many slots starting at once on a busy machine). Node runs due timers before it reads
 * waiting input, so the module's answer may already be in the port's buffer: the owner is given
 * back the time the host lost (at most one more timeout) before the deadline counts
 * (docs/at-behaviour.md#timeouts).
 */
export interface DeadlineOwner {
  /** Called once when the armed time has passed without a disarm. */
  onDeadline(): void;
}

/** A timer firing this much later than due means the host was stalled, not the module slow. */
export const STALL_MS = 250;

export class Deadline {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed countdown is due (performance.now), and whether its grace was given. */
  private due = 0;
  private graced = false;
  private timerMs = -1;
  /** The setTimeout that made `timer`: a test that swaps clocks gets a timer of the new clock. */
  private madeBy: typeof setTimeout | undefined;
  private owner: DeadlineOwner | undefined;

  /** (Re)starts the countdown for `owner`; a previous owner's countdown is replaced. */
  arm(owner: DeadlineOwner, ms: number): void {
    this.owner = owner;
    this.graced = false;
    this.start(ms);
  }

  private start(ms: number): void {
    this.due = performance.now() + ms;
    const timer = this.timer;
    if (timer && ms === this.timerMs && this.madeBy === setTimeout) {
      timer.ref();
      timer.refresh();
      return;
    }
    if (timer) clearTimeout(timer);
    this.timerMs = ms;
    this.madeBy = setTimeout;
    this.timer = setTimeout(this.fire, ms);
  }

  /** Stops `owner`'s countdown (no-op when another owner has armed since). */
  disarm(owner: DeadlineOwner): void {
    if (this.owner !== owner) return;
    this.owner = undefined;
    this.timer?.unref();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.owner = undefined;
  }

  private readonly fire = (): void => {
    const late = performance.now() - this.due;
    if (this.owner && !this.graced && late >= STALL_MS) {
      this.graced = true;
      this.start(Math.min(Math.ceil(late), this.timerMs));
      return;
    }
    const owner = this.owner;
    this.owner = undefined;
    owner?.onDeadline();
  };
}
