/**
 * What the CLI does with an error nobody expected (a bug in Fieldlink): one line on stderr naming
 * the command and what failed, the details (stack, cause chain) in a crash log in the data folder
 * for a bug report, and exit code 70 (EXIT.internal, documented in the README). Both the line and
 * the log pass the Redactor's secret patterns: a command line or a message can carry a password.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { Redactor } from '../engine/session/redaction.ts';
import { EXIT } from './exit-codes.ts';

/** Where crash logs go: `<data folder>/crash/` (the data folder is ~/.fieldlink, as for `web`). */
export function crashDir(): string {
  return path.join(homedir(), '.fieldlink', 'crash');
}

const MAX_LINE = 240;

/** Writes the crash log and prints one line; returns EXIT.internal. Never throws. */
export function reportCrash(error: unknown, argv: readonly string[], write: (text: string) => void = (t) => process.stderr.write(t)): number {
  const redactor = new Redactor();
  const command = commandName(argv);
  const message = redactor.redact(firstLine(error));
  let where: string;
  try {
    const dir = crashDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `crash-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
    writeFileSync(file, redactor.redact(crashDetails(error, argv, redactor)), { mode: 0o600, flag: 'wx' });
    where = `details in ${file}`;
  } catch (logError) {
    where = `no crash log could be written (${firstLine(logError)})`;
  }
  const line = `fieldlink${command ? ` ${command}` : ''}: internal error: ${message}`;
  write(`${line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line} (a bug in Fieldlink; ${where})\n`);
  return EXIT.internal;
}

function commandName(argv: readonly string[]): string {
  return argv.slice(2).find((arg) => /^[a-z]+$/.test(arg)) ?? '';
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split(/\r?\n/)[0] ?? text;
}

function crashDetails(error: unknown, argv: readonly string[], redactor: Redactor): string {
  const lines = [
    `time: ${new Date().toISOString()}`,
    `node: ${process.version} ${process.platform}/${process.arch}`,
    // Each argument is redacted before it is quoted (quoting escapes the quotes the patterns look for).
    `command: ${argv.slice(2).map((a) => JSON.stringify(redactor.redact(a))).join(' ')}`,
    '',
  ];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    lines.push(depth === 0 ? 'error:' : 'caused by:');
    lines.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return `${lines.join('\n')}\n`;
}
