/**
 * The Station screen in a real browser against `fieldlink web`, the operator's side: a virtual line
 * of five units (one whose firmware server answers 404) where the page is reloaded mid-run and
 * catches up (getStation) with the grid, then finishes with the right counters; Retry on the failed
 * tile resumes it from its failed step, Rework on a passed tile runs it again; every unit on record
 * in the SQLite results store with its station, slot and operator. The 32-unit grid is in
 * web-station-32.test.ts. Screenshots land in test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, pageErrors, RUN_TIMEOUT, screenshot, useWebBench } from './web-harness.ts';

const { useRig } = useWebBench();

const tileStates = (page: Page) => page.locator('.slot-tile').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
const finished = (states: (string | null)[]) => states.length > 0 && states.every((s) => s === 'passed' || s === 'failed' || s === 'refused');
const counter = (page: Page, tone: 'ok' | 'bad') => page.locator(`.station-counter.counter-${tone} dd`).innerText();

describe('web mode: Station screen, operator side', () => {
  const rigOf = useRig();

  it('catches up after a reload mid-run, then Retry and Rework from the tiles; units on record', async () => {
    const rig = rigOf();
    // Every run the station starts (slot and cause), to check nothing ran that nobody asked for.
    const starts: string[] = [];
    const stopListening = rig.launch.backend.onEvent((event) => {
      if (event.channel !== 'station') return;
      for (const e of event.events) if (e.type === 'slot-state' && e.to === 'running' && e.from !== 'running') starts.push(`${e.slot} ${e.cause}`);
    });
    let page = await openPage(rig, 'en');
    await page.getByRole('button', { name: 'Station', exact: true }).click();
    const screen = () => page.getByRole('region', { name: 'Station' });
    await screen().waitFor({ timeout: 30_000 });
    await screen().getByLabel('Virtual line (ok, fault+fault or clone per unit)').fill('ok, ok, http-404, ok, ok');
    await screen().getByLabel('Operator').fill('kim');
    await screen().getByRole('button', { name: 'Start station' }).click();
    await page.locator('.slot-tile[data-state="running"]').first().waitFor({ timeout: 60_000 });

    // Reload mid-run: the page comes back on the Station screen with the grid as it is now.
    const before = await tileStates(page);
    expect(finished(before)).toBe(false);
    await page.reload();
    await page.locator('.slot-tile').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.slot-tile').count()).toBe(5);
    expect(await page.locator('.station-state').innerText()).toContain('Operator: kim');
    await screenshot(rig, page, 'web-station-op-01-after-reload', { texts: ['Station', 'A1', 'A5', 'Operator: kim'] });
    // A running unit's detail view has its steps and AT lines from before the reload.
    const running = page.locator('.slot-tile[data-state="running"]').first();
    if ((await running.count()) > 0) {
      const slot = (await running.getAttribute('data-slot')) as string;
      await running.click();
      await expect.poll(() => page.getByRole('region', { name: `Unit on ${slot}` }).locator('.station-log').innerText()).toContain('→ AT');
    }

    await expect.poll(async () => finished(await tileStates(page)), { timeout: RUN_TIMEOUT, interval: 250 }).toBe(true);
    expect(await tileStates(page)).toEqual(['passed', 'passed', 'failed', 'passed', 'passed']);
    await expect.poll(() => counter(page, 'ok')).toBe('4');
    expect(await counter(page, 'bad')).toBe('1');
    // The page's counters are the station's.
    const snapshot = (await rig.launch.backend.getStation({})).station;
    expect(snapshot?.counters).toMatchObject({ units: 5, passed: 4, failed: 1 });
    await screenshot(rig, page, 'web-station-op-02-finished-with-actions', { texts: ['PASS', 'FAIL', 'Retry', 'Rework'] });

    // Retry on the failed tile: the same run resumes from its failed step (and fails again: the server still answers 404).
    const failedRun = (await rig.launch.backend.getStation({})).station?.slots.find((slot) => slot.label === 'A3');
    await page.getByRole('button', { name: 'Retry A3 from its failed step' }).click();
    await expect.poll(() => counter(page, 'bad'), { timeout: RUN_TIMEOUT, interval: 250 }).toBe('2');
    const retried = (await rig.launch.backend.getStation({})).station?.slots.find((slot) => slot.label === 'A3');
    expect(retried?.runId).toBe(failedRun?.runId);
    expect(retried?.last?.step).toBe(failedRun?.last?.step);

    // Rework on a passed tile: a new run on A1 that passes again.
    await page.getByRole('button', { name: 'Rework A1 (run the passed unit again)' }).click();
    await expect.poll(() => counter(page, 'ok'), { timeout: RUN_TIMEOUT, interval: 250 }).toBe('5');
    expect(await page.locator('.slot-tile[data-slot="A1"]').getAttribute('data-state')).toBe('passed');

    // On record: one per run, each with the station, its slot and the operator.
    await expect.poll(async () => (await rig.launch.backend.listRecords({ kind: 'station' })).records.length, { timeout: 30_000 }).toBe(6);
    const { records } = await rig.launch.backend.listRecords({ kind: 'station' });
    expect(records.map((r) => r.slot).sort()).toEqual(['A1', 'A1', 'A2', 'A3', 'A4', 'A5']);
    expect(records.every((r) => r.station === 'station' && r.operator === 'kim')).toBe(true);
    expect(records.filter((r) => r.rework === true).map((r) => r.slot)).toEqual(['A1']);

    // Five first runs, the retry of A3 and the rework of A1: nothing else ran.
    expect([...starts].sort()).toEqual(['A1 rework', 'A1 run-started', 'A2 run-started', 'A3 retry', 'A3 run-started', 'A4 run-started', 'A5 run-started']);
    stopListening();

    await page.getByRole('button', { name: 'Stop (finish running units)' }).click();
    await expect.poll(() => page.locator('.station-state').innerText(), { timeout: 30_000 }).toContain('Stopped');
    expect(pageErrors(page)).toEqual([]);
    await page.close();

    // A page opened after the station stopped shows its last result on the Station screen.
    page = await openPage(rig, 'en');
    await page.getByRole('button', { name: 'Station', exact: true }).click();
    await expect.poll(() => counter(page, 'ok')).toBe('5');
    await page.close();
  }, 600_000);
});
