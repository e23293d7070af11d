/**
 * Terminal output of `fieldlink station`: a live grid on a terminal (slot, state, step, elapsed,
 * IMEI, last result; the counters), plain lines when piped (one per slot transition), one JSON
 * station event per line with --json. Every word comes from the catalogue.
 */
import type { SlotResult, SlotState, StationCounters, StationEvent, StationState } from '../../../shared/station.ts';
import { formatMessage, type Language, type MessageKey } from '../../../shared/messages/index.ts';
import { failureText } from '../../../shared/messages/failure-text.ts';
import type { SlotView, StationSummary } from '../../station/station.ts';
import { stepTitle } from './format.ts';
import type { Output } from './types.ts';

export interface StationRenderer {
  onEvent(event: StationEvent): void;
  /** Called a few times a second on a terminal (elapsed times move); no-op elsewhere. */
  tick(): void;
  note(text: string): void;
  finish(summary: StationSummary): void;
}

export interface StationFace {
  name: string;
  line: string | undefined;
  view(): SlotView[];
  readonly counters: StationCounters;
  readonly state: StationState;
  readonly operator: string | undefined;
}

const ICON: Readonly<Record<SlotState, string>> = { empty: '·', present: '○', running: '…', passed: '✔', failed: '✘', refused: '⊘' };

/** Columns a string takes on a terminal (Hangul and other wide letters take two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60) ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number): string {
  const w = displayWidth(text);
  if (w <= width) return text + ' '.repeat(width - w);
  let out = '';
  for (const char of text) {
    if (displayWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…${' '.repeat(Math.max(0, width - displayWidth(out) - 1))}`;
}

const elapsed = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function stateWord(lang: Language, state: SlotState): string {
  return formatMessage(lang, `station.state.${state}`);
}

/** What a result's code means, in words (station codes, failure-table codes, or the code itself). */
export function resultDetail(lang: Language, result: SlotResult): string {
  if (result.outcome === 'passed') return '';
  if (result.refusal) return formatMessage(lang, `station.refusal.${result.refusal}`, { slot: result.otherSlot ?? '?' });
  const stationKey = `station.code.${result.code ?? ''}`;
  if (result.code === 'SLOT_TIMEOUT' || result.code === 'CANCELLED') return formatMessage(lang, stationKey as MessageKey);
  const where = result.step ? `${stepTitle(result.step, lang)}: ` : '';
  return `${where}${result.code ?? ''}`;
}

export function lastResultText(lang: Language, result: SlotResult | undefined): string {
  if (!result) return '';
  const detail = resultDetail(lang, result);
  return formatMessage(lang, 'station.lastResult', { outcome: stateWord(lang, result.outcome), imei: result.imei ?? '', detail: detail ? ` — ${detail}` : '' }).replace(/\s+—/, ' —').trim();
}

export function countersLine(lang: Language, counters: StationCounters): string {
  return formatMessage(lang, 'station.counters', {
    units: counters.units,
    passed: counters.passed,
    failed: counters.failed,
    refused: counters.refused,
    uph: counters.unitsPerHour,
    fpy: Math.round(counters.firstPassYield * 1000) / 10,
  });
}

export function headerLine(lang: Language, face: Pick<StationFace, 'name' | 'line' | 'state' | 'operator'>): string {
  return formatMessage(lang, 'station.header', {
    name: face.name,
    line: face.line ? ` (${face.line})` : '',
    operator: face.operator ?? formatMessage(lang, 'station.noOperator'),
    state: formatMessage(lang, `station.stationState.${face.state}`),
  });
}

/** The grid: a header, one row per slot, the counters. */
export function gridLines(lang: Language, face: StationFace, now: number = Date.now()): string[] {
  const t = (key: MessageKey) => formatMessage(lang, key);
  const widths = [6, 14, 26, 6, 16];
  const row = (cells: string[]) => cells.map((cell, i) => (i < widths.length ? pad(cell, widths[i] ?? 10) : cell)).join(' ').trimEnd();
  const lines = [headerLine(lang, face), row([t('station.col.slot'), t('station.col.state'), t('station.col.step'), t('station.col.elapsed'), t('station.col.imei'), t('station.col.last')])];
  for (const slot of face.view()) {
    const running = slot.state === 'running';
    lines.push(
      row([
        slot.label,
        `${ICON[slot.state]} ${stateWord(lang, slot.state)}`,
        running && slot.step ? stepTitle(slot.step, lang) : '',
        running || slot.state === 'present' ? elapsed(now - slot.since) : '',
        slot.imei ?? '',
        lastResultText(lang, slot.last),
      ]),
    );
  }
  lines.push(countersLine(lang, face.counters));
  return lines;
}

/** One plain line per slot transition that a person watching a pipe cares about. */
export function slotLine(lang: Language, event: Extract<StationEvent, { type: 'slot-state' }>): string | undefined {
  let detail = '';
  if (event.to === 'running') detail = event.step ? ` — ${stepTitle(event.step, lang)}` : '';
  if (event.to === 'present' && event.port) detail = ` (${event.port})`;
  if (event.result) {
    const words = resultDetail(lang, event.result);
    detail = `${event.result.imei ? ` ${event.result.imei}` : ''}${words ? ` — ${words}` : ''}`;
  }
  if (event.to === 'running' && event.imei && event.cause === 'step' && event.from === 'running') detail += ` ${event.imei}`;
  return formatMessage(lang, 'station.slotLine', { slot: event.slot, state: stateWord(lang, event.to), detail });
}

/** What is printed at the end: each unit, its report, the counters. */
export function summaryText(lang: Language, summary: StationSummary): string[] {
  const lines: string[] = [];
  for (const unit of summary.units) {
    lines.push(formatMessage(lang, 'station.reportLine', { slot: unit.tags.slot, outcome: stateWord(lang, unit.result.outcome), imei: unit.imei ?? '-', report: unit.run?.files.reportHtml ?? '-' }));
    const failure = unit.run?.failure;
    if (failure && unit.result.outcome !== 'passed') lines.push(`    ${failureText(failure, lang).meaning}`);
  }
  const c = summary.counters;
  lines.push(formatMessage(lang, 'station.summary', { passed: c.passed, failed: c.failed, refused: c.refused, units: c.units }));
  lines.push(countersLine(lang, c));
  return lines;
}

export class StationJsonRenderer implements StationRenderer {
  constructor(
    private readonly out: Output,
    private readonly notes: Output,
    private readonly lang: Language,
  ) {}
  onEvent(event: StationEvent): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }
  tick(): void {}
  note(text: string): void {
    this.notes.write(`${formatMessage(this.lang, 'cli.note', { text })}\n`);
  }
  finish(summary: StationSummary): void {
    for (const line of summaryText(this.lang, summary)) this.notes.write(`${line}\n`);
  }
}

export class StationPlainRenderer implements StationRenderer {
  constructor(
    private readonly out: Output,
    private readonly face: StationFace,
    private readonly lang: Language,
  ) {}
  onEvent(event: StationEvent): void {
    if (event.type === 'slot-state') {
      const line = slotLine(this.lang, event);
      if (line) this.out.write(`${line}\n`);
    } else if (event.type === 'station-state') {
      this.out.write(`${headerLine(this.lang, { ...this.face, state: event.state, operator: event.operator })} — ${event.reason}\n`);
    }
  }
  tick(): void {}
  note(text: string): void {
    this.out.write(`${formatMessage(this.lang, 'cli.note', { text })}\n`);
  }
  finish(summary: StationSummary): void {
    for (const line of summaryText(this.lang, summary)) this.out.write(`${line}\n`);
  }
}

/** Redraws the grid in place (at most every few hundred ms); notes scroll above it. */
export class StationTtyRenderer implements StationRenderer {
  #drawn = 0;
  #dirty = true;
  readonly #notes: string[] = [];

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly face: StationFace,
    private readonly lang: Language,
  ) {}

  onEvent(event: StationEvent): void {
    if (event.type !== 'slot-run') this.#dirty = true;
  }

  tick(): void {
    this.#draw();
  }

  note(text: string): void {
    this.#notes.push(formatMessage(this.lang, 'cli.note', { text }));
    this.#dirty = true;
    this.#draw();
  }

  finish(summary: StationSummary): void {
    this.#draw(true);
    this.stream.write(`${summaryText(this.lang, summary).join('\n')}\n`);
  }

  #draw(force = false): void {
    if (!this.#dirty && !force && this.face.view().every((slot) => slot.state !== 'running')) return;
    this.#dirty = false;
    const width = Math.max(40, (this.stream.columns ?? 120) - 1);
    const clear = this.#drawn > 0 ? `\x1b[${this.#drawn}A\x1b[0J` : '';
    const notes = this.#notes.splice(0).map((line) => `${line}\n`).join('');
    const lines = gridLines(this.lang, this.face).map((line) => pad(line, width).trimEnd());
    this.stream.write(`${clear}${notes}${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }
}
