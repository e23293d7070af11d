/**
 * Web-mode end-to-end rig: builds the renderer into a temp folder (never touching
 * dist-renderer/, which other tests may be serving), starts `fieldlink web`'s server function on
 * 127.0.0.1 port 0 with a temp data folder (demo cloud + virtual devices inside), and drives
 * Debian's chromium with playwright-core. Screenshots go to test/artifacts/ and are checked for
 * content: real pixel variance (decoded in a blank page) and key text present in the DOM.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchWeb } from '../../electron/web/launch.ts';
import type { WebLaunch } from '../../electron/web/launch.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(REPO, 'test/artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** `vite build --outDir <dir>` in a child process (killed if the test gives up). */
export function buildRenderer(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`vite build exited ${code}: ${stderr}`));
    });
  });
}

export interface WebRig {
  launch: WebLaunch;
  browser: Browser;
  url: string;
  stop(): Promise<void>;
}

export async function startWebRig(): Promise<WebRig> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-web-e2e-'));
  const rendererDir = path.join(root, 'renderer');
  await buildRenderer(rendererDir);
  const launch = await launchWeb({ rendererDir, dataDir: path.join(root, 'data'), port: 0 });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
  } catch (error) {
    await launch.stop();
    throw error;
  }
  const opened = browser;
  return {
    launch,
    browser: opened,
    url: launch.server.url,
    async stop() {
      await opened.close().catch(() => undefined);
      await launch.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function openPage(rig: WebRig, language: 'en' | 'ko' = 'en'): Promise<Page> {
  const page = await rig.browser.newPage({ viewport: { width: 1366, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
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
