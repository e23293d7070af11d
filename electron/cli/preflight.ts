/**
 * Checks the CLI makes before it starts anything (a cloud, a virtual device, a run folder), so a
 * bad option is exit 2 with a reason at once instead of a hang, a stack trace or a misleading
 * device failure later.
 */
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { makeDirs } from '../engine/session/session-dir.ts';

/**
 * Is `dir` a folder we can write in (creating it and its parents if missing)? Returns why not, or
 * undefined. Writing is probed with a real file: access() says yes to root even where the
 * kernel refuses (`/proc`, read-only mounts).
 */
export async function checkWritableFolder(option: string, dir: string): Promise<string | undefined> {
  const target = path.resolve(dir);
  const found = await stat(target).catch(() => undefined); // follows a link to a folder, as the run would
  if (found && !found.isDirectory()) {
    return `${option} ${dir}: is ${found.isFile() ? 'a file' : 'not a folder'}; give a folder (it is created if missing)`;
  }
  try {
    await makeDirs(target);
  } catch (error) {
    return `${option} ${dir}: cannot create this folder (${describe(error)})`;
  }
  const probe = path.join(target, `.fieldlink-write-test-${process.pid}`);
  try {
    const handle = await open(probe, 'wx', 0o600);
    await handle.close();
    await unlink(probe);
  } catch (error) {
    return `${option} ${dir}: cannot write in this folder (${describe(error)})`;
  }
  return undefined;
}

/** For a `sim:<scenario>` port: every fault name must exist. Returns why not (listing the scenarios), or undefined. */
export async function checkSimScenario(port: string): Promise<string | undefined> {
  if (!/^sim:/i.test(port)) return undefined;
  const { FAULTS, findFault, splitScenario } = await import('../sim/faults/table.ts');
  const unknown = splitScenario(port.slice('sim:'.length)).filter((name) => findFault(name) === undefined);
  if (unknown.length === 0) return undefined;
  const names = FAULTS.map((fault) => fault.name).join(', ');
  return `--port ${port}: unknown scenario ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the virtual device knows: ${names} (join several with "+", e.g. sim:no-sim+slow-boot; plain sim: has no faults)`;
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOENT: 'the place does not exist or refuses new folders',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: `${e.path ?? 'a parent'} is not a folder`,
    ENOSPC: 'no space left',
  };
  return (e.code && words[e.code]) ?? e.code ?? (error instanceof Error ? error.message : String(error));
}
