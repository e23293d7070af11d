/**
 * Radio, SIM and PDP contexts as the module reports them (docs/at-behaviour.md#basic-commands, #qcds, #pdp-context). Healthy: SIM
 * ready, registered on LTE (home), context 1 active after attach. Faults `no-sim` and
 * `not-registered` change what every network command answers.
 */
import type { FaultSet } from '../faults/fault-set.ts';

export interface PdpConfig {
  type: 1 | 2 | 3;
  apn: string;
  user: string;
  password: string;
  auth: 0 | 1 | 2 | 3;
}

/** BG96 allows three active contexts at once (docs/at-behaviour.md#pdp-context). */
export const MAX_ACTIVE_CONTEXTS = 3;

/** +CREG/+CEREG <stat> values. */
export const REG_STAT = { notSearching: 0, home: 1, searching: 2 } as const;

/** AT+CFUN <fun>: 1 full, 0 minimum (radio and SIM off), 4 radio off (SIM on). */
export type Functionality = 0 | 1 | 4;

export class NetworkModel {
  /** A SIM card is in the holder (fault `no-sim` takes it out). */
  readonly simPresent: boolean;
  private readonly networkAvailable: boolean;
  /** +CEREG/+CREG <n> (URC mode) as last set. */
  cregMode = 0;
  ceregMode = 0;
  /** AT+CFUN <fun> (docs/at-behaviour.md#cfun). */
  fun: Functionality = 1;
  /** AT+CGATT state the host asked for (1 after power-on). */
  psAttachWanted = true;
  /** AT+CEER: the last release cause text. */
  lastCause = 'No cause information available';
  private readonly configs = new Map<number, PdpConfig>();
  private readonly active = new Map<number, string>();

  constructor(faults: FaultSet) {
    this.simPresent = !faults.has('no-sim');
    this.networkAvailable = !faults.has('not-registered');
    this.configs.set(1, { type: 1, apn: '', user: '', password: '', auth: 0 });
  }

  /** SIM readable: present and not switched off by AT+CFUN=0. */
  get simReady(): boolean {
    return this.simPresent && this.fun !== 0;
  }

  /** Registered on LTE: SIM ready, radio on, network there. */
  get registered(): boolean {
    return this.simReady && this.fun === 1 && this.networkAvailable;
  }

  /** Attached to the packet domain (AT+CGATT?). */
  get psAttached(): boolean {
    return this.registered && this.psAttachWanted;
  }

  /** The radio is transmitting/receiving (AT+CFUN=1). */
  get radioOn(): boolean {
    return this.fun === 1;
  }

  /** The default EPS bearer: context 1 comes up with the LTE attach. */
  attach(): void {
    if (this.psAttached) this.active.set(1, '10.64.0.2');
  }

  /**
   * AT+CFUN=<fun>: radio off (0, 4) drops every context and returns their cids; back to 1
   * attaches again (context 1 active).
   */
  setFunctionality(fun: Functionality): number[] {
    const dropped = fun === 1 ? [] : this.activeContexts().map(([cid]) => cid);
    if (fun !== 1) this.active.clear();
    const wasOn = this.fun === 1;
    this.fun = fun;
    if (fun === 1 && !wasOn) this.attach();
    if (dropped.length > 0) this.lastCause = 'Regular deactivation';
    return dropped;
  }

  /** AT+CGATT=<state>: detaching drops every context. */
  setPsAttach(wanted: boolean): number[] {
    this.psAttachWanted = wanted;
    if (wanted) {
      if (this.active.size === 0) this.attach();
      return [];
    }
    const dropped = this.activeContexts().map(([cid]) => cid);
    this.active.clear();
    if (dropped.length > 0) this.lastCause = 'Regular deactivation';
    return dropped;
  }

  /** Context ids with a configuration (context 1 always). */
  configuredContexts(): number[] {
    return [...this.configs.keys()].sort((a, b) => a - b);
  }

  /** The IP address of an active context. */
  addressOf(cid: number): string | undefined {
    return this.active.get(cid);
  }

  get regStat(): number {
    if (!this.simReady || !this.radioOn) return REG_STAT.notSearching;
    return this.registered ? REG_STAT.home : REG_STAT.searching;
  }

  /** +CGREG <stat>: packet-domain registration (attached or not). */
  get psRegStat(): number {
    if (this.regStat !== REG_STAT.home) return this.regStat;
    return this.psAttachWanted ? REG_STAT.home : REG_STAT.notSearching;
  }

  /**
   * The serving cell is reported: radio on and registered. Without a SIM (or without a network)
   * the module is not registered and reports no cell: +CSQ 99,99, +QCSQ "NOSERVICE", +QENG
   * "SEARCH"/"LIMSRV" without values, +QNWINFO No Service (docs/uncertain-behaviour.md#no-sim-radio).
   */
  get inCoverage(): boolean {
    return this.radioOn && this.registered;
  }

  /** +CSQ <rssi>,<ber>: −65 dBm when in coverage (SERVING_CELL), 99 (unknown) without network or SIM. */
  get csq(): [number, number] {
    return this.inCoverage ? [24, 99] : [99, 99];
  }

  config(cid: number): PdpConfig {
    return this.configs.get(cid) ?? { type: 1, apn: '', user: '', password: '', auth: 0 };
  }

  configure(cid: number, config: PdpConfig): void {
    this.configs.set(cid, config);
  }

  isActive(cid: number): boolean {
    return this.active.has(cid);
  }

  /** Active contexts as [cid, ip] in cid order. */
  activeContexts(): Array<[number, string]> {
    return [...this.active].sort(([a], [b]) => a - b);
  }

  /** False when the module would answer ERROR (already active, no network, too many). */
  activate(cid: number): boolean {
    if (!this.registered || this.active.has(cid) || this.active.size >= MAX_ACTIVE_CONTEXTS) return false;
    this.active.set(cid, `10.64.${cid}.2`);
    return true;
  }

  deactivate(cid: number): void {
    if (this.active.delete(cid)) this.lastCause = 'Regular deactivation';
  }

  /** Data service as AT+QCDS and the data commands see it. */
  get dataReady(): boolean {
    return this.registered && this.active.size > 0;
  }
}
