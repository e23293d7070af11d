import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNCERTAIN, uncertainItem } from '../../../../electron/engine/quectel/uncertain.ts';

const SOURCE_DIRS = ['electron/engine/quectel', 'electron/engine/tms2'];

describe('uncertain.ts: the single table of UNCERTAIN items', () => {
  it('ids are unique and every row says what we assume, what the reference says, where, and what the simulator does', () => {
    const ids = UNCERTAIN.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of UNCERTAIN) {
      expect(row.id).toMatch(/^[a-z0-9-]+$/);
      for (const field of [row.topic, row.assumption, row.reference, row.source, row.simulator]) expect(field.trim().length).toBeGreaterThan(3);
    }
  });

  it('covers the open questions of quectel-at.md §11 and the ones the library decides', () => {
    const ids = new Set<string>(UNCERTAIN.map((row) => row.id));
    for (const id of [
      'qicsgp-form',
      'qicsgp-ipv4v6',
      'qsslcfg-defaults',
      'qmtcfg-defaults',
      'qmtrecv-formats',
      'qmtpub-form',
      'qhttpreadfile-existing-file',
      'qfupl-input-timeout',
      'qhttpurl-input-timeout',
      'qcds-global-firmware',
      'qcds-status-tokens',
      'urcs-in-data-mode',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('the QICSGP row carries the form the library sends', () => {
    expect(['documented', 'seed']).toContain(uncertainItem('qicsgp-form').choice);
  });

  it('every uncertain.ts id cited in the library source exists', () => {
    const ids = new Set<string>(UNCERTAIN.map((row) => row.id));
    const cited = SOURCE_DIRS.flatMap((dir) =>
      readdirSync(dir)
        .filter((file) => file.endsWith('.ts') && file !== 'uncertain.ts')
        .flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/uncertain\.ts ([a-z0-9-]+)/g)].map((m) => m[1] ?? '')),
    );
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
  });
});
