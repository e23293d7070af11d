/**
 * The AT log's storage: a chunked ring of lines kept OUTSIDE React/zustand state, so that a
 * million lines cost typed arrays and one string each, and appending never copies the past.
 * A line has an absolute sequence number (`seq`); the oldest chunk is dropped as a whole when the
 * ring is full, after which `firstSeq` moves on. Views (filters) keep seqs, never slots.
 */
import { LINE_KINDS } from './line-kinds.ts';
import type { LineKind } from './line-kinds.ts';

export const CHUNK_SIZE = 65_536;
/** 1.5 M lines × 18 px rows stays below Chromium's ~33.5 M px element height. */
export const DEFAULT_CAPACITY = 1_500_000;

interface Chunk {
  times: Float64Array;
  kinds: Uint8Array;
  texts: string[];
}

export interface LogLine {
  seq: number;
  t: number;
  kind: LineKind;
  text: string;
}

export class LogBuffer {
  private chunks: Chunk[] = [];
  /** Sequence number of the first line of chunks[0]. */
  private base = 0;
  private next = 0;
  private readonly maxChunks: number;
  /** Incremented by clear(), so views know their seqs are stale. */
  generation = 0;

  constructor(capacity: number = DEFAULT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < CHUNK_SIZE) throw new RangeError(`capacity must be an integer ≥ ${CHUNK_SIZE}`);
    this.maxChunks = Math.ceil(capacity / CHUNK_SIZE) + 1;
  }

  /** Oldest line still kept. */
  get firstSeq(): number {
    return this.base;
  }
  /** Sequence number the next line will get (= lines ever appended). */
  get endSeq(): number {
    return this.next;
  }
  get size(): number {
    return this.next - this.base;
  }

  append(t: number, kind: LineKind, text: string): number {
    const offset = this.next % CHUNK_SIZE;
    if (offset === 0) this.addChunk();
    const chunk = this.chunks[this.chunks.length - 1] as Chunk;
    chunk.times[offset] = t;
    chunk.kinds[offset] = LINE_KINDS.indexOf(kind);
    chunk.texts[offset] = text;
    return this.next++;
  }

  has(seq: number): boolean {
    return seq >= this.base && seq < this.next;
  }

  time(seq: number): number {
    const { chunk, offset } = this.slot(seq);
    return chunk.times[offset] ?? 0;
  }
  kind(seq: number): LineKind {
    const { chunk, offset } = this.slot(seq);
    return LINE_KINDS[chunk.kinds[offset] ?? 0] ?? 'tx-command';
  }
  text(seq: number): string {
    const { chunk, offset } = this.slot(seq);
    return chunk.texts[offset] ?? '';
  }
  line(seq: number): LogLine {
    return { seq, t: this.time(seq), kind: this.kind(seq), text: this.text(seq) };
  }

  clear(): void {
    this.chunks = [];
    this.base = this.next = 0;
    this.generation++;
  }

  private addChunk(): void {
    this.chunks.push({ times: new Float64Array(CHUNK_SIZE), kinds: new Uint8Array(CHUNK_SIZE), texts: [] });
    if (this.chunks.length > this.maxChunks) {
      this.chunks.shift();
      this.base += CHUNK_SIZE;
    }
  }

  private slot(seq: number): { chunk: Chunk; offset: number } {
    if (!this.has(seq)) throw new RangeError(`log line ${seq} is not kept (kept: ${this.base}..${this.next - 1})`);
    const chunk = this.chunks[Math.floor(seq / CHUNK_SIZE) - this.base / CHUNK_SIZE] as Chunk;
    return { chunk, offset: seq % CHUNK_SIZE };
  }
}
