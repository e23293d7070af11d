/**
 * Where devices keep UFS files and state.json when no `stateDir` is given: one temp directory per
 * process, removed at exit, so runs never see each other's firmware versions or files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let processStateDir: string | undefined;

export function defaultStateDir(): string {
  if (!processStateDir) {
    const dir = mkdtempSync(join(tmpdir(), 'fieldlink-sim-'));
    processStateDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return processStateDir;
}
