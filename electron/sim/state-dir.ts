/**
 * Where devices keep UFS files and state.json when no `stateDir` is given: one temp directory per
 * process, removed at exit, so runs never see each other's firmware versions or files. Folders
 * left by a killed process are swept at the next start (shared/owned-temp-dir.ts).
 */
import { rmSync } from 'node:fs';
import { makeOwnedTempDir } from '../../shared/owned-temp-dir.ts';

let processStateDir: string | undefined;

export function defaultStateDir(): string {
  if (!processStateDir) {
    const dir = makeOwnedTempDir('fieldlink-sim-');
    processStateDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return processStateDir;
}
