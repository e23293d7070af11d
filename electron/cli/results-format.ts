/**
 * `fieldlink results` on a terminal: run records as an aligned table, one device's history with
 * what changed between its runs, and a yield report with a text Pareto chart. Pure functions
 * from records to lines, in the chosen language (every word from the ko/en catalogue). Columns
 * are aligned by display width, so Korean headers (two columns per syllable) line up too.
 */
import type { RunRecord } from '../../shared/run-record.ts';
import type { YieldReport, YieldRow } from '../store/types.ts';
import { differenceLine, type RunWithChanges } from '../../shared/run-diff.ts';
import { formatMessage, type Language, type MessageKey } from '../../shared/messages/index.ts';
import { NO_VALUE, localTime, percent, recordDuration, recordFirmware, recordWhere } from '../../shared/run-record-format.ts';

/** Terminal columns a string takes: Hangul, CJK and full-width forms take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0x303e) ||
      (code >= 0x3041 && code <= 0x33ff) ||
      (code >= 0x3400 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0xa960 && code <= 0xa97f) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

const padTo = (text: string, width: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

/** Rows under a header, each column as wide as its widest cell; `numeric` columns align right. */
export function alignColumns(header: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set()): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => padTo(cell, widths[i] ?? 0, numeric.has(i)))
      .join('  ')
      .trimEnd(),
  );
}

const DASH = NO_VALUE;

const outcomeWord = (lang: Language, r: RunRecord) => formatMessage(lang, `record.outcome.${r.outcome}`);
const kindWord = (lang: Language, r: RunRecord) => formatMessage(lang, `record.kind.${r.kind}`);

/** The records as a table (time, IMEI, kind, outcome, failure, [line], station/slot, [unit serial], firmware, duration). */
export function recordTable(records: readonly RunRecord[], lang: Language): string[] {
  const t = (key: MessageKey) => formatMessage(lang, key);
  if (records.length === 0) return [t('cli.results.none')];
  // Line and unit serial only when a listed run has one (station runs), so other tables stay narrow.
  const withLine = records.some((r) => r.line !== null);
  const withSerial = records.some((r) => r.unitSerial !== null);
  const keys = ['time', 'imei', 'kind', 'outcome', 'failure', ...(withLine ? ['line'] : []), 'where', ...(withSerial ? ['serial'] : []), 'firmware', 'duration'];
  const header = keys.map((k) => t(`cli.results.${k}` as MessageKey));
  const rows = records.map((r) => [
    localTime(r.startedAt),
    r.imei ?? DASH,
    kindWord(lang, r),
    outcomeWord(lang, r),
    r.failureCode ?? DASH,
    ...(withLine ? [r.line ?? DASH] : []),
    recordWhere(r),
    ...(withSerial ? [r.unitSerial ?? DASH] : []),
    recordFirmware(r),
    recordDuration(r),
  ]);
  return alignColumns(header, rows, new Set([keys.indexOf('duration')]));
}

/** One device's runs, oldest first: the table row of each run, then what changed since the run before. */
export function historyLines(imei: string, entries: readonly RunWithChanges[], lang: Language): string[] {
  const t = (key: MessageKey, values?: Record<string, string | number>) => formatMessage(lang, key, values);
  if (entries.length === 0) return [t('cli.results.none')];
  const table = recordTable(
    entries.map((e) => e.run),
    lang,
  );
  const lines = [t('cli.results.history', { imei, count: entries.length }), table[0] ?? ''];
  entries.forEach((entry, i) => {
    lines.push(table[i + 1] ?? '');
    if (entry.previousRunId === null) return;
    if (entry.differences.length === 0) lines.push(`    ${t('cli.results.noChanges')}`);
    else lines.push(`    ${t('cli.results.changes')}`, ...entry.differences.map((d) => `      ${differenceLine(d, lang)}`));
    if (entry.sinceLastPass && entry.sinceLastPass.differences.length > 0) {
      lines.push(`    ${t('cli.results.sinceLastPass', { runId: entry.sinceLastPass.runId })}`, ...entry.sinceLastPass.differences.map((d) => `      ${differenceLine(d, lang)}`));
    }
  });
  return lines;
}

const BAR_WIDTH = 30;

/** A bar of `value / max` in BAR_WIDTH eighth-blocks. */
export function textBar(value: number, max: number, width = BAR_WIDTH): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return '█'.repeat(full) + (rest ? (['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][rest] ?? '') : '');
}

/** The yield report: one row per group and the total, then the Pareto of failure codes as bars. */
export function yieldLines(report: YieldReport, lang: Language): string[] {
  const t = (key: MessageKey) => formatMessage(lang, key);
  const row = (key: string, r: Omit<YieldRow, 'key'>) => [key, String(r.units), String(r.passed), String(r.failed), percent(r.firstPassYield), r.unitsPerHour.toFixed(1)];
  const header = [t(`yield.by.${report.by}`), t('yield.units'), t('yield.passed'), t('yield.failed'), t('yield.fpy'), t('yield.uph')];
  const groupKey = (key: string) => (key === '(none)' ? t('yield.none') : key);
  const lines = alignColumns(header, [...report.rows.map((r) => row(groupKey(r.key), r)), row(t('yield.total'), report.totals)], new Set([1, 2, 3, 4, 5]));
  lines.push('', t('yield.pareto'));
  if (report.pareto.length === 0) {
    lines.push(`  ${t('yield.noFailures')}`);
    return lines;
  }
  const max = Math.max(...report.pareto.map((p) => p.count));
  const codeWidth = Math.max(...report.pareto.map((p) => displayWidth(p.code)));
  const countWidth = Math.max(...report.pareto.map((p) => String(p.count).length));
  for (const p of report.pareto) {
    lines.push(`  ${padTo(p.code, codeWidth)}  ${String(p.count).padStart(countWidth)}  ${padTo(textBar(p.count, max), BAR_WIDTH)}  ${percent(p.cumulativeShare).padStart(6)}`);
  }
  return lines;
}
