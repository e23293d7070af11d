// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { HistoryPanel } from '../../../renderer/features/history/components/HistoryPanel.tsx';
import { localDay } from '../../../renderer/features/history/slice.ts';
import type { RunRecord } from '../../../shared/run-record.ts';
import type { IpcResponse } from '../../../shared/ipc.ts';
import { CSV_COLUMNS } from '../../../shared/run-record-csv.ts';
import { IMEI_B, IMEI_F, fixtureRecords } from '../../helpers/results-fixture.ts';
import { parseCsv } from '../../helpers/csv-parse.ts';
import { cleanup, renderWithStore } from './harness.tsx';
import { passedRun } from '../shared/sample-events.ts';

beforeEach(() => {
  // happy-dom does no layout: the list's scroll box gets the height the stylesheet gives it.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('history-scroll') ? 420 : 0;
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const newestFirst = (records: RunRecord[]) => [...records].sort((a, b) => b.startedAt - a.startedAt);

const YIELD: IpcResponse<'yieldReport'> = {
  by: 'station',
  rows: [
    { key: 'LINE-1', units: 3, passed: 2, failed: 2, firstPassYield: 1 / 3, unitsPerHour: 1.5 },
    { key: 'LINE-2', units: 2, passed: 1, failed: 1, firstPassYield: 0.5, unitsPerHour: 0.8 },
  ],
  pareto: [
    { code: 'NOT_REGISTERED', count: 2, cumulativeShare: 0.5 },
    { code: 'MQTT_REFUSED', count: 1, cumulativeShare: 0.75 },
    { code: 'MEASUREMENT_OUT_OF_LIMITS', count: 1, cumulativeShare: 1 },
  ],
  totals: { units: 6, passed: 4, failed: 3, firstPassYield: 0.5, unitsPerHour: 1.2 },
};

async function renderHistory(language: 'en' | 'ko' = 'en', pending = 0) {
  const records = newestFirst(fixtureRecords());
  return renderWithStore(<HistoryPanel />, {
    settings: { language },
    handlers: {
      listRecords: (query) => ({
        records: records.filter((r) => (!query.imei || r.imei === query.imei) && (!query.outcome || r.outcome === query.outcome) && (!query.station || r.station === query.station)),
        pending,
        store: 'sqlite:/data/results.sqlite',
      }),
      deviceHistory: ({ imei }) => fixtureRecords().filter((r) => r.imei === imei),
      yieldReport: ({ by }) => ({ ...YIELD, by }),
    },
  });
}

describe('History screen', () => {
  it('lists the records on first show, newest first, with the outbox count', async () => {
    const h = await renderHistory('en', 3);
    await h.run(async () => undefined);
    expect(h.api.requests('listRecords')).toHaveLength(1);
    expect(screen.getByText('10 run(s)')).toBeTruthy();
    expect(screen.getByText('3 record(s) wait in the outbox for the line database')).toBeTruthy();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.length).toBe(10);
    expect(rows[0]?.getAttribute('data-run')).toBe('fx-10');
    expect(within(rows[0] as HTMLElement).getByText(IMEI_F)).toBeTruthy();
    const failed = screen.getAllByRole('row').find((r) => r.getAttribute('data-run') === 'fx-02') as HTMLElement;
    expect(within(failed).getByText('MQTT_REFUSED')).toBeTruthy();
    expect(within(failed).getByText('LINE-1/2')).toBeTruthy();
    expect(within(failed).getByText('failed')).toBeTruthy();
  });

  it('the results database setting: a URL with a password is refused on the spot; a good one is saved and History lists again', async () => {
    const h = await renderHistory();
    await h.run(async () => undefined);
    const form = screen.getByRole('form', { name: 'Results database' });
    const input = within(form).getByLabelText(/Store URL/);
    const save = within(form).getByRole('button', { name: 'Use this store' }) as HTMLButtonElement;
    fireEvent.change(input, { target: { value: 'postgres://station:secret@line-db/fieldlink' } });
    expect(save.disabled).toBe(true);
    expect(within(form).getByRole('alert').textContent).toContain('PGPASSWORD');
    fireEvent.change(input, { target: { value: 'postgres://station@line-db/fieldlink' } });
    expect(save.disabled).toBe(false);
    await h.run(async () => fireEvent.submit(form));
    expect(h.api.requests('setSettings')).toContainEqual({ resultsDb: 'postgres://station@line-db/fieldlink' });
    expect(h.api.requests('listRecords')).toHaveLength(2);
  });

  it('filters: IMEI, outcome, station and dates go to listRecords (dates as local days, inclusive)', async () => {
    const h = await renderHistory();
    await h.run(async () => undefined);
    const form = screen.getByRole('form', { name: 'Filters' });
    fireEvent.change(within(form).getByLabelText('IMEI'), { target: { value: IMEI_B } });
    fireEvent.change(within(form).getByLabelText('Outcome'), { target: { value: 'failed' } });
    fireEvent.change(within(form).getByLabelText('Station'), { target: { value: 'LINE-1' } });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: '2026-11-03' } });
    fireEvent.change(within(form).getByLabelText('To'), { target: { value: '2026-11-04' } });
    await h.run(() => fireEvent.submit(form));
    const query = h.api.requests('listRecords').at(-1);
    expect(query).toMatchObject({ imei: IMEI_B, outcome: 'failed', station: 'LINE-1', since: new Date(2026, 10, 3).getTime(), until: new Date(2026, 10, 5).getTime() - 1 });
    expect(screen.getAllByRole('row').slice(1).map((r) => r.getAttribute('data-run'))).toEqual(['fx-02']);
    // A half-typed IMEI is marked and not sent.
    fireEvent.change(within(form).getByLabelText('IMEI'), { target: { value: '8600' } });
    expect(within(form).getByLabelText('IMEI').getAttribute('aria-invalid')).toBe('true');
    await h.run(() => fireEvent.submit(form));
    expect(h.api.requests('listRecords').at(-1)).not.toHaveProperty('imei');
    expect(localDay('2026-13-40x', false)).toBeUndefined();
  });

  it('a device page: runs oldest first, what changed since the previous run', async () => {
    const h = await renderHistory();
    await h.run(async () => undefined);
    const row = screen.getAllByRole('row').find((r) => r.getAttribute('data-run') === 'fx-04') as HTMLElement;
    await h.run(() => fireEvent.click(within(row).getByRole('button', { name: IMEI_B })));
    expect(h.api.requests('deviceHistory')).toEqual([{ imei: IMEI_B }]);
    const page = screen.getByRole('region', { name: `Device ${IMEI_B}` });
    const runs = within(page).getAllByRole('listitem');
    expect(runs.map((r) => r.getAttribute('data-run'))).toEqual(['fx-02', 'fx-04']);
    expect(within(runs[0] as HTMLElement).getByText('First run on record')).toBeTruthy();
    const table = within(runs[1] as HTMLElement).getByRole('table', { name: 'Changed since the previous run' });
    const port = within(table).getByRole('row', { name: /Broker port/ });
    expect(within(port).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1883', '8883']);
    expect(within(table).getByRole('row', { name: /Duration of "Connect to MQTT server"/ })).toBeTruthy();
    await h.run(() => fireEvent.click(within(page).getByRole('button', { name: /Back to the list/ })));
    expect(screen.queryByRole('region', { name: `Device ${IMEI_B}` })).toBeNull();
  });

  it('yield: the table, a first-pass-yield bar per group and the Pareto bars', async () => {
    const h = await renderHistory();
    await h.run(async () => undefined);
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Yield' })));
    expect(h.api.requests('yieldReport').at(-1)).toMatchObject({ by: 'day' });
    await h.run(() => fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'station' } }));
    expect(h.api.requests('yieldReport').at(-1)).toMatchObject({ by: 'station' });
    const table = screen.getAllByRole('table').find((t) => t.classList.contains('yield-table')) as HTMLElement;
    expect(within(table).getByRole('row', { name: /LINE-1/ }).textContent).toContain('33.3%');
    expect(within(table).getByRole('row', { name: /Total/ }).textContent).toContain('50.0%');
    const fpy = screen.getByRole('img', { name: 'First-pass yield by Station' });
    expect([...fpy.querySelectorAll('.chart-bar')].map((b) => [b.getAttribute('data-share'), b.getAttribute('class')])).toEqual([
      ['0.333', 'chart-bar chart-bad'],
      ['0.500', 'chart-bar chart-bad'],
    ]);
    const pareto = screen.getByRole('img', { name: 'Failure codes, most frequent first' });
    expect([...pareto.querySelectorAll('.chart-bar')].map((b) => b.getAttribute('data-share'))).toEqual(['1.000', '0.500', '0.500']);
    expect(pareto.textContent).toContain('NOT_REGISTERED');
  });

  it('CSV export downloads the listed records, RFC 4180 quoted', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:fake';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const h = await renderHistory();
    await h.run(async () => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(blobs).toHaveLength(1);
    const rows = parseCsv(await (blobs[0] as Blob).text());
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(rows).toHaveLength(11);
    expect(rows[1]?.[CSV_COLUMNS.findIndex(([n]) => n === 'profileName')]).toBe('line "A", v2');
  });

  it("opens a listed run's AT log as a replay (openRecordedRun) and switches to the AT log", async () => {
    const h = await renderHistory();
    h.api.handle('openRecordedRun', ({ runId }) => ({ runId, events: passedRun() }));
    await h.run(async () => undefined);
    const row = screen.getAllByRole('row').find((r) => r.getAttribute('data-run') === 'fx-01') as HTMLElement;
    await h.run(() => fireEvent.click(within(row).getByRole('button', { name: 'AT log' })));
    expect(h.api.requests('openRecordedRun')).toEqual([{ runId: 'fx-01' }]);
    const state = h.store.state.getState();
    expect(state.run.source).toBe('replay');
    expect(state.run.replayName).toBe('fx-01');
    expect(state.tab).toBe('log');
    expect(h.store.log.buffer.size).toBeGreaterThan(0);
  });

  it('a run whose session log is gone: the error names the run', async () => {
    const h = await renderHistory();
    await h.run(async () => undefined);
    const row = screen.getAllByRole('row').find((r) => r.getAttribute('data-run') === 'fx-01') as HTMLElement;
    await h.run(() => fireEvent.click(within(row).getByRole('button', { name: 'Report' })));
    expect(h.store.state.getState().notice).toMatchObject({ key: 'history.openFailed', values: { runId: 'fx-01' }, tone: 'error' });
    expect(h.store.state.getState().run.source).not.toBe('replay');
  });

  it('a long list is windowed: only the rows in view (and a few more) are in the page', async () => {
    const base = fixtureRecords()[0] as RunRecord;
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...base, runId: `many-${i}`, startedAt: base.startedAt - i * 60_000 }));
    const h = await renderWithStore(<HistoryPanel />, { handlers: { listRecords: () => ({ records: many, pending: 0, store: 'sqlite:/x' }) } });
    await h.run(async () => undefined);
    expect(screen.getByText('3000 run(s)')).toBeTruthy();
    const shown = screen.getAllByRole('row').slice(1);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(60);
    expect(shown[0]?.getAttribute('data-run')).toBe('many-0');
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('3001');
  });

  it('speaks Korean', async () => {
    const h = await renderHistory('ko');
    await h.run(async () => undefined);
    expect(screen.getByRole('region', { name: '실행 이력' })).toBeTruthy();
    expect(screen.getByText('실행 10건')).toBeTruthy();
    expect(screen.getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['시각', 'IMEI', '종류', '결과', '실패', '스테이션/슬롯', '펌웨어', '소요 시간', '열기']);
    expect(screen.getAllByText('실패').length).toBeGreaterThan(1);
  });
});

describe('History screen: line and unit serial', () => {
  const stationRecords = () =>
    newestFirst([
      { ...fixtureRecords()[0]!, runId: 'st-1', line: 'line-1', unitSerial: 'SN-0001' },
      { ...fixtureRecords()[1]!, runId: 'st-2', line: 'line-2', unitSerial: null },
    ]);

  async function renderStationHistory() {
    return renderWithStore(<HistoryPanel />, {
      settings: { language: 'en' },
      handlers: {
        listRecords: (query) => ({
          records: stationRecords().filter((r) => (!query.line || r.line === query.line) && (!query.unitSerial || r.unitSerial === query.unitSerial)),
          pending: 0,
          store: 'sqlite:/data/results.sqlite',
        }),
        deviceHistory: ({ imei }) => stationRecords().filter((r) => r.imei === imei),
        yieldReport: ({ by }) => ({ ...YIELD, by }),
      },
    });
  }

  it('shows line and unit serial columns, filters on both, and the device page names them', async () => {
    const h = await renderStationHistory();
    await h.run(async () => undefined);
    const head = screen.getAllByRole('row')[0] as HTMLElement;
    expect(within(head).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Time', 'IMEI', 'Kind', 'Outcome', 'Failure', 'Line', 'Station/slot', 'Unit serial', 'Firmware', 'Duration', 'Open']);
    const first = screen.getAllByRole('row').find((r) => r.getAttribute('data-run') === 'st-1') as HTMLElement;
    const cells = within(first).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[5]).toBe('line-1');
    expect(cells[7]).toBe('SN-0001');
    const second = screen.getAllByRole('row').find((r) => r.getAttribute('data-run') === 'st-2') as HTMLElement;
    expect(within(second).getAllByRole('cell')[7]?.textContent).toBe('-');

    const form = screen.getByRole('form', { name: 'Filters' });
    fireEvent.change(within(form).getByLabelText('Line'), { target: { value: ' line-1 ' } });
    fireEvent.change(within(form).getByLabelText('Unit serial'), { target: { value: 'SN-0001' } });
    await h.run(() => fireEvent.submit(form));
    expect(h.api.requests('listRecords').at(-1)).toMatchObject({ line: 'line-1', unitSerial: 'SN-0001' });
    expect(screen.getAllByRole('row').slice(1).map((r) => r.getAttribute('data-run'))).toEqual(['st-1']);

    const row = screen.getAllByRole('row').find((r) => r.getAttribute('data-run') === 'st-1') as HTMLElement;
    const imei = stationRecords().find((r) => r.runId === 'st-1')?.imei ?? '';
    await h.run(() => fireEvent.click(within(row).getByRole('button', { name: imei })));
    const page = screen.getByRole('region', { name: `Device ${imei}` });
    expect(within(page).getByText('Line line-1')).toBeTruthy();
    expect(within(page).getByText('Serial SN-0001')).toBeTruthy();
  });

  it('yield by line: the line filter goes with the report, the unit serial does not', async () => {
    const h = await renderStationHistory();
    await h.run(async () => undefined);
    const form = screen.getByRole('form', { name: 'Filters' });
    fireEvent.change(within(form).getByLabelText('Unit serial'), { target: { value: 'SN-0001' } });
    fireEvent.change(within(form).getByLabelText('Line'), { target: { value: 'line-2' } });
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Yield' })));
    await h.run(() => fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'line' } }));
    const request = h.api.requests('yieldReport').at(-1);
    expect(request).toMatchObject({ by: 'line', query: { line: 'line-2' } });
    expect(request?.query).not.toHaveProperty('unitSerial');
    expect(screen.getByRole('img', { name: 'First-pass yield by Line' })).toBeTruthy();
  });
});
