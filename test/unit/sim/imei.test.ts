import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, nthImei } from '../../../electron/sim/imei.ts';

describe('fleet IMEIs', () => {
  it('computes the Luhn check digit of the spec example (TMS2_867969066452788)', () => {
    expect(luhnCheckDigit('86796906645278')).toBe(8);
  });

  it('numbers consecutive serials with their own check digit', () => {
    expect(nthImei('867969066452788', 0)).toBe('867969066452788');
    expect(nthImei('867969066452788', 1)).toBe('867969066452796');
    expect(nthImei('867969066452788', 2)).toBe('867969066452804');
  });
});
