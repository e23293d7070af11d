/** `--json`: one runner event per line on stdout (already redacted); notes and the summary go to stderr. */
import type { RunnerEvent } from '../../../shared/events.ts';
import type { RunResult } from '../../engine/sequence/runner.ts';
import type { Language } from '../../../shared/messages/index.ts';
import { formatMessage } from '../../../shared/messages/index.ts';
import { summaryLines } from './format.ts';
import type { Output, Renderer } from './types.ts';

export class JsonRenderer implements Renderer {
  constructor(
    private readonly out: Output,
    private readonly notes: Output,
    private readonly lang: Language = 'en',
  ) {}

  onEvent(event: RunnerEvent): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  note(text: string): void {
    this.notes.write(`${formatMessage(this.lang, 'cli.note', { text })}\n`);
  }

  suspend<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  finish(result: RunResult): void {
    this.notes.write(`${summaryLines(result, this.lang).join('\n')}\n`);
  }
}
