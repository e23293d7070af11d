import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultSet } from '../../../../electron/sim/faults/fault-set.ts';
import { FAULTS, splitScenario } from '../../../../electron/sim/faults/table.ts';

const REQUIRED = [
  'no-sim',
  'not-registered',
  'qcds-unsupported',
  'slow-boot',
  'http-404',
  'http-500',
  'http-timeout',
  'http-dns-failure',
  'server-info-not-json',
  'server-info-missing-fields',
  'qmtopen-fail--1',
  ...[1, 2, 3, 4, 5].flatMap((n) => [`qmtopen-fail-${n}`, `qmtconn-refused-${n}`]),
  'broker-drop-after-connect',
  'corrupt-firmware',
  'reboot-during-fota',
  'line-noise',
  'urc-storm',
  'slow-answers',
  ...['identify', 'ssl', 'http', 'fota', 'mqtt'].map((step) => `cable-pull-at-${step}`),
];

describe('fault table', () => {
  it('has every scenario the brief names, each once, with a one-line description', () => {
    const names = FAULTS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(REQUIRED));
    for (const fault of FAULTS) expect(fault.description).toMatch(/^[^\n]{10,140}$/);
  });

  it('splits combined scenarios and refuses unknown names', () => {
    expect(splitScenario('no-sim.slow-boot')).toEqual(['no-sim', 'slow-boot']);
    expect(splitScenario('no-sim,qmtopen-fail--1+line-noise')).toEqual(['no-sim', 'qmtopen-fail--1', 'line-noise']);
    expect(FaultSet.of(['no-sim', 'slow-boot']).get('slow-boot')).toEqual({ kind: 'slow-boot', bootDelayMs: 8000 });
    expect(() => FaultSet.of(['nope'])).toThrow(/unknown fault scenario "nope"/);
  });

  it('is exercised by a host-visible symptom test for every scenario', async () => {
    const dirs = [join(import.meta.dirname, '../../../integration'), join(import.meta.dirname, '../commands')];
    let text = '';
    for (const dir of dirs) {
      for (const file of (await readdir(dir)).filter((f) => /^(sim-faults-.*|.*)\.test\.ts$/.test(f))) text += await readFile(join(dir, file), 'utf8');
    }
    const untested = FAULTS.map((f) => f.name).filter((name) => !text.includes(`'${name}`) && !text.includes(`${name.replace(/-(-?\d+)$/, '')}-%i`));
    expect(untested).toEqual([]);
  });
});
