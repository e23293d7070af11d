import { describe, expect, it } from 'vitest';
import { STEPS, STEP_IDS, StepIdSchema, stepIndex, stepTitle } from '../../../shared/steps.ts';

describe('steps', () => {
  it('lists the connect sequence in order (docs/sequence.md)', () => {
    expect(STEP_IDS).toEqual([
      'identify',
      'ssl-configure',
      'data-service',
      'server-info',
      'calibration',
      'fota-main',
      'fota-sub',
      'mqtt-connect',
      'live-session',
    ]);
    expect(STEPS.map((s) => s.id)).toEqual(STEP_IDS);
    expect(stepIndex('fota-sub')).toBe(6);
  });

  it('has a Korean and an English title for every step, all distinct', () => {
    for (const lang of ['ko', 'en'] as const) {
      const titles = STEP_IDS.map((id) => stepTitle(id, lang));
      expect(new Set(titles).size).toBe(STEP_IDS.length);
      for (const title of titles) expect(title.trim().length).toBeGreaterThan(0);
    }
    for (const id of STEP_IDS) expect(stepTitle(id, 'ko')).toMatch(/[\uAC00-\uD7A3]/); // Hangul
    expect(stepTitle('calibration', 'en')).toBe('G-sensor calibration');
  });

  it('validates step ids', () => {
    expect(StepIdSchema.safeParse('mqtt-connect').success).toBe(true);
    expect(StepIdSchema.safeParse('mqtt').success).toBe(false);
  });
});
