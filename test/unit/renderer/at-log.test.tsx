// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { AtLog } from '../../../renderer/features/at-log/components/AtLog.tsx';
import type { RunnerEvent, TrafficEventShape } from '../../../shared/events.ts';
import { cleanup, renderWithStore } from './harness.tsx';

afterEach(cleanup);

const T0 = 1_750_000_000_000;
const XSS = '<img src=x onerror=alert(1)>';
/** A traffic event without its timestamp (distributed over the union). */
type TrafficBody = TrafficEventShape extends infer E ? (E extends TrafficEventShape ? Omit<E, 't'> : never) : never;
const traffic = (event: TrafficBody, t = T0): RunnerEvent => ({ type: 'at-traffic', t, event: { ...event, t } as TrafficEventShape });
const start: RunnerEvent = { type: 'run-started', t: T0, runId: 'run-1', port: 'sim:', profileName: 'demo', startedAt: T0 };

const rows = () => [...document.querySelectorAll('.log-row')] as HTMLElement[];

describe('AT log', () => {
  it('E3: modem text with markup (ATI answer) is shown as text, never parsed', async () => {
    const h = await renderWithStore(<AtLog />);
    h.emitRunner('run-1', [
      start,
      traffic({ kind: 'command', dir: 'tx', text: 'ATI' }),
      traffic({ kind: 'line', dir: 'rx', text: XSS, role: 'info' }),
      traffic({ kind: 'line', dir: 'rx', text: `+QIURC: "recv",${XSS}`, role: 'urc' }),
    ]);
    const log = document.querySelector('.log-scroll') as HTMLElement;
    expect(log.querySelector('img')).toBeNull();
    expect(log.textContent).toContain(XSS);
    expect(rows().find((row) => row.textContent?.includes('+QIURC'))?.querySelector('.log-urc')?.textContent).toBe('URC');
  });

  it('colours by direction and kind, with host timestamps', async () => {
    const h = await renderWithStore(<AtLog />);
    h.emitRunner('run-1', [
      start,
      traffic({ kind: 'command', dir: 'tx', text: 'AT+QMTOPEN=0,"127.0.0.1",8883' }),
      traffic({ kind: 'line', dir: 'rx', text: 'OK', role: 'final' }),
      traffic({ kind: 'line', dir: 'rx', text: '+CME ERROR: 10', role: 'final' }),
      traffic({ kind: 'data', dir: 'tx', length: 1704, checksum: '3a1f' }),
    ]);
    const [command, ok, error, data] = rows();
    expect(command?.className).toContain('kind-tx-command');
    expect(command?.querySelector('.log-dir')?.textContent).toBe('→');
    expect(ok?.className).toContain('kind-rx-final');
    expect(error?.className).toContain('kind-rx-error');
    expect(data?.textContent).toContain('[data: 1704 bytes, checksum 3a1f]');
    expect(command?.querySelector('.log-time')?.textContent).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('filters by text and by kind, and counts shown vs total', async () => {
    const h = await renderWithStore(<AtLog />);
    h.emitRunner('run-1', [
      start,
      traffic({ kind: 'command', dir: 'tx', text: 'AT+CSQ' }),
      traffic({ kind: 'line', dir: 'rx', text: '+CSQ: 23,99', role: 'info' }),
      traffic({ kind: 'line', dir: 'rx', text: '+QMTSTAT: 0,1', role: 'urc' }),
      traffic({ kind: 'bytes', dir: 'rx', length: 4, text: 'OK\\r\\n' }),
    ]);
    expect(screen.getByText('3 of 4 lines')).toBeTruthy();
    fireEvent.change(screen.getByPlaceholderText('Show only lines containing…'), { target: { value: 'csq' } });
    expect(rows().map((r) => r.querySelector('.log-text')?.textContent)).toEqual(['AT+CSQ', '+CSQ: 23,99']);
    fireEvent.change(screen.getByPlaceholderText('Show only lines containing…'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Sent'));
    fireEvent.click(screen.getByLabelText('Received'));
    expect(rows().map((r) => r.querySelector('.log-text')?.textContent)).toEqual(['+QMTSTAT: 0,1']);
    fireEvent.click(screen.getByLabelText('Raw bytes'));
    expect(rows()).toHaveLength(2);
  });

  it('search jumps to the next match, highlights it and pauses autoscroll', async () => {
    const h = await renderWithStore(<AtLog />);
    const lines = Array.from({ length: 2000 }, (_, i) => traffic({ kind: 'line', dir: 'rx', text: i === 1500 ? '+QMTRECV: 0,1,"DDTM/RPC/x"' : `+CSQ: ${i % 31},99`, role: 'info' }, T0 + i));
    h.emitRunner('run-1', [start, ...lines]);
    fireEvent.change(screen.getByPlaceholderText('Find…'), { target: { value: 'qmtrecv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const hit = document.querySelector('.log-row-hit');
    expect(hit?.textContent).toContain('+QMTRECV');
    expect(screen.getByText(/Match at line 1501/)).toBeTruthy();
    expect(h.store.state.getState().log.autoscroll).toBe(false);
    expect(screen.getByRole('button', { name: 'Resume autoscroll' })).toBeTruthy();
  });

  it('renders only a window of rows however long the log is', async () => {
    const h = await renderWithStore(<AtLog />);
    const lines = Array.from({ length: 50_000 }, (_, i) => traffic({ kind: 'line', dir: 'rx', text: `line ${i}`, role: 'info' }, T0 + i));
    h.emitRunner('run-1', [start, ...lines]);
    expect(screen.getByText('50,000 of 50,000 lines')).toBeTruthy();
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(200);
  });

  it('copies the shown lines to the clipboard as text', async () => {
    const h = await renderWithStore(<AtLog />);
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void (copied = text) } });
    h.emitRunner('run-1', [start, traffic({ kind: 'command', dir: 'tx', text: 'AT+CGSN' }), traffic({ kind: 'line', dir: 'rx', text: XSS, role: 'info' })]);
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Copy' })));
    expect(copied.split('\n').filter(Boolean).map((l) => l.split('\t').slice(1))).toEqual([
      ['>>', 'AT+CGSN'],
      ['<<', XSS],
    ]);
    expect(screen.getByText(/Copied 2 lines/)).toBeTruthy();
  });
});
