/**
 * The runner's hold on one device port: opens the transport, attaches the AtClient (with the
 * run's one Redactor), forwards its traffic, and survives the port going away and coming back
 * (S2: reopen with backoff, wait for the module, re-initialise). URC subscriptions and the AT
 * runner handed to steps live here, so they keep working across a reopen. It also counts `RDY`
 * lines: a module reboot (S17) is visible to the runner as a changed `rebootCount`.
 *
 * A serial port is remembered by its USB identity (serial number, VID:PID, interface, location)
 * as the port lister reports it; a module that re-enumerates under another name after a reset or
 * a FOTA reboot (ttyUSB2 → ttyUSB6, COM7 → COM9) is found again by it. The same name is preferred
 * when it comes back; the runner then confirms the module by its IMEI (DEVICE_CHANGED otherwise).
 */
import { AtClient } from '../at/client.ts';
import { AtAbortedError, AtClosedError } from '../at/errors.ts';
import { sleep } from '../at/queue.ts';
import type { Redactor } from '../session/redaction.ts';
import type { AtRequest, TrafficEvent } from '../at/types.ts';
import type { AtRunner } from '../quectel/runner.ts';
import { disableEcho, setErrorFormat } from '../quectel/info.ts';
import type { TransportError } from '../transport/errors.ts';
import { describeMatch, identityOf, matchIdentity, relocate, samePortPath, type UsbIdentity } from '../transport/identity.ts';
import { serialportList, type PortInfo, type PortLister } from '../transport/list.ts';
import type { Transport } from '../transport/types.ts';
import type { MessageKey, MessageValues } from '../../../shared/messages/index.ts';
import { openTransport, parsePortUri, type PortOverrides } from '../transport/uri.ts';

export interface ReopenPolicy {
  /** Waits before each reopen attempt (S2 backoff). */
  delaysMs: readonly number[];
}

export const DEFAULT_REOPEN: ReopenPolicy = { delaysMs: [500, 1000, 2000, 4000, 8000, 8000] };

/** How long `initialise` probes with AT (the module may still be booting: slow boot is ~8 s). */
export const SYNC = { attempts: 15, intervalMs: 1000 } as const;

export interface DeviceLinkOptions {
  port: string;
  redactor: Redactor;
  onTraffic: (event: TrafficEvent) => void;
  overrides?: PortOverrides;
  reopen?: ReopenPolicy;
  /** Called when the transport ends without being asked to (cable pulled, device reset). */
  onLost?: (error: TransportError | undefined) => void;
  /** Lists the machine's serial ports with their USB identity (default: serialport's list). */
  portLister?: PortLister;
}

/** Where a reopened port was found. */
export interface PortReturn {
  uri: string;
  previousUri: string;
  /** True when the device came back under another name. */
  moved: boolean;
  /** How the new name was recognised, e.g. `serial number 0123, interface 2, VID:PID 2c7c:0125`. */
  matchedBy?: string;
  /** Every port that matched the identity, best first (when moved). */
  candidates?: string[];
}

/** One progress line (catalogue code + values) for the session log about a returned port (S2). */
export function describePortReturn(back: PortReturn): { code: MessageKey; values: MessageValues } {
  if (!back.moved) return { code: 'progress.portBack', values: { uri: back.uri } };
  const chosen = serialPath(back.uri) ?? back.uri;
  const others = (back.candidates ?? []).filter((path) => path !== chosen);
  const values = { uri: back.uri, previousUri: back.previousUri, matchedBy: back.matchedBy ?? '?' };
  if (others.length === 0) return { code: 'progress.portMoved', values };
  return { code: 'progress.portMovedChosen', values: { ...values, others: others.join(', ') } };
}

/** The device path of a serial port URI (undefined for tcp:// and sim:). */
function serialPath(uri: string): string | undefined {
  try {
    const spec = parsePortUri(uri);
    return spec.kind === 'serial' ? spec.path : undefined;
  } catch {
    return undefined;
  }
}

/** The same URI (with its `?baud=` options) for another device path. */
function withPath(uri: string, path: string): string {
  const query = uri.indexOf('?');
  return query < 0 ? path : `${path}${uri.slice(query)}`;
}

interface ReopenTarget {
  uri: string;
  back: PortReturn;
}

interface UrcEntry {
  prefix: string;
  handler: (line: string) => void;
}

export class DeviceLink {
  private transport: Transport | undefined;
  private client: AtClient | undefined;
  private detachClient: Array<() => void> = [];
  private readonly urcs = new Set<UrcEntry>();
  private readonly rebootListeners = new Set<() => void>();
  private closing = false;
  /** Number of `RDY` lines seen since the link was created (S17). */
  rebootCount = 0;
  /** rebootCount when the module was last brought to a known state (AT answered after its RDY). */
  private settledReboots = 0;

  /** The port the device is on now (another name after it re-enumerated, S2). */
  private uri: string;
  /** The port's USB identity, learned from the port listing after the first open. */
  private identity: UsbIdentity | undefined;
  private identityTried: string | undefined;
  private learning: Promise<void> = Promise.resolve();

  constructor(private readonly options: DeviceLinkOptions) {
    this.uri = options.port;
  }

  get port(): string {
    return this.uri;
  }

  /** What the port listing said about this port when it was opened (undefined: not a listed USB port). */
  get usbIdentity(): Readonly<UsbIdentity> | undefined {
    return this.identity;
  }

  get isOpen(): boolean {
    return this.transport?.isOpen === true && this.client !== undefined;
  }

  async open(): Promise<void> {
    await this.openAt(this.uri);
  }

  private async openAt(uri: string): Promise<void> {
    this.closing = false;
    const transport = await openTransport(uri, this.options.overrides ?? {});
    this.attach(transport);
    this.uri = uri;
    // Learned while the port is there, in the background: a reopen needs it once the name is gone.
    if (!this.identity && this.identityTried !== uri) {
      this.identityTried = uri;
      this.learning = this.learnIdentity(uri).catch(() => undefined);
    }
  }

  private async list(): Promise<PortInfo[] | undefined> {
    try {
      return await (this.options.portLister ?? serialportList)();
    } catch {
      return undefined; // no listing (udevadm missing...): only the same name can be reopened
    }
  }

  private async learnIdentity(uri: string): Promise<void> {
    const path = serialPath(uri);
    if (!path) return;
    for (const port of (await this.list()) ?? []) {
      if (await samePortPath(port.path, path)) {
        this.identity = identityOf(port);
        return;
      }
    }
  }

  /** The AtClient of the current connection; rejects like a lost port when there is none. */
  current(label = 'AT'): AtClient {
    if (!this.client || !this.transport?.isOpen) throw new AtClosedError(label, this.uri);
    return this.client;
  }

  /** An AtRunner bound to `signal` that always talks to the current connection. */
  runner(signal?: AbortSignal): AtRunner {
    const withSignal = (request: AtRequest | string): AtRequest => {
      const req = typeof request === 'string' ? { command: request } : request;
      return signal && !req.signal ? { ...req, signal } : req;
    };
    return {
      run: async (request) => this.current(typeof request === 'string' ? request : request.command).run(withSignal(request)),
      waitForUrc: async (prefix, options) => this.current(`URC ${prefix}`).waitForUrc(prefix, signal && !options.signal ? { ...options, signal } : options),
      onUrc: (prefix, handler) => this.onUrc(prefix, handler),
    };
  }

  /** Subscribes to URCs by prefix (`'*'` = all), across reopens. */
  onUrc(prefix: string, handler: (line: string) => void): () => void {
    const entry = { prefix, handler };
    this.urcs.add(entry);
    return () => this.urcs.delete(entry);
  }

  /** True when the module printed RDY since it was last initialised: its settings are gone (S17). */
  get rebootPending(): boolean {
    return this.rebootCount > this.settledReboots;
  }

  /** Resolves at the first `RDY` after the count `after` (at once if it already came). */
  waitForReboot(after: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.rebootCount > after) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.rebootListeners.delete(onReboot);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onReboot = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.rebootListeners.add(onReboot);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** AT until OK (boot URCs pass by); changes nothing in the module. */
  async sync(signal?: AbortSignal): Promise<void> {
    await this.current('AT').sync({ ...SYNC, ...(signal ? { signal } : {}) });
    // A module answers AT only after its RDY: every reboot so far is covered by this sync.
    this.settledReboots = this.rebootCount;
  }

  /** AT until OK (boot URCs pass by), then ATE0 and AT+CMEE=2 — after every open and every RDY (S4, S12, S17). */
  async initialise(signal?: AbortSignal): Promise<void> {
    const at = this.runner(signal);
    await this.sync(signal);
    await disableEcho(at);
    await setErrorFormat(at, 2);
  }

  /**
   * S2: closes what is left, then reopens with backoff: the same name when it is back, else the
   * port the listing shows with the same USB identity. Rejects with the last open error.
   */
  async reopen(signal?: AbortSignal): Promise<PortReturn> {
    await this.learning;
    const previousUri = this.uri;
    await this.dropConnection();
    let lastError: unknown;
    for (const delay of (this.options.reopen ?? DEFAULT_REOPEN).delaysMs) {
      await sleep(delay, signal);
      if (signal?.aborted) throw new AtAbortedError('reopen');
      for (const target of await this.reopenTargets(previousUri)) {
        try {
          await this.openAt(target.uri);
          return target.back;
        } catch (error) {
          lastError = error;
        }
      }
    }
    throw lastError ?? new AtClosedError('reopen', previousUri);
  }

  /** Where to look this round, in order: the same name (unless the listing shows another port there), then the identity's best match. */
  private async reopenTargets(previousUri: string): Promise<ReopenTarget[]> {
    const same: ReopenTarget = { uri: previousUri, back: { uri: previousUri, previousUri, moved: false } };
    const path = serialPath(previousUri);
    const identity = this.identity;
    if (!identity || !path) return [same];
    const ports = await this.list();
    if (!ports) return [same];
    const found = relocate(identity, ports, path);
    if (found && (await samePortPath(found.path, path))) return [same];
    const listedThere = ports.find((port) => port.path === path);
    const targets = !listedThere || matchIdentity(identity, listedThere) ? [same] : [];
    if (found) {
      const uri = withPath(previousUri, found.path);
      const candidates = found.candidates.map((match) => match.path);
      targets.push({ uri, back: { uri, previousUri, moved: true, matchedBy: describeMatch(found.match, identity), candidates } });
    }
    return targets;
  }

  /** Bytes straight to the port, outside the AT queue (`+++` to leave data mode). */
  async writeRaw(bytes: Uint8Array): Promise<void> {
    await this.transport?.write(bytes);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.dropConnection();
  }

  private attach(transport: Transport): void {
    const client = AtClient.attach(transport, { redactor: this.options.redactor });
    this.transport = transport;
    this.client = client;
    this.detachClient = [
      client.onTraffic((event) => this.options.onTraffic(event)),
      client.onUrc('*', (line) => this.dispatch(line)),
      transport.onClose((error) => {
        if (!this.closing && this.transport === transport) this.options.onLost?.(error);
      }),
    ];
  }

  private dispatch(line: string): void {
    if (line === 'RDY') {
      this.rebootCount += 1;
      for (const listener of [...this.rebootListeners]) listener();
    }
    for (const { prefix, handler } of [...this.urcs]) {
      if (prefix === '*' || line.startsWith(prefix)) handler(line);
    }
  }

  private async dropConnection(): Promise<void> {
    for (const off of this.detachClient.splice(0)) off();
    this.client?.dispose();
    this.client = undefined;
    const transport = this.transport;
    this.transport = undefined;
    await transport?.close();
  }
}
