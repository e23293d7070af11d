/**
 * Running the sequence from the terminal, shared by `fieldlink run`, `run --resume` (resume.ts),
 * `demo` and `diagnose`: the renderer, Ctrl-C handling, the FOTA prompt and the exit code. Apart
 * from run.ts so resume.ts (loaded by run.ts) does not import it back.
 */
import type { FotaPolicy, DeviceIds, Profile } from '../../../shared/profile.ts';
import { formatMessage } from '../../../shared/messages/index.ts';
import type { RunResult, SequenceRunner, SequenceRunnerOptions } from '../../engine/sequence/runner.ts';
import type { Renderer } from '../render/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Language } from '../lang-option.ts';
import { startRecording, type RecordRequest } from '../record-option.ts';

/** Exit code for a run's exit category. */
function exitCodeOf(result: Pick<RunResult, 'exitCategory'>): ExitCode {
  return EXIT[result.exitCategory];
}

export function fail(message: string, code: ExitCode): ExitCode {
  process.stderr.write(`fieldlink: ${message}\n`);
  return code;
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
  /** Language of the terminal output and the report. */
  lang?: Language | undefined;
  /** Shown before the run (e.g. the demo cloud's addresses). */
  banner?: readonly string[];
  /** The profile file (absolute) or `demo`, stored in the run folder for `--resume`. */
  profileSource?: string;
  /** A failed run read back from its folder: the runner resumes it instead of starting. */
  restored?: SequenceRunnerOptions['restored'];
  /** Puts the run on record in the results store (--db, --operator; docs/results-store.md#recording). */
  record?: RecordRequest;
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
  const policy = fotaPolicyFor(args.fota ?? args.profile.fota.policy, interactive, renderer, lang);
  const recording = args.record
    ? await startRecording(args.record, { profile: args.profile, port: args.port, ...(args.restored ? { earlier: args.restored.events } : {}) }, (text) => renderer.note(text))
    : undefined;
  const runner = new SequenceRunner({
    port: args.port,
    profile: args.profile,
    outDir: args.out,
    fotaPolicy: policy,
    stayConnected: args.stay ?? false,
    lang,
    ...(args.provision ? { provision: args.provision } : {}),
    ...(recording?.checkUnit ? { checkUnit: recording.checkUnit } : {}),
    ...(args.profileSource ? { profileSource: args.profileSource } : {}),
    ...(args.restored ? { restored: args.restored } : {}),
    ...(args.baud ? { portOverrides: { baudRate: args.baud } } : {}),
    ...(interactive ? { decide: (offer) => renderer.suspend(() => render.askYesNo(render.fotaQuestion(offer, lang))) } : {}),
  });
  recording?.attach(runner);
  let live = false;
  runner.onEvent((event) => {
    if (event.type === 'step-started') live = event.step === 'live-session';
    renderer.onEvent(event);
  });
  const resumeHint = (result: RunResult) => {
    // A run on the embedded demo lives only in this process; any other failed run can go on later.
    if (result.outcome === 'failed' && args.profileSource !== 'demo' && !/^sim:/i.test(args.port)) {
      renderer.note(formatMessage(lang, 'cli.resumeHint', { dir: result.dir }));
    }
  };
  try {
    return await runToExitCode(runner, renderer, onInterrupt(() => (live ? runner.disconnect() : runner.cancel())), { resume: args.restored !== undefined, after: resumeHint });
  } finally {
    for (const line of (await recording?.finish(lang)) ?? []) renderer.note(line);
  }
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
function fotaPolicyFor(policy: FotaPolicy, interactive: boolean, renderer: Renderer, lang: Language): FotaPolicy {
  if (policy !== 'ask' || interactive) return policy;
  renderer.note(formatMessage(lang, 'cli.fotaAskNeedsTerminal'));
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
