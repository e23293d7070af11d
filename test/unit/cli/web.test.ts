/**
 * `fieldlink web` as a user runs it: the real CLI process prints a URL with its token, the page
 * and the WebSocket answer on 127.0.0.1, a connection without the token is refused, and Ctrl-C
 * (SIGINT) stops it with exit code 0.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EXIT } from '../../../electron/cli/exit-codes.ts';
import { createWsClient } from '../../../renderer/bridge/ws-client.ts';
import type { WebSocketLike } from '../../../renderer/bridge/ws-client.ts';
import { makeDataDir, makeRendererDir } from '../../helpers/app-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const children = new Set<ChildProcess>();

function startWeb(args: string[]) {
  const child = spawn(process.execPath, ['bin/fieldlink.mjs', 'web', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => (children.delete(child), resolve(code))));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitUntil(check: () => boolean, what: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; got ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('fieldlink web', () => {
  let dataDir: string;
  let rendererDir: string;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    rendererDir = await makeRendererDir();
  });
  afterEach(() => {
    for (const child of children) if (child.pid) process.kill(child.pid, 'SIGKILL');
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  });

  it('prints a tokened URL, serves the page and the bridge, and stops cleanly on SIGINT', { timeout: 90_000 }, async () => {
    const web = startWeb(['--port', '0', '--data-dir', dataDir, '--renderer-dir', rendererDir]);
    await waitUntil(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(web.stdout()), () => web.stdout() + web.stderr());
    const url = new URL(/(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(web.stdout())?.[1] ?? '');
    const token = url.searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Fieldlink</title>');

    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://${url.host}/bridge`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(401);

    const client = createWsClient({ url: `ws://${url.host}/bridge?token=${token}`, createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike });
    const profiles = await client.listProfiles({});
    expect(profiles.map((p) => p.name)).toEqual(['demo', 'fleet-a']);
    client.close();

    web.child.kill('SIGINT');
    expect(await web.exited).toBe(EXIT.ok);
  });

  it('refuses a renderer folder without index.html (usage error)', async () => {
    const web = startWeb(['--renderer-dir', dataDir, '--data-dir', dataDir]);
    expect(await web.exited).toBe(EXIT.usage);
    expect(web.stderr()).toContain('has no index.html');
  });
});
