/**
 * A fault scenario in the browser (its own process: virtual devices keep their firmware per
 * process): `sim:reboot-during-fota` fails the main update with its explanation, and Retry from
 * that step completes it without redoing the earlier steps.
 */
import { describe, expect, it } from 'vitest';
import { answerFotaUntil, openPage, pageErrors, RUN_TIMEOUT, screenshot, step, useWebBench } from './web-harness.ts';

const { useRig } = useWebBench();

describe('web mode: a fault scenario', () => {
  const rigOf = useRig();
  it('F5: a reboot during FOTA is explained, and Retry from that step completes it', async () => {
    const rig = rigOf();
    const page = await openPage(rig, 'en');
    await page.getByLabel('Other port').fill('sim:reboot-during-fota');
    await page.getByRole('button', { name: 'Use', exact: true }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    await answerFotaUntil(page, '.step-failed');
    const failure = step(page, 'fota-main').getByRole('alert');
    await failure.waitFor({ timeout: RUN_TIMEOUT });
    const explanation = await failure.innerText();
    expect(explanation).toContain('What happened');
    expect(explanation).toContain('What to do');
    await screenshot(rig, page, 'web-11-fault', { texts: ['Failed', 'What happened', 'Retry from this step', 'Save report'] });

    // The FOTA dialog shows the failed result too; closing it (Escape) uncovers the wizard.
    if (await page.getByRole('dialog').count()) {
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 10_000 });
    }
    // Earlier steps are not redone by Retry: their rows (and durations) stay as they were.
    const earlierBefore = await page.locator('[data-step="identify"], [data-step="calibration"]').allInnerTexts();
    await failure.getByRole('button', { name: 'Retry from this step' }).click();
    await answerFotaUntil(page, '[data-step="fota-main"].step-passed, [data-step="fota-main"].step-failed');
    await expect.poll(() => step(page, 'fota-main').getAttribute('class'), { timeout: RUN_TIMEOUT }).toContain('step-passed');
    expect(await page.locator('[data-step="identify"], [data-step="calibration"]').allInnerTexts()).toEqual(earlierBefore);
    expect(earlierBefore.join()).toContain('Passed');
    await screenshot(rig, page, 'web-12-retried', { texts: ['Passed'] });
    if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape'); // skip the sub offer
    await page.locator('.run-controls').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.outcome-cancelled, .outcome-passed, .outcome-failed').first().waitFor({ timeout: 60_000 });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 420_000);
});
