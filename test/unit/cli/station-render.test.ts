/**
 * `fieldlink station` output (docs/station.md#the-command): the grid's rows and counters, aligned in
 * Korean too; plain lines per slot transition; JSON lines that parse back as station events; the
 * terminal grid redrawn in place.
 */
import { describe, expect, it } from 'vitest';
import {
  StationJsonRenderer,
  StationPlainRenderer,
  StationTtyRenderer,
  displayWidth,
  gridLines,
  type StationFace,
} from '../../../electron/cli/render/station.ts';
import { parseStationEvent, type StationEvent } from '../../../shared/station.ts';
import type { SlotView } from '../../../electron/station/station.ts';

const NOW = 1_800_000_000_000;
const IMEI = '867969066452788';

function face(slots: SlotView[]): StationFace {
  return {
    name: 'st-3',
    line: 'line-1',
    view: () => slots,
    counters: { units: 3, passed: 2, failed: 1, refused: 0, firstPassYield: 2 / 3, unitsPerHour: 42.5 },
    state: 'running',
    operator: 'kim',
  };
}

const SLOTS: SlotView[] = [
  { label: 'A1', state: 'running', step: 'server-info', imei: IMEI, port: '/dev/ttyUSB2', since: NOW - 42_000, last: undefined },
  { label: 'A2', state: 'empty', step: undefined, imei: undefined, port: undefined, since: NOW - 5_000, last: { outcome: 'passed', imei: '867969066452796' } },
  { label: 'A3', state: 'failed', step: undefined, imei: '867969066452804', port: '/dev/ttyUSB6', since: NOW, last: { outcome: 'failed', imei: '867969066452804', code: 'MQTT_REFUSED', step: 'mqtt-connect' } },
  { label: 'A4', state: 'refused', step: undefined, imei: IMEI, port: '/dev/ttyUSB8', since: NOW, last: { outcome: 'refused', imei: IMEI, code: 'UNIT_REFUSED', refusal: 'on-other-slot', otherSlot: 'A1' } },
];

const collect = () => {
  let text = '';
  return { output: { write: (chunk: string) => void (text += chunk) }, text: () => text };
};

describe('station grid', () => {
  it('shows slot, state, step, elapsed time, IMEI and the last result, then the counters', () => {
    const lines = gridLines('en', face(SLOTS), NOW);
    expect(lines[0]).toBe('Station st-3 (line-1) · operator kim · running');
    expect(lines[2]).toMatch(/^A1 +… running +Fetch server info +0:42 +867969066452788$/);
    expect(lines[3]).toMatch(/^A2 +· empty +PASS 867969066452796$/);
    expect(lines[4]).toMatch(/^A3 +✘ FAIL +867969066452804 +FAIL 867969066452804 — Connect to MQTT server: MQTT_REFUSED$/);
    expect(lines[5]).toMatch(/^A4 +⊘ REFUSED +867969066452788 +REFUSED 867969066452788 — it is on slot A1 right now$/);
    expect(lines.at(-1)).toBe('units 3 · passed 2 · failed 1 · refused 0 · 42.5 units/h · first-pass yield 66.7 %');
  });

  it('keeps the columns aligned in Korean (wide letters take two columns)', () => {
    const lines = gridLines('ko', face(SLOTS), NOW);
    expect(lines[0]).toBe('스테이션 st-3 (line-1) · 작업자 kim · 진행 중');
    const imeiColumn = (line: string) => displayWidth(line.slice(0, line.indexOf('8679')));
    expect(imeiColumn(lines[2] ?? '')).toBe(imeiColumn(lines[4] ?? ''));
    expect(lines[2]).toContain('서버 정보');
    expect(lines[4]).toContain('불합격');
  });
});

const slotEvent = (over: Partial<Extract<StationEvent, { type: 'slot-state' }>>): StationEvent => ({ type: 'slot-state', t: NOW, slot: 'A1', from: 'empty', to: 'present', cause: 'device-appeared', ...over });

describe('plain and JSON lines', () => {
  it('prints one plain line per slot transition', () => {
    const out = collect();
    const renderer = new StationPlainRenderer(out.output, face([]), 'en');
    renderer.onEvent(slotEvent({ port: '/dev/ttyUSB2' }));
    renderer.onEvent(slotEvent({ from: 'present', to: 'running', cause: 'run-started', step: 'identify' }));
    renderer.onEvent(slotEvent({ from: 'running', to: 'passed', cause: 'run-finished', result: { outcome: 'passed', imei: IMEI } }));
    renderer.onEvent(slotEvent({ from: 'running', to: 'refused', cause: 'run-finished', slot: 'B1', result: { outcome: 'refused', imei: IMEI, refusal: 'already-passed' } }));
    expect(out.text().split('\n')).toEqual(['A1: unit present (/dev/ttyUSB2)', 'A1: running — Open port and identify device', `A1: PASS ${IMEI}`, `B1: REFUSED ${IMEI} — it has already passed`, '']);
  });

  it('--json: every event one line that parses back', () => {
    const out = collect();
    const notes = collect();
    const renderer = new StationJsonRenderer(out.output, notes.output, 'en');
    const events = [slotEvent({ port: '/dev/ttyUSB2' }), slotEvent({ from: 'present', to: 'running', cause: 'run-started', step: 'identify', runId: 'r1' })];
    for (const event of events) renderer.onEvent(event);
    expect(out.text().trim().split('\n').map((line) => parseStationEvent(JSON.parse(line)))).toEqual(events);
    expect(notes.text()).toBe('');
  });
});

describe('terminal grid', () => {
  it('redraws in place: the second drawing first moves the cursor up over the first', () => {
    let written = '';
    const stream = { columns: 120, write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WriteStream;
    const slots = SLOTS.slice(0, 2);
    const renderer = new StationTtyRenderer(stream, face(slots), 'en');
    renderer.tick();
    const first = written;
    expect(first.split('\n')).toHaveLength(2 + slots.length + 1 + 1);
    renderer.onEvent(slotEvent({}));
    renderer.tick();
    expect(written.slice(first.length).startsWith(`\x1b[${2 + slots.length + 1}A\x1b[0J`)).toBe(true);
  });
});
