/**
 * The station's own log (docs/station.md#logs): `<out>/station-<name>-<stamp>/station.jsonl` holds
 * every station event (slot transitions, the units' runner events without AT traffic, station
 * state), and `slots/<label>.jsonl` each slot's transitions — the slot's session. The units' own
 * run folders (session.jsonl, report) stay where every run's go: `<out>/<runId>/`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { StationEvent } from '../../shared/station.ts';
import { newRunId } from '../engine/session/session-dir.ts';

export class StationLog {
  readonly dir: string;
  #station: WriteStream | undefined;
  readonly #slots = new Map<string, WriteStream>();
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

  #stream(file: string): WriteStream {
    const stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
    stream.on('error', (error) => (this.#error ??= `${file}: ${error.message}`));
    return stream;
  }

  write(event: StationEvent): void {
    const line = `${JSON.stringify(event)}\n`;
    this.#station?.write(line);
    if (event.type === 'slot-state') this.#slots.get(event.slot)?.write(line);
  }

  async close(): Promise<void> {
    const streams = [this.#station, ...this.#slots.values()].filter((s): s is WriteStream => s !== undefined);
    this.#station = undefined;
    this.#slots.clear();
    await Promise.all(streams.map((stream) => new Promise<void>((resolve) => stream.end(() => resolve()))));
  }
}
