/**
 * The station's counters (docs/station.md#counters): units with a result, passed, failed, refused,
 * units per hour since the station started, and first-pass yield — the share of units (by IMEI,
 * refusals left out) whose first run on this station passed.
 */
import type { SlotResult, StationCounters } from '../../shared/station.ts';

const HOUR_MS = 3_600_000;

export class CounterBook {
  #passed = 0;
  #failed = 0;
  #refused = 0;
  /** IMEI → did its first run here pass. */
  readonly #first = new Map<string, boolean>();
  /** Runs without an IMEI (failed before identify) count as units that did not pass first time. */
  #anonymous = 0;

  constructor(private readonly startedAt: number) {}

  add(result: SlotResult): void {
    if (result.outcome === 'refused') {
      this.#refused += 1;
      return;
    }
    if (result.outcome === 'passed') this.#passed += 1;
    else this.#failed += 1;
    if (result.imei === undefined) this.#anonymous += 1;
    else if (!this.#first.has(result.imei)) this.#first.set(result.imei, result.outcome === 'passed');
  }

  snapshot(now: number = Date.now()): StationCounters {
    const judged = this.#first.size + this.#anonymous;
    const firstPassed = [...this.#first.values()].filter(Boolean).length;
    const elapsed = now - this.startedAt;
    const finished = this.#passed + this.#failed;
    return {
      units: finished + this.#refused,
      passed: this.#passed,
      failed: this.#failed,
      refused: this.#refused,
      firstPassYield: judged === 0 ? 0 : firstPassed / judged,
      unitsPerHour: elapsed < 60_000 ? 0 : Math.round((finished / (elapsed / HOUR_MS)) * 10) / 10,
    };
  }
}
