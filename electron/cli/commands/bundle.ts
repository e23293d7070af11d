/**
 * `fieldlink bundle [RUN_FOLDER | --last | --imei X] --out FILE.zip [--runs DIR] [--db URL]`:
 * writes a support bundle of one run (docs/support-bundles.md). `--last` is the newest run under
 * the runs folder, `--imei X` the newest run of that device. The device's recent history comes
 * from the results store (`--db`, FIELDLINK_DB, else the default file when there is one). A secret found in any file stops the bundle: nothing is
 * written, and the file and the kind of secret are named (exit 1). Bad options: exit 2.
 */
import { existsSync } from 'node:fs';
import { formatMessage } from '../../../shared/messages/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { langOption, type Language } from '../lang-option.ts';
import type { RegisterCommand } from '../main.ts';
import { DEFAULT_OUT_DIR } from './run.ts';
import { appVersion } from '../../store/app-version.ts';
import { dbOption, defaultDbFile, givenStoreUrl } from '../record-option.ts';

interface BundleCommandOptions {
  out: string;
  last?: boolean;
  imei?: string;
  runs: string;
  db?: string;
  lang: Language;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('bundle')
    .description('Write a support bundle (zip) of one run: session log, reports, diagnosis, history, versions, masked profile, certificate facts, fault codes, manifest.')
    .argument('[run-folder]', 'the run folder to bundle')
    .requiredOption('--out <file.zip>', 'the zip to write')
    .option('--last', 'the newest run under the runs folder')
    .option('--imei <imei>', 'the newest run of this device (15 digits)')
    .option('--runs <dir>', 'the runs folder (as `fieldlink run --out`)', DEFAULT_OUT_DIR)
    .addOption(dbOption())
    .addOption(langOption())
    .action(async (runFolder: string | undefined, options: BundleCommandOptions) => {
      ctx.exitCode = await bundleCommand(runFolder, options);
    });
};

function fail(message: string, code: ExitCode): ExitCode {
  process.stderr.write(`fieldlink: ${message}\n`);
  return code;
}

/**
 * The device's history comes from the store runs are recorded in: `--db` (or FIELDLINK_DB), else
 * the default file when it exists (a bundle never creates a store). A store named on the command
 * line that cannot be opened is an error; none at all is a note in the bundle.
 */
async function historyFor<T>(db: string | undefined, open: (url: string) => Promise<T>): Promise<T | undefined> {
  const url = givenStoreUrl(db);
  if (url !== undefined) return open(url);
  const file = defaultDbFile();
  return existsSync(file) ? open(`sqlite:${file}`) : undefined;
}

async function bundleCommand(runFolder: string | undefined, options: BundleCommandOptions): Promise<ExitCode> {
  const chosen = [runFolder !== undefined, options.last === true, options.imei !== undefined].filter(Boolean).length;
  if (chosen !== 1) return fail('bundle: give exactly one of RUN_FOLDER, --last or --imei X', EXIT.usage);
  if (options.imei !== undefined && !/^\d{15}$/.test(options.imei)) return fail(`--imei: ${JSON.stringify(options.imei)} is not 15 digits`, EXIT.usage);
  if (!/\.zip$/i.test(options.out)) return fail(`--out: ${options.out} must end in .zip`, EXIT.usage);
  const { BundleError } = await import('../../support/bundle-format.ts');
  const { newestRun } = await import('../../support/run-folders.ts');
  const { writeBundle } = await import('../../support/bundle-writer.ts');
  const { openHistorySource } = await import('../../support/history-source.ts');
  const t = (key: Parameters<typeof formatMessage>[1], values?: Parameters<typeof formatMessage>[2]) => formatMessage(options.lang, key, values);
  let history: Awaited<ReturnType<typeof openHistorySource>> | undefined;
  try {
    const dir = runFolder ?? (await newestRun(options.runs, options.imei)).dir;
    history = await historyFor(options.db, openHistorySource);
    const written = await writeBundle({
      runDir: dir,
      out: options.out,
      runsDir: runFolder === undefined ? options.runs : undefined,
      ...(history ? { history: { store: history.store, source: history.source } } : {}),
      appVersion: appVersion(),
    });
    process.stdout.write(`${t('bundle.written', { file: written.file, bytes: written.bytes, files: written.manifest.files.length + 1 })}\n`);
    for (const note of written.manifest.notes) process.stdout.write(`  ${t('bundle.note', { note })}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof BundleError) {
      if (error.kind === 'secret-found') {
        return fail(t('bundle.refused', { file: error.details.file ?? '?', kind: { key: `bundle.secretKind.${error.details.secretKind ?? 'secret-field'}` } }), EXIT.failed);
      }
      return fail(error.message, error.kind === 'io' ? EXIT.failed : EXIT.usage);
    }
    if (error instanceof Error && error.name === 'StoreError') return fail(`--db: ${error.message}`, EXIT.usage);
    throw error;
  } finally {
    await history?.close();
  }
}
