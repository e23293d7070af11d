/**
 * A raw byte conversation with a modem, for tests that assert exact bytes: everything received
 * is kept in order; `expect()` consumes exactly the given bytes (failing with a readable diff),
 * `readUntil()` consumes up to a marker. Works over a Transport or any Node stream.
 */
import type { Duplex } from 'node:stream';
import type { Transport } from '../../../electron/engine/transport/types.ts';

const DEFAULT_TIMEOUT_MS = 10_000;

export const show = (text: string) => JSON.stringify(text);

export class Conversation {
  private received = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private ended = false;

  private constructor(private readonly writeBytes: (data: Buffer) => Promise<void> | void) {}

  static overTransport(transport: Transport): Conversation {
    const conversation = new Conversation((data) => transport.write(data));
    transport.onData((chunk) => conversation.push(chunk));
    transport.onClose(() => conversation.end());
    return conversation;
  }

  static overStream(stream: Duplex): Conversation {
    const conversation = new Conversation((data) => void stream.write(data));
    stream.on('data', (chunk: Buffer) => conversation.push(chunk));
    stream.on('close', () => conversation.end());
    return conversation;
  }

  get closed(): boolean {
    return this.ended;
  }

  async send(data: string | Buffer): Promise<void> {
    await this.writeBytes(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Sends a command line and returns its reply up to the final result. */
  async command(line: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    await this.send(`${line}\r`);
    return this.readUntil(/\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/, timeoutMs);
  }

  /** Consumes exactly `bytes`; throws when different bytes arrive or too few in time. */
  async expect(bytes: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.waitFor(() => this.received.length >= bytes.length || this.ended, timeoutMs, `${show(bytes)}`);
    const got = this.take(bytes.length);
    if (got !== bytes) throw new Error(`expected ${show(bytes)}\n     got ${show(got)}`);
  }

  /** Consumes and returns everything up to and including the first match of `marker`. */
  async readUntil(marker: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    let end = -1;
    const find = () => {
      const text = this.received.toString('latin1');
      if (typeof marker === 'string') {
        const at = text.indexOf(marker);
        end = at < 0 ? -1 : at + marker.length;
      } else {
        const match = marker.exec(text);
        end = match ? match.index + match[0].length : -1;
      }
      return end >= 0;
    };
    await this.waitFor(find, timeoutMs, String(marker));
    return this.take(end);
  }

  /** Everything received and not yet consumed. */
  pending(): string {
    return this.received.toString('latin1');
  }

  /** Consumes everything received so far. */
  drain(): string {
    return this.take(this.received.length);
  }

  /** Waits until `predicate` holds for the unconsumed text. */
  async waitForText(predicate: (text: string) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    await this.waitFor(() => predicate(this.pending()), timeoutMs, 'condition');
    return this.pending();
  }

  private take(count: number): string {
    const head = this.received.subarray(0, count).toString('latin1');
    this.received = this.received.subarray(count);
    return head;
  }

  private push(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    this.wake();
  }

  private end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; unconsumed: ${show(this.pending())}`)), timeoutMs);
      const check = () => {
        if (done()) {
          clearTimeout(timer);
          resolve();
        } else if (this.ended && !done()) {
          clearTimeout(timer);
          reject(new Error(`link closed while waiting for ${what}; unconsumed: ${show(this.pending())}`));
        } else this.waiters.push(check);
      };
      check();
    });
  }
}
