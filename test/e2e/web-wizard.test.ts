/**
 * The renderer in a real browser against `fieldlink web` and the virtual device (demo cloud,
 * TLS MQTT broker): the field engineer's path from choosing the Demo device to a connected MQTT
 * session, FOTA accepted, INIT seen, the live session still shown after a reload, Korean and dark
 * theme remembered. Screenshots of each screen land in test/artifacts/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerFotaUntil, openPage, pageErrors, RUN_TIMEOUT, screenshot, step, useWebBench } from './web-harness.ts';

const { useRig } = useWebBench();

describe('web mode: the connect sequence on the Demo device', () => {
  const rigOf = useRig();
  it('runs the wizard, accepts the FOTA prompt, reaches "connected", shows INIT, switches to Korean', async () => {
    const rig = rigOf();
    const page = await openPage(rig, 'en');
    const demo = page.locator('label.port', { hasText: 'Demo device' }).first();
    await expect.poll(() => demo.count()).toBe(1);
    await screenshot(rig, page, 'web-01-start', { texts: ['Demo device', 'Connect sequence', 'Open port and identify device'] });

    await demo.click();
    await page.getByRole('button', { name: 'Start' }).click();
    await step(page, 'identify').locator('text=Passed').waitFor({ timeout: RUN_TIMEOUT });
    await screenshot(rig, page, 'web-02-running', { texts: ['TMS2_', 'ICCID', 'RSRP', 'Passed'] });

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
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Test message published').waitFor({ timeout: 30_000 });
    await screenshot(rig, page, 'web-05-mqtt', { texts: ['INIT sent', 'Connected', 'Subscribed', 'Published', 'DDTM/UP/TMS2_'] });

    // A reload during the idle live session catches up with the run (listRuns): still live, INIT shown.
    await page.reload();
    await expect.poll(() => step(page, 'live-session').getAttribute('class'), { timeout: 30_000 }).toContain('step-running');
    expect(await step(page, 'mqtt-connect').innerText()).toContain('Passed');
    await page.getByRole('tab', { name: 'MQTT' }).click();
    await expect.poll(() => page.locator('.mqtt-init pre').innerText()).toContain('"pt": "INIT"');
    expect(await page.locator('.timeline').innerText()).toContain('Connected');
    expect(await page.getByRole('dialog').count()).toBe(0);

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
    // The live session's status refresh (every 30 s) may have scrolled the publish out of view: filter for it.
    await page.getByPlaceholder('포함된 줄만 보기…').fill('AT+QMTPUB');
    await screenshot(rig, page, 'web-09-dark', { texts: ['AT 로그', 'AT+QMTPUB'] });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    await page.getByRole('button', { name: '연결 끊기' }).click();
    await page.locator('.outcome-passed').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: '보고서' }).click();
    await page.getByRole('button', { name: '보고서 보기' }).click();
    await page.locator('.report-steps').waitFor({ timeout: 30_000 });
    await screenshot(rig, page, 'web-10-report', { texts: ['성공', '메인 펌웨어 업데이트', '통과'] });
    const savedIn = (await page.locator('.report-body .hint-text').innerText()).replace(/에 저장됨$/, '');

    // Remembered (setSettings): a reload comes back in Korean and dark.
    await page.reload();
    await expect.poll(() => page.locator('body').innerText()).toContain('연결 절차');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.locator('#language-select').selectOption('en');
    await page.locator('#theme-select').selectOption('light');

    // Profile editor: validated as you type, the issue shown with its field path.
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const editor = page.getByLabel('Profile JSON');
    await expect.poll(() => editor.inputValue()).toContain('"serverInfoUrl"');
    await editor.fill((await editor.inputValue()).replace(/"serverInfoUrl": "[^"]*"/, '"serverInfoUrl": "ftp://nowhere"'));
    await page.locator('#editor-issues button[data-path="serverInfoUrl"]').waitFor({ timeout: 30_000 });
    await screenshot(rig, page, 'web-13-profile-editor', { texts: ['Profile editor', 'serverInfoUrl', 'must start with http:// or https://'] });

    // Support: the saved session log replayed in the same views.
    await page.locator('#session-file').setInputFiles(path.join(savedIn, 'session.jsonl'));
    await expect.poll(() => page.locator('.top-bar').innerText(), { timeout: 30_000 }).toContain('Replay: session.jsonl');
    await page.getByRole('tab', { name: 'AT log' }).click();
    await expect.poll(() => step(page, 'mqtt-connect').innerText()).toContain('Passed');
    // The replayed log ends with the live session's status refreshes: filter for the connect.
    await page.getByPlaceholder('Show only lines containing…').fill('AT+QMTCONN');
    await screenshot(rig, page, 'web-14-replay', { texts: ['Replay: session.jsonl', 'Leave replay', 'AT+QMTCONN', 'Passed'] });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 420_000);
});

