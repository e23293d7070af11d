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

export class NetworkModel {
  readonly simReady: boolean;
  readonly registered: boolean;
  /** +CEREG/+CREG <n> (URC mode) as last set. */
  cregMode = 0;
  ceregMode = 0;
  private readonly configs = new Map<number, PdpConfig>();
  private readonly active = new Map<number, string>();

  constructor(faults: FaultSet) {
    this.simReady = !faults.has('no-sim');
    this.registered = this.simReady && !faults.has('not-registered');
    this.configs.set(1, { type: 1, apn: '', user: '', password: '', auth: 0 });
  }

  /** The default EPS bearer: context 1 comes up with the LTE attach. */
  attach(): void {
    if (this.registered) this.active.set(1, '10.64.0.2');
  }

  get regStat(): number {
    if (!this.simReady) return REG_STAT.notSearching;
    return this.registered ? REG_STAT.home : REG_STAT.searching;
  }

  /** +CSQ <rssi>,<ber>: −65 dBm when in coverage, 99 (unknown) without network. */
  get csq(): [number, number] {
    return this.registered || !this.simReady ? [24, 99] : [99, 99];
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
    this.active.delete(cid);
  }

  /** Data service as AT+QCDS and the data commands see it. */
  get dataReady(): boolean {
    return this.registered && this.active.size > 0;
  }
}
