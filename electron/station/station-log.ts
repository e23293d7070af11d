/**
 * The station's own log (docs/station.md#logs): `<out>/station-<name>-<stamp>/station.jsonl` holds
 * every station event (slot transitions, the units' runner events without AT traffic, station
 * state), and `slots/<label>.jsonl` each slot's transitions — the slot's session. The units' own
 * run folders (session.jsonl, report) stay where every run's go: `<out>/<runId>/`. Lines are
 * written in batches (at most 100 ms late, in order; line-batch.ts), everything on close.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { StationEvent } from '../../shared/station.ts';
import { LineBatch } from '../engine/session/line-batch.ts';
import { newRunId } from '../engine/session/session-dir.ts';

interface LogFile {
  stream: WriteStream;
  lines: LineBatch;
}

export class StationLog {
  readonly dir: string;
  #station: LogFile | undefined;
  readonly #slots = new Map<string, LogFile>();
  #error: string | undefined;

  constructor(outDir: string, name: string) {
    this.dir = path.join(path.resolve(outDir), `station-${newRunId(name)}`);
  }

  /** The first write problem, if any (the station keeps going; the summary says so). */
  get error(): string | undefined {
    return this.#error;
  }

  async open(slotLabels: readonly string[]): Promise<void> {
    await mkdir(path.join(this.dir, 'slots'), { recursive: true, mode: 0o700 });
    this.#station = this.#stream(path.join(this.dir, 'station.jsonl'));
    for (const label of slotLabels) this.#slots.set(label, this.#stream(path.join(this.dir, 'slots', `${label}.jsonl`)));
  }

  #stream(file: string): LogFile {
    const stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
    stream.on('error', (error) => (this.#error ??= `${file}: ${error.message}`));
    return { stream, lines: new LineBatch((text) => stream.write(text)) };
  }

  write(event: StationEvent): void {
    const line = `${JSON.stringify(event)}\n`;
    this.#station?.lines.push(line);
    if (event.type === 'slot-state') this.#slots.get(event.slot)?.lines.push(line);
  }

  async close(): Promise<void> {
    const files = [this.#station, ...this.#slots.values()].filter((f): f is LogFile => f !== undefined);
    this.#station = undefined;
    this.#slots.clear();
    for (const file of files) file.lines.flush();
    await Promise.all(files.map(({ stream }) => new Promise<void>((resolve) => stream.end(() => resolve()))));
  }
}
