/**
 * `fieldlink` CLI entry. Each file in ./commands/ registers one sub-command (export `register`),
 * so adding a command never edits this file. Heavy modules are imported inside the actions.
 * An error no command handled is a bug: reportCrash() prints one line, writes a crash log and
 * main() returns 70; `installCrashHandlers` does the same for errors thrown outside main's await.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { reportCrash } from './crash.ts';
import { EXIT } from './exit-codes.ts';

export interface CliContext {
  /** Set by an action to report its outcome; main() returns it. */
  exitCode: number;
}

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export interface MainOptions {
  /** Where the sub-commands live (default ./commands beside this file). */
  commandsDir?: string;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  try {
    return await parseAndRun(argv, options);
  } catch (error) {
    return reportCrash(error, argv);
  }
}

/** Process-wide: an exception or rejection outside main's await chain (a timer, an event handler) ends the CLI with 70. */
export function installCrashHandlers(argv: string[]): void {
  const crash = (error: unknown) => {
    process.exitCode = reportCrash(error, argv);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

async function parseAndRun(argv: string[], options: MainOptions): Promise<number> {
  const ctx: CliContext = { exitCode: EXIT.ok };
  const program = new Command('fieldlink')
    .description('Field-service tool for TMS2 telematics devices (Quectel LTE modules).')
    .showHelpAfterError()
    .exitOverride();
  const dir = options.commandsDir ?? join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { register?: RegisterCommand };
    mod.register?.(program, ctx);
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    throw error;
  }
  return ctx.exitCode;
}
