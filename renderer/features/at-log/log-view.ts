/**
 * A filtered window onto the LogBuffer: maps row index → line seq. Without a filter it is the
 * identity (no memory); with one it keeps the matching seqs in a growable Int32Array that is
 * extended incrementally as lines arrive, so a million-line log is scanned once per filter change.
 */
import type { LogBuffer } from './log-buffer.ts';
import { LINE_GROUPS, LINE_KIND_GROUP } from './line-kinds.ts';
import type { LineGroup } from './line-kinds.ts';

export interface LogFilter {
  /** Case-insensitive substring; empty = no text filter. */
  text: string;
  groups: Record<LineGroup, boolean>;
}

export const DEFAULT_LOG_FILTER: LogFilter = { text: '', groups: { tx: true, rx: true, urc: true, raw: false } };

export function isIdentityFilter(filter: LogFilter): boolean {
  return filter.text === '' && LINE_GROUPS.every((group) => filter.groups[group]);
}

export class LogView {
  private filter: LogFilter = DEFAULT_LOG_FILTER;
  private matches = new Int32Array(1024);
  private head = 0;
  private tail = 0;
  private scannedTo = 0;
  private needle = '';
  private generation: number;

  constructor(private readonly buffer: LogBuffer) {
    this.generation = buffer.generation;
    this.setFilter(DEFAULT_LOG_FILTER);
  }

  setFilter(filter: LogFilter): void {
    this.filter = filter;
    this.needle = filter.text.toLowerCase();
    this.head = this.tail = 0;
    this.scannedTo = this.buffer.firstSeq;
    this.generation = this.buffer.generation;
    this.sync();
  }

  /** Takes in lines appended (and forgets lines dropped) since the last call. */
  sync(): void {
    if (this.generation !== this.buffer.generation) return this.setFilter(this.filter);
    if (isIdentityFilter(this.filter)) return;
    const first = this.buffer.firstSeq;
    while (this.head < this.tail && (this.matches[this.head] as number) < first) this.head++;
    for (let seq = Math.max(this.scannedTo, first); seq < this.buffer.endSeq; seq++) {
      if (this.accepts(seq)) this.push(seq);
    }
    this.scannedTo = this.buffer.endSeq;
  }

  get count(): number {
    return isIdentityFilter(this.filter) ? this.buffer.size : this.tail - this.head;
  }

  seqAt(index: number): number {
    if (isIdentityFilter(this.filter)) return this.buffer.firstSeq + index;
    return this.matches[this.head + index] as number;
  }

  /** Row index showing `seq`, or the row of the next line after it; -1 when past the end. */
  indexOfSeq(seq: number): number {
    if (isIdentityFilter(this.filter)) return seq < this.buffer.endSeq ? Math.max(0, seq - this.buffer.firstSeq) : -1;
    let low = this.head;
    let high = this.tail;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.matches[mid] as number) < seq) low = mid + 1;
      else high = mid;
    }
    return low < this.tail ? low - this.head : -1;
  }

  /** Next (or previous) row after `fromIndex` whose text contains `query`; -1 when none. */
  find(query: string, fromIndex: number, direction: 1 | -1): number {
    const needle = query.toLowerCase();
    if (needle === '' || this.count === 0) return -1;
    for (let step = 1; step <= this.count; step++) {
      const index = (((fromIndex + direction * step) % this.count) + this.count) % this.count;
      if (this.buffer.text(this.seqAt(index)).toLowerCase().includes(needle)) return index;
    }
    return -1;
  }

  private accepts(seq: number): boolean {
    if (!this.filter.groups[LINE_KIND_GROUP[this.buffer.kind(seq)]]) return false;
    return this.needle === '' || this.buffer.text(seq).toLowerCase().includes(this.needle);
  }

  private push(seq: number): void {
    if (this.tail === this.matches.length) {
      const live = this.tail - this.head;
      const grown = new Int32Array(Math.max(1024, live * 2));
      grown.set(this.matches.subarray(this.head, this.tail));
      this.matches = grown;
      this.head = 0;
      this.tail = live;
    }
    this.matches[this.tail++] = seq;
  }
}
