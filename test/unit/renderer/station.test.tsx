// @vitest-environment happy-dom
/**
 * The Station screen against a FakeApi and the real store: the top bar's Station button opens it,
 * the start form sends startStation (a virtual line parsed from the form, or ports), batches of the
 * `station` channel fill the tiles (state word, step, IMEI, refusal), the counters and a unit's
 * details (steps, AT log); many batches in one frame are one state update; Stop sends stopStation;
 * the kiosk shows the station alone; Korean words come from the catalogue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { IpcEvent } from '../../../shared/ipc.ts';
import type { StationEvent } from '../../../shared/station.ts';
import { App } from '../../../renderer/app/App.tsx';
import { parseVirtualUnits } from '../../../renderer/features/station/actions.ts';
import { cleanup, renderWithStore } from './harness.tsx';
import type { Harness } from './harness.tsx';

afterEach(cleanup);

const T0 = 1_750_000_000_000;
const counters = (passed: number, failed: number, refused: number) => ({ units: passed + failed + refused, passed, failed, refused, firstPassYield: passed + failed === 0 ? 0 : passed / (passed + failed), unitsPerHour: 0 });
type StationBatch = Extract<IpcEvent, { channel: 'station' }>;
const batch = (events: StationEvent[], traffic: StationBatch['traffic'] = [], stationId = 'station-1'): StationBatch => ({ channel: 'station', stationId, events, traffic });

async function openAndStart(h: Harness): Promise<void> {
  fireEvent.click(screen.getByRole('button', { name: 'Station' }));
  const form = screen.getByRole('region', { name: 'Station' });
  fireEvent.change(within(form).getByLabelText('Operator'), { target: { value: 'kim' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Start station' }));
  await h.run(async () => undefined);
}

describe('Station screen', () => {
  it('parses the virtual line field: ok, fault+fault, clone', () => {
    expect(parseVirtualUnits('ok, http-404+slow-unit , clone,')).toEqual([{}, { faults: ['http-404', 'slow-unit'] }, { cloneOf: 0 }]);
    expect(parseVirtualUnits(' , ')).toEqual([]);
  });

  it('starts a station, fills the tiles and counters from batches, shows a unit, stops it, kiosk and Korean', async () => {
    const h = await renderWithStore(<App />, { handlers: { startStation: () => ({ stationId: 'station-1', slots: ['A1', 'A2'] }) } });
    await openAndStart(h);
    expect(h.api.requests('startStation')).toEqual([{ virtualLine: { units: [{}, {}, { faults: ['http-404'] }, { cloneOf: 0 }] }, profile: 'demo', operator: 'kim' }]);
    expect(document.querySelectorAll('.slot-tile')).toHaveLength(2);

    h.emit(
      batch(
        [
          { type: 'station-state', t: T0, station: 'station', state: 'running', reason: 'started', operator: 'kim', counters: counters(0, 0, 0) },
          { type: 'slot-state', t: T0 + 1, slot: 'A1', from: 'empty', to: 'running', cause: 'run-started', step: 'identify', runId: 'run-a1' },
          { type: 'slot-state', t: T0 + 1, slot: 'A2', from: 'empty', to: 'running', cause: 'run-started', step: 'identify', runId: 'run-a2' },
          { type: 'slot-run', t: T0 + 2, slot: 'A1', runId: 'run-a1', event: { type: 'step-started', t: T0 + 2, step: 'identify' } },
          { type: 'slot-state', t: T0 + 3, slot: 'A1', from: 'running', to: 'running', cause: 'step', step: 'server-info', imei: '867969066452788', runId: 'run-a1' },
        ],
        [{ runId: 'run-a1', event: { type: 'at-traffic', t: T0 + 2, event: { t: T0 + 2, dir: 'tx', kind: 'command', text: 'AT+CGSN' } as never } }],
      ),
    );
    const a1 = document.querySelector('[data-slot="A1"]') as HTMLElement;
    expect(a1.getAttribute('data-state')).toBe('running');
    expect(a1.textContent).toContain('RUNNING');
    expect(a1.textContent).toContain('Fetch server info');
    expect(a1.textContent).toContain('867969066452788');

    // Many batches before a frame: one store update.
    let updates = 0;
    const unsubscribe = h.store.state.subscribe(() => updates++);
    act(() => {
      h.api.emit(batch([{ type: 'slot-state', t: T0 + 10, slot: 'A1', from: 'running', to: 'passed', cause: 'run-finished', imei: '867969066452788', runId: 'run-a1', result: { outcome: 'passed', imei: '867969066452788', runId: 'run-a1' } }]));
      h.api.emit(
        batch([
          { type: 'slot-state', t: T0 + 11, slot: 'A2', from: 'running', to: 'refused', cause: 'run-finished', imei: '867969066452788', runId: 'run-a2', result: { outcome: 'refused', code: 'UNIT_REFUSED', refusal: 'on-other-slot', otherSlot: 'A1', runId: 'run-a2' } },
          { type: 'station-state', t: T0 + 12, station: 'station', state: 'running', reason: 'unit finished', operator: 'kim', counters: counters(1, 0, 1) },
        ]),
      );
      h.store.flush();
    });
    unsubscribe();
    expect(updates).toBe(1);
    expect(a1.textContent).toContain('PASS');
    const a2 = document.querySelector('[data-slot="A2"]') as HTMLElement;
    expect(a2.textContent).toContain('REFUSED');
    expect(a2.textContent).toContain('same IMEI as slot A1');
    expect((document.querySelector('.counter-ok dd') as HTMLElement).textContent).toBe('1');
    expect((document.querySelector('.counter-warn dd') as HTMLElement).textContent).toBe('1');
    expect(screen.getByText(/Operator: kim/)).toBeTruthy();

    // A batch of another station is ignored.
    h.emit(batch([{ type: 'slot-state', t: T0 + 20, slot: 'A1', from: 'passed', to: 'empty', cause: 'pulled' }], [], 'station-other'));
    expect(a1.getAttribute('data-state')).toBe('passed');

    // A tile click shows its unit: steps and AT log.
    fireEvent.click(a1);
    const unit = screen.getByRole('region', { name: 'Unit on A1' });
    expect(unit.textContent).toContain('→ AT+CGSN');
    expect(unit.querySelector('[data-station-step="identify"]')?.textContent).toContain('Running');

    // Stop.
    fireEvent.click(screen.getByRole('button', { name: 'Stop (finish running units)' }));
    await h.run(async () => undefined);
    expect(h.api.requests('stopStation')).toEqual([{ stationId: 'station-1' }]);

    // Kiosk: the station alone.
    fireEvent.click(screen.getByRole('button', { name: 'Kiosk' }));
    expect(document.querySelector('.app-kiosk')).toBeTruthy();
    expect(document.querySelector('.top-bar')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Leave kiosk' }));
    expect(document.querySelector('.top-bar')).toBeTruthy();

    // Korean.
    await h.run(() => h.store.actions.settings.setLanguage('ko'));
    expect((document.querySelector('[data-slot="A1"]') as HTMLElement).textContent).toContain('합격');
    expect((document.querySelector('[data-slot="A2"]') as HTMLElement).textContent).toContain('슬롯 A1과 같은 IMEI');
    expect(screen.getByText('1차 합격률')).toBeTruthy();
  });

  it('a refused start shows the error and no tiles', async () => {
    const h = await renderWithStore(<App />, {
      handlers: {
        startStation: () => {
          throw Object.assign(new Error('startStation: virtualLine.units.0.faults names an unknown fault scenario "x"'), { code: 'bad-request' });
        },
      },
    });
    await openAndStart(h);
    expect(screen.getByRole('region', { name: 'Station' }).textContent).toContain('unknown fault scenario');
    expect(document.querySelectorAll('.slot-tile')).toHaveLength(0);
  });
});
