/**
 * The Station screen in a real browser against `fieldlink web`: a station of four virtual units on
 * a virtual line (real PTYs) with the demo cloud — two good units, one whose HTTP server answers
 * 404 (`http-404`) and a clone of the first (same IMEI). The grid mid-run, the final PASS / FAIL /
 * REFUSED grid with its counters, a unit's details (steps, MQTT, AT log, report), the kiosk layout
 * and the same in Korean. Screenshots land in test/artifacts/.
 */
import { describe, expect, it } from 'vitest';
import { openPage, pageErrors, RUN_TIMEOUT, screenshot, useWebBench } from './web-harness.ts';

const { useRig } = useWebBench();

describe('web mode: Station screen', () => {
  const rigOf = useRig();
  it('runs four virtual units at once: live grid, PASS/FAIL/REFUSED tiles and counters, a unit\'s details, kiosk, Korean', async () => {
    const rig = rigOf();
    const page = await openPage(rig, 'en');
    await page.getByRole('button', { name: 'Station', exact: true }).click();
    const screen = page.getByRole('region', { name: 'Station' });
    await screen.waitFor({ timeout: 30_000 });
    await screen.getByLabel('Virtual line (ok, fault+fault or clone per unit)').fill('ok, ok, http-404, clone');
    await screen.getByLabel('Operator').fill('kim');
    await screen.getByRole('button', { name: 'Start station' }).click();

    // Mid-run: the tiles appear and at least one runs, with its step and progress.
    const tiles = page.locator('.slot-tile');
    await expect.poll(() => tiles.count(), { timeout: 60_000 }).toBe(4);
    await page.locator('.slot-tile[data-state="running"]').first().waitFor({ timeout: 60_000 });
    await screenshot(rig, page, 'web-station-01-mid-run', { texts: ['Station', 'A1', 'A4', 'Passed', 'First-pass yield'] });

    // The end: every unit has its result; the clone is refused on one of A1 / A4.
    const finalStates = () => page.locator('.slot-tile').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    await expect.poll(async () => (await finalStates()).every((s) => s === 'passed' || s === 'failed' || s === 'refused'), { timeout: RUN_TIMEOUT, interval: 250 }).toBe(true);
    const states = await finalStates();
    expect(states[1]).toBe('passed');
    expect(states[2]).toBe('failed');
    expect([states[0], states[3]].sort()).toEqual(['passed', 'refused']);
    await expect.poll(() => page.locator('.station-counter.counter-ok dd').innerText()).toBe('2');
    expect(await page.locator('.station-counter.counter-bad dd').innerText()).toBe('1');
    expect(await page.locator('.station-counter.counter-warn dd').innerText()).toBe('1');
    expect(await page.locator('.slot-tile[data-slot="A3"]').innerText()).toContain('FAIL');
    const refusedTile = page.locator('.slot-tile[data-state="refused"]');
    expect(await refusedTile.innerText()).toMatch(/same IMEI as slot A[14]/);
    // The PASS tile is green, the FAIL tile red: different colours on screen.
    const colours = await page.evaluate(() => ({
      pass: getComputedStyle(document.querySelector('.slot-tile[data-slot="A2"]') as Element).backgroundColor,
      fail: getComputedStyle(document.querySelector('.slot-tile[data-slot="A3"]') as Element).backgroundColor,
    }));
    expect(colours.pass).not.toBe(colours.fail);
    await screenshot(rig, page, 'web-station-02-final-grid', { texts: ['PASS', 'FAIL', 'REFUSED', 'Operator: kim'] });

    // A unit's details: its steps, MQTT timeline, AT log and report.
    await page.locator('.slot-tile[data-slot="A3"]').click();
    const unit = page.getByRole('region', { name: 'Unit on A3' });
    await unit.waitFor();
    await expect.poll(() => unit.locator('.station-log').innerText()).toContain('→ AT');
    await expect.poll(() => unit.innerText(), { timeout: 30_000 }).toContain('Report');
    expect(await unit.innerText()).toContain('Failed');
    await page.locator('.slot-tile[data-slot="A2"]').click();
    const good = page.getByRole('region', { name: 'Unit on A2' });
    await expect.poll(() => good.innerText(), { timeout: 30_000 }).toContain('Report');
    await screenshot(rig, page, 'web-station-03-unit-details', { texts: ['Unit on A2', 'AT log', 'Report', 'Steps'] });

    // Kiosk: the station alone, big type.
    await screen.getByRole('button', { name: 'Kiosk', exact: true }).click();
    await page.locator('.app-kiosk').waitFor();
    expect(await page.locator('.top-bar').count()).toBe(0);
    const wordSize = await page.locator('.slot-tile .slot-word').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(wordSize).toBeGreaterThanOrEqual(48);
    await screenshot(rig, page, 'web-station-04-kiosk', { texts: ['PASS', 'FAIL', 'Units / hour'] });

    // Korean: leave the kiosk, switch language, back to the kiosk.
    await page.getByRole('button', { name: 'Leave kiosk' }).click();
    await page.locator('#language-select').selectOption('ko');
    await page.getByRole('button', { name: '키오스크', exact: true }).click();
    await expect.poll(() => page.locator('.slot-tile[data-slot="A3"]').innerText()).toContain('불합격');
    await screenshot(rig, page, 'web-station-05-kiosk-ko', { texts: ['스테이션', '합격', '불합격', '1차 합격률'] });

    // Stop: nothing runs, the station stops.
    await page.getByRole('button', { name: '중지 (진행 중인 장치는 마침)' }).click();
    await expect.poll(() => page.locator('.station-state').innerText(), { timeout: 30_000 }).toContain('중지됨');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 420_000);
});
