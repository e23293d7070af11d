/**
 * A 32-unit virtual line started from the Station screen in a real browser against `fieldlink web`
 * (real PTYs through socat, the demo cloud, fast module timings), looked at mid-run and at the end
 * in the normal layout and in the kiosk: every tile's label and state word visible, nothing cut,
 * the kiosk's whole fixture on one 1600×1000 screen; the page's counters are the station's and
 * every unit is on record with station, slot and operator. Its own file: its own back end and
 * results store (the virtual line reuses its IMEIs). Screenshots land in test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, pageErrors, RUN_TIMEOUT, screenshot, useWebBench } from './web-harness.ts';

const { useRig } = useWebBench();

const tileStates = (page: Page) => page.locator('.slot-tile').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
const finished = (states: (string | null)[]) => states.length > 0 && states.every((s) => s === 'passed' || s === 'failed' || s === 'refused');
const counter = (page: Page, tone: 'ok' | 'bad') => page.locator(`.station-counter.counter-${tone} dd`).innerText();

/** Tiles whose content is cut: wider than the tile, or a label / state word not inside the viewport. */
async function clippedTiles(page: Page): Promise<string[]> {
  return page.locator('.slot-tile').evaluateAll((tiles) =>
    tiles.flatMap((tile) => {
      const label = tile.querySelector('.slot-label') as HTMLElement | null;
      const word = tile.querySelector('.slot-word') as HTMLElement | null;
      const box = tile.getBoundingClientRect();
      const problems: string[] = [];
      if (tile.scrollWidth > tile.clientWidth + 1) problems.push('content wider than the tile');
      for (const [name, el] of [['label', label], ['word', word]] as const) {
        if (!el || el.innerText.trim() === '') problems.push(`${name} missing`);
        else if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name} cut (${el.innerText})`);
      }
      if (box.right > window.innerWidth + 1) problems.push('past the right edge');
      return problems.length ? [`${tile.getAttribute('data-slot')}: ${problems.join(', ')}`] : [];
    }),
  );
}

describe('web mode: Station screen, 32 units', () => {
  const rigOf = useRig();

  it('runs 32 units from the UI: the 32-tile grid is readable mid-run and at the end, normal and kiosk', async () => {
    const rig = rigOf();
    // Every slot's transitions, to tell the story of a unit that did not pass.
    const transitions: string[] = [];
    const stopListening = rig.launch.backend.onEvent((event) => {
      if (event.channel !== 'station') return;
      for (const e of event.events) if (e.type === 'slot-state' && e.from !== e.to) transitions.push(`${e.slot} ${e.from}→${e.to} (${e.cause}${e.result?.code ? ` ${e.result.code}` : ''})`);
    });
    const page = await openPage(rig, 'en');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.getByRole('button', { name: 'Station', exact: true }).click();
    const screen = page.getByRole('region', { name: 'Station' });
    await screen.getByLabel('Virtual line (ok, fault+fault or clone per unit)').fill(Array.from({ length: 32 }, () => 'ok').join(', '));
    await screen.getByLabel('Operator').fill('night-shift');
    await screen.getByRole('button', { name: 'Start station' }).click();
    await expect.poll(() => page.locator('.slot-tile').count(), { timeout: 60_000 }).toBe(32);
    await page.locator('.slot-tile[data-state="running"]').first().waitFor({ timeout: 60_000 });
    expect(await clippedTiles(page)).toEqual([]);
    await screenshot(rig, page, 'web-station-32-01-mid-run', { texts: ['A1', 'D8', 'RUNNING'] });

    await expect.poll(async () => finished(await tileStates(page)), { timeout: 2 * RUN_TIMEOUT, interval: 500 }).toBe(true);
    // Every unit passed and the page's counters are the station's.
    const station = (await rig.launch.backend.getStation({})).station;
    const failures = (station?.units ?? []).flatMap((unit) => unit.events.flatMap((e) => (e.type === 'step-failed' ? [`${unit.slot}: ${e.error.code} ${e.error.command ?? ''} ${e.error.meaning}`] : [])));
    if (failures.length > 0) {
      const slotsOf = new Set(failures.map((line) => line.split(':')[0]));
      console.warn(`units that failed:\n${failures.join('\n')}\n${transitions.filter((line) => slotsOf.has(line.split(' ')[0])).join('\n')}`);
    }
    const notPassed = (station?.slots ?? []).filter((slot) => slot.last?.outcome !== 'passed');
    expect(notPassed.map((slot) => `${slot.label}: ${slot.last?.code ?? slot.last?.outcome ?? 'no result'}`)).toEqual([]);
    await expect.poll(() => counter(page, 'ok')).toBe(String(station?.counters.passed));
    expect(await counter(page, 'bad')).toBe(String(station?.counters.failed));
    expect(station?.counters.units).toBe(32);
    expect(await clippedTiles(page)).toEqual([]);
    await screenshot(rig, page, 'web-station-32-02-final', { texts: ['A1', 'D8', 'PASS'] });
    // A unit's detail view under the 32-tile grid.
    await page.locator('.slot-tile[data-slot="D8"]').click();
    await page.getByRole('region', { name: 'Unit on D8' }).waitFor();
    await screenshot(rig, page, 'web-station-32-03-unit', { texts: ['Unit on D8', 'Steps'] });

    await screen.getByRole('button', { name: 'Kiosk', exact: true }).click();
    await page.locator('.app-kiosk').waitFor();
    expect(await clippedTiles(page)).toEqual([]);
    // The whole fixture on one screen: the last tile's bottom is inside the 1600×1000 window.
    const lastBottom = await page.locator('.slot-tile[data-slot="D8"]').evaluate((el) => el.getBoundingClientRect().bottom);
    expect(lastBottom).toBeLessThanOrEqual(1000);
    await screenshot(rig, page, 'web-station-32-04-kiosk', { texts: ['A1', 'D8', 'PASS', 'Units / hour'] });
    await page.getByRole('button', { name: 'Leave kiosk' }).click();

    const { records } = await rig.launch.backend.listRecords({ kind: 'station' });
    expect(records).toHaveLength(32);
    expect(new Set(records.map((r) => r.slot)).size).toBe(32);
    expect(records.every((r) => r.operator === 'night-shift' && r.station === 'station')).toBe(true);
    expect(records.filter((r) => r.outcome === 'passed').length).toBe(station?.counters.passed);
    expect(pageErrors(page)).toEqual([]);
    stopListening();
    await page.close();
  }, 900_000);
});
