/**
 * Temporary folders this program owns (the demo cloud's ephemeral data, the virtual devices'
 * state) — Node only. A clean exit removes them; after a hard kill (SIGKILL, power loss) they stay,
 * holding a CA key and device keys, so the next start sweeps them. Only folders this program made
 * are touched: a directory (not a link) owned by this user, named with our prefix, holding our
 * marker file whose PID is no longer alive. A folder without a readable marker, or whose process
 * still runs, is left alone. (A dead PID reused by another process only delays the sweep.)
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OWNER_MARKER = '.fieldlink-owner';

export type OwnedPrefix = 'fieldlink-cloud-' | 'fieldlink-sim-';

interface Marker {
  program: 'fieldlink';
  pid: number;
  created: string;
}

/** Sweeps stale folders with this prefix, then creates a new one (0700) with our marker. */
export function makeOwnedTempDir(prefix: OwnedPrefix): string {
  sweepStaleTempDirs(prefix);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  const marker: Marker = { program: 'fieldlink', pid: process.pid, created: new Date().toISOString() };
  writeFileSync(join(dir, OWNER_MARKER), `${JSON.stringify(marker)}\n`, { mode: 0o600 });
  return dir;
}

/** Removes folders with this prefix whose owning Fieldlink process is gone; returns what was removed. */
export function sweepStaleTempDirs(prefix: OwnedPrefix, root: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(root, name);
    if (!isStale(dir)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another process is sweeping too, or the folder is not ours to delete: leave it
    }
  }
  return removed;
}

function isStale(dir: string): boolean {
  try {
    const info = lstatSync(dir);
    if (!info.isDirectory() || info.isSymbolicLink()) return false;
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return false;
    const marker = readMarker(join(dir, OWNER_MARKER));
    return marker !== undefined && marker.pid !== process.pid && !isAlive(marker.pid);
  } catch {
    return false;
  }
}

function readMarker(file: string): Marker | undefined {
  const info = lstatSync(file);
  if (!info.isFile() || info.size > 1024) return undefined;
  const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>;
  if (value.program !== 'fieldlink' || !Number.isInteger(value.pid) || (value.pid ?? 0) <= 0) return undefined;
  return value as Marker;
}

/** Signal 0 checks existence: ESRCH = gone; EPERM = alive but someone else's. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
