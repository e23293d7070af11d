/**
 * S3 before a run: a serial port another program holds open is marked "in use by another
 * program" in the port list, found through /proc without opening the port. The holder here is a
 * real socat that keeps both ends of its PTY pair open.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { findPortHolders } from '../../../electron/app/port-holders.ts';
import type { SerialPortInfo } from '../../../electron/engine/transport/list.ts';
import { makeDataDir } from '../../helpers/app-fixtures.ts';
import { createPtyPair } from '../../helpers/pty.ts';
import type { PtyPair } from '../../helpers/pty.ts';

const linux = process.platform === 'linux';

describe.runIf(linux)('ports held by another program (S3)', () => {
  let pty: PtyPair;
  let dataDir: string;
  let backend: Backend | undefined;

  beforeAll(async () => {
    pty = await createPtyPair();
    dataDir = await makeDataDir();
  });
  afterAll(async () => {
    await backend?.dispose();
    await pty?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('findPortHolders names the holding program and its pid, by the listed path (a symlink)', async () => {
    const held = await findPortHolders([pty.a, '/dev/fieldlink-no-such-port']);
    expect(held.get(pty.a)).toBe(`in use by another program (socat, pid ${pty.pid})`);
    expect(held.has('/dev/fieldlink-no-such-port')).toBe(false);
  });

  it('does not count this process, and finds nothing on other platforms', async () => {
    expect(await findPortHolders([pty.a], { ownPids: [pty.pid] })).toEqual(new Map());
    expect(await findPortHolders([pty.a], { platform: 'win32' })).toEqual(new Map());
  });

  it('the back end marks the port busy in listPorts, and the port is free once the holder is gone', async () => {
    const port: SerialPortInfo = { path: pty.a, manufacturer: 'Quectel', vendorId: '2c7c', productId: '0125', serialNumber: undefined, isQuectel: true, interfaceHint: 'at' };
    backend = createBackend({ dataDir, listSerial: async () => [port], findPortHolders: (paths) => findPortHolders(paths) });
    const before = await backend.listPorts({});
    expect(before.find((p) => p.uri === pty.a)?.busy).toMatch(/^in use by another program \(socat, pid \d+\)$/);
    await pty.kill();
    const after = await backend.listPorts({});
    expect(after.find((p) => p.uri === pty.a)?.busy).toBeUndefined();
  });
});
