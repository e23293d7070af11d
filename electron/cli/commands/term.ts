/**
 * `fieldlink term --port URI`: an interactive AT terminal. Type a command, see its answer; URCs
 * are printed the moment they arrive, above the prompt, without breaking the line being typed.
 * Up/down browse the history. Ctrl-C, Ctrl-D or `exit` close the port cleanly (exit 0).
 * With piped input the lines are run in order and the port is closed at end of input.
 */
import type { Interface } from 'node:readline';
import type { ExitCode } from '../exit-codes.ts';
import { EXIT } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import type { CliOutput, PortSession } from './at.ts';
import { formatLine, messageOf, openPortSession, parseBaud, shown, zodArg } from './at.ts';
import { terminalCommandProblem } from '../../app/terminal-command.ts';
import { z } from 'zod';

interface TermOptions {
  port: string;
  baud?: number;
  timeout?: number;
}

export interface TermIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  errors: NodeJS.WritableStream;
}

const HISTORY_SIZE = 500;
const QUIT_WORDS = new Set(['exit', 'quit']);

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('term')
    .description('Interactive AT terminal with live URCs; Ctrl-C closes the port.')
    .requiredOption('-p, --port <uri>', 'port URI: /dev/ttyUSB2, COM7, tcp://host:port, sim:')
    .option('-b, --baud <n>', 'baud rate for serial ports (default 115200)', parseBaud)
    .option('-t, --timeout <ms>', 'time limit for each command', zodArg(z.coerce.number().int().positive(), 'milliseconds'))
    .action(async (options: TermOptions) => {
      ctx.exitCode = await runTerm(options, { input: process.stdin, output: process.stdout, errors: process.stderr });
    });
};

/** Writes lines to the terminal; while the prompt is shown, they go above it and it is redrawn. */
class TermScreen {
  promptShown = false;
  constructor(
    private readonly rl: Interface,
    private readonly io: TermIo,
    readonly interactive: boolean,
  ) {}

  printError(text: string): void {
    this.print(text, this.io.errors);
  }

  print(text: string, stream: NodeJS.WritableStream = this.io.output): void {
    if (!this.promptShown) {
      stream.write(`${text}\n`);
      return;
    }
    this.io.output.write('\r\x1b[2K'); // back to column 0, erase the prompt line
    stream.write(`${text}\n`);
    this.rl.prompt(true); // redraw the prompt and what was typed so far, cursor kept
  }

  /** Leaves the prompt line so the shell's next output starts on a fresh line. */
  end(): void {
    if (this.promptShown) this.io.output.write('\n');
    this.promptShown = false;
  }

  prompt(): void {
    if (!this.interactive) return;
    this.promptShown = true;
    this.rl.prompt();
  }
}

export async function runTerm(options: TermOptions, io: TermIo): Promise<ExitCode> {
  const errors: CliOutput = { out: (t) => io.output.write(`${t}\n`), err: (t) => io.errors.write(`${t}\n`) };
  const session = await openPortSession(options.port, options.baud, errors);
  if (typeof session === 'number') return session;
  const readline = await import('node:readline');
  const interactive = Boolean(io.input.isTTY && io.output.isTTY);
  const rl = readline.createInterface({
    input: io.input,
    output: io.output,
    terminal: interactive,
    historySize: HISTORY_SIZE,
    prompt: `${session.transport.uri}> `,
  });
  const screen = new TermScreen(rl, io, interactive);
  if (interactive) screen.print(`Connected to ${session.transport.uri}. Type AT commands; Ctrl-C or "exit" quits.`);
  return runLoop(session, rl, screen, options);
}

function runLoop(session: PortSession, rl: Interface, screen: TermScreen, options: TermOptions): Promise<ExitCode> {
  const stopTraffic = session.client.onTraffic((event) => {
    if (event.kind !== 'line') return;
    const text = formatLine(event);
    if (text !== undefined) screen.print(text);
  });
  return new Promise<ExitCode>((resolve) => {
    let queue = Promise.resolve();
    let finished = false;
    const finish = (code: ExitCode) => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', onSigint);
      stopTraffic();
      screen.end();
      rl.close();
      void session.close().then(() => resolve(code));
    };
    const onSigint = () => finish(EXIT.ok);
    // Ctrl-C in raw mode arrives at readline; with piped input it is a process signal.
    rl.on('SIGINT', onSigint);
    process.on('SIGINT', onSigint);
    rl.on('close', () => void queue.then(() => finish(EXIT.ok)));
    rl.on('line', (line) => {
      queue = queue.then(() => handleLine(line, session, screen, options, finish));
    });
    session.transport.onClose((error) => {
      if (!error) return;
      screen.printError(`fieldlink: ${shown.redact(error.message)}`);
      finish(EXIT.device);
    });
    screen.prompt();
  });
}

async function handleLine(
  line: string,
  session: PortSession,
  screen: TermScreen,
  options: TermOptions,
  finish: (code: ExitCode) => void,
): Promise<void> {
  const command = line.trim();
  screen.promptShown = false;
  if (QUIT_WORDS.has(command.toLowerCase())) return finish(EXIT.ok);
  const problem = command === '' ? undefined : terminalCommandProblem(command);
  if (problem !== undefined) {
    screen.print(/^AT/i.test(command) ? `! ${problem}` : `${problem} (type "exit" or press Ctrl-C to quit).`);
  } else if (command !== '') {
    if (!screen.interactive) screen.print(`> ${shown.redact(command)}`);
    try {
      await session.client.run(options.timeout === undefined ? { command } : { command, timeoutMs: options.timeout });
    } catch (error) {
      const kind = (error as { kind?: string }).kind;
      if (kind !== 'closed' && kind !== 'aborted') screen.print(`! ${shown.redact(messageOf(error))}`);
    }
  }
  if (session.transport.isOpen) screen.prompt();
}
