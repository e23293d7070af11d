/**
 * The live step list on a terminal: one cli-progress bar per step (icon, title, bar, detail),
 * updated in place; device, FOTA, calibration and MQTT lines and failures are printed above it.
 * suspend() clears the list for a question and draws it again afterwards.
 */
import cliProgress from 'cli-progress';
import type { RunnerEvent } from '../../../shared/events.ts';
import { STEP_IDS, type StepId } from '../../../shared/steps.ts';
import type { RunResult } from '../../engine/sequence/runner.ts';
import { failureText } from '../../../shared/messages/failure-text.ts';
import { formatMessage, type Language } from '../../../shared/messages/index.ts';
import { ICONS, detailLines, refText, failureBlock, progressText, stepTitle, summaryLines, type StepStatus } from './format.ts';
import type { Renderer } from './types.ts';

interface Row {
  status: StepStatus;
  percent: number;
  detail: string;
}

const DETAIL_WIDTH = 60;

function clip(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

export class TtyRenderer implements Renderer {
  private readonly rows = new Map<StepId, Row>(STEP_IDS.map((id) => [id, { status: 'pending', percent: 0, detail: '' }]));
  private readonly bars = new Map<StepId, cliProgress.SingleBar>();
  private multibar: cliProgress.MultiBar | undefined;

  private readonly titleWidth: number;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stdout,
    private readonly lang: Language = 'en',
  ) {
    this.titleWidth = Math.max(...STEP_IDS.map((id) => stepTitle(id, lang).length));
  }

  onEvent(event: RunnerEvent): void {
    if (event.type === 'at-traffic' || event.type === 'run-finished' || event.type === 'run-state') return;
    if (event.type === 'run-started') {
      this.draw();
      return this.print([formatMessage(this.lang, 'cli.runStarted', { runId: event.runId, port: event.port, profile: event.profileName })]);
    }
    if ('step' in event) return this.onStepEvent(event);
    if (event.type === 'fota-progress') {
      const step: StepId = event.target === 'main' ? 'fota-main' : 'fota-sub';
      const eta = event.etaMs === undefined ? '' : `, ${formatMessage(this.lang, 'cli.fotaEta', { seconds: Math.ceil(event.etaMs / 1000) })}`;
      const phase = formatMessage(this.lang, `fota.phase.${event.phase}`);
      return this.update(step, { percent: event.percent, detail: `${formatMessage(this.lang, 'cli.fotaPhase', { phase, percent: Math.round(event.percent) })}${eta}` });
    }
    this.print(detailLines(event, this.lang));
  }

  note(text: string): void {
    this.print([formatMessage(this.lang, 'cli.note', { text })]);
  }

  async suspend<T>(work: () => Promise<T>): Promise<T> {
    this.erase();
    try {
      return await work();
    } finally {
      this.draw();
    }
  }

  finish(result: RunResult): void {
    this.multibar?.update();
    this.multibar?.stop();
    this.multibar = undefined;
    this.stream.write(`\n${summaryLines(result, this.lang).join('\n')}\n`);
  }

  private onStepEvent(event: Extract<RunnerEvent, { step: StepId }>): void {
    switch (event.type) {
      case 'step-started':
        return this.update(event.step, { status: 'running', percent: 0, detail: '' });
      case 'step-progress':
        return this.update(event.step, { detail: progressText(event, this.lang), ...(event.percent === undefined ? {} : { percent: event.percent }) });
      case 'step-passed':
        return this.update(event.step, { status: 'passed', percent: 100, detail: refText(this.lang, event.summaryRef, event.summary) });
      case 'step-skipped':
        return this.update(event.step, { status: 'skipped', percent: 0, detail: formatMessage(this.lang, 'cli.skipped', { reason: refText(this.lang, event.reasonRef, event.reason) }) });
      case 'step-failed':
        this.update(event.step, { status: 'failed', detail: failureText(event.error, this.lang).meaning });
        return this.print(failureBlock(event.step, event.error, this.lang));
    }
  }

  private update(step: StepId, change: Partial<Row>): void {
    const row = this.rows.get(step);
    if (!row) return;
    Object.assign(row, change);
    this.bars.get(step)?.update(row.percent, this.payload(step, row));
  }

  private payload(step: StepId, row: Row): Record<string, string> {
    return { icon: ICONS[row.status], title: stepTitle(step, this.lang).padEnd(this.titleWidth), detail: clip(row.detail, DETAIL_WIDTH) };
  }

  private print(lines: readonly string[]): void {
    if (lines.length === 0) return;
    if (this.multibar) this.multibar.log(`${lines.join('\n')}\n`);
    else this.stream.write(`${lines.join('\n')}\n`);
  }

  private draw(): void {
    if (this.multibar) return;
    this.multibar = new cliProgress.MultiBar({
      stream: this.stream,
      format: '{icon} {title} {bar} {detail}',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
      forceRedraw: true,
      barCompleteChar: '█',
      barIncompleteChar: '░',
    });
    for (const id of STEP_IDS) {
      const row = this.rows.get(id);
      if (row) this.bars.set(id, this.multibar.create(100, row.percent, this.payload(id, row)));
    }
  }

  private erase(): void {
    const multibar = this.multibar;
    if (!multibar) return;
    for (const bar of this.bars.values()) multibar.remove(bar);
    this.bars.clear();
    multibar.stop();
    this.multibar = undefined;
  }
}
