/**
 * `npm run bench`: runs every test/bench/*.bench.ts (or those whose file name contains one of the
 * arguments) in turn and prints one table of ratios measured in this run. Exit code 1 when a bench
 * crashed; missed goals are shown in the table (PASS/MISS), they do not fail the run.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFunction, BenchResult } from './types.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

export function findBenchFiles(filters: string[]): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
    .sort();
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(3);
}

export function formatTable(results: BenchResult[]): string {
  const header = ['bench', 'value', 'baseline', 'unit', 'ratio', 'goal', 'result'];
  const rows = results.map((r) => [
    r.name,
    formatNumber(r.value),
    formatNumber(r.baseline),
    r.unit,
    formatNumber(r.ratio),
    `${(r.better ?? 'higher') === 'higher' ? '>=' : '<='} ${r.goal}`,
    r.pass ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const notes = results.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...notes].join('\n');
}

export async function main(args: string[]): Promise<number> {
  const files = findBenchFiles(args);
  const results: BenchResult[] = [];
  let crashed = 0;
  for (const file of files) {
    const started = performance.now();
    process.stderr.write(`bench ${file} ...`);
    try {
      const mod = (await import(pathToFileURL(join(BENCH_DIR, file)).href)) as { bench?: BenchFunction };
      if (typeof mod.bench !== 'function') throw new Error('does not export bench()');
      results.push(...(await mod.bench()));
      process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      crashed++;
      process.stderr.write(` FAILED\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  process.stdout.write(`\n${formatTable(results)}\n`);
  return crashed > 0 ? 1 : 0;
}
