/**
 * The renderer in a real browser against `fieldlink web` and the virtual device (demo cloud,
 * TLS MQTT broker): the field engineer's path from choosing the Demo device to a connected MQTT
 * session, and a fault scenario explained and retried. Screenshots land in test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openPage, pageErrors, screenshot, startWebRig } from './web-harness.ts';
import type { WebRig } from './web-harness.ts';

const RUN_TIMEOUT = 180_000;
let rig: WebRig;

beforeAll(async () => {
  rig = await startWebRig();
}, 300_000);

afterAll(async () => {
  await rig?.stop();
});

const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

/** Answers FOTA dialogs (Update, then Close on the result) until `until` shows up. */
async function answerFotaUntil(page: Page, until: string, shots: (stage: string) => Promise<void> = async () => undefined): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT;
  while (Date.now() < deadline) {
    const next = page.locator(`[role="dialog"] button[data-autofocus]:enabled, ${until}`).first();
    await next.waitFor({ timeout: deadline - Date.now() }).catch(async (error: unknown) => {
      await page.screenshot({ path: `${ARTIFACTS}/web-timeout.png` });
      throw new Error(`${String(error)}\n--- page text ---\n${await page.locator('body').innerText()}`);
    });
    if (await page.locator(until).count()) return;
    const dialog = page.getByRole('dialog');
    if (await dialog.getByRole('button', { name: 'Update' }).count()) {
      await shots('offer');
      await dialog.getByRole('button', { name: 'Update' }).click();
      // Progress once the download has moved (or the dialog moved on to a result).
      await page
        .waitForFunction(() => /\d+%/.test(document.querySelector('[data-phase="download"] .fota-phase-details')?.textContent ?? '') || !!document.querySelector('.fota-result'), undefined, { timeout: RUN_TIMEOUT })
        .catch(() => undefined);
      await shots('progress');
      continue;
    }
    await dialog.getByRole('status').waitFor({ timeout: 5_000 });
    await shots('result');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  }
  throw new Error(`timed out waiting for ${until}`);
}

describe('web mode: the connect sequence on the Demo device', () => {
  it('runs the wizard, accepts the FOTA prompt, reaches "connected", shows INIT, switches to Korean', async () => {
    const page = await openPage(rig, 'en');
    const demo = page.locator('label.port', { hasText: 'Demo device' }).first();
    await expect.poll(() => demo.count()).toBe(1);
    await screenshot(rig, page, 'web-01-start', { texts: ['Demo device', 'Connect sequence', 'Open port and identify device'] });

    await demo.click();
    await page.getByRole('button', { name: 'Start' }).click();
    await step(page, 'identify').locator('text=Passed').waitFor({ timeout: RUN_TIMEOUT });
    await screenshot(rig, page, 'web-02-running', { texts: ['TMS2_', 'AT+CGSN', 'Passed'] });

    const seen = new Set<string>();
    await answerFotaUntil(page, '[data-step="live-session"].step-running', async (stage) => {
      if (seen.has(stage)) return;
      seen.add(stage);
      const texts = { offer: ['Do not unplug', 'Update', 'Offered'], progress: ['Download', 'Apply'], result: ['Updated: the device now reports'] }[stage] ?? [];
      await screenshot(rig, page, `web-03-fota-${stage}`, { texts });
    });
    expect(seen.has('offer')).toBe(true);
    await expect.poll(() => step(page, 'fota-main').getAttribute('class')).toContain('step-passed');
    expect(await step(page, 'mqtt-connect').innerText()).toContain('Passed');
    await screenshot(rig, page, 'web-04-connected', { texts: ['Live session', 'Running', 'AT+QMTCONN', '+QMTCONN: 0,0,0'] });

    await page.getByRole('tab', { name: 'MQTT' }).click();
    const init = page.locator('.mqtt-init pre');
    await expect.poll(() => init.innerText()).toContain('"pt": "INIT"');
    expect(await page.locator('.timeline').innerText()).toContain('Connected');
    await screenshot(rig, page, 'web-05-mqtt', { texts: ['INIT sent', 'Connected', 'Subscribed', 'Published', 'DDTM/UP/TMS2_'] });

    await page.getByRole('tab', { name: 'Calibration' }).click();
    await screenshot(rig, page, 'web-06-calibration', { texts: ['Within tolerance', 'Residual', 'Front view (roll)'] });

    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.getByLabel('AT command').fill('AT+CSQ');
    await page.getByLabel('AT command').press('Enter');
    await expect.poll(() => page.locator('.terminal-scroll').innerText(), { timeout: 30_000 }).toContain('+CSQ:');
    await screenshot(rig, page, 'web-07-terminal', { texts: ['AT+CSQ', '+CSQ:'] });

    await page.locator('#language-select').selectOption('ko');
    await expect.poll(() => page.locator('body').innerText()).toContain('연결 절차');
    await page.getByRole('tab', { name: 'MQTT' }).click();
    await screenshot(rig, page, 'web-08-korean', { texts: ['연결 절차', '실시간 세션', '보낸 INIT', '연결됨'] });

    await page.locator('#theme-select').selectOption('dark');
    await page.getByRole('tab', { name: 'AT 로그' }).click();
    await screenshot(rig, page, 'web-09-dark', { texts: ['AT 로그', 'AT+QMTPUB'] });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    await page.getByRole('button', { name: '연결 끊기' }).click();
    await page.locator('.outcome-passed').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: '보고서' }).click();
    await page.getByRole('button', { name: '보고서 보기' }).click();
    await page.locator('.report-steps').waitFor({ timeout: 30_000 });
    await screenshot(rig, page, 'web-10-report', { texts: ['성공', '메인 펌웨어 업데이트', '통과'] });

    // Remembered (setSettings): a reload comes back in Korean and dark.
    await page.reload();
    await expect.poll(() => page.locator('body').innerText()).toContain('연결 절차');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.locator('#language-select').selectOption('en');
    await page.locator('#theme-select').selectOption('light');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 420_000);
});

describe('web mode: a fault scenario', () => {
  it('F5: a reboot during FOTA is explained, and Retry from that step completes it', async () => {
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
