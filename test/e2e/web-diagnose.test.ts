/**
 * Diagnose in a real browser against `fieldlink web` and the virtual device: the Diagnose button on
 * the chosen port, the device header, the verdict banner ("Not provisioned yet" for a fresh unit,
 * in the info colour, not the fault red), the findings with what to do, the report downloaded like
 * a run's; then a unit without a SIM (`sim:no-sim`) is a fault, shown in English and in Korean.
 * Screenshots land in test/artifacts/.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openPage, pageErrors, RUN_TIMEOUT, screenshot, useWebBench } from './web-harness.ts';

const { useRig } = useWebBench();

describe('web mode: Diagnose', () => {
  const rigOf = useRig();
  it('diagnoses a fresh virtual device ("not provisioned yet", not failed) and one without a SIM (a fault), in English and Korean', async () => {
    const rig = rigOf();
    const page = await openPage(rig, 'en');
    await page.locator('label.port', { hasText: 'Demo device' }).first().click();
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    const screen = page.getByRole('region', { name: 'Diagnosis of sim:' });
    await screen.waitFor({ timeout: 30_000 });
    const banner = page.locator('.verdict-banner');
    await banner.waitFor({ timeout: RUN_TIMEOUT });
    expect(await banner.getAttribute('data-overall')).toBe('not-provisioned');
    expect(await banner.innerText()).toContain('Not provisioned yet');
    // The info colour (the accent's soft tint), never the fault red.
    const colours = await page.evaluate(() => {
      const probe = (cls: string) => {
        const el = document.createElement('div');
        el.className = `verdict-banner ${cls}`;
        document.body.append(el);
        const colour = getComputedStyle(el).backgroundColor;
        el.remove();
        return colour;
      };
      return { shown: getComputedStyle(document.querySelector('.verdict-banner') as Element).backgroundColor, fault: probe('verdict-fault'), info: probe('verdict-not-provisioned') };
    });
    expect(colours.shown).toBe(colours.info);
    expect(colours.shown).not.toBe(colours.fault);
    await expect.poll(() => page.locator('[data-diagnose-step="live-session"]').innerText()).toContain('Passed');
    expect(await page.locator('.outcome-failed').count()).toBe(0);
    const device = await screen.getByRole('region', { name: 'Device' }).innerText();
    for (const label of ['ICCID', 'IMSI', 'Operator', 'Network', 'Cell', 'Registration', 'Module clock']) expect(device).toContain(label);
    expect(device).toMatch(/RSRP -\d+ dBm/);
    expect(await page.locator('[data-code="NO_CERTIFICATES"]').innerText()).toContain('normal for a new unit');
    await screenshot(rig, page, 'web-diagnose-01-fresh', { texts: ['Diagnosis of sim:', 'Not provisioned yet', 'NO_CERTIFICATES', 'NOT_CALIBRATED', 'ICCID', 'What to do'] });

    // The report downloads like a run's.
    const [download] = await Promise.all([page.waitForEvent('download'), screen.getByRole('button', { name: 'Export HTML' }).click()]);
    const html = await readFile((await download.path()) as string, 'utf8');
    expect(html).toContain('TMS2_');
    expect(await screen.innerText()).toMatch(/Saved in .+/);

    // Back to the run's screen, then a unit without a SIM.
    await screen.getByRole('button', { name: 'Back to the run' }).click();
    await page.getByRole('tablist').waitFor();
    await page.getByLabel('Other port').fill('sim:no-sim');
    await page.getByRole('button', { name: 'Use', exact: true }).click();
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    const faulty = page.getByRole('region', { name: 'Diagnosis of sim:no-sim' });
    await faulty.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.verdict-banner').getAttribute('data-overall'), { timeout: RUN_TIMEOUT }).toBe('fault');
    const noSim = page.locator('[data-code="NO_SIM"]');
    expect(await noSim.innerText()).toContain('insert or reseat the SIM card');
    expect(await page.locator('[data-code="SIGNAL_UNKNOWN"]').count()).toBe(1); // no SIM, no cell: the signal is not "ok"
    expect(await page.locator('[data-code="SIGNAL_OK"]').count()).toBe(0);
    await screenshot(rig, page, 'web-diagnose-02-no-sim', { texts: ['Diagnosis of sim:no-sim', 'Fault', 'NO_SIM', 'no usable SIM', 'insert or reseat the SIM card'] });

    await page.locator('#language-select').selectOption('ko');
    await expect.poll(() => noSim.innerText()).toContain('사용할 수 있는 SIM이 없습니다');
    await screenshot(rig, page, 'web-diagnose-03-no-sim-ko', { texts: ['진단', '고장', '의미', '조치', 'SIM 카드를 넣거나 다시 장착'] });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 420_000);
});
