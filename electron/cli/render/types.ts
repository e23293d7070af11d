/** What every terminal output (live step list, plain lines, JSON lines) offers the commands. */
import type { RunnerEvent } from '../../../shared/events.ts';
import type { RunResult } from '../../engine/sequence/runner.ts';

export interface Renderer {
  onEvent(event: RunnerEvent): void;
  /** A side note for the user (not an event): stderr in JSON mode. */
  note(text: string): void;
  /** Runs `work` (a question to the user) with the live display paused. */
  suspend<T>(work: () => Promise<T>): Promise<T>;
  /** The outcome and where the report is; stops the live display. */
  finish(result: RunResult): void;
}

export interface Output {
  write(text: string): void;
}

export const stdoutOutput: Output = { write: (text) => process.stdout.write(text) };
export const stderrOutput: Output = { write: (text) => process.stderr.write(text) };
