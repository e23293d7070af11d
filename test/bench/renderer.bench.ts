/**
 * The AT log in the real renderer (vite build, Debian's chromium): (1) time to mount the log
 * and scroll it through 60 positions with 1,000,000 lines against the same with 1,000 lines
 * (goal ≤ 2×: windowed rows make the cost independent of the length); (2) the page's JS heap
 * after 1,000,000 lines, after a forced GC (goal < 300 MB).
 *
 * The page gets a scripted `window.fieldlink` (the preload's shape), so events travel the real
 * path: bridge validation → event pump (one flush per frame) → LogBuffer → windowed rows.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { IPC_METHOD_NAMES } from '../../shared/ipc.ts';
import { buildRenderer, launchChromium } from '../helpers/chromium.ts';
import { compare, median } from './types.ts';
import type { BenchResult } from './types.ts';

const SMALL = 1_000;
const LARGE = 1_000_000;
const SCROLL_STEPS = 60;
const ROUNDS = 3;
const HEAP_BUDGET_MB = 300;

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** Serves the built renderer on 127.0.0.1:0 (module scripts need http, not file://). */
async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.join(dir, name === '/' ? 'index.html' : path.normalize(name));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    readFile(file)
      .then((body) => res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' }).end(body))
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, server };
}

/** Runs in the page before its scripts: a preload-shaped bridge whose events the bench emits. */
function installBridge(methods: readonly string[]): void {
  const answers: Record<string, unknown> = {
    listPorts: [],
    listProfiles: [{ name: 'demo', source: 'builtin' }],
    getSettings: { language: 'en', theme: 'light' },
    setSettings: { language: 'en', theme: 'light' },
  };
  const listeners = new Set<(event: unknown) => void>();
  const bridge: Record<string, unknown> = {
    onEvent(listener: (event: unknown) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  for (const method of methods) bridge[method] = async () => answers[method] ?? {};
  const target = window as unknown as Record<string, unknown>;
  target.fieldlink = bridge;
  target.__benchEmit = (event: unknown) => {
    for (const listener of listeners) listener(event);
  };
}

/** Streams `count` AT lines into the page (a frame between batches, as live traffic would). */
async function loadLines(page: Page, count: number): Promise<void> {
  await page.evaluate(async (n) => {
    const emit = (window as unknown as { __benchEmit: (e: unknown) => void }).__benchEmit;
    const t0 = Date.now();
    emit({ channel: 'runner', runId: 'bench', event: { type: 'run-started', t: t0, runId: 'bench', port: 'sim:', profileName: 'demo', startedAt: t0 } });
    const rx = ['+CSQ: 23,99', 'OK', '+QMTRECV: 0,1,"DDTM/RPC/TMS2_867969066452788","{\\"method\\":\\"ping\\",\\"id\\":42}"', '+CEREG: 0,1'];
    for (let i = 0; i < n; i++) {
      const t = t0 + i;
      const event =
        i % 5 === 0
          ? { kind: 'command', t, dir: 'tx', text: `AT+CSQ;+QMTPUB=0,${i % 65535},1,0,"DDTM/UP/TMS2_867969066452788"` }
          : { kind: 'line', t, dir: 'rx', text: `${rx[i % 4]} #${i}`, role: i % 5 === 3 ? 'urc' : 'info' };
      emit({ channel: 'runner', runId: 'bench', event: { type: 'at-traffic', t, event } });
      if (i % 50_000 === 49_999) await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }, count);
  await page.waitForSelector(`.log-scroll[data-rows="${count}"]`, { timeout: 600_000 });
}

/** Mounts the log (tab away and back) and scrolls to SCROLL_STEPS positions, each until its rows are drawn. */
function renderAndScroll(page: Page): Promise<number> {
  return page.evaluate(async (steps) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const rowHeight = 18;
    const drawn = async (index: number) => {
      for (let i = 0; i < 200 && !document.querySelector(`.log-row[data-seq="${index}"]`); i++) await frame();
    };
    const start = performance.now();
    (document.getElementById('tab-terminal') as HTMLElement).click();
    await frame();
    (document.getElementById('tab-log') as HTMLElement).click();
    await frame();
    const log = document.querySelector('.log-scroll') as HTMLElement;
    for (let i = 1; i <= steps; i++) {
      const max = log.scrollHeight - log.clientHeight;
      log.scrollTop = Math.round((max * ((i * 37) % steps)) / steps);
      await drawn(Math.floor(log.scrollTop / rowHeight) + 1);
    }
    return performance.now() - start;
  }, SCROLL_STEPS);
}

/** Main-thread seconds spent (CDP Performance metrics), summed over script, layout and style. */
async function mainThreadWork(page: Page, work: () => Promise<number>): Promise<{ wallMs: number; cpuMs: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return value('ScriptDuration') + value('LayoutDuration') + value('RecalcStyleDuration');
  };
  const before = await read();
  const wallMs = await work();
  const cpuMs = ((await read()) - before) * 1000;
  await cdp.detach();
  return { wallMs, cpuMs };
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / (1024 * 1024);
}

async function measure(browser: Browser, url: string, lines: number): Promise<{ ms: number; cpuMs: number; heap: number }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  try {
    // tsx (esbuild keepNames) wraps named functions in page callbacks with __name(); give the page one.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await page.addInitScript(installBridge, IPC_METHOD_NAMES);
    await page.goto(url);
    await page.waitForSelector('.log-scroll');
    await loadLines(page, lines);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const sample = await mainThreadWork(page, () => renderAndScroll(page));
      wall.push(sample.wallMs);
      cpu.push(sample.cpuMs);
    }
    return { ms: median(wall), cpuMs: median(cpu), heap: await heapMb(page) };
  } finally {
    await page.close();
  }
}

export async function bench(): Promise<BenchResult[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-renderer-bench-'));
  let browser: Browser | undefined;
  let server: Server | undefined;
  try {
    const dir = path.join(root, 'renderer');
    await buildRenderer(dir);
    const served = await serve(dir);
    server = served.server;
    browser = await launchChromium();
    const small = await measure(browser, served.url, SMALL);
    const large = await measure(browser, served.url, LARGE);
    return [
      compare({
        name: 'renderer: AT log mount + 60 scrolls, 1 M vs 1 k lines',
        value: large.ms,
        baseline: small.ms,
        unit: 'ms',
        goal: 2,
        better: 'lower',
        note: `median of ${ROUNDS}; each scroll waits until its rows are drawn (2 frames per step at least)`,
      }),
      compare({
        name: 'renderer: main-thread work of the same, 1 M vs 1 k lines',
        value: large.cpuMs,
        baseline: small.cpuMs,
        unit: 'ms',
        goal: 2,
        better: 'lower',
        note: 'script + layout + style time from CDP Performance metrics (independent of frame pacing)',
      }),
      compare({
        name: 'renderer: JS heap after 1 M log lines',
        value: large.heap,
        baseline: HEAP_BUDGET_MB,
        unit: 'MB',
        goal: 1,
        better: 'lower',
        note: `after a forced GC; the same page with ${SMALL.toLocaleString('en-US')} lines: ${small.heap.toFixed(1)} MB`,
      }),
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await rm(root, { recursive: true, force: true });
  }
}
