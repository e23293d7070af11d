/**
 * `fieldlink diagnose --port URI [--json] [--out DIR]`: reads identity, SIM, signal, registration,
 * data service, the module's files and SSL context, the G-sensor and the MQTT configuration WITHOUT
 * changing the device (no ATE0, no CMEE, no uploads, no PDP activation), and writes the same
 * report as a run. `--profile` only tells which SSL context and PDP context to look at.
 */
import type { Profile } from '../../../shared/profile.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { checkSimScenario, checkWritableFolder } from '../preflight.ts';
import type { RegisterCommand } from '../main.ts';
import { parseBaud } from './at.ts';
import { DEFAULT_OUT_DIR, runToExitCode } from './run.ts';
import { langOption, type Language } from '../lang-option.ts';
import { dbOption, operatorOption, startRecording } from '../record-option.ts';

interface DiagnoseOptions {
  port: string;
  profile?: string;
  json?: boolean;
  out: string;
  baud?: number;
  lang: Language;
  db?: string;
  operator?: string;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('diagnose')
    .description('Read what a device has and knows (identity, SIM, network, files, SSL, G-sensor, MQTT) without changing it; writes a report.')
    .requiredOption('-p, --port <uri>', 'port URI: /dev/ttyUSB2, COM7, tcp://host:port, sim:[scenario]')
    .option('--profile <file>', 'profile whose SSL context and PDP context to inspect (default: context 1)')
    .option('--json', 'print one JSON event per line')
    .option('--out <dir>', 'folder for logs and reports', DEFAULT_OUT_DIR)
    .option('-b, --baud <n>', 'baud rate for serial ports (default 115200)', parseBaud)
    .addOption(langOption())
    .addOption(dbOption())
    .addOption(operatorOption())
    .action(async (options: DiagnoseOptions) => {
      ctx.exitCode = await diagnose(options);
    });
};

/** What diagnose reads when no profile is given: context ids only (no file is read). */
async function inspectionProfile(file: string | undefined): Promise<Profile | ExitCode> {
  const { loadProfile } = await import('../../engine/sequence/profile-loader.ts');
  const { parseProfile } = await import('../../../shared/profile.ts');
  if (!file) {
    const { NO_PROFILE_CERT: none } = await import('../../engine/sequence/diagnose/ssl.ts');
    return parseProfile({ name: 'diagnose', serverInfoUrl: 'https://127.0.0.1/unused', tls: { caCert: none, clientCert: none, clientKey: none } });
  }
  try {
    return await loadProfile(file);
  } catch (error) {
    process.stderr.write(`fieldlink: profile: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
}

async function diagnose(options: DiagnoseOptions): Promise<ExitCode> {
  const { parsePortUri } = await import('../../engine/transport/uri.ts');
  try {
    if (parsePortUri(options.port).kind === 'sim') await import('../../sim/register.ts');
  } catch (error) {
    process.stderr.write(`fieldlink: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  const problem = (await checkSimScenario(options.port)) ?? (await checkWritableFolder('--out', options.out));
  if (problem !== undefined) {
    process.stderr.write(`fieldlink: ${problem}\n`);
    return EXIT.usage;
  }
  const profile = await inspectionProfile(options.profile);
  if (typeof profile === 'number') return profile;
  const { SequenceRunner } = await import('../../engine/sequence/runner.ts');
  const { DIAGNOSIS } = await import('../../engine/sequence/diagnose/index.ts');
  const render = await import('../render/index.ts');
  const renderer = render.createRenderer(render.chooseRenderMode(options.json), options.lang);
  const recording = await startRecording({ kind: 'diagnose', db: options.db, operator: options.operator }, { profile, port: options.port }, (text) => renderer.note(text));
  const runner = new SequenceRunner({
    port: options.port,
    profile,
    outDir: options.out,
    steps: DIAGNOSIS,
    continueAfterFailure: true,
    measurementsRecordOnly: true,
    lang: options.lang,
    ...(options.baud ? { portOverrides: { baudRate: options.baud } } : {}),
  });
  recording.attach(runner);
  runner.onEvent((event) => renderer.onEvent(event));
  const stop = () => void runner.cancel();
  process.once('SIGINT', stop);
  try {
    return await runToExitCode(runner, renderer, () => process.off('SIGINT', stop));
  } finally {
    for (const line of await recording.finish(options.lang)) renderer.note(line);
  }
}
