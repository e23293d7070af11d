/**
 * `fieldlink replay FILE [--json] [--lang ko|en]`: opens a support bundle (FILE.zip) or a session
 * log (session.jsonl) and prints what happened. A bundle is verified first (seal and manifest,
 * docs/support-bundles.md#opening-a-bundle): a truncated or modified bundle is refused, naming the
 * file (exit 1). Then: what changed since the last passing run, the device as it was, the timeline,
 * the failure explained with its hint, the failing command and the module's answer, MQTT, FOTA.
 * `--json` prints one JSON document (also for a refused bundle: `verified: false`, kind, file).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatMessage } from '../../../shared/messages/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { langOption, type Language } from '../lang-option.ts';
import type { RegisterCommand } from '../main.ts';
import type { ReplaySource } from '../replay-format.ts';

interface ReplayOptions {
  json?: boolean;
  lang: Language;
}

/** A session log the user picked is read whole (the app's replay does the same); bundles are streamed. */
const MAX_SESSION_LOG_BYTES = 256 * 1024 * 1024;

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('replay')
    .description('Open a support bundle (.zip, verified against its manifest) or a session log (.jsonl) and summarise the run: what changed, device, timeline, failure, MQTT, FOTA.')
    .argument('<file>', 'support bundle (.zip) or session log (.jsonl)')
    .option('--json', 'print a machine-readable summary')
    .addOption(langOption())
    .action(async (file: string, options: ReplayOptions) => {
      ctx.exitCode = await replayCommand(file, options);
    });
};

async function replayCommand(file: string, options: ReplayOptions): Promise<ExitCode> {
  const { replayLines, replayJson } = await import('../replay-format.ts');
  const { BundleError } = await import('../../support/bundle-format.ts');
  let source: ReplaySource;
  try {
    source = /\.jsonl$/i.test(file) ? await sessionLogSource(file) : await bundleSource(file);
  } catch (error) {
    if (error instanceof BundleError) {
      const words = formatMessage(options.lang, `bundle.invalid.${error.kind === 'no-run' || error.kind === 'not-a-run-folder' || error.kind === 'secret-found' || error.kind === 'io' ? 'not-a-bundle' : error.kind}`, {
        file: error.details.file ?? formatMessage(options.lang, 'bundle.zipStructure'),
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ verified: false, kind: error.kind, file: error.details.file ?? null, message: words, detail: error.message })}\n`);
      process.stderr.write(`fieldlink: ${words}\n  ${error.message}\n`);
      return error.kind === 'not-a-bundle' && error.details.file === path.basename(file) ? EXIT.usage : EXIT.failed;
    }
    if (error instanceof Error && error.name === 'AppError') {
      process.stderr.write(`fieldlink: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (options.json) process.stdout.write(`${JSON.stringify(replayJson(source, options.lang))}\n`);
  else process.stdout.write(`${replayLines(source, options.lang).join('\n')}\n`);
  return EXIT.ok;
}

async function bundleSource(file: string): Promise<ReplaySource> {
  const { openBundle } = await import('../../support/bundle-reader.ts');
  const { whatChanged } = await import('../../support/what-changed.ts');
  const bundle = await openBundle(file);
  return { bundle, session: bundle.session, changes: whatChanged(bundle.history?.records ?? null, bundle.manifest.runId) };
}

/** A plain session log: the app's replay parser (every line a valid event, redacted again), then the same summary. */
async function sessionLogSource(file: string): Promise<ReplaySource> {
  const { parseSessionText } = await import('../../app/session-replay.ts');
  const { SessionDigest } = await import('../../support/session-digest.ts');
  const { AppError } = await import('../../app/errors.ts');
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new AppError('bad-session', `${file}: ${error.code ?? error.message}`);
  });
  if (bytes.length > MAX_SESSION_LOG_BYTES) throw new AppError('bad-session', `${file}: larger than ${MAX_SESSION_LOG_BYTES} bytes; bundle it (fieldlink bundle) to replay it`);
  const replayed = parseSessionText(path.basename(file), bytes.toString('utf8'));
  const digest = new SessionDigest();
  for (const event of replayed.events) digest.add(event);
  return { session: digest.data, changes: { status: 'no-history' } };
}
