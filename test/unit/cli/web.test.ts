/**
 * `fieldlink web` as a user runs it: the real CLI process prints a URL with its token, the page
 * and the WebSocket answer on 127.0.0.1, a connection without the token is refused, and Ctrl-C
 * (SIGINT) stops it with exit code 0.
 */
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EXIT } from '../../../electron/cli/exit-codes.ts';
import { createWsClient } from '../../../renderer/bridge/ws-client.ts';
import type { WebSocketLike } from '../../../renderer/bridge/ws-client.ts';
import { makeDataDir, makeRendererDir } from '../../helpers/app-fixtures.ts';
import { killFieldlinkProcesses, spawnFieldlink, waitUntil } from '../../helpers/fieldlink-cli.ts';

const startWeb = (args: string[]) => spawnFieldlink(['web', ...args]);




describe('fieldlink web', () => {
  let dataDir: string;
  let rendererDir: string;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    rendererDir = await makeRendererDir();
  });
  afterEach(() => {
    killFieldlinkProcesses();
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
