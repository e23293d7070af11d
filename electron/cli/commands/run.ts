/**
 * `fieldlink run --port URI [--profile FILE|demo] [--fota ask|auto|never] [--json] [--out DIR] [--stay]`
 * or `fieldlink run --resume <run folder> [--port URI] [--profile FILE]` (resume.ts):
 * runs the connect sequence on one device. A live step list on a terminal, plain lines when piped,
 * one JSON event per line with --json. With a `sim:` port and no --profile (or --profile demo) an
 * embedded demo cloud is started and the demo profile used. Exit codes: exit-codes.ts by failure
 * category (0 pass, 3 device, 4 network, 5 server, 6 aborted, 2 bad input).
 * Also exports runSequence(), which `fieldlink demo` shares.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { Option } from 'commander';
import type { FotaPolicy, DeviceIds, Profile } from '../../../shared/profile.ts';
import type { DemoKit } from '../../demo/demo-kit.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { checkSimScenario, checkWritableFolder } from '../preflight.ts';
import { parseBaud } from './at.ts';
import { fail, loadProfileOrExit, runSequence } from './run-sequence.ts';

export { fail, loadProfileOrExit, runSequence, runToExitCode, type RunSequenceArgs } from './run-sequence.ts';
import { langOption, type Language } from '../lang-option.ts';
import { dbOption, operatorOption } from '../record-option.ts';

export const DEFAULT_OUT_DIR = path.join(homedir(), '.fieldlink', 'runs');
export const FOTA_CHOICES = ['ask', 'auto', 'never'] as const;

interface RunCommandOptions {
  port?: string;
  resume?: string;
  profile?: string;
  fota?: FotaPolicy;
  json?: boolean;
  out: string;
  stay?: boolean;
  baud?: number;
  lang: Language;
  db?: string;
  operator?: string;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('run')
    .description('Run the TMS2 server connect sequence on a device (certificates, data service, server info, calibration, FOTA, MQTT).')
    .option('-p, --port <uri>', 'port URI: /dev/ttyUSB2, COM7, tcp://host:port, sim:[scenario] (required unless --resume)')
    .option('--resume <run folder>', 'resume a failed run from its failed step, appending to its folder (port and profile default to the run\'s)')
    .option('--profile <file|demo>', 'profile file, or "demo" for the embedded demo cloud (default with a sim: port)')
    .addOption(new Option('--fota <policy>', 'firmware update policy (overrides the profile)').choices(FOTA_CHOICES))
    .option('--json', 'print one JSON event per line')
    .option('--out <dir>', 'folder for run logs and reports', DEFAULT_OUT_DIR)
    .option('--stay', 'stay in the live MQTT session until Ctrl-C')
    .option('-b, --baud <n>', 'baud rate for serial ports (default 115200)', parseBaud)
    .addOption(langOption())
    .addOption(dbOption())
    .addOption(operatorOption())
    .action(async (options: RunCommandOptions) => {
      if (options.resume !== undefined) {
        const { resumeCommand } = await import('./resume.ts');
        ctx.exitCode = await resumeCommand({ ...options, resume: options.resume });
        return;
      }
      if (options.port === undefined) {
        ctx.exitCode = fail("required option '-p, --port <uri>' not specified (or --resume <run folder>)", EXIT.usage);
        return;
      }
      ctx.exitCode = await runCommand({ ...options, port: options.port });
    });
};

async function runCommand(options: RunCommandOptions & { port: string }): Promise<ExitCode> {
  const { parsePortUri } = await import('../../engine/transport/uri.ts');
  let isSim: boolean;
  try {
    isSim = parsePortUri(options.port).kind === 'sim';
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), EXIT.usage);
  }
  // Before a cloud, a virtual device or a run folder exists: bad options are exit 2 at once.
  const problem = (await checkSimScenario(options.port)) ?? (await checkWritableFolder('--out', options.out));
  if (problem !== undefined) return fail(problem, EXIT.usage);
  if (isSim) await import('../../sim/register.ts');
  const useDemo = options.profile === 'demo' || (options.profile === undefined && isSim);
  if (!useDemo && options.profile === undefined) return fail('--profile is required for a real port (or use --profile demo)', EXIT.usage);
  let kit: DemoKit | undefined;
  try {
    let profile: Profile;
    let provision: ((ids: DeviceIds) => Promise<void>) | undefined;
    if (useDemo) {
      const { startDemoKit } = await import('../../demo/demo-kit.ts');
      kit = await startDemoKit({ simulator: options.baud ? { baud: options.baud } : {} });
      const started = kit;
      profile = started.profile;
      provision = (ids) => started.provision(ids, options.port);
    } else {
      const loaded = await loadProfileOrExit(options.profile ?? '');
      if (typeof loaded === 'number') return loaded;
      profile = loaded;
    }
    const profileSource = useDemo ? 'demo' : path.resolve(options.profile ?? '');
    return await runSequence({ ...options, profile, provision, profileSource, record: { kind: 'run', db: options.db, operator: options.operator } });
  } finally {
    await kit?.stop();
  }
}
