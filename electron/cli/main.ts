/**
 * `fieldlink` CLI entry. Each file in ./commands/ registers one sub-command (export `register`),
 * so adding a command never edits this file. Heavy modules are imported inside the actions.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.ts';

export interface CliContext {
  /** Set by an action to report its outcome; main() returns it. */
  exitCode: number;
}

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export async function main(argv: string[]): Promise<number> {
  const ctx: CliContext = { exitCode: EXIT.ok };
  const program = new Command('fieldlink')
    .description('Field-service tool for TMS2 telematics devices (Quectel LTE modules).')
    .showHelpAfterError()
    .exitOverride();
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
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
