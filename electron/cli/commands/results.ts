/**
 * `fieldlink results`: asks the results store (docs/results-store.md#asking-the-store).
 *
 *   fieldlink results [--imei X] [--since DATE] [--until DATE] [--outcome O] [--station S] [--line L] [--serial S] [--limit N] [--json | --csv] [--db URL]
 *   fieldlink results yield [--by day|line|station|slot|failure] [--since DATE] [--until DATE] [--station S] [--line L] [--json] [--db URL]
 *
 * A table on a terminal (newest first); `--imei` shows that device's runs oldest first with what
 * changed between consecutive runs. `--json` prints one JSON object per line (JSON Lines): a
 * RunRecord, or with `--imei` `{ run, previousRunId, differences, sinceLastPass }`; `results
 * yield --json` prints the YieldReport as one object. `--csv` prints RFC 4180 CSV. The store is
 * `--db`, else FIELDLINK_DB, else ~/.fieldlink/results.sqlite. Records waiting in the outbox of a
 * PostgreSQL store are counted (on stderr with --json/--csv, so stdout stays parseable).
 */
import { homedir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { formatMessage } from '../../../shared/messages/index.ts';
import type { ResultsStore } from '../../store/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { langOption, type Language } from '../lang-option.ts';
import type { RegisterCommand } from '../main.ts';
import { OptionProblem, recordQueryOf, yieldGroupingOf, type ResultsFilterOptions } from '../results-options.ts';
import { processOutput, messageOf, type CliOutput } from './at.ts';

/** Where `fieldlink results` looks without --db and FIELDLINK_DB (the same folder as `fieldlink web`). */
export const DEFAULT_RESULTS_DATA_DIR = path.join(homedir(), '.fieldlink');

interface CommonOptions {
  db?: string;
  json?: boolean;
  lang: Language;
}
export interface ResultsOptions extends CommonOptions, ResultsFilterOptions {
  csv?: boolean;
}
export interface YieldOptions extends CommonOptions, ResultsFilterOptions {
  by: string;
  csv?: boolean;
}

export const register: RegisterCommand = (program, ctx) => {
  // The filters and output options belong to `results`; `results yield` reads them from there
  // (optsWithGlobals), so `results yield --since D --json` and `results --since D yield` both work.
  const results = program
    .command('results')
    .description('Ask the results store: runs (newest first), one device’s history with what changed, yield.')
    .option('--imei <imei>', "one device's runs, oldest first, with what changed between them")
    .option('--since <date>', 'from this date (YYYY-MM-DD, local time, or ISO 8601), inclusive')
    .option('--until <date>', 'up to this date (YYYY-MM-DD: to the end of that day), inclusive')
    .option('--outcome <outcome>', 'only runs that ended so: running, passed, failed, cancelled, interrupted')
    .option('--station <name>', 'only this station')
    .option('--line <name>', 'only this production line (a station configuration\'s line)')
    .option('--serial <serial>', 'only the unit with this scanned serial')
    .option('--limit <n>', 'at most this many runs (default 500, at most 10000)')
    .option('--json', 'one JSON object per line (yield: the report as one object)')
    .option('--csv', 'CSV (RFC 4180) with a header line')
    .option('--db <url>', 'the results store: sqlite:PATH or postgres://… (default: FIELDLINK_DB, else ~/.fieldlink/results.sqlite)')
    .addOption(langOption())
    .action(async (options: ResultsOptions) => {
      ctx.exitCode = await runResults(options, processOutput);
    });
  results
    .command('yield')
    .description('Units, passed, first-pass yield and units per hour per group, and a Pareto of failure codes (filters: --since, --until, --station, --line).')
    .option('--by <grouping>', 'group by day, line, station, slot or failure', 'day')
    .action(async (_options: unknown, command: Command) => {
      ctx.exitCode = await runYield(command.optsWithGlobals<YieldOptions & ResultsOptions>(), processOutput);
    });
};

/** Opens the store named by --db / FIELDLINK_DB / the default, runs `use`, closes it. */
async function withStore(options: CommonOptions, output: CliOutput, use: (store: ResultsStore) => Promise<void>): Promise<ExitCode> {
  const { STORE_URL_ENV, resultsStoreUrl } = await import('../../app/results-store-handle.ts');
  const { openResultsStore } = await import('../../store/open.ts');
  const { StoreError } = await import('../../store/types.ts');
  const { givenStoreUrl } = await import('../record-option.ts');
  // A blank --db is "not set", like a blank FIELDLINK_DB (the same rule as run, demo and station).
  const db = givenStoreUrl(options.db);
  const url = db ?? (await resultsStoreUrl(DEFAULT_RESULTS_DATA_DIR));
  const setting = db !== undefined ? '--db' : process.env[STORE_URL_ENV]?.trim() ? STORE_URL_ENV : 'results store URL';
  let store: ResultsStore;
  try {
    store = await openResultsStore({ url, setting, dataDir: DEFAULT_RESULTS_DATA_DIR });
  } catch (error) {
    output.err(`fieldlink results: ${formatMessage(options.lang, 'cli.results.storeFailed', { message: messageOf(error) })}`);
    return error instanceof StoreError && error.kind === 'bad-url' ? EXIT.usage : EXIT.failed;
  }
  // The outbox is local: its count is told even when the line database cannot be read.
  const tellPending = async (to: (text: string) => void) => {
    const pending = await store.pending().catch(() => 0);
    if (pending > 0) to(formatMessage(options.lang, 'cli.results.pending', { count: pending }));
  };
  try {
    await use(store);
    const machineReadable = options.json === true || (options as ResultsOptions).csv === true;
    await tellPending(machineReadable ? output.err : output.out);
    return EXIT.ok;
  } catch (error) {
    output.err(`fieldlink results: ${formatMessage(options.lang, 'cli.results.storeFailed', { message: messageOf(error) })}`);
    await tellPending(output.err);
    return EXIT.failed;
  } finally {
    await store.close();
  }
}

/** An OptionProblem is printed and exits 2; anything else is thrown on. */
function refused(error: unknown, output: CliOutput): ExitCode {
  if (!(error instanceof OptionProblem)) throw error;
  output.err(`fieldlink results: ${error.message}`);
  return EXIT.usage;
}

export async function runResults(options: ResultsOptions, output: CliOutput): Promise<ExitCode> {
  const lang = options.lang;
  let query;
  try {
    if (options.json && options.csv) throw new OptionProblem(formatMessage(lang, 'cli.results.bothFormats'));
    query = recordQueryOf(options, lang);
  } catch (error) {
    return refused(error, output);
  }
  const format = await import('../results-format.ts');
  const { historyWithChanges } = await import('../../../shared/run-diff.ts');
  const { CSV_HEADER, csvLine } = await import('../../../shared/run-record-csv.ts');
  return withStore(options, output, async (store) => {
    if (query.imei !== undefined) {
      // The device's whole history (oldest first), then the other filters on the entries.
      const entries = historyWithChanges(await store.history(query.imei)).filter(
        ({ run }) =>
          (query.since === undefined || run.startedAt >= query.since) &&
          (query.until === undefined || run.startedAt <= query.until) &&
          (query.outcome === undefined || run.outcome === query.outcome) &&
          (query.station === undefined || run.station === query.station) &&
          (query.line === undefined || run.line === query.line) &&
          (query.unitSerial === undefined || run.unitSerial === query.unitSerial),
      );
      const shown = query.limit === undefined ? entries : entries.slice(-query.limit);
      if (options.json) for (const entry of shown) output.out(JSON.stringify(entry));
      else if (options.csv) process.stdout.write(CSV_HEADER + shown.map((e) => csvLine(e.run)).join(''));
      else for (const line of format.historyLines(query.imei, shown, lang)) output.out(line);
      return;
    }
    const records = await store.list(query);
    if (options.json) for (const record of records) output.out(JSON.stringify(record));
    else if (options.csv) process.stdout.write(CSV_HEADER + records.map(csvLine).join(''));
    else {
      for (const line of format.recordTable(records, lang)) output.out(line);
      if (records.length > 0) output.out(formatMessage(lang, 'cli.results.count', { count: records.length, store: store.displayUrl }));
    }
  });
}

export async function runYield(options: YieldOptions, output: CliOutput): Promise<ExitCode> {
  const lang = options.lang;
  let by;
  let query;
  try {
    by = yieldGroupingOf(options.by, lang);
    const unused = (['imei', 'outcome', 'serial', 'limit', 'csv'] as const).find((name) => options[name] !== undefined);
    if (unused) throw new OptionProblem(formatMessage(lang, 'cli.results.notForYield', { option: `--${unused}` }));
    query = recordQueryOf({ ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}), ...(options.station ? { station: options.station } : {}), ...(options.line !== undefined ? { line: options.line } : {}) }, lang);
  } catch (error) {
    return refused(error, output);
  }
  const { yieldLines } = await import('../results-format.ts');
  return withStore(options, output, async (store) => {
    const report = await store.yieldReport(by, query);
    if (options.json) output.out(JSON.stringify(report));
    else for (const line of yieldLines(report, lang)) output.out(line);
  });
}
