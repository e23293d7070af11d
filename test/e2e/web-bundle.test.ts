/**
 * Support bundles in a real browser against `fieldlink web` and the virtual device (K2, K7): the
 * Demo device passes, then a run of the same unit the broker refuses (`sim:qmtconn-refused-4`) fails; "Save support bundle" on its failure panel
 * downloads a zip whose manifest and seal openBundle verifies; "Open bundle…" with that file shows
 * the replay with the failure explained, the jump to the failing command in the AT log, and the
 * device header as it was, in English and Korean; a copy with one changed byte is refused naming
 * the file. Screenshots land in test/artifacts/.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../electron/support/bundle-reader.ts';
import { answerFotaUntil, openPage, pageErrors, RUN_TIMEOUT, screenshot, step, useWebBench } from './web-harness.ts';

const { bench, useRig } = useWebBench();

describe('web mode: support bundles', () => {
  const rigOf = useRig();
  it('a failed run: Save support bundle downloads a verified zip; Open bundle… replays it with the failure explained (en, ko); a changed byte is refused', async () => {
    const rig = rigOf();
    const work = await mkdtemp(path.join(bench().root, 'bundles-'));
    const page = await openPage(rig, 'en');
    // The unit works first (the Demo device: same IMEI as the scenario's), so the bundle has a passing run to compare with.
    await page.locator('label.port', { hasText: 'Demo device' }).first().click();
    await page.getByRole('button', { name: 'Start' }).click();
    await answerFotaUntil(page, '[data-step="live-session"].step-running');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.locator('.outcome-passed').waitFor({ timeout: 60_000 });
    // Then it fails: the broker refuses it (the folded port choice opens again with Change).
    await page.getByRole('button', { name: 'Change', exact: true }).click();
    await page.getByLabel('Other port').fill('sim:qmtconn-refused-4');
    await page.getByRole('button', { name: 'Use', exact: true }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    await answerFotaUntil(page, '.step-failed');
    const failure = step(page, 'mqtt-connect').getByRole('alert');
    await failure.waitFor({ timeout: RUN_TIMEOUT });

    // Save support bundle on the failure: the download is a bundle openBundle verifies.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), failure.getByRole('button', { name: 'Save support bundle' }).click()]);
    const fileName = download.suggestedFilename();
    expect(fileName).toMatch(/^fieldlink-bundle-.+\.zip$/);
    const zip = path.join(work, fileName);
    await download.saveAs(zip);
    const verified = await openBundle(zip);
    expect(verified.faults.failures.map((f) => f.code)).toContain('MQTT_REFUSED');
    expect(verified.manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(['session.jsonl', 'report.json', 'history.json']));
    expect(verified.history?.records.some((r) => r.runId === verified.manifest.runId)).toBe(true);
    expect(verified.history?.records.some((r) => r.outcome === 'passed')).toBe(true);
    await expect.poll(() => page.locator('.status-bar').innerText()).toContain(`Support bundle downloaded: ${fileName}`);
    await screenshot(rig, page, 'web-bundle-01-saved', { texts: ['Save support bundle', 'Support bundle downloaded', 'What to do'] });

    // Open bundle… with that file: the replay with the summary on top.
    await page.locator('#bundle-file').setInputFiles(zip);
    const summary = page.getByRole('region', { name: `Support bundle ${fileName}` });
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.innerText()).toMatch(/bundle verified: \d+ files match the manifest/);
    // Compared with the passing run before it (a list of differences, or "nothing that is recorded changed").
    expect(await summary.locator('.bundle-changes').getAttribute('data-status')).toBe('compared');
    expect(await summary.locator('.bundle-changes').innerText()).toMatch(/since the last passing run/);
    const explained = summary.locator('.bundle-failure');
    expect(await explained.getAttribute('data-code')).toBe('MQTT_REFUSED');
    expect(await explained.innerText()).toContain('What to do');
    expect(await explained.innerText()).toContain('AT+QMTCONN');
    expect(await summary.innerText()).toContain(verified.manifest.imei ?? 'no imei');
    expect(await page.locator('.badge.mode-replay').count()).toBe(1);
    await summary.getByRole('button', { name: 'Jump to the failing command in the AT log' }).click();
    const hit = page.locator('.log-row-hit');
    await hit.waitFor({ timeout: 10_000 });
    expect(await hit.innerText()).toContain('AT+QMTCONN');
    expect(await hit.isVisible()).toBe(true);
    // In the window, not only in the document: the marked line is where the reader looks.
    const box = await hit.boundingBox();
    expect(box && box.y > 0 && box.y + box.height < 860).toBe(true);
    await screenshot(rig, page, 'web-bundle-02-opened', { texts: ['What changed since it last worked', 'What failed', 'Jump to the failing command', 'The device as it was', 'AT+QMTCONN'] });

    // The scrubber takes every view back to an earlier moment, and forward again.
    const slider = summary.getByRole('slider');
    await slider.fill('5');
    await expect.poll(() => step(page, 'mqtt-connect').getAttribute('class')).not.toContain('step-failed');
    const max = (await slider.getAttribute('max')) ?? '1';
    await slider.fill(max);
    await expect.poll(() => step(page, 'mqtt-connect').getAttribute('class')).toContain('step-failed');

    // In Korean: the failure is explained from the Korean catalogue.
    await page.locator('#language-select').selectOption('ko');
    const korean = page.getByRole('region', { name: `지원 번들 ${fileName}` });
    await expect.poll(() => korean.innerText()).toContain('마지막으로 작동한 이후 바뀐 점');
    expect(await korean.innerText()).toContain('조치');
    await screenshot(rig, page, 'web-bundle-03-opened-ko', { texts: ['지원 번들', '실패한 단계', 'AT 로그에서 실패한 명령으로 이동', '당시의 장치'] });

    // A copy with one changed byte inside the session log is refused, naming the file; the replay on screen stays.
    await page.locator('#language-select').selectOption('en');
    const bytes = await readFile(zip);
    const at = bytes.indexOf(Buffer.from('session.jsonl')) + 80;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    const tampered = path.join(work, 'tampered.zip');
    await writeFile(tampered, bytes);
    await page.locator('#bundle-file').setInputFiles(tampered);
    await expect.poll(() => page.locator('.status-bar').innerText(), { timeout: 30_000 }).toContain('Cannot open tampered.zip');
    const refusal = await page.locator('.status-bar').innerText();
    expect(refusal).toMatch(/session\.jsonl/);
    expect(refusal).toMatch(/the bundle was modified|is not valid/);
    expect(await page.locator('.status-bar .error-text').count()).toBe(1);
    await screenshot(rig, page, 'web-bundle-04-tampered', { texts: ['Cannot open tampered.zip', 'session.jsonl'] });

    // A cut-off copy too.
    const cut = path.join(work, 'cut.zip');
    await copyFile(zip, cut);
    await writeFile(cut, (await readFile(zip)).subarray(0, Math.floor(bytes.length / 2)));
    await page.locator('#bundle-file').setInputFiles(cut);
    await expect.poll(() => page.locator('.status-bar').innerText(), { timeout: 30_000 }).toContain('Cannot open cut.zip: the bundle is truncated');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 420_000);
});
