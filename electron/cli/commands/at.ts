/**
 * `fieldlink at --port URI CMD...`: opens the port, syncs with `AT`, runs each command in order and
 * prints the module's lines as it gave them (URCs marked `[URC]`), or one JSON object per command.
 * Exit codes: EXIT.failed when a command answers ERROR/+CME ERROR or times out, EXIT.device when
 * the port cannot be opened or is lost, EXIT.usage for a bad URI or command.
 * Also exports the port-session helpers `fieldlink term` uses.
 */
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { terminalCommandProblem } from '../../app/terminal-command.ts';
import { Redactor } from '../../engine/session/redaction.ts';
import type { AtClient } from '../../engine/at/client.ts';
import type { AtResponse, TrafficEvent } from '../../engine/at/types.ts';
import type { Transport } from '../../engine/transport/types.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { checkSimScenario } from '../preflight.ts';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** A commander argument parser backed by a zod schema. */
export function zodArg<T>(schema: z.ZodType<T>, expected: string): (text: string) => T {
  return (text) => {
    const parsed = schema.safeParse(text);
    if (!parsed.success) throw new InvalidArgumentError(expected);
    return parsed.data;
  };
}

const positiveInt = z.coerce.number().int().positive();

/**
 * What the terminals print passes the same Redactor as run logs (K1): a typed QMTCONN password, a
 * downloaded key file, an error quoting the command. The AtClient's own Redactor already masks traffic.
 */
export const shown = new Redactor();

export const parseBaud = zodArg(positiveInt, 'a baud rate such as 115200');
const parseTimeout = zodArg(positiveInt, 'a time in milliseconds, e.g. 5000');

interface AtCommandOptions {
  port: string;
  baud?: number;
  timeout?: number;
  json?: boolean;
  sync: boolean;
  stopOnError?: boolean;
  script?: string;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('at')
    .description('Run AT commands on a port and print the answers (URCs marked [URC]).')
    .requiredOption('-p, --port <uri>', 'port URI: /dev/ttyUSB2, COM7, tcp://host:port, sim:')
    .option('-b, --baud <n>', 'baud rate for serial ports (default 115200)', parseBaud)
    .option('-t, --timeout <ms>', 'time limit for each command (default: the command table)', parseTimeout)
    .option('--json', 'print one JSON object per command')
    .option('--no-sync', 'do not probe with AT before the first command')
    .option('--stop-on-error', 'skip the remaining commands after a failure')
    .option('-s, --script <file>', 'run a command list: one command per line, "=> expected", "@wait 500ms", "# comment" (docs/command-lists.md); exit 0 only if every line passed')
    .argument('[commands...]', 'AT commands, each one argument, e.g. ATI \'AT+CPIN?\'')
    .action(async (commands: string[], options: AtCommandOptions) => {
      ctx.exitCode = options.script === undefined ? await runAt(commands, options, processOutput) : await runAtScript(commands, options, processOutput);
    });
};

// ── the port session shared with `fieldlink term` ────────────────────────────────────────────

export interface PortSession {
  transport: Transport;
  client: AtClient;
  /** Stops the client and closes the port; never rejects. */
  close(): Promise<void>;
}

/** Opens the port and attaches an AtClient; on failure prints why and returns the exit code. */
export async function openPortSession(port: string, baud: number | undefined, output: CliOutput): Promise<PortSession | ExitCode> {
  const { openTransport, parsePortUri } = await import('../../engine/transport/uri.ts');
  const { AtClient } = await import('../../engine/at/client.ts');
  const badScenario = await checkSimScenario(port);
  if (badScenario !== undefined) {
    output.err(`fieldlink: ${badScenario}`);
    return EXIT.usage;
  }
  let transport: Transport;
  try {
    // `sim:` ports are served by the virtual TMS2 in this process.
    if (parsePortUri(port).kind === 'sim') await import('../../sim/register.ts');
    transport = await openTransport(port, baud === undefined ? {} : { baudRate: baud });
  } catch (error) {
    output.err(`fieldlink: ${shown.redact(messageOf(error))}`);
    return exitCodeFor(error);
  }
  const client = AtClient.attach(transport);
  const close = async () => {
    client.dispose();
    await transport.close();
  };
  return { transport, client, close };
}

/** The exit code a failure deserves (exit-codes.ts). */
export function exitCodeFor(error: unknown): ExitCode {
  const name = (error as { name?: string } | undefined)?.name;
  const kind = (error as { kind?: string } | undefined)?.kind;
  if (name === 'TransportError') return kind === 'bad-uri' ? EXIT.usage : EXIT.device;
  if (name === 'AtClosedError') return EXIT.device;
  if (name === 'AtAbortedError') return EXIT.aborted;
  if (error instanceof TypeError) return EXIT.usage;
  if (kind === 'command' || kind === 'timeout' || kind === 'protocol') return EXIT.failed;
  return EXIT.internal;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How a received line is shown: info and final lines as given, the rest marked. */
export function formatLine(event: Extract<TrafficEvent, { kind: 'line' }>): string | undefined {
  switch (event.role) {
    case 'info':
    case 'final':
      return event.text;
    case 'urc':
      return `[URC] ${event.text}`;
    case 'late':
      return `[late] ${event.text}`;
    case 'noise':
      return `[noise] ${event.text}`;
    case 'echo':
      return undefined;
  }
}

// ── fieldlink at ─────────────────────────────────────────────────────────────────────────────

interface CommandReport {
  command: string;
  ok: boolean;
  lines: string[];
  final?: string;
  deferred?: string;
  urcs: string[];
  /** Downloaded bytes; without base64 when they hold a secret (a key file). */
  data?: { length: number; base64?: string; redacted?: true };
  durationMs?: number;
  error?: { kind: string; message: string; code?: number | string; meaning?: string };
}

export async function runAt(commands: string[], options: AtCommandOptions, output: CliOutput): Promise<ExitCode> {
  if (commands.length === 0) {
    output.err('fieldlink: at: give AT commands (e.g. ATI) or --script FILE');
    return EXIT.usage;
  }
  for (const command of commands) {
    const problem = terminalCommandProblem(command);
    if (problem === undefined) continue;
    output.err(`fieldlink: ${problem}`);
    return EXIT.usage;
  }
  const session = await openPortSession(options.port, options.baud, output);
  if (typeof session === 'number') return session;
  try {
    return await runCommands(session, commands, options, output);
  } finally {
    await session.close();
  }
}

/** `fieldlink at --script FILE`: the script's lines instead of commands (at-script.ts). */
export async function runAtScript(commands: string[], options: AtCommandOptions, output: CliOutput): Promise<ExitCode> {
  const { readScript, runScriptLines } = await import('./at-script.ts');
  if (commands.length > 0) {
    output.err('fieldlink: at: give either commands or --script FILE, not both');
    return EXIT.usage;
  }
  const file = options.script ?? '';
  const script = await readScript(file);
  if ('problems' in script) {
    for (const problem of script.problems) output.err(`fieldlink: ${file}: ${shown.redact(problem)}`);
    return EXIT.usage;
  }
  const session = await openPortSession(options.port, options.baud, output);
  if (typeof session === 'number') return session;
  try {
    if (options.sync) {
      const failed = await syncPort(session.client, output);
      if (failed !== undefined) return failed;
    }
    const stopOnError = options.stopOnError ?? script.stopOnFailure ?? false;
    return await runScriptLines(session.client, script.lines, { port: options.port, timeout: options.timeout, json: options.json, stopOnError }, output);
  } finally {
    await session.close();
  }
}

/** Exit code of a failed command by error kind; anything else is EXIT.failed. */
const FAILURE_EXIT: Readonly<Record<string, ExitCode>> = { closed: EXIT.device, usage: EXIT.usage, aborted: EXIT.aborted };

async function runCommands(session: PortSession, commands: string[], options: AtCommandOptions, output: CliOutput): Promise<ExitCode> {
  const { client } = session;
  const urcs: string[] = [];
  let current: string | undefined;
  // Replies are shown only for the user's command, not for the engine's own `AT` probes.
  let showReplies = false;
  const stopTraffic = client.onTraffic((event) => {
    if (event.kind === 'command') showReplies = event.text === current;
    if (event.kind !== 'line') return;
    if (event.role === 'urc') urcs.push(event.text);
    const text = formatLine(event);
    const isReply = event.role === 'info' || event.role === 'final';
    if (!options.json && text !== undefined && (showReplies || !isReply)) output.out(text);
  });
  try {
    if (options.sync) {
      const failed = await syncPort(client, output);
      if (failed !== undefined) return failed;
    }
    let exitCode: ExitCode = EXIT.ok;
    for (const command of commands) {
      current = command;
      const report = await runOne(client, command, options.timeout);
      current = undefined;
      showReplies = false;
      report.urcs = urcs.splice(0);
      if (options.json) output.out(JSON.stringify(shown.redactEvent(report)));
      if (report.data && !options.json) output.out(shown.redact(Buffer.from(report.data.base64 ?? '', 'base64').toString('latin1')));
      if (report.ok) continue;
      if (!options.json) output.err(`fieldlink: ${shown.redact(report.error?.message ?? command)}`);
      const failure = FAILURE_EXIT[report.error?.kind ?? ''] ?? EXIT.failed;
      if (failure === EXIT.device) return failure;
      if (exitCode === EXIT.ok) exitCode = failure;
      if (options.stopOnError) return exitCode;
    }
    return exitCode;
  } finally {
    stopTraffic();
  }
}

async function syncPort(client: AtClient, output: CliOutput): Promise<ExitCode | undefined> {
  try {
    await client.sync({ attempts: 3, intervalMs: 1000 });
    return undefined;
  } catch (error) {
    const code = exitCodeFor(error);
    const why = code === EXIT.failed ? 'the device does not answer AT' : messageOf(error);
    output.err(`fieldlink: ${client.port}: ${why}`);
    return code === EXIT.failed ? EXIT.device : code;
  }
}

async function runOne(client: AtClient, command: string, timeoutMs: number | undefined): Promise<CommandReport> {
  try {
    const response = await client.run(timeoutMs === undefined ? { command } : { command, timeoutMs });
    return successReport(response);
  } catch (error) {
    const e = error as { kind?: string; code?: number | string; meaning?: string; final?: string; lines?: readonly string[] };
    const report: CommandReport = { command, ok: false, lines: [...(e.lines ?? [])], urcs: [] };
    if (e.final !== undefined) report.final = e.final;
    report.error = { kind: e.kind ?? (error instanceof TypeError ? 'usage' : 'internal'), message: messageOf(error) };
    if (e.code !== undefined) report.error.code = e.code;
    if (e.meaning !== undefined) report.error.meaning = e.meaning;
    return report;
  }
}

function successReport(response: AtResponse): CommandReport {
  const report: CommandReport = { command: response.command, ok: true, lines: response.lines, final: response.final, urcs: [] };
  if (response.deferred !== undefined) report.deferred = response.deferred;
  if (response.data) {
    const text = response.data.toString('latin1');
    report.data = shown.redact(text) === text ? { length: response.data.length, base64: response.data.toString('base64') } : { length: response.data.length, redacted: true };
  }
  report.durationMs = response.durationMs;
  return report;
}
