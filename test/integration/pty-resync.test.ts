/**
 * S11 over a real serial line: the virtual module with `slow-answers` (every final result comes
 * late, after the host timeout) on a socat PTY, opened with the serial transport like a real
 * port. The late OK of a timed-out AT must not be taken as the next AT's answer: the client
 * resyncs with a marker probe and the next AT resolves only on its own OK.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtClient } from '../../electron/engine/at/client.ts';
import type { TrafficEvent } from '../../electron/engine/at/types.ts';
import type { Transport } from '../../electron/engine/transport/types.ts';
import { openTransport } from '../../electron/engine/transport/uri.ts';
import { createVirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnPty } from '../../electron/sim/serve/pty.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
});

const SLOW_MS = 1500;

async function slowModuleOnPty(): Promise<{ client: AtClient; traffic: TrafficEvent[]; transport: Transport }> {
  const dir = await mkdtemp(join(tmpdir(), 'fl-resync-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const device = await createVirtualDevice({ fast: true, stateDir: dir, faults: ['slow-answers'], timing: { slowAnswerMs: SLOW_MS } });
  cleanups.push(() => device.close());
  await device.whenReady();
  const exposure = await exposeOnPty(device, join(dir, 'ttyUSB2'));
  cleanups.push(() => exposure.close());
  const transport = await openTransport(exposure.path);
  cleanups.push(() => transport.close());
  const client = AtClient.attach(transport); // resync after a timeout is on by default
  cleanups.push(() => client.dispose());
  const traffic: TrafficEvent[] = [];
  client.onTraffic((event) => traffic.push(event));
  return { client, traffic, transport };
}

const rxLines = (traffic: TrafficEvent[]) => traffic.flatMap((e) => (e.kind === 'line' ? [`${e.role}:${e.text}`] : []));
const commands = (traffic: TrafficEvent[]) => traffic.flatMap((e) => (e.kind === 'command' ? [e.text] : []));

describe('S11 slow-answers over a PTY: a late answer is never attributed to a later command', () => {
  it('the stale OK of a timed-out AT is marked late; the next AT resolves on its own OK after the marker probe', async () => {
    const { client, traffic } = await slowModuleOnPty();
    await expect(client.run({ command: 'AT', timeoutMs: SLOW_MS / 3 })).rejects.toMatchObject({ kind: 'timeout', command: 'AT' });

    const second = await client.run({ command: 'AT', timeoutMs: 4 * SLOW_MS });
    expect(second.final).toBe('OK');
    expect(commands(traffic)).toEqual(['AT', 'AT+CMEE?', 'AT']);
    const lines = rxLines(traffic).filter((line) => !line.startsWith('echo:'));
    // In arrival order: the first AT's OK (late), the probe's marker and OK, then the second AT's own OK.
    expect(lines).toEqual(['late:OK', expect.stringMatching(/^info:\+CMEE: [0-2]$/), 'final:OK', 'final:OK']);
  }, 60_000);

  it('a later command of another kind gets its own answer, not the late lines of the timed-out one', async () => {
    const { client, traffic } = await slowModuleOnPty();
    await expect(client.run({ command: 'AT+CSQ', timeoutMs: SLOW_MS / 3 })).rejects.toMatchObject({ kind: 'timeout' });
    const imei = await client.run({ command: 'AT+CGSN', timeoutMs: 4 * SLOW_MS });
    expect(imei.lines).toEqual(['867969066452788']);
    expect(rxLines(traffic).filter((line) => line.startsWith('late:'))).toEqual([expect.stringMatching(/^late:\+CSQ: \d+,\d+$/), 'late:OK']);
  }, 60_000);
});
