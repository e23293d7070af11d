/**
 * The bench contract: every `test/bench/*.bench.ts` exports `async function bench(): Promise<BenchResult[]>`
 * and index.ts prints all results in one table. A result compares a measured `value` with a
 * `baseline` measured in the same run; `ratio` = value / baseline is checked against `goal`.
 */
export interface BenchResult {
  name: string;
  /** What Fieldlink achieved, in `unit`. */
  value: number;
  /** What it is compared with, measured in the same run (or a physical limit such as a baud rate). */
  baseline: number;
  unit: string;
  /** value / baseline. */
  ratio: number;
  /** The ratio to reach: at least `goal` when `better` is 'higher' (default), at most when 'lower'. */
  goal: number;
  better?: 'higher' | 'lower';
  pass: boolean;
  /** Anything a reader needs to judge the numbers (sizes, settings). */
  note?: string;
}

export type BenchFunction = () => Promise<BenchResult[]>;

/** Builds a result and works out ratio and pass. */
export function compare(r: Omit<BenchResult, 'ratio' | 'pass'>): BenchResult {
  const ratio = r.baseline === 0 ? Number.NaN : r.value / r.baseline;
  const pass = (r.better ?? 'higher') === 'higher' ? ratio >= r.goal : ratio <= r.goal;
  return { ...r, ratio, pass };
}

/** Milliseconds since `start` (from performance.now()). */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}

/** The median of a few samples: robust against one slow run on a shared machine. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
