/**
 * One Timeout reused for every command's deadline on a client. Creating and clearing a timer per
 * command costs more than the rest of a short exchange (Node allocates the Timeout and rebuilds its
 * per-duration list each time); here the same Timeout is refreshed while the duration stays the
 * same, and only unref'd when disarmed, so an idle client never keeps the process alive.
 */
export interface DeadlineOwner {
  /** Called once when the armed time has passed without a disarm. */
  onDeadline(): void;
}

export class Deadline {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerMs = -1;
  /** The setTimeout that made `timer`: a test that swaps clocks gets a timer of the new clock. */
  private madeBy: typeof setTimeout | undefined;
  private owner: DeadlineOwner | undefined;

  /** (Re)starts the countdown for `owner`; a previous owner's countdown is replaced. */
  arm(owner: DeadlineOwner, ms: number): void {
    this.owner = owner;
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
    const owner = this.owner;
    this.owner = undefined;
    owner?.onDeadline();
  };
}
