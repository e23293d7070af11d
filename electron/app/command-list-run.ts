/**
 * Runs a command list line by line through a terminal's send path (runAndPublish: the length cap,
 * the refusal of data-mode commands, redaction) and judges each answer against its expectation
 * (docs/command-lists.md). Shared by the UI back end (runCommandList) and `fieldlink at --script`.
 *
 * A line passes when its expectation (a substring or /regex/ of the answer's lines and final
 * result) is met, or, without one, when the module answered OK. A line that could not be sent or
 * got no final result (timeout, lost port) fails whatever it expected.
 */
import type { CommandLine, CommandLineResult, CommandListRun } from '../../shared/command-list.ts';
import { meetsExpectation } from '../../shared/command-list.ts';
import type { IpcResponse } from '../../shared/ipc.ts';
import { Redactor } from '../engine/session/redaction.ts';

type Answer = IpcResponse<'sendAt'>;

export interface CommandListRunOptions {
  /** Sends one command as the terminal does; rejects when it cannot be sent (bad request, port lost). */
  send: (command: string) => Promise<Answer>;
  stopOnFailure?: boolean;
  /** Told each result as soon as it is known (the CLI prints as it goes). */
  onResult?: (result: CommandLineResult) => void;
  /** Pauses between lines (tests may pass a faster one). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Stops before the next line when it returns true. */
  stopped?: () => boolean;
}

/** Errors that end the whole run: the port is gone, nothing later can be sent. */
const FATAL_ERRORS = new Set(['AtClosedError', 'AtAbortedError', 'TransportError']);

const shown = new Redactor();

export async function runCommandLines(lines: readonly CommandLine[], options: CommandListRunOptions): Promise<CommandListRun> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => performance.now());
  const results: CommandLineResult[] = [];
  let stop = false;
  for (const [index, line] of lines.entries()) {
    const base = { index, command: shown.redact(line.command), ...(line.expect === undefined ? {} : { expect: shown.redact(line.expect) }) };
    if (stop || options.stopped?.()) {
      record({ ...base, lines: [], final: '', outcome: 'skipped', durationMs: 0 });
      continue;
    }
    const started = now();
    let result: CommandLineResult;
    try {
      const answer = await options.send(line.command);
      result = { ...base, lines: answer.lines, final: answer.final, outcome: judge(line, answer) ? 'passed' : 'failed', durationMs: elapsed(started, now()) };
      if (answer.error !== undefined) result.error = answer.error;
    } catch (error) {
      const message = shown.redact(error instanceof Error ? error.message : String(error));
      result = { ...base, lines: [], final: '', error: message, outcome: 'failed', durationMs: elapsed(started, now()) };
      if (FATAL_ERRORS.has((error as { name?: string } | undefined)?.name ?? '')) stop = true;
    }
    record(result);
    if (result.outcome === 'failed' && options.stopOnFailure) stop = true;
    if (!stop && line.delayMs !== undefined && line.delayMs > 0 && index < lines.length - 1) await sleep(line.delayMs);
  }
  return { passed: results.every((r) => r.outcome === 'passed'), results };

  function record(result: CommandLineResult): void {
    results.push(result);
    options.onResult?.(result);
  }
}

/** The answer as one text: its lines and the final result, one per line (what an expectation is matched against). */
export function answerText(answer: Pick<Answer, 'lines' | 'final'>): string {
  return [...answer.lines, ...(answer.final === '' ? [] : [answer.final])].join('\n');
}

function judge(line: CommandLine, answer: Answer): boolean {
  const timedOut = answer.final === '';
  if (timedOut) return false;
  if (line.expect === undefined) return answer.error === undefined;
  return meetsExpectation(line.expect, answerText(answer));
}

function elapsed(from: number, to: number): number {
  return Math.max(0, Math.round(to - from));
}
