/** Where a run's files live: `<outDir>/<runId>/` (session.jsonl, report.json, report.html). */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

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
