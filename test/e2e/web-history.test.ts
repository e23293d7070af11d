/**
 * The History screen in a real browser against `fieldlink web` with a real SQLite results store
 * (the fixture's records put in through the store): the list, a filter, a device's page with what
 * changed, the yield chart, Korean, CSV export and a listed run's AT log opened as a replay.
 * Screenshots land in test/artifacts/web-history-*.png.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWeb, type WebLaunch } from '../../electron/web/launch.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import { CSV_COLUMNS } from '../../shared/run-record-csv.ts';
import { IMEI_B, fixtureRecords, seedStore } from '../helpers/results-fixture.ts';
import { parseCsv } from '../helpers/csv-parse.ts';
import { passedRun } from '../unit/shared/sample-events.ts';
import { pageErrors, prepareWebBench, screenshot, type WebBench, type WebRig } from './web-harness.ts';

let bench: WebBench;
let launch: WebLaunch;
let rig: WebRig;
let dataDir: string;

beforeAll(async () => {
  bench = await prepareWebBench();
  dataDir = await mkdtemp(path.join(bench.root, 'data-'));
  // fx-01's run folder holds a real session log, so its AT log can be opened.
  const runDir = path.join(dataDir, 'cli-sessions', 'fx-01');
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'session.jsonl'), passedRun().map((e) => `${JSON.stringify(e)}\n`).join(''));
  // The back end reads FIELDLINK_DB first (the test setup points it at a scratch store): this file's store instead.
  process.env.FIELDLINK_DB = `sqlite:${path.join(dataDir, 'results.sqlite')}`;
  const store = await openResultsStore({ url: process.env.FIELDLINK_DB });
  await seedStore(
    store,
    fixtureRecords().map((r) => (r.runId === 'fx-01' ? { ...r, runDir } : r)),
  );
  await store.close();
  launch = await launchWeb({ rendererDir: bench.rendererDir, dataDir, port: 0 });
  rig = { launch, browser: bench.browser, url: launch.server.url, stop: async () => undefined };
}, 400_000);

afterAll(async () => {
  await launch?.stop();
  await bench?.close();
}, 120_000);

async function openHistory(): Promise<Page> {
  const page = await bench.browser.newPage({ viewport: { width: 1500, height: 900 }, timezoneId: 'UTC', acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(rig.url);
  await page.locator('#language-select').selectOption('en');
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-rows .history-row').first().waitFor({ timeout: 30_000 });
  return page;
}

const rowIds = (page: Page) => page.locator('.history-rows .history-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')));

describe('web mode: the History screen on a real results store', () => {
  it('lists, filters, shows a device with its differences, the yield chart, Korean, CSV, and opens a run', async () => {
    const page = await openHistory();
    expect(await rowIds(page)).toEqual(['fx-10', 'fx-09', 'fx-08', 'fx-07', 'fx-06', 'fx-05', 'fx-04', 'fx-03', 'fx-02', 'fx-01']);
    await screenshot(rig, page, 'web-history-01-list', { texts: ['Run history', '10 run(s)', 'MQTT_REFUSED', 'NOT_REGISTERED', 'LINE-1/2', '01.001→01.002 / 02.000'] });

    // Filter: failed runs of LINE-1.
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Outcome').selectOption('failed');
    await filters.getByLabel('Station').fill('LINE-1');
    await filters.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rowIds(page)).toEqual(['fx-08', 'fx-02']);
    await screenshot(rig, page, 'web-history-02-filtered', { texts: ['2 run(s)', 'MEASUREMENT_OUT_OF_LIMITS', 'MQTT_REFUSED'] });

    // CSV of what is listed: the same file as `fieldlink results --csv`.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = parseCsv(await readFile((await download.path()) as string, 'utf8'));
    expect(csv[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(csv.slice(1).map((row) => row[0])).toEqual(['fx-08', 'fx-02']);

    // A device's page: B was refused on broker port 1883, then passed on 8883.
    await filters.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rowIds(page).then((ids) => ids.length)).toBe(10);
    await page.locator('.history-row[data-run="fx-04"]').getByRole('button', { name: IMEI_B }).click();
    const device = page.getByRole('region', { name: `Device ${IMEI_B}` });
    await device.locator('.run-differences').waitFor({ timeout: 30_000 });
    expect(await device.locator('.device-run').evaluateAll((runs) => runs.map((r) => r.getAttribute('data-run')))).toEqual(['fx-02', 'fx-04']);
    const port = device.locator('.run-differences tr[data-field="broker-port"]');
    expect(await port.locator('td').allInnerTexts()).toEqual(['1883', '8883']);
    await screenshot(rig, page, 'web-history-03-device', { texts: [`Device ${IMEI_B}`, 'First run on record', 'Changed since the previous run', 'Broker port', 'Duration of "Connect to MQTT server"'] });
    await device.getByRole('button', { name: /Back to the list/ }).click();

    // Yield by station, with the first-pass-yield bars and the Pareto.
    await page.getByRole('button', { name: 'Yield', exact: true }).click();
    await page.getByLabel('Group by').selectOption('station');
    const fpy = page.getByRole('img', { name: 'First-pass yield by Station' });
    await fpy.waitFor({ timeout: 30_000 });
    expect(await fpy.locator('.chart-bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-share')))).toEqual(['1.000', '0.333', '0.500']);
    const pareto = page.getByRole('img', { name: 'Failure codes, most frequent first' });
    expect(await pareto.locator('.chart-bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-share')))).toEqual(['1.000', '0.500', '0.500']);
    // The bars are drawn: the widest is as wide as its track.
    const [barBox, trackBox] = await Promise.all([pareto.locator('.chart-bar').first().boundingBox(), pareto.locator('.chart-track').first().boundingBox()]);
    expect(Math.abs((barBox?.width ?? 0) - (trackBox?.width ?? 0))).toBeLessThan(1.5); // the track has a 1 px stroke
    await screenshot(rig, page, 'web-history-04-yield', { texts: ['First-pass yield by Station', 'LINE-1', '33.3%', '50.0%', 'NOT_REGISTERED', 'Total'] });

    // Korean.
    await page.locator('#language-select').selectOption('ko');
    await expect.poll(() => page.locator('body').innerText()).toContain('실행 이력');
    await screenshot(rig, page, 'web-history-05-yield-korean', { texts: ['실행 이력', '스테이션별 직행률', '실패 코드, 빈도 순', '합계', '시간당 대수'] });
    await page.getByRole('button', { name: '실행 목록' }).click();
    await page.locator('.history-row[data-run="fx-04"]').getByRole('button', { name: IMEI_B }).click();
    await page.locator('.run-differences').first().waitFor({ timeout: 30_000 });
    await screenshot(rig, page, 'web-history-06-device-korean', { texts: [`장치 ${IMEI_B}`, '이전 실행 이후 바뀐 점', '브로커 포트', '기록된 첫 실행'] });
    await page.getByRole('button', { name: /목록으로/ }).click();
    await page.locator('#language-select').selectOption('en');

    // A listed run's AT log, replayed in the same views.
    await page.locator('.history-row[data-run="fx-01"]').getByRole('button', { name: 'AT log' }).click();
    await expect.poll(() => page.locator('.top-bar').innerText(), { timeout: 30_000 }).toContain('Replay: fx-01');
    await expect.poll(() => page.locator('.log-scroll').innerText()).toContain('AT+CGSN');
    await screenshot(rig, page, 'web-history-07-open-log', { texts: ['Replay: fx-01', 'Leave replay', 'AT+CGSN'] });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 400_000);
});
