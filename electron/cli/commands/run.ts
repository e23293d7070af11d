/**
 * `fieldlink run --port URI [--profile FILE|demo] [--fota ask|auto|never] [--json] [--out DIR] [--stay]`:
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
import type { RunResult, SequenceRunner } from '../../engine/sequence/runner.ts';
import type { DemoKit } from '../../engine/sequence/demo-kit.ts';
import type { Renderer } from '../render/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { checkSimScenario, checkWritableFolder } from '../preflight.ts';
import { parseBaud } from './at.ts';
import { langOption, type Language } from '../lang-option.ts';

export const DEFAULT_OUT_DIR = path.join(homedir(), '.fieldlink', 'runs');
export const FOTA_CHOICES = ['ask', 'auto', 'never'] as const;

interface RunCommandOptions {
  port: string;
  profile?: string;
  fota?: FotaPolicy;
  json?: boolean;
  out: string;
  stay?: boolean;
  baud?: number;
  lang: Language;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('run')
    .description('Run the TMS2 server connect sequence on a device (certificates, data service, server info, calibration, FOTA, MQTT).')
    .requiredOption('-p, --port <uri>', 'port URI: /dev/ttyUSB2, COM7, tcp://host:port, sim:[scenario]')
    .option('--profile <file|demo>', 'profile file, or "demo" for the embedded demo cloud (default with a sim: port)')
    .addOption(new Option('--fota <policy>', 'firmware update policy (overrides the profile)').choices(FOTA_CHOICES))
    .option('--json', 'print one JSON event per line')
    .option('--out <dir>', 'folder for run logs and reports', DEFAULT_OUT_DIR)
    .option('--stay', 'stay in the live MQTT session until Ctrl-C')
    .option('-b, --baud <n>', 'baud rate for serial ports (default 115200)', parseBaud)
    .addOption(langOption())
    .action(async (options: RunCommandOptions) => {
      ctx.exitCode = await runCommand(options);
    });
};

/** Exit code for a run's exit category. */
function exitCodeOf(result: Pick<RunResult, 'exitCategory'>): ExitCode {
  return EXIT[result.exitCategory];
}

function fail(message: string, code: ExitCode): ExitCode {
  process.stderr.write(`fieldlink: ${message}\n`);
  return code;
}

async function runCommand(options: RunCommandOptions): Promise<ExitCode> {
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
      const { startDemoKit } = await import('../../engine/sequence/demo-kit.ts');
      kit = await startDemoKit({ simulator: options.baud ? { baud: options.baud } : {} });
      const started = kit;
      profile = started.profile;
      provision = (ids) => started.provision(ids, options.port);
    } else {
      const loaded = await loadProfileOrExit(options.profile ?? '');
      if (typeof loaded === 'number') return loaded;
      profile = loaded;
    }
    return await runSequence({ ...options, profile, provision });
  } finally {
    await kit?.stop();
  }
}

async function loadProfileOrExit(file: string): Promise<Profile | ExitCode> {
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
  /** Language of the terminal output and the report. */
  lang?: Language | undefined;
  /** Shown before the run (e.g. the demo cloud's addresses). */
  banner?: readonly string[];
}

/** Runs the sequence with terminal output, Ctrl-C handling and the FOTA prompt; returns the exit code. */
export async function runSequence(args: RunSequenceArgs): Promise<ExitCode> {
  const { SequenceRunner } = await import('../../engine/sequence/runner.ts');
  const render = await import('../render/index.ts');
  const mode = render.chooseRenderMode(args.json);
  const lang = args.lang ?? 'en';
  const renderer = render.createRenderer(mode, lang);
  for (const line of args.banner ?? []) renderer.note(line);
  const interactive = mode === 'tty' && process.stdin.isTTY === true;
  const policy = fotaPolicyFor(args.fota ?? args.profile.fota.policy, interactive, renderer);
  const runner = new SequenceRunner({
    port: args.port,
    profile: args.profile,
    outDir: args.out,
    fotaPolicy: policy,
    stayConnected: args.stay ?? false,
    lang,
    ...(args.provision ? { provision: args.provision } : {}),
    ...(args.baud ? { portOverrides: { baudRate: args.baud } } : {}),
    ...(interactive ? { decide: (offer) => renderer.suspend(() => render.askYesNo(render.fotaQuestion(offer, lang))) } : {}),
  });
  let live = false;
  runner.onEvent((event) => {
    if (event.type === 'step-started') live = event.step === 'live-session';
    renderer.onEvent(event);
  });
  return runToExitCode(runner, renderer, onInterrupt(() => (live ? runner.disconnect() : runner.cancel())));
}

/**
 * Runs the runner to its end, shows the result and returns its exit code; whatever happens, stops
 * listening for interrupts (`stopInterrupts`) and closes the runner. Shared with `fieldlink diagnose`.
 */
export async function runToExitCode(runner: SequenceRunner, renderer: Pick<Renderer, 'finish'>, stopInterrupts: () => void): Promise<ExitCode> {
  try {
    const result = await runner.start();
    await runner.close();
    renderer.finish(result);
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
