/**
 * Whether a unit may run on a slot, decided right after identify (which only reads) and before any
 * step changes the unit (docs/station.md#duplicates):
 *   1. the in-station guard: the same IMEI on another slot right now → refused (`on-other-slot`);
 *      an IMEI that passed on this station, with `duplicates: refuse` → refused (`already-passed`);
 *   2. the recorder's check (the results store's claim: duplicates per line, enforced by the database).
 * It is the runner's `checkUnit` hook: called at the end of identify and again before a resumed run
 * goes on. A refusal ends the run with UNIT_REFUSED (the store's own refusals: DUPLICATE_IMEI,
 * DUPLICATES_UNCHECKABLE), its report written and the unit untouched.
 */
import { ref } from '../../shared/messages/index.ts';
import type { DeviceIds } from '../../shared/profile.ts';
import type { DuplicatePolicy } from '../../shared/run-record.ts';
import type { RefusalReason } from '../../shared/station.ts';
import { StepError } from '../engine/sequence/step-error.ts';

export interface Admission {
  /** Resolves when the unit may go on; rejects with StepError UNIT_REFUSED (or the store's refusal). */
  admit(ids: DeviceIds): Promise<void>;
}

/** One station's IMEIs: which slot holds each running unit, and which passed here. */
export class InStationGuard {
  readonly #active = new Map<string, string>();
  readonly #passed = new Set<string>();

  /** Claims `imei` for `slot`, or says why not. */
  claim(imei: string, slot: string, policy: DuplicatePolicy): { ok: true; rework: boolean } | { ok: false; reason: RefusalReason; slot?: string } {
    const holder = this.#active.get(imei);
    if (holder !== undefined && holder !== slot) return { ok: false, reason: 'on-other-slot', slot: holder };
    const passedBefore = this.#passed.has(imei);
    if (passedBefore && policy === 'refuse') return { ok: false, reason: 'already-passed' };
    this.#active.set(imei, slot);
    return { ok: true, rework: passedBefore };
  }

  /** The slot's run ended: the IMEI is free again; a pass is remembered. */
  release(imei: string, slot: string, passed: boolean): void {
    if (this.#active.get(imei) === slot) this.#active.delete(imei);
    if (passed) this.#passed.add(imei);
  }

  holder(imei: string): string | undefined {
    return this.#active.get(imei);
  }

  hasPassed(imei: string): boolean {
    return this.#passed.has(imei);
  }
}

export function refusalError(imei: string, reason: RefusalReason, slot?: string): StepError {
  return new StepError('UNIT_REFUSED', { imei, reason: ref(`station.refusal.${reason}`, slot !== undefined ? { slot } : {}) });
}

export interface AdmissionParts {
  guard: InStationGuard;
  slot: string;
  policy: DuplicatePolicy;
  /** The results store's check (absent: no store); throws the StepError that refuses the unit. */
  check?: (ids: DeviceIds) => Promise<void>;
  /** Told once the unit is admitted (the slot shows the IMEI, releases it at the end). */
  onAdmitted(imei: string): void;
}

export function slotAdmission(parts: AdmissionParts): Admission {
  return {
    admit: async (ids) => {
      const { imei } = ids;
      const local = parts.guard.claim(imei, parts.slot, parts.policy);
      if (!local.ok) throw refusalError(imei, local.reason, local.slot);
      if (parts.check) {
        try {
          await parts.check(ids);
        } catch (error) {
          parts.guard.release(imei, parts.slot, false);
          throw error instanceof StepError ? error : refusalError(imei, 'cannot-check');
        }
      }
      parts.onAdmitted(imei);
    },
  };
}
