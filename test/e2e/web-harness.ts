/**
 * Web-mode end-to-end rig: builds the renderer into a temp folder (never touching
 * dist-renderer/, which other tests may be serving), starts `fieldlink web`'s server function on
 * 127.0.0.1 port 0 with a temp data folder (demo cloud + virtual devices inside), and drives
 * Debian's chromium with playwright-core. Screenshots go to test/artifacts/ and are checked for
 * content: real pixel variance (decoded in a blank page) and key text present in the DOM.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchWeb } from '../../electron/web/launch.ts';
import type { WebLaunch } from '../../electron/web/launch.ts';
import { buildRenderer, launchChromium, REPO } from '../helpers/chromium.ts';

export const ARTIFACTS = path.join(REPO, 'test/artifacts');

/** How long one run (or one stage of it) may take on a busy 2-core machine. */
export const RUN_TIMEOUT = 180_000;

export interface WebRig {
  launch: WebLaunch;
  browser: Browser;
  url: string;
  stop(): Promise<void>;
}

/** One renderer build and one browser for a test file. */
export interface WebBench {
  root: string;
  rendererDir: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function prepareWebBench(): Promise<WebBench> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-web-e2e-'));
  const rendererDir = path.join(root, 'renderer');
  try {
    await buildRenderer(rendererDir);
    const browser = await launchChromium();
    return {
      root,
      rendererDir,
      browser,
      async close() {
        await browser.close().catch(() => undefined);
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Test-file hooks: one renderer build and browser for the file (`bench()`), and a fresh back end
 * and data folder for the enclosing describe (`rig()`): device and cloud state start anew.
 */
export function useWebBench(): { bench: () => WebBench; useRig: () => () => WebRig } {
  let bench: WebBench | undefined;
  beforeAll(async () => {
    bench = await prepareWebBench();
  }, 300_000);
  afterAll(async () => {
    await bench?.close();
  });
  const current = () => bench as WebBench;
  return {
    bench: current,
    useRig() {
      let rig: WebRig | undefined;
      beforeAll(async () => {
        rig = await startWebRig(current());
      }, 120_000);
      afterAll(async () => {
        await rig?.stop();
      }, 120_000);
      return () => rig as WebRig;
    },
  };
}

/** `fieldlink web`'s server on 127.0.0.1:0 with its own data folder (demo cloud and devices fresh). */
export async function startWebRig(bench: WebBench): Promise<WebRig> {
  const dataDir = await mkdtemp(path.join(bench.root, 'data-'));
  const launch = await launchWeb({ rendererDir: bench.rendererDir, dataDir, port: 0 });
  return {
    launch,
    browser: bench.browser,
    url: launch.server.url,
    async stop() {
      await launch.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function openPage(rig: WebRig, language: 'en' | 'ko' = 'en'): Promise<Page> {
  const page = await rig.browser.newPage({ viewport: { width: 1366, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // CSP violations (E3: no inline script or style may be needed) and failed loads show up here.
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(rig.url);
  await page.locator('#language-select').selectOption(language);
  await page.locator('.port').first().waitFor({ timeout: 30_000 });
  return page;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

export interface ScreenshotCheck {
  /** Texts that must be in the DOM (visible text of the page). */
  texts: readonly string[];
}

/**
 * Saves test/artifacts/<name>.png and checks it is a real picture (luminance spread, several
 * colours) of a page that says what it should.
 */
export async function screenshot(rig: WebRig, page: Page, name: string, check: ScreenshotCheck): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  const png = await page.screenshot({ animations: 'disabled' });
  await writeFile(file, png);
  const text = await page.locator('body').innerText();
  for (const wanted of check.texts) expect(text, `${name}: text "${wanted}"`).toContain(wanted);
  const stats = await pixelStats(rig.browser, png);
  expect(stats.stdDev, `${name}: luminance spread`).toBeGreaterThan(8);
  expect(stats.colours, `${name}: distinct colours`).toBeGreaterThan(16);
  return file;
}

/** Decodes a PNG in a blank page (no CSP there) and measures luminance spread and colours. */
export async function pixelStats(browser: Browser, png: Buffer): Promise<{ stdDev: number; colours: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(bitmap, 0, 0);
      const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let sum = 0;
      let sumSq = 0;
      const colours = new Set<number>();
      const pixels = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const luminance = 0.2126 * (data[i] as number) + 0.7152 * (data[i + 1] as number) + 0.0722 * (data[i + 2] as number);
        sum += luminance;
        sumSq += luminance * luminance;
        if (colours.size < 5000) colours.add(((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number));
      }
      const mean = sum / pixels;
      return { stdDev: Math.sqrt(Math.max(0, sumSq / pixels - mean * mean)), colours: colours.size };
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

export const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

/** Answers FOTA dialogs (Update, then Close on the result) until `until` shows up. */
export async function answerFotaUntil(page: Page, until: string, shots: (stage: string) => Promise<void> = async () => undefined): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT;
  while (Date.now() < deadline) {
    const next = page.locator(`[role="dialog"] button[data-autofocus]:enabled, ${until}`).first();
    await next.waitFor({ timeout: deadline - Date.now() }).catch(async (error: unknown) => {
      await page.screenshot({ path: `${ARTIFACTS}/web-timeout.png` });
      throw new Error(`${String(error)}\n--- page text ---\n${await page.locator('body').innerText()}`);
    });
    if (await page.locator(until).count()) {
      await closeResultDialog(page);
      return;
    }
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
    // A progress dialog: wait until it shows a result or the next offer.
    await dialog.getByRole('status').or(dialog.getByRole('button', { name: 'Update' })).first().waitFor({ timeout: RUN_TIMEOUT });
    if ((await dialog.getByRole('status').count()) === 0) continue;
    await shots('result');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  }
  throw new Error(`timed out waiting for ${until}`);
}

/** Closes the FOTA dialog when it shows a result (Escape), so the wizard is not covered. */
export async function closeResultDialog(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  if ((await dialog.count()) === 0 || (await dialog.getByRole('status').count()) === 0) return;
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}
