/**
 * Every test process (and every CLI it spawns with its environment) records runs into a results
 * store in a temp folder, never the user's ~/.fieldlink/results.sqlite. A test that checks the
 * store gives its own --db / FIELDLINK_DB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'fl-test-results-'));
const previous = process.env.FIELDLINK_DB;
process.env.FIELDLINK_DB = `sqlite:${join(dir, 'results.sqlite')}`;

afterAll(() => {
  if (previous === undefined) delete process.env.FIELDLINK_DB;
  else process.env.FIELDLINK_DB = previous;
  rmSync(dir, { recursive: true, force: true });
});
