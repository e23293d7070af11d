/** Plain lines for a pipe or a log file: no cursor movement, progress only at 25 % steps. */
import type { RunnerEvent } from '../../../shared/events.ts';
import type { RunResult } from '../../engine/sequence/runner.ts';
import type { Language } from '../../../shared/messages/index.ts';
import { formatMessage } from '../../../shared/messages/index.ts';
import { plainLines, progressText, summaryLines } from './format.ts';
import type { Output, Renderer } from './types.ts';

const bucket = (percent: number | undefined) => (percent === undefined ? -1 : Math.floor(percent / 25));

export class PlainRenderer implements Renderer {
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly out: Output,
    private readonly notes: Output = out,
    private readonly lang: Language = 'en',
  ) {}

  onEvent(event: RunnerEvent): void {
    // fota-progress repeats the step-progress lines of the FOTA steps
    if (event.type === 'at-traffic' || event.type === 'run-finished' || event.type === 'fota-progress' || event.type === 'run-state') return;
    if (event.type === 'step-progress' && !this.isNew(`step/${event.step}`, `${progressText(event, this.lang)}/${bucket(event.percent)}`)) return;
    for (const line of plainLines(event, this.lang)) this.out.write(`${line}\n`);
  }

  note(text: string): void {
    this.notes.write(`${formatMessage(this.lang, 'cli.note', { text })}\n`);
  }

  suspend<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  finish(result: RunResult): void {
    this.out.write(`${summaryLines(result, this.lang).join('\n')}\n`);
  }

  /** True when `value` differs from what was last shown under `key` (and remembers it). */
  private isNew(key: string, value: string): boolean {
    const text = value.replace(/\d+(\.\d+)? ?(ms|s|%|bytes)/g, '#');
    if (this.shown.get(key) === text) return false;
    this.shown.set(key, text);
    return true;
  }
}
