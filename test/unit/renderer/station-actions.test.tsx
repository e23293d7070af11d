// @vitest-environment happy-dom
/**
 * The Station screen's operator side against a FakeApi and the real store: a page that loads while
 * a station runs catches up from getStation (tiles, counters, a unit's log) and skips the batches
 * its snapshot holds; Retry / Rework on tiles and the scan field send stationCommand (and a refusal
 * is shown); a stored configuration is started by name and the editor lists issues by field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { IpcError } from '../../../shared/ipc.ts';
import type { StationEvent } from '../../../shared/station.ts';
import type { StationSnapshot } from '../../../shared/station-ipc.ts';
import { App } from '../../../renderer/app/App.tsx';
import { cleanup, renderWithStore } from './harness.tsx';

afterEach(cleanup);

const T0 = 1_750_000_000_000;
const counters = (passed: number, failed: number) => ({ units: passed + failed, passed, failed, refused: 0, firstPassYield: passed + failed === 0 ? 0 : passed / (passed + failed), unitsPerHour: 0 });
type StationBatch = Extract<IpcEvent, { channel: 'station' }>;
const batch = (seq: number, events: StationEvent[]): StationBatch => ({ channel: 'station', stationId: 'station-9', seq, events, traffic: [] });

const snapshot: StationSnapshot = {
  stationId: 'station-9',
  seq: 7,
  name: 'line-1-st-3',
  line: 'line-1',
  config: 'st3',
  state: 'running',
  operator: 'lee',
  operatorRequired: true,
  unitSerial: true,
  counters: counters(1, 1),
  slots: [
    { label: 'A1', state: 'passed', imei: '867969066452788', runId: 'run-a1', startedAt: T0, endedAt: T0 + 9000, last: { outcome: 'passed', runId: 'run-a1', imei: '867969066452788' } },
    { label: 'A2', state: 'failed', imei: '867969066452796', runId: 'run-a2', startedAt: T0, endedAt: T0 + 5000, last: { outcome: 'failed', code: 'HTTP_STATUS', step: 'server-info', runId: 'run-a2' } },
    { label: 'A3', state: 'running', step: 'mqtt-connect', runId: 'run-a3', startedAt: T0 + 100, unitSerial: 'SN-3' },
    { label: 'A4', state: 'present', port: '/dev/ttyUSB9' },
  ],
  units: [
    {
      runId: 'run-a3',
      slot: 'A3',
      events: [{ type: 'step-started', t: T0 + 200, step: 'identify' }],
      traffic: [{ type: 'at-traffic', t: T0 + 201, event: { t: T0 + 201, dir: 'tx', kind: 'command', text: 'AT+CGSN' } as never }],
    },
  ],
};

describe('Station screen: catching up, commands, configurations', () => {
  it('catches up with a running station on load, skips batches it holds, sends Retry / Rework / serial / operator', async () => {
    const h = await renderWithStore(<App />, { handlers: { getStation: () => ({ station: snapshot }) } });
    // The screen opens by itself on the running station, with its tiles and counters.
    const region = screen.getByRole('region', { name: 'Station' });
    expect([...document.querySelectorAll('.slot-tile')].map((el) => `${el.getAttribute('data-slot')}:${el.getAttribute('data-state')}`)).toEqual(['A1:passed', 'A2:failed', 'A3:running', 'A4:present']);
    expect(region.textContent).toContain('line-1-st-3 (st3)');
    expect(region.textContent).toContain('Operator: lee');
    expect(document.querySelector('.station-counter.counter-ok dd')?.textContent).toBe('1');
    expect(document.querySelector('[data-slot="A4"]')?.textContent).toContain('Scan the unit serial');
    expect(document.querySelector('[data-slot="A3"]')?.textContent).toContain('Serial SN-3');
    // A unit waits for its serial: the scan field has the focus (a keyboard-wedge scanner types there).
    expect(document.activeElement).toBe(within(region).getByLabelText('Unit serial for A4 (scan, then Enter)'));

    // A batch the snapshot holds (seq 7) changes nothing; the next one (seq 8) is applied.
    h.emit(batch(7, [{ type: 'slot-state', t: T0 + 1, slot: 'A1', from: 'passed', to: 'empty', cause: 'pulled' }]));
    expect(document.querySelector('[data-slot="A1"]')?.getAttribute('data-state')).toBe('passed');
    h.emit(batch(8, [{ type: 'slot-state', t: T0 + 2, slot: 'A3', from: 'running', to: 'running', cause: 'step', step: 'live-session', runId: 'run-a3' }]));
    expect(document.querySelector('[data-slot="A3"]')?.textContent).toContain('Live session');

    // The unit's detail view has its log from the snapshot.
    fireEvent.click(document.querySelector('[data-slot="A3"]') as HTMLElement);
    expect(screen.getByRole('region', { name: 'Unit on A3' }).textContent).toContain('→ AT+CGSN');

    // Retry on the failed tile, Rework on the passed one.
    await h.run(async () => fireEvent.click(screen.getByRole('button', { name: 'Retry A2 from its failed step' })));
    await h.run(async () => fireEvent.click(screen.getByRole('button', { name: 'Rework A1 (run the passed unit again)' })));
    expect(h.api.requests('stationCommand')).toEqual([
      { stationId: 'station-9', action: 'retry', slot: 'A2' },
      { stationId: 'station-9', action: 'rework', slot: 'A1' },
    ]);
    expect(document.querySelector('[data-slot="A3"] .slot-action')).toBeNull();

    // The scan field targets the selected tile (A3); with none selected, the first unit waiting for a serial (A4).
    const scan = within(region).getByLabelText('Unit serial for A3 (scan, then Enter)');
    fireEvent.change(scan, { target: { value: 'SN-33' } });
    await h.run(async () => fireEvent.submit(scan.closest('form') as HTMLFormElement));
    fireEvent.click(document.querySelector('[data-slot="A3"]') as HTMLElement); // unselect
    const next = within(region).getByLabelText('Unit serial for A4 (scan, then Enter)');
    fireEvent.change(next, { target: { value: 'SN-44' } });
    await h.run(async () => fireEvent.submit(next.closest('form') as HTMLFormElement));
    expect(h.api.requests('stationCommand').slice(2)).toEqual([
      { stationId: 'station-9', action: 'serial', slot: 'A3', value: 'SN-33' },
      { stationId: 'station-9', action: 'serial', slot: 'A4', value: 'SN-44' },
    ]);
    expect(document.querySelector('[data-slot="A4"]')?.textContent).toContain('Serial SN-44');
    expect(document.querySelector('[data-slot="A4"]')?.textContent).not.toContain('Scan the unit serial');

    // Another operator while it runs.
    const operator = within(region).getByLabelText('New operator');
    fireEvent.change(operator, { target: { value: 'park' } });
    await h.run(async () => fireEvent.click(within(region).getByRole('button', { name: 'Change operator' })));
    expect(h.api.requests('stationCommand').at(-1)).toEqual({ stationId: 'station-9', action: 'operator', value: 'park' });
    expect(region.textContent).toContain('Operator: park');
    expect(h.api.requests('getStation')).toHaveLength(1);
  });

  it('shows a refused command with the back end\'s words', async () => {
    const h = await renderWithStore(<App />, {
      handlers: {
        getStation: () => ({ station: snapshot }),
        stationCommand: () => {
          throw new IpcError('bad-state', 'stationCommand: retry A2: the station is draining and starts no unit now');
        },
      },
    });
    await h.run(async () => fireEvent.click(screen.getByRole('button', { name: 'Retry A2 from its failed step' })));
    expect(screen.getByRole('alert').textContent).toContain('retry A2: the station is draining');
  });

  it('starts a stored configuration by name with the operator; the editor shows issues by field', async () => {
    const h = await renderWithStore(<App />, {
      handlers: {
        listStationConfigs: () => [
          { name: 'st3', station: 'line-1-st-3', profile: 'demo', slots: 3, operatorRequired: true, unitSerial: false },
          { name: 'old', problem: 'slots.0.port: expected exactly one of {"path"}, {"usbLocation"} or {"usbSerial"}' },
        ],
        saveStationConfig: () => ({ ok: false, issues: [{ path: 'slots.3.port', message: 'expected exactly one of {"path"}, {"usbLocation"} or {"usbSerial"}' }] }),
        startStation: () => ({ stationId: 'station-2', slots: ['X1', 'X2', 'X3'], name: 'line-1-st-3', unitSerial: false }),
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Station' }));
    const form = screen.getByRole('region', { name: 'Station' });
    await h.run(async () => fireEvent.click(within(form).getByLabelText('Station configuration')));
    expect(form.textContent).toContain('This configuration needs an operator name');
    expect(form.textContent).toContain('old cannot be used: slots.0.port');
    expect((within(form).getByLabelText('Configuration') as HTMLSelectElement).value).toBe('st3');

    fireEvent.change(within(form).getByLabelText('Stored as'), { target: { value: 'st4' } });
    fireEvent.change(within(form).getByLabelText('Configuration (JSON)'), { target: { value: '{"name":"x"}' } });
    await h.run(async () => fireEvent.click(within(form).getByRole('button', { name: 'Check and save' })));
    expect(within(form).getByRole('list', { name: 'Problems in the configuration' }).textContent).toContain('slots.3.port: expected exactly one of');

    fireEvent.change(within(form).getByLabelText('Operator'), { target: { value: 'lee' } });
    await h.run(async () => fireEvent.click(within(form).getByRole('button', { name: 'Start station' })));
    expect(h.api.requests('startStation')).toEqual([{ config: 'st3', operator: 'lee' }]);
    await act(async () => undefined);
    expect([...document.querySelectorAll('.slot-tile')].map((el) => el.getAttribute('data-slot'))).toEqual(['X1', 'X2', 'X3']);
  });
});
