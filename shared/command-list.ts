/**
 * Saved command lists of the AT terminal (docs/command-lists.md): named lists of AT commands,
 * each with an optional expected answer and an optional pause before the next line. One schema
 * for the stored files, the IPC contract and the script files of `fieldlink at --script`, and the
 * parser and printer of the plain-text script format the CLI and the UI editor share.
 *
 * Script format, one item per line:
 *   AT+CPIN?          a command (starts with AT)
 *   => READY          the expected answer of the command above: a substring, or /regex/flags
 *   @wait 500ms       a pause after the command above (ms or s)
 *   # comment         ignored, as are blank lines
 */
import { z } from 'zod';
import { PROFILE_NAME_PATTERN, TERMINAL_COMMAND_MAX } from './ipc-bounds.ts';

/** A list's name becomes `<name>.json`: the same rule as profile names (never a path). */
export const COMMAND_LIST_NAME_PATTERN = PROFILE_NAME_PATTERN;
export const COMMAND_LIST_MAX_LINES = 200;
export const EXPECT_MAX_CHARS = 500;
/** The longest pause between two lines (10 minutes). */
export const DELAY_MAX_MS = 600_000;
/** The longest script file or editor text. */
export const SCRIPT_MAX_CHARS = 512 * 1024;

export const CommandListNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(COMMAND_LIST_NAME_PATTERN, { error: 'expected a list name (letters, digits, space, ".", "_", "-", starting with a letter or digit), not a path' });

export const CommandLineSchema = z.strictObject({
  command: z.string().min(1).max(TERMINAL_COMMAND_MAX),
  /** A substring of the answer, or `/regex/flags`. */
  expect: z.string().min(1).max(EXPECT_MAX_CHARS).optional(),
  /** Pause after this line before the next one. */
  delayMs: z.number().int().min(0).max(DELAY_MAX_MS).optional(),
});
export type CommandLine = z.infer<typeof CommandLineSchema>;

export const CommandLinesSchema = z.array(CommandLineSchema).min(1).max(COMMAND_LIST_MAX_LINES);

/** A stored list (`<data dir>/command-lists/<name>.json`). */
export const CommandListSchema = z.strictObject({
  name: CommandListNameSchema,
  lines: CommandLinesSchema,
  stopOnFailure: z.boolean().optional(),
});
export type CommandList = z.infer<typeof CommandListSchema>;

/** What one line of a run gave: the (redacted) answer, pass/fail, and how long it took. */
export const CommandLineResultSchema = z.strictObject({
  index: z.number().int().nonnegative(),
  command: z.string(),
  expect: z.string().optional(),
  lines: z.array(z.string()),
  final: z.string(),
  /** The command could not be sent or the module gave no final result (timeout, lost port). */
  error: z.string().optional(),
  /** `skipped`: not sent, an earlier line failed and the run stops on failure. */
  outcome: z.enum(['passed', 'failed', 'skipped']),
  durationMs: z.number().nonnegative(),
});
export type CommandLineResult = z.infer<typeof CommandLineResultSchema>;

export const CommandListRunSchema = z.strictObject({ passed: z.boolean(), results: z.array(CommandLineResultSchema) });
export type CommandListRun = z.infer<typeof CommandListRunSchema>;

// ---- expectations ------------------------------------------------------------------------

const REGEX_FORM = /^\/(.+)\/([imsu]*)$/s;

/** The regex of a `/regex/flags` expectation; undefined for a substring; a string when it does not compile. */
export function expectationRegex(expect: string): RegExp | string | undefined {
  const match = REGEX_FORM.exec(expect);
  if (!match) return undefined;
  try {
    return new RegExp(match[1] ?? '', match[2]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** True when `answer` (the answer's lines and final result, one per line) meets `expect`. */
export function meetsExpectation(expect: string, answer: string): boolean {
  const regex = expectationRegex(expect);
  if (regex === undefined) return answer.includes(expect);
  return typeof regex === 'string' ? false : regex.test(answer);
}

// ---- the script text format ----------------------------------------------------------------

export type ScriptIssueCode = 'not-a-command' | 'expect-without-command' | 'wait-without-command' | 'bad-wait' | 'bad-regex' | 'too-long' | 'too-many' | 'empty';

export interface ScriptIssue {
  /** 1-based line of the script (0: the whole script). */
  line: number;
  code: ScriptIssueCode;
  /** In English, for the CLI; the UI words the code itself. */
  message: string;
}

export interface ParsedScript {
  lines: CommandLine[];
  issues: ScriptIssue[];
}

const WAIT = /^@wait\s+(\d+(?:\.\d+)?)\s*(ms|s)?$/i;

/** Parses the script text format; every problem is an issue naming its line. */
export function parseCommandScript(text: string): ParsedScript {
  const lines: CommandLine[] = [];
  const issues: ScriptIssue[] = [];
  const issue = (line: number, code: ScriptIssueCode, message: string) => issues.push({ line, code, message });
  if (text.length > SCRIPT_MAX_CHARS) return { lines, issues: [{ line: 0, code: 'too-long', message: `the script is longer than ${SCRIPT_MAX_CHARS} characters` }] };
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)
    .forEach((raw, i) => {
      const n = i + 1;
      const item = raw.trim();
      const last = lines[lines.length - 1];
      if (item === '' || item.startsWith('#')) return;
      if (item.startsWith('=>')) {
        const expect = item.slice(2).trim();
        if (!last) return issue(n, 'expect-without-command', `line ${n}: "=>" gives the answer of the command above it, and there is none`);
        if (expect === '' || expect.length > EXPECT_MAX_CHARS) return issue(n, 'too-long', `line ${n}: an expected answer is 1-${EXPECT_MAX_CHARS} characters`);
        const regex = expectationRegex(expect);
        if (typeof regex === 'string') return issue(n, 'bad-regex', `line ${n}: ${expect} is not a valid regular expression (${regex})`);
        last.expect = expect;
        return;
      }
      if (item.startsWith('@')) {
        const wait = WAIT.exec(item);
        const ms = wait ? Math.round(Number(wait[1]) * ((wait[2] ?? 'ms').toLowerCase() === 's' ? 1000 : 1)) : NaN;
        if (!wait || !(ms <= DELAY_MAX_MS)) return issue(n, 'bad-wait', `line ${n}: write a pause as "@wait 500ms" or "@wait 2s" (at most ${DELAY_MAX_MS / 1000} s)`);
        if (!last) return issue(n, 'wait-without-command', `line ${n}: "@wait" pauses after the command above it, and there is none`);
        last.delayMs = ms;
        return;
      }
      if (!/^AT/i.test(item)) return issue(n, 'not-a-command', `line ${n}: a command starts with AT (comments start with #, expected answers with =>)`);
      if (item.length > TERMINAL_COMMAND_MAX) return issue(n, 'too-long', `line ${n}: a command is at most ${TERMINAL_COMMAND_MAX} characters`);
      lines.push({ command: item });
    });
  if (lines.length > COMMAND_LIST_MAX_LINES) issue(0, 'too-many', `the script has ${lines.length} commands; a list holds at most ${COMMAND_LIST_MAX_LINES}`);
  if (lines.length === 0 && issues.length === 0) issue(0, 'empty', 'the script has no command (one AT command per line)');
  return { lines, issues };
}

/** The script text of a list's lines (what the UI editor shows; parses back to the same lines). */
export function formatCommandScript(lines: readonly CommandLine[]): string {
  return lines
    .map((line) => [line.command, ...(line.expect === undefined ? [] : [`=> ${line.expect}`]), ...(line.delayMs === undefined ? [] : [`@wait ${line.delayMs}ms`])].join('\n'))
    .join('\n')
    .concat('\n');
}
