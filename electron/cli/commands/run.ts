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
import type { RunResult, SequenceRunner, SequenceRunnerOptions } from '../../engine/sequence/runner.ts';
import type { DemoKit } from '../../demo/demo-kit.ts';
import type { Renderer } from '../render/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { checkSimScenario, checkWritableFolder } from '../preflight.ts';
import { parseBaud } from './at.ts';

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

/** Exit code for a run's exit category. */
function exitCodeOf(result: Pick<RunResult, 'exitCategory'>): ExitCode {
  return EXIT[result.exitCategory];
}

export function fail(message: string, code: ExitCode): ExitCode {
  process.stderr.write(`fieldlink: ${message}\n`);
  return code;
}

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
    return await runSequence({ ...options, profile, provision, profileSource });
  } finally {
    await kit?.stop();
  }
}

export async function loadProfileOrExit(file: string): Promise<Profile | ExitCode> {
  const { loadProfile } = await import('../../engine/sequence/profile-loader.ts');
  try {
    return await loadProfile(file);
  } catch (error) {
    return fail(`profile: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
  }
}

export interface RunSequenceArgs {
  port: string;
  profile: Profile;
  provision?: ((ids: DeviceIds) => Promise<void>) | undefined;
  fota?: FotaPolicy | undefined;
  json?: boolean | undefined;
  out: string;
  stay?: boolean | undefined;
  baud?: number | undefined;
  /** Shown before the run (e.g. the demo cloud's addresses). */
  banner?: readonly string[];
  /** The profile file (absolute) or `demo`, stored in the run folder for `--resume`. */
  profileSource?: string;
  /** A failed run read back from its folder: the runner resumes it instead of starting. */
  restored?: SequenceRunnerOptions['restored'];
}

/** Runs the sequence with terminal output, Ctrl-C handling and the FOTA prompt; returns the exit code. */
export async function runSequence(args: RunSequenceArgs): Promise<ExitCode> {
  const { SequenceRunner } = await import('../../engine/sequence/runner.ts');
  const render = await import('../render/index.ts');
  const mode = render.chooseRenderMode(args.json);
  const renderer = render.createRenderer(mode);
  for (const line of args.banner ?? []) renderer.note(line);
  const interactive = mode === 'tty' && process.stdin.isTTY === true;
  const policy = fotaPolicyFor(args.fota ?? args.profile.fota.policy, interactive, renderer);
  const runner = new SequenceRunner({
    port: args.port,
    profile: args.profile,
    outDir: args.out,
    fotaPolicy: policy,
    stayConnected: args.stay ?? false,
    ...(args.provision ? { provision: args.provision } : {}),
    ...(args.profileSource ? { profileSource: args.profileSource } : {}),
    ...(args.restored ? { restored: args.restored } : {}),
    ...(args.baud ? { portOverrides: { baudRate: args.baud } } : {}),
    ...(interactive ? { decide: (offer) => renderer.suspend(() => render.askYesNo(render.fotaQuestion(offer))) } : {}),
  });
  let live = false;
  runner.onEvent((event) => {
    if (event.type === 'step-started') live = event.step === 'live-session';
    renderer.onEvent(event);
  });
  const resumeHint = (result: RunResult) => {
    // A run on the embedded demo lives only in this process; any other failed run can go on later.
    if (result.outcome === 'failed' && args.profileSource !== 'demo' && !/^sim:/i.test(args.port)) {
      renderer.note(`to resume from the failed step: fieldlink run --resume ${result.dir}`);
    }
  };
  return runToExitCode(runner, renderer, onInterrupt(() => (live ? runner.disconnect() : runner.cancel())), { resume: args.restored !== undefined, after: resumeHint });
}

/**
 * Runs the runner to its end, shows the result and returns its exit code; whatever happens, stops
 * listening for interrupts (`stopInterrupts`) and closes the runner. Shared with `fieldlink diagnose`.
 */
export async function runToExitCode(
  runner: SequenceRunner,
  renderer: Pick<Renderer, 'finish'>,
  stopInterrupts: () => void,
  how: { resume?: boolean; after?: (result: RunResult) => void } = {},
): Promise<ExitCode> {
  try {
    const result = await (how.resume ? runner.resume() : runner.start());
    await runner.close();
    renderer.finish(result);
    how.after?.(result);
    return exitCodeOf(result);
  } finally {
    stopInterrupts();
    await runner.close();
  }
}

/** `ask` needs someone to answer: without a terminal it becomes `never`, with a note. */
function fotaPolicyFor(policy: FotaPolicy, interactive: boolean, renderer: Renderer): FotaPolicy {
  if (policy !== 'ask' || interactive) return policy;
  renderer.note('FOTA policy "ask" needs a terminal to answer; treating it as "never" (use --fota auto to update)');
  return 'never';
}

/** First Ctrl-C: `first()` (cancel, or a clean disconnect in the live session); second: leave at once. */
function onInterrupt(first: () => Promise<void>): () => void {
  let count = 0;
  const handler = () => {
    count += 1;
    if (count === 1) void first();
    else process.exit(EXIT.aborted);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
