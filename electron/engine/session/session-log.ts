/**
 * The session log: every runner event of one run as one JSON line in
 * `<outDir>/<runId>/session.jsonl`, redacted before it is written. Lines are written in batches
 * (line-batch.ts: at most 100 ms late, in order) and flushed on close.
 * readSessionLog validates each line against the events schema, for replay in the UI.
 */
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { RunnerEventSchema } from '../../../shared/events.ts';
import type { RunnerEvent } from '../../../shared/events.ts';
import { LineBatch } from './line-batch.ts';
import type { Redactor } from './redaction.ts';
import { SessionFileError, ensureRunDir, sessionDir } from './session-dir.ts';

export const SESSION_LOG_FILE = 'session.jsonl';
const FILE_MODE = 0o644;

export interface SessionLogOptions {
  outDir: string;
  runId: string;
  redactor: Redactor;
  /** Append to the run's existing log (a run resumed from its folder) instead of creating it. */
  append?: boolean;
}

export class SessionLog {
  #stream: WriteStream;
  #batch: LineBatch;
  #redactor: Redactor;
  #closed = false;
  #failure: Error | undefined;

  private constructor(
    readonly path: string,
    handle: FileHandle,
    redactor: Redactor,
  ) {
    this.#redactor = redactor;
    this.#stream = handle.createWriteStream({ encoding: 'utf8' });
    this.#stream.on('error', (error) => {
      this.#failure ??= error;
    });
    this.#batch = new LineBatch((text) => this.#stream.write(text));
  }

  /** Creates `<outDir>/<runId>/session.jsonl`; fails if that run already has a log (unless `append`). */
  static async open(options: SessionLogOptions): Promise<SessionLog> {
    const dir = sessionDir(options.outDir, options.runId);
    const file = path.join(dir, SESSION_LOG_FILE);
    await ensureRunDir(dir).catch((error: NodeJS.ErrnoException) => {
      throw new SessionFileError('io', `session log: cannot create the run folder ${dir} (${error.code ?? error.message})`, file);
    });
    const handle = await open(file, options.append ? 'a' : 'wx', FILE_MODE).catch((error: NodeJS.ErrnoException) => {
      throw new SessionFileError('io', `session log: cannot create ${file} (${error.code ?? error.message})`, file);
    });
    await handle.chmod(FILE_MODE); // independent of the umask
    return new SessionLog(file, handle, options.redactor);
  }

  /** The folder of this run (report files go beside the log). */
  get dir(): string {
    return path.dirname(this.path);
  }

  /** Validates, redacts and appends one event. */
  write(event: RunnerEvent): void {
    this.#append(this.#redactor.redactEvent(this.#check(event)));
  }

  /**
   * Validates and appends an event already redacted by this log's Redactor (a run's event stream
   * redacts each event once for every consumer; a second pass would change nothing).
   */
  writeRedacted(event: RunnerEvent, redactor: Redactor): void {
    if (redactor !== this.#redactor) throw new SessionFileError('invalid-event', 'session log: event redacted by another Redactor', this.path);
    this.#append(this.#check(event));
  }

  #check(event: RunnerEvent): RunnerEvent {
    if (this.#closed) throw new SessionFileError('closed', 'session log: write after close', this.path);
    const checked = RunnerEventSchema.safeParse(event);
    if (!checked.success) {
      const type = (event as { type?: unknown }).type;
      throw new SessionFileError('invalid-event', `session log: invalid ${String(type)} event (${checked.error.issues[0]?.message})`, this.path);
    }
    return checked.data;
  }

  #append(event: RunnerEvent): void {
    this.#batch.push(`${JSON.stringify(event)}\n`);
  }

  /** Flushes and closes the file; rejects if any write failed. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#batch.flush();
      await new Promise<void>((resolve) => this.#stream.end(resolve));
      if (!this.#stream.closed) await new Promise<void>((resolve) => this.#stream.once('close', () => resolve()));
    }
    if (this.#failure) throw new SessionFileError('io', `session log: ${this.#failure.message}`, this.path);
  }
}

export function openSessionLog(options: SessionLogOptions): Promise<SessionLog> {
  return SessionLog.open(options);
}

/** Reads a session log back; every line must be a valid runner event. */
export async function readSessionLog(file: string): Promise<RunnerEvent[]> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, index) => parseLine(line, `${file}:${index + 1}`));
}

function parseLine(line: string, where: string): RunnerEvent {
  const parsed = parseEventLine(line, where);
  if ('problem' in parsed) throw new SessionFileError('bad-line', parsed.problem);
  return parsed.event;
}

/**
 * One line of a session log as a runner event, or what is wrong with it, prefixed with `where`
 * (e.g. `session.jsonl:3: not JSON`). Shared with the replay of a log the user picked.
 */
export function parseEventLine(line: string, where: string): { event: RunnerEvent } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: `${where}: not JSON` };
  }
  const result = RunnerEventSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { problem: `${where}: ${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid event'}` };
  }
  return { event: result.data };
}
