/**
 * A station and its virtual line as a line runs them, for e2e tests: `fieldlink sim --pty` in one
 * process (its stdin the line's control channel), `fieldlink station` in another (its stdin the
 * operator's lines), both the real CLI. Helpers read the station's `--json` events as they arrive
 * and the sim's line events, and type into either process.
 */
import { parseStationEvent, type SlotStateEvent, type StationEvent } from '../../shared/station.ts';
import { ENGLISH_LOCALE, spawnFieldlink, waitUntil, type CliProcess } from './fieldlink-cli.ts';

/** `fieldlink sim --pty PREFIX …` with its control channel on stdin; resolves once the line is ready. */
export async function startSimLine(prefix: string, args: readonly string[], timeoutMs = 120_000): Promise<CliProcess> {
  const sim = spawnFieldlink(['sim', '--pty', prefix, '--fast', ...args], { stdin: 'pipe', env: ENGLISH_LOCALE });
  await waitForLine(sim, /^ready: \d+ virtual device\(s\) booted/m, timeoutMs);
  return sim;
}

/** `fieldlink station … --json` with stdin open for `stop`, `operator NAME`…; events are read from its stdout. */
export function startStation(args: readonly string[]): CliProcess {
  return spawnFieldlink(['station', '--json', ...args], { stdin: 'pipe', env: ENGLISH_LOCALE });
}

/** Types one line into a CLI's stdin. */
export function typeLine(cli: CliProcess, line: string): void {
  cli.child.stdin?.write(`${line}\n`);
}

/** Waits until the CLI's stdout has a line matching `pattern` (fails early if the process ended). */
export async function waitForLine(cli: CliProcess, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  await waitUntil(
    () => {
      if (pattern.test(cli.stdout())) return true;
      if (cli.child.exitCode !== null) throw new Error(`process ended (${cli.child.exitCode}) before ${pattern}; stdout ${cli.stdout().slice(-4000)} stderr ${cli.stderr().slice(-4000)}`);
      return false;
    },
    () => `no ${pattern}; stdout ${cli.stdout().slice(-4000)} stderr ${cli.stderr().slice(-4000)}`,
    timeoutMs,
  );
}

/**
 * The station's `--json` events as they arrive (one JSON object per stdout line, each checked with
 * the shared schema); `read()` parses only the lines added since the last call.
 */
export class StationEventReader {
  readonly events: StationEvent[] = [];
  #offset = 0;

  constructor(readonly cli: CliProcess) {}

  read(): StationEvent[] {
    const text = this.cli.stdout();
    const end = text.lastIndexOf('\n') + 1;
    if (end > this.#offset) {
      for (const line of text.slice(this.#offset, end).split('\n')) if (line.trim() !== '') this.events.push(parseStationEvent(JSON.parse(line)));
      this.#offset = end;
    }
    return this.events;
  }

  /** Waits (polling every 100 ms) until the events satisfy `check`; on a timeout, says what the slots did. */
  async until(what: string, check: (events: readonly StationEvent[]) => boolean, timeoutMs = 180_000): Promise<StationEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.read();
      if (check(seen)) return seen;
      const ended = this.cli.child.exitCode !== null;
      if (ended || Date.now() > deadline) {
        const slots = slotStates(seen).map((e) => `${e.slot}>${e.to}${e.result?.code ? `:${e.result.code}` : ''}`).join(' ');
        throw new Error(`${ended ? `station ended (${this.cli.child.exitCode})` : 'timed out'} waiting for ${what}; slot transitions: ${slots}; stderr ${this.cli.stderr().slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The slot transitions in order (steps left out). */
export const slotStates = (events: readonly StationEvent[]): SlotStateEvent[] =>
  events.filter((e): e is SlotStateEvent => e.type === 'slot-state' && e.cause !== 'step');

/** The end of every run, in order. */
export const runEnds = (events: readonly StationEvent[]): SlotStateEvent[] => slotStates(events).filter((e) => e.cause === 'run-finished');

/** `to[:code]` for each transition of one slot, e.g. `['present', 'running', 'failed:PORT_LOST', 'empty']`. */
export const transitionsOf = (events: readonly StationEvent[], slot: string): string[] =>
  slotStates(events)
    .filter((e) => e.slot === slot)
    .map((e) => `${e.to}${e.to === 'failed' || e.to === 'refused' ? `:${e.result?.code ?? ''}` : ''}`);

/** The steps a slot's runs started, in order. */
export const stepsOf = (events: readonly StationEvent[], slot: string): string[] =>
  events.flatMap((e) => (e.type === 'slot-run' && e.slot === slot && e.event.type === 'step-started' ? [e.event.step] : []));

/** Ends a sim line with its `quit` command and waits for the process (every PTY path removed). */
export async function quitSimLine(sim: CliProcess): Promise<number | null> {
  if (sim.child.exitCode === null) typeLine(sim, 'quit');
  return sim.exited;
}
