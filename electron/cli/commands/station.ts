/**
 * `fieldlink station --config FILE | --ports a,b,c [--profile FILE|demo] [--once] [--json]
 * [--operator NAME] [--out DIR] [--lang ko|en]`: factory station mode (docs/station.md). Runs the
 * connect sequence on every unit that appears on a slot; a live grid on a terminal, plain lines
 * when piped, one JSON station event per line with --json. With --once, every unit present at the
 * start runs once and the exit code is 0 only if all passed. Ctrl-C: running units finish and no
 * new ones start; a second Ctrl-C cancels them. On a terminal, typed (or scanned) lines: `retry A1`,
 * `rework A1`, `serial A1 SN123`, `operator NAME`, `stop`. Every unit goes on record in the
 * results store (`--db`), with station, slot and operator.
 */
import path from 'node:path';
import { Option } from 'commander';
import { formatMessage } from '../../../shared/messages/index.ts';
import type { Profile, DeviceIds } from '../../../shared/profile.ts';
import type { StationConfig } from '../../../shared/station.ts';
import type { DemoKit } from '../../demo/demo-kit.ts';
import type { SlotRecorder } from '../../station/recorder.ts';
import type { Station, StationSummary } from '../../station/station.ts';
import type { ResultsStore } from '../../store/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { langOption, type Language } from '../lang-option.ts';
import type { RegisterCommand } from '../main.ts';
import { checkWritableFolder } from '../preflight.ts';
import { dbOption, openCliStore } from '../record-option.ts';
import type { StationRenderer } from '../render/station.ts';
import { parseBaud } from './at.ts';
import { DEFAULT_OUT_DIR } from './run.ts';
import { fail, loadProfileOrExit } from './run-sequence.ts';

interface StationCommandOptions {
  config?: string;
  db?: string;
  ports?: string;
  profile?: string;
  fota?: 'auto' | 'never';
  once?: boolean;
  json?: boolean;
  operator?: string;
  out: string;
  baud?: number;
  lang: Language;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('station')
    .description('Factory station mode: run the connect sequence on every unit plugged into the fixture\'s slots (hot-plug, duplicate refusal, counters).')
    .option('--config <file>', 'station configuration file (slots, profile, policies)')
    .option('--ports <list>', 'comma-separated ports, one slot each (labels = port names), instead of --config')
    .option('--profile <file|demo>', 'profile file, or "demo" for the embedded demo cloud (overrides the configuration\'s)')
    .addOption(new Option('--fota <policy>', 'firmware update policy (overrides the configuration)').choices(['auto', 'never']))
    .option('--once', 'run every unit present now once, then exit (0 only if all passed)')
    .option('--json', 'print one JSON station event per line')
    .option('--operator <name>', 'operator name or badge, recorded with every unit')
    .option('--out <dir>', 'folder for run folders and the station log', DEFAULT_OUT_DIR)
    .addOption(dbOption())
    .option('-b, --baud <n>', 'baud rate for serial ports (default 115200)', parseBaud)
    .addOption(langOption())
    .action(async (options: StationCommandOptions) => {
      ctx.exitCode = await stationCommand(options);
    });
};

async function readConfig(options: StationCommandOptions): Promise<StationConfig | ExitCode> {
  const { loadStationConfig, configFromPorts } = await import('../../station/config.ts');
  const { StationConfigError } = await import('../../../shared/station.ts');
  try {
    if (options.config !== undefined && options.ports !== undefined) return fail('give --config FILE or --ports a,b,c, not both', EXIT.usage);
    if (options.config !== undefined) {
      const config = await loadStationConfig(options.config);
      return {
        ...config,
        ...(options.profile !== undefined ? { profile: options.profile === 'demo' ? 'demo' : path.resolve(options.profile) } : {}),
        ...(options.fota !== undefined ? { fota: options.fota } : {}),
      };
    }
    if (options.ports !== undefined) {
      if (options.profile === undefined) return fail('--ports needs --profile FILE (or --profile demo)', EXIT.usage);
      const ports = options.ports.split(',').map((port) => port.trim()).filter((port) => port !== '');
      if (ports.length === 0) return fail('--ports: no port given', EXIT.usage);
      return configFromPorts({ ports, profile: options.profile === 'demo' ? 'demo' : path.resolve(options.profile), ...(options.fota ? { fota: options.fota } : {}) });
    }
    return fail("required option '--config <file>' or '--ports <list>' not specified", EXIT.usage);
  } catch (error) {
    if (error instanceof StationConfigError) return fail(`station configuration: ${error.message}`, EXIT.usage);
    throw error;
  }
}

async function stationCommand(options: StationCommandOptions): Promise<ExitCode> {
  const config = await readConfig(options);
  if (typeof config === 'number') return config;
  const lang = options.lang;
  if (config.operatorRequired && !options.operator?.trim()) return fail(formatMessage(lang, 'station.operatorRequired'), EXIT.usage);
  const problem = await checkWritableFolder('--out', options.out);
  if (problem !== undefined) return fail(problem, EXIT.usage);
  let kit: DemoKit | undefined;
  try {
    let profile: Profile;
    let provision: ((ids: DeviceIds, port: string) => Promise<void>) | undefined;
    if (config.profile === 'demo') {
      const { startDemoKit } = await import('../../demo/demo-kit.ts');
      kit = await startDemoKit();
      const started = kit;
      profile = started.profile;
      provision = (ids, port) => started.provision(ids, port);
    } else {
      const loaded = await loadProfileOrExit(config.profile);
      if (typeof loaded === 'number') return loaded;
      profile = loaded;
    }
    const store = await openStore(options, config);
    if (typeof store === 'number') return store;
    try {
      return await runStation(options, config, profile, provision, store);
    } finally {
      await store?.close().catch(() => undefined);
    }
  } finally {
    await kit?.stop();
  }
}

/**
 * The results store (`--db`, FIELDLINK_DB, default sqlite:~/.fieldlink/results.sqlite). A station
 * that refuses duplicates cannot work without it (exit 1 before any unit runs); with `rework` or
 * `allow` it goes on with a note, its run folders keeping everything.
 */
async function openStore(options: StationCommandOptions, config: StationConfig): Promise<ResultsStore | undefined | ExitCode> {
  try {
    return await openCliStore(options.db);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (config.duplicates === 'refuse') return fail(`results store: ${detail}; this station refuses duplicates and cannot check them without it`, EXIT.failed);
    process.stderr.write(`fieldlink: ${formatMessage(options.lang, 'warning.resultsStore', { detail })}\n`);
    return undefined;
  }
}

async function runStation(
  options: StationCommandOptions,
  config: StationConfig,
  profile: Profile,
  provision: ((ids: DeviceIds, port: string) => Promise<void>) | undefined,
  store: ResultsStore | undefined,
): Promise<ExitCode> {
  const { Station } = await import('../../station/station.ts');
  const { storeRecorder } = await import('../../station/store-recorder.ts');
  const problems: string[] = [];
  // Store problems are shown as they happen, once the renderer exists.
  let show: (text: string) => void = () => undefined;
  const onProblem = (slot: string, text: string) => {
    problems.push(`${slot}: ${text}`);
    show(`${slot}: ${text}`);
  };
  const recorder: SlotRecorder | undefined = store ? storeRecorder({ store, profile, duplicates: config.duplicates, onProblem }) : undefined;
  const render = await import('../render/station.ts');
  const { chooseRenderMode } = await import('../render/index.ts');
  const { stdoutOutput, stderrOutput } = await import('../render/types.ts');
  const lang = options.lang;
  const station = new Station({
    config,
    profile,
    outDir: options.out,
    lang,
    ...(options.once ? { once: true } : {}),
    ...(options.operator?.trim() ? { operator: options.operator.trim() } : {}),
    ...(provision ? { provision } : {}),
    ...(recorder ? { recorder } : {}),
    ...(options.baud ? { runner: { portOverrides: { baudRate: options.baud } } } : {}),
  });
  const face = {
    name: config.name,
    line: config.line,
    view: () => station.view(),
    get counters() {
      return station.counters;
    },
    get state() {
      return station.state;
    },
    get operator() {
      return station.operator;
    },
  };
  const mode = chooseRenderMode(options.json);
  const renderer: StationRenderer =
    mode === 'json'
      ? new render.StationJsonRenderer(stdoutOutput, stderrOutput, lang)
      : mode === 'tty'
        ? new render.StationTtyRenderer(process.stdout, face, lang)
        : new render.StationPlainRenderer(stdoutOutput, face, lang);
  station.onEvent((event) => renderer.onEvent(event));
  show = (text) => renderer.note(text);
  const ticker = mode === 'tty' ? setInterval(() => renderer.tick(), 250) : undefined;
  const stopInterrupts = onInterrupt(() => station.stop());
  // Typed on the terminal, or piped in (a supervisor, a scanner bridge, a test): the same commands.
  const stopInput = !options.once ? readOperatorInput(station, renderer, lang) : () => undefined;
  let summary: StationSummary;
  try {
    summary = await station.run();
  } finally {
    if (ticker) clearInterval(ticker);
    stopInterrupts();
    stopInput();
  }
  renderer.finish(summary);
  if (summary.logError) renderer.note(summary.logError);
  if (store && problems.length === 0 && summary.units.length > 0) renderer.note(formatMessage(lang, 'cli.recorded', { url: store.displayUrl }));
  return exitCodeOf(summary, options.once === true);
}

/** 0 only when there were units and all passed; a cancelled station is `aborted`. */
export function exitCodeOf(summary: StationSummary, once: boolean): ExitCode {
  const c = summary.counters;
  if (summary.units.some((unit) => unit.result.code === 'CANCELLED')) return EXIT.aborted;
  if (c.failed > 0 || c.refused > 0) return EXIT.failed;
  if (once && c.units === 0) return EXIT.failed;
  return EXIT.ok;
}

/** Ctrl-C (or SIGTERM): each one is a stop() — the first drains, the second cancels. */
function onInterrupt(stop: () => void): () => void {
  const handler = () => stop();
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Lines typed (or scanned by a keyboard-wedge reader) while the station runs. */
function readOperatorInput(station: Station, renderer: StationRenderer, lang: Language): () => void {
  const handle = (line: string) => {
    const text = line.trim();
    if (text === '') return;
    const [word = '', ...rest] = text.split(/\s+/);
    const arg = rest.join(' ');
    const command = word.toLowerCase();
    if (command === 'stop') return station.stop();
    if (command === 'operator' && arg) return station.setOperator(arg);
    if (command === 'serial' && rest.length >= 2) {
      station.setUnitSerial(rest[0] ?? '', rest.slice(1).join(' '));
      return;
    }
    if ((command === 'retry' || command === 'rework') && arg) {
      const ok = command === 'retry' ? station.retry(arg) : station.rework(arg);
      if (!ok) renderer.note(formatMessage(lang, 'station.retryRefused', { slot: arg }));
      return;
    }
    renderer.note(formatMessage(lang, 'station.inputUnknown', { line: text.slice(0, 80), help: formatMessage(lang, 'station.inputHelp') }));
  };
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      handle(buffer.slice(0, newline).replace(/\r$/, ''));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  };
  process.stdin.on('data', onData);
  process.stdin.resume();
  return () => {
    process.stdin.off('data', onData);
    process.stdin.pause();
  };
}
