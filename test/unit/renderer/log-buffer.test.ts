import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, LogBuffer } from '../../../renderer/features/at-log/log-buffer.ts';
import { LogView, DEFAULT_LOG_FILTER } from '../../../renderer/features/at-log/log-view.ts';
import { trafficToLine, unpackData } from '../../../renderer/features/at-log/line-kinds.ts';

function fill(buffer: LogBuffer, count: number, from = 0) {
  for (let i = from; i < from + count; i++) buffer.append(1000 + i, i % 10 === 0 ? 'rx-urc' : i % 2 ? 'tx-command' : 'rx-info', `line ${i}`);
}

describe('LogBuffer', () => {
  it('keeps time, kind and text per line by sequence number', () => {
    const buffer = new LogBuffer(CHUNK_SIZE);
    buffer.append(5, 'tx-command', 'AT+CGSN');
    buffer.append(6, 'rx-info', '867969066452788');
    expect(buffer.size).toBe(2);
    expect(buffer.line(0)).toEqual({ seq: 0, t: 5, kind: 'tx-command', text: 'AT+CGSN' });
    expect(buffer.line(1)).toEqual({ seq: 1, t: 6, kind: 'rx-info', text: '867969066452788' });
  });

  it('drops the oldest chunk when full and keeps sequence numbers stable', () => {
    const buffer = new LogBuffer(CHUNK_SIZE);
    fill(buffer, CHUNK_SIZE * 3 + 5);
    expect(buffer.endSeq).toBe(CHUNK_SIZE * 3 + 5);
    expect(buffer.size).toBeGreaterThanOrEqual(CHUNK_SIZE);
    expect(buffer.size).toBeLessThan(CHUNK_SIZE * 2);
    expect(buffer.text(buffer.firstSeq)).toBe(`line ${buffer.firstSeq}`);
    expect(buffer.text(buffer.endSeq - 1)).toBe(`line ${CHUNK_SIZE * 3 + 4}`);
    expect(() => buffer.text(0)).toThrow(RangeError);
  });

  it('clear() empties the buffer and bumps its generation', () => {
    const buffer = new LogBuffer();
    fill(buffer, 10);
    const generation = buffer.generation;
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.generation).toBe(generation + 1);
  });

  it('rejects a capacity below one chunk', () => {
    expect(() => new LogBuffer(10)).toThrow(RangeError);
  });
});

describe('LogView', () => {
  it('is the identity without a filter and follows appended lines', () => {
    const buffer = new LogBuffer();
    const view = new LogView(buffer);
    view.setFilter({ ...DEFAULT_LOG_FILTER, groups: { tx: true, rx: true, urc: true, raw: true } });
    fill(buffer, 100);
    view.sync();
    expect(view.count).toBe(100);
    expect(view.seqAt(42)).toBe(42);
  });

  it('filters by kind group and by text, incrementally, case-insensitively', () => {
    const buffer = new LogBuffer();
    const view = new LogView(buffer);
    fill(buffer, 100);
    view.setFilter({ text: '', groups: { tx: false, rx: false, urc: true, raw: false } });
    expect(view.count).toBe(10);
    fill(buffer, 20, 100);
    view.sync();
    expect(view.count).toBe(12);
    view.setFilter({ ...DEFAULT_LOG_FILTER, text: 'LINE 11' });
    expect([...Array(view.count).keys()].map((i) => buffer.text(view.seqAt(i)))).toEqual(['line 11', 'line 110', 'line 111', 'line 112', 'line 113', 'line 114', 'line 115', 'line 116', 'line 117', 'line 118', 'line 119']);
  });

  it('forgets matches for lines the ring dropped', () => {
    const buffer = new LogBuffer(CHUNK_SIZE);
    const view = new LogView(buffer);
    view.setFilter({ text: '', groups: { tx: false, rx: false, urc: true, raw: false } });
    fill(buffer, CHUNK_SIZE * 3);
    view.sync();
    expect(view.seqAt(0)).toBeGreaterThanOrEqual(buffer.firstSeq);
    let expected = 0;
    for (let seq = buffer.firstSeq; seq < buffer.endSeq; seq++) if (seq % 10 === 0) expected++;
    expect(view.count).toBe(expected);
  });

  it('finds the next and previous match, wrapping around', () => {
    const buffer = new LogBuffer();
    const view = new LogView(buffer);
    fill(buffer, 50);
    view.setFilter({ ...DEFAULT_LOG_FILTER, groups: { tx: true, rx: true, urc: true, raw: true } });
    expect(view.find('line 4', -1, 1)).toBe(4);
    expect(view.find('line 4', 4, 1)).toBe(40);
    expect(view.find('line 4', 49, 1)).toBe(4);
    expect(view.find('line 4', 4, -1)).toBe(49);
    expect(view.find('nothing', 0, 1)).toBe(-1);
  });

  it('starts over after the buffer was cleared', () => {
    const buffer = new LogBuffer();
    const view = new LogView(buffer);
    fill(buffer, 30);
    view.sync();
    buffer.clear();
    fill(buffer, 5);
    view.sync();
    expect(view.count).toBe(5);
  });
});

describe('trafficToLine', () => {
  it('marks URCs and error results, and stores data lines as size + checksum only (K1)', () => {
    expect(trafficToLine({ kind: 'line', t: 1, dir: 'rx', text: '+QMTSTAT: 0,1', role: 'urc' }).kind).toBe('rx-urc');
    expect(trafficToLine({ kind: 'line', t: 1, dir: 'rx', text: '+CME ERROR: 10', role: 'final' }).kind).toBe('rx-error');
    expect(trafficToLine({ kind: 'line', t: 1, dir: 'rx', text: 'OK', role: 'final' }).kind).toBe('rx-final');
    const data = trafficToLine({ kind: 'data', t: 1, dir: 'tx', length: 1704, checksum: '3a1f' });
    expect(data.kind).toBe('tx-data');
    expect(unpackData(data.text)).toEqual({ length: 1704, checksum: '3a1f', text: '' });
  });
});
