/**
 * Admission after identify (docs/station.md#duplicates): the in-station guard (same IMEI on two
 * slots, a unit that passed here) and the store's claim; a refusal is UNIT_REFUSED (the runner's
 * checkUnit hook fails identify with it; the PTY tests show no later step runs).
 */
import { describe, expect, it } from 'vitest';
import { InStationGuard, slotAdmission } from '../../../electron/station/admission.ts';
import { CounterBook } from '../../../electron/station/counters.ts';
import { StepError } from '../../../electron/engine/sequence/step-error.ts';

const IMEI = '867969066452788';
const IDS = { imei: IMEI, deviceId: `TMS2_${IMEI}` };

describe('InStationGuard', () => {
  it('refuses the same IMEI on a second slot while the first holds it, and frees it at the end', () => {
    const guard = new InStationGuard();
    expect(guard.claim(IMEI, 'A1', 'refuse')).toEqual({ ok: true, rework: false });
    expect(guard.claim(IMEI, 'B2', 'refuse')).toEqual({ ok: false, reason: 'on-other-slot', slot: 'A1' });
    guard.release(IMEI, 'B2', false);
    expect(guard.holder(IMEI)).toBe('A1');
    guard.release(IMEI, 'A1', false);
    expect(guard.claim(IMEI, 'B2', 'refuse')).toEqual({ ok: true, rework: false });
  });

  it('a unit that passed here is refused again under "refuse", run as rework under "rework" or "allow"', () => {
    const guard = new InStationGuard();
    guard.claim(IMEI, 'A1', 'refuse');
    guard.release(IMEI, 'A1', true);
    expect(guard.claim(IMEI, 'A1', 'refuse')).toEqual({ ok: false, reason: 'already-passed' });
    expect(guard.claim(IMEI, 'A1', 'rework')).toEqual({ ok: true, rework: true });
    guard.release(IMEI, 'A1', false);
    expect(guard.claim(IMEI, 'C3', 'allow')).toEqual({ ok: true, rework: true });
  });
});

describe('slotAdmission', () => {
  const admitWith = (guard: InStationGuard, check?: () => Promise<void>) => {
    const admitted: string[] = [];
    const admission = slotAdmission({ guard, slot: 'A1', policy: 'refuse', ...(check ? { check } : {}), onAdmitted: (imei) => admitted.push(imei) });
    return { admission, admitted };
  };

  it('asks the store after the station: its refusal stands as it is, and the guard lets go', async () => {
    const guard = new InStationGuard();
    const refusal = new StepError('DUPLICATE_IMEI', { imei: IMEI, detail: 'passed in run old' });
    const { admission, admitted } = admitWith(guard, async () => Promise.reject(refusal));
    expect(await admission.admit(IDS).catch((e: unknown) => e)).toBe(refusal);
    expect(admitted).toEqual([]);
    expect(guard.holder(IMEI)).toBeUndefined();
  });

  it('a store check that fails otherwise refuses as cannot-check', async () => {
    const { admission } = admitWith(new InStationGuard(), async () => {
      throw new Error('connection refused');
    });
    await expect(admission.admit(IDS)).rejects.toMatchObject({ code: 'UNIT_REFUSED', vars: { reason: { key: 'station.refusal.cannot-check' } } });
  });

  it('names the slot that holds the IMEI', async () => {
    const guard = new InStationGuard();
    guard.claim(IMEI, 'B7', 'refuse');
    const { admission } = admitWith(guard);
    await expect(admission.admit(IDS)).rejects.toMatchObject({ vars: { reason: { key: 'station.refusal.on-other-slot', values: { slot: 'B7' } } } });
  });

  it('admits and tells the slot', async () => {
    const { admission, admitted } = admitWith(new InStationGuard(), async () => undefined);
    await admission.admit(IDS);
    expect(admitted).toEqual([IMEI]);
  });
});

describe('CounterBook', () => {
  it('counts units, first-pass yield by IMEI (a retry that passes is not a first pass) and refusals apart', () => {
    const book = new CounterBook(0);
    book.add({ outcome: 'passed', imei: '1' });
    book.add({ outcome: 'failed', imei: '2' });
    book.add({ outcome: 'passed', imei: '2' });
    book.add({ outcome: 'refused', imei: '1' });
    book.add({ outcome: 'failed' });
    const c = book.snapshot(30 * 60_000);
    expect(c).toEqual({ units: 5, passed: 2, failed: 2, refused: 1, firstPassYield: 1 / 3, unitsPerHour: 8 });
    expect(new CounterBook(0).snapshot(59_000)).toMatchObject({ unitsPerHour: 0, firstPassYield: 0 });
  });
});
