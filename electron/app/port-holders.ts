/**
 * Which other programs hold serial ports open, so the port picker can say "in use elsewhere"
 * (ModemManager, minicom, another Fieldlink) before a run fails on it with PORT_BUSY (S3).
 * Linux only: reads the /proc/<pid>/fd links, as `fuser` does; the port itself is never opened,
 * so no DTR toggle reaches the device. Elsewhere (and where /proc is unreadable) it finds nothing.
 */
import { readFile, readdir, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Port path → why it is busy, for the ports some other process holds open. */
export type PortHolderFinder = (paths: readonly string[]) => Promise<Map<string, string>>;

export interface PortHolderOptions {
  procDir?: string;
  /** Processes not to count (default: this process, whose own holders the back end knows). */
  ownPids?: readonly number[];
  platform?: NodeJS.Platform;
}

export async function findPortHolders(paths: readonly string[], options: PortHolderOptions = {}): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  if ((options.platform ?? process.platform) !== 'linux' || paths.length === 0) return held;
  const procDir = options.procDir ?? '/proc';
  const own = new Set((options.ownPids ?? [process.pid]).map(String));
  const byTarget = await targetsOf(paths);
  const pids = (await readdir(procDir).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name) && !own.has(name));
  for (const pid of pids) {
    for (const target of await openFilesOf(path.join(procDir, pid))) {
      const port = byTarget.get(target);
      if (port !== undefined && !held.has(port)) held.set(port, await holderReason(path.join(procDir, pid), pid));
    }
  }
  return held;
}

/** Resolved device path → the path as listed (a by-id link and its tty are the same port). */
async function targetsOf(paths: readonly string[]): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  for (const listed of paths) targets.set(await realpath(listed).catch(() => listed), listed);
  return targets;
}

async function openFilesOf(processDir: string): Promise<string[]> {
  const fdDir = path.join(processDir, 'fd');
  const fds = await readdir(fdDir).catch(() => [] as string[]); // gone, or not ours to read
  const links = await Promise.all(fds.map((fd) => readlink(path.join(fdDir, fd)).catch(() => '')));
  return links.filter((link) => link.startsWith('/'));
}

async function holderReason(processDir: string, pid: string): Promise<string> {
  const name = (await readFile(path.join(processDir, 'comm'), 'utf8').catch(() => '')).trim();
  return `in use by another program (${name || 'unknown'}, pid ${pid})`;
}
