/** Where a run's files live: `<outDir>/<runId>/` (session.jsonl, report.json, report.html). */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** A run folder is the user's alone: its log and reports say which devices were set up where (0700). */
export const RUN_DIR_MODE = 0o700;

export class SessionFileError extends Error {
  override readonly name = 'SessionFileError';
  constructor(
    readonly kind: 'bad-run-id' | 'bad-line' | 'invalid-event' | 'closed' | 'io',
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** A run id becomes a folder name: letters, digits, `.`, `_`, `-` only, and never `.`/`..`. */
export function sessionDir(outDir: string, runId: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(runId) || /^\.+$/.test(runId)) {
    throw new SessionFileError('bad-run-id', `runId: ${JSON.stringify(runId)} is not a safe folder name`);
  }
  return path.join(path.resolve(outDir), runId);
}

/** A sortable, filesystem-safe, unique run id: `20250101-120000-123-<port slug>-<6 hex>`. */
export function newRunId(port: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').replace('Z', '');
  const slug = port.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'port';
  return `${stamp}-${slug}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates `dir` and its missing parents one level at a time. Not `mkdir({ recursive: true })`:
 * Node's recursive mkdir spins forever on paths such as `/proc/1/x` (the parent exists but refuses
 * children), so a bad `--out` would hang the CLI instead of failing.
 */
export async function makeDirs(dir: string, mode = 0o777): Promise<void> {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let at = target; ; at = path.dirname(at)) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined; // ENOTDIR: a parent is a file, found further up
      throw error;
    });
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR', path: at });
      break;
    }
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const part of missing) {
    await mkdir(part, { mode }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/** Creates a run's folder as RUN_DIR_MODE (whatever the umask), with missing parents. */
export async function ensureRunDir(dir: string): Promise<void> {
  await makeDirs(path.dirname(dir));
  await mkdir(dir, { mode: RUN_DIR_MODE }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await chmod(dir, RUN_DIR_MODE);
}
