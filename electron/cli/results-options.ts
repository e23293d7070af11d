/**
 * The filters of `fieldlink results` turned into a RecordQuery, each bad value refused with the
 * option's name (exit 2). Dates: `YYYY-MM-DD` (local time; `--since` from the start of that day,
 * `--until` to its end, both inclusive) or an ISO 8601 date-time (`2026-11-03T08:00`, with or
 * without a zone; without one it is local time, as JavaScript reads it).
 */
import { RECORD_OUTCOMES, RecordQuerySchema, YIELD_GROUPINGS, type RecordOutcome, type RecordQuery, type YieldGrouping } from '../../shared/run-record.ts';
import { formatMessage, type Language, type MessageKey } from '../../shared/messages/index.ts';

export interface ResultsFilterOptions {
  imei?: string;
  since?: string;
  until?: string;
  outcome?: string;
  station?: string;
  line?: string;
  serial?: string;
  limit?: string;
}

/** A refused option value, with the words to print. */
export class OptionProblem extends Error {
  override readonly name = 'OptionProblem';
}

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of a date option; `end` gives the last millisecond of a plain day. Undefined when invalid. */
export function parseDateOption(value: string, end: boolean): number | undefined {
  const day = DAY_ONLY.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const start = new Date(y, m, d);
    if (start.getFullYear() !== y || start.getMonth() !== m || start.getDate() !== d) return undefined; // 2026-02-30
    return end ? new Date(y, m, d + 1).getTime() - 1 : start.getTime();
  }
  if (!ISO_DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : undefined;
}

const refuse = (lang: Language, key: MessageKey, values: Record<string, string>) => new OptionProblem(formatMessage(lang, key, values));

/** The query of the filters; throws OptionProblem naming the first bad option. */
export function recordQueryOf(options: ResultsFilterOptions, lang: Language): RecordQuery {
  const query: RecordQuery = {};
  if (options.imei !== undefined) {
    if (!/^\d{15}$/.test(options.imei)) throw refuse(lang, 'cli.results.badImei', { option: '--imei', value: options.imei });
    query.imei = options.imei;
  }
  for (const [name, end] of [
    ['since', false],
    ['until', true],
  ] as const) {
    const value = options[name];
    if (value === undefined) continue;
    const ms = parseDateOption(value, end);
    if (ms === undefined) throw refuse(lang, 'cli.results.badDate', { option: `--${name}`, value });
    query[name] = ms;
  }
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) throw refuse(lang, 'cli.results.untilBeforeSince', { since: options.since ?? '', until: options.until ?? '' });
  if (options.outcome !== undefined) {
    if (!(RECORD_OUTCOMES as readonly string[]).includes(options.outcome)) throw refuse(lang, 'cli.results.badChoice', { option: '--outcome', choices: RECORD_OUTCOMES.join(', '), value: options.outcome });
    query.outcome = options.outcome as RecordOutcome;
  }
  if (options.station !== undefined) {
    if (options.station.length === 0 || options.station.length > 200) throw refuse(lang, 'cli.results.badStation', { option: '--station' });
    query.station = options.station;
  }
  for (const [name, key] of [
    ['line', 'line'],
    ['serial', 'unitSerial'],
  ] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (value.length === 0 || value.length > 200) throw refuse(lang, 'cli.results.badText', { option: `--${name}` });
    query[key] = value;
  }
  if (options.limit !== undefined) {
    const n = Number(options.limit);
    if (!/^\d+$/.test(options.limit) || n < 1 || n > 10_000) throw refuse(lang, 'cli.results.badLimit', { option: '--limit', value: options.limit });
    query.limit = n;
  }
  return RecordQuerySchema.parse(query);
}

export function yieldGroupingOf(value: string, lang: Language): YieldGrouping {
  if (!(YIELD_GROUPINGS as readonly string[]).includes(value)) throw refuse(lang, 'cli.results.badChoice', { option: '--by', choices: YIELD_GROUPINGS.join(', '), value });
  return value as YieldGrouping;
}
