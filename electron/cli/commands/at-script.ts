/**
 * `fieldlink at --port URI --script FILE`: runs a command list (docs/command-lists.md) line by line
 * through the terminal's send path and prints each line's result: PASS/FAIL/SKIP, the command, its
 * duration, the module's answer, and for a failure what was expected or what went wrong. Exit
 * code: EXIT.ok only when every line passed; EXIT.failed otherwise; EXIT.device when the port is
 * lost; EXIT.usage for a script that does not parse (every problem named by line).
 *
 * The file is the plain-text script format, or a list saved by the app (`<name>.json`).
 * at.ts opens and syncs the port; this module reads the script and runs it.
 */
import { readBoundedRegularFile } from '../../engine/sequence/cert-files.ts';
import { CommandListSchema, SCRIPT_MAX_CHARS, parseCommandScript } from '../../../shared/command-list.ts';
import type { CommandLine, CommandLineResult } from '../../../shared/command-list.ts';
import { runCommandLines } from '../../app/command-list-run.ts';
import { runAndPublish } from '../../app/terminal.ts';
import type { AtClient } from '../../engine/at/client.ts';
import { Redactor } from '../../engine/session/redaction.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';

export interface ScriptOptions {
  port: string;
  timeout?: number;
  json?: boolean;
  stopOnError?: boolean;
}

/** Where the lines go (`fieldlink at`'s CliOutput). */
export interface ScriptOutput {
  out(text: string): void;
  err(text: string): void;
}

/** What is printed passes the same Redactor as run logs (K1). */
const shown = new Redactor();

const MARK: Record<CommandLineResult['outcome'], string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' };
const INDENT = '      ';

/** The lines of a script file, or every problem with it (by line). */
export async function readScript(file: string): Promise<{ lines: CommandLine[]; stopOnFailure?: boolean } | { problems: string[] }> {
  const read = await readBoundedRegularFile(file, SCRIPT_MAX_CHARS);
  if (!('bytes' in read)) return { problems: [read.missing ? 'file not found' : read.problem] };
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) return savedList(text);
  const parsed = parseCommandScript(text);
  return parsed.issues.length > 0 ? { problems: parsed.issues.map((i) => i.message) } : { lines: parsed.lines };
}

/** A list saved by the app (`command-lists/<name>.json`). */
function savedList(text: string): { lines: CommandLine[]; stopOnFailure?: boolean } | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message}); a script is plain text, one command per line, or a list saved by the app`] };
  }
  const parsed = CommandListSchema.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(list)'}: ${i.message}`) };
  return parsed.data.stopOnFailure === undefined ? { lines: parsed.data.lines } : { lines: parsed.data.lines, stopOnFailure: parsed.data.stopOnFailure };
}

/** Runs the lines on a synced client, printing each result as it comes; the exit code. */
export async function runScriptLines(client: AtClient, lines: readonly CommandLine[], options: ScriptOptions, output: ScriptOutput): Promise<ExitCode> {
  const stopTraffic = client.onTraffic((event) => {
    if (event.kind === 'line' && event.role === 'urc' && !options.json) output.out(shown.redact(`${INDENT}[URC] ${event.text}`));
  });
  try {
    let portLost = false;
    const run = await runCommandLines(lines, {
      send: (command) =>
        runAndPublish(options.port, command, (c) => client.run(options.timeout === undefined ? { command: c } : { command: c, timeoutMs: options.timeout }), () => undefined).catch((error: unknown) => {
          if ((error as { name?: string }).name === 'AtClosedError') portLost = true;
          throw error;
        }),
      stopOnFailure: options.stopOnError ?? false,
      onResult: (result) => printResult(result, options.json ?? false, output),
    });
    const passed = run.results.filter((r) => r.outcome === 'passed').length;
    const failed = run.results.filter((r) => r.outcome === 'failed').length;
    const skipped = run.results.length - passed - failed;
    const summary = { passed, failed, skipped, total: run.results.length };
    if (options.json) output.out(JSON.stringify({ summary }));
    else output.out(`${passed} of ${summary.total} passed${failed > 0 ? `, ${failed} failed` : ''}${skipped > 0 ? `, ${skipped} skipped` : ''}`);
    if (portLost) return EXIT.device;
    return run.passed ? EXIT.ok : EXIT.failed;
  } finally {
    stopTraffic();
  }
}

function printResult(result: CommandLineResult, json: boolean, output: ScriptOutput): void {
  if (json) {
    output.out(JSON.stringify(shown.redactEvent(result)));
    return;
  }
  const duration = result.outcome === 'skipped' ? '' : ` (${result.durationMs} ms)`;
  output.out(shown.redact(`${MARK[result.outcome]} ${result.index + 1} ${result.command}${duration}`));
  for (const line of [...result.lines, ...(result.final === '' ? [] : [result.final])]) output.out(shown.redact(`${INDENT}${line}`));
  if (result.outcome !== 'failed') return;
  if (result.error !== undefined) output.out(shown.redact(`${INDENT}! ${result.error}`));
  if (result.expect !== undefined) output.out(shown.redact(`${INDENT}! expected: ${result.expect}`));
}
