/**
 * The ports the UI offers: the machine's serial ports, then the virtual demo device. Ports a run,
 * the AT terminal or another program (port-holders.ts) holds carry `busy` with the reason.
 * PortWatcher polls while someone listens and reports only real changes (hot-plug of a USB modem).
 */
import type { PortInfo } from '../../shared/ipc.ts';
import type { SerialPortInfo } from '../engine/transport/list.ts';
import type { PortHolderFinder } from './port-holders.ts';

export const DEMO_PORT_URI = 'sim:';
export const DEMO_PORT_LABEL = 'Demo device (virtual TMS2)';
export const HOT_PLUG_POLL_MS = 2000;

export type SerialLister = () => Promise<SerialPortInfo[]>;

const INTERFACE_WORDS: Record<NonNullable<SerialPortInfo['interfaceHint']>, string> = {
  at: 'Quectel AT interface',
  diag: 'Quectel diagnostics',
  nmea: 'Quectel NMEA',
  modem: 'Quectel modem (PPP)',
};

export function serialPortInfo(port: SerialPortInfo): PortInfo {
  const detail = port.interfaceHint ? INTERFACE_WORDS[port.interfaceHint] : port.manufacturer;
  const info: PortInfo = { uri: port.path, label: detail ? `${port.path} (${detail})` : port.path, kind: 'serial', isQuectel: port.isQuectel };
  if (port.manufacturer) info.manufacturer = port.manufacturer;
  if (port.vendorId) info.vendorId = port.vendorId;
  if (port.productId) info.productId = port.productId;
  if (port.serialNumber) info.serialNumber = port.serialNumber;
  return info;
}

export const demoPortInfo = (): PortInfo => ({ uri: DEMO_PORT_URI, label: DEMO_PORT_LABEL, kind: 'sim', isQuectel: true });

export interface PortListOptions {
  listSerial: SerialLister;
  /** Why a port is busy, by URI. */
  busy: () => ReadonlyMap<string, string>;
  /** Serial ports other programs hold open (see port-holders.ts); our own reasons win. */
  heldElsewhere?: PortHolderFinder;
  onListError?: (error: unknown) => void;
}

/** Serial ports (a failing system listing yields none and is reported) + the demo device. */
export async function listAllPorts(options: PortListOptions): Promise<PortInfo[]> {
  let serial: SerialPortInfo[] = [];
  try {
    serial = await options.listSerial();
  } catch (error) {
    options.onListError?.(error);
  }
  const elsewhere = await options.heldElsewhere?.(serial.map((port) => port.path)).catch(() => undefined);
  const busy = new Map([...(elsewhere ?? []), ...options.busy()]);
  return [...serial.map(serialPortInfo), demoPortInfo()].map((port) => {
    const reason = busy.get(port.uri);
    return reason === undefined ? port : { ...port, busy: reason };
  });
}

/** Polls `list` every `intervalMs` while it has listeners; calls them when the list changed. */
export class PortWatcher {
  readonly #listeners = new Set<(ports: PortInfo[]) => void>();
  #timer: NodeJS.Timeout | undefined;
  #last: string | undefined;
  #polling = false;

  constructor(
    private readonly list: () => Promise<PortInfo[]>,
    private readonly intervalMs: number = HOT_PLUG_POLL_MS,
  ) {}

  subscribe(listener: (ports: PortInfo[]) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.poll(), this.intervalMs);
      this.#timer.unref();
      void this.poll(); // learn the baseline so the first tick reports only changes
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  /** Checks now (e.g. after a run took or freed a port). */
  async poll(): Promise<void> {
    if (this.#polling || this.#listeners.size === 0) return;
    this.#polling = true;
    try {
      const ports = await this.list();
      const key = JSON.stringify(ports);
      const changed = this.#last !== undefined && key !== this.#last;
      this.#last = key;
      if (changed) for (const listener of [...this.#listeners]) listener(ports);
    } catch {
      // the next tick tries again
    } finally {
      this.#polling = false;
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#last = undefined;
  }
}
