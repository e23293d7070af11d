import { describe, expect, it } from 'vitest';
import { createMemoryLink } from '../../../../electron/engine/transport/memory.ts';
import type { TransportError } from '../../../../electron/engine/transport/errors.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function openPair() {
  const link = createMemoryLink();
  await link.host.open();
  await link.device.open();
  return link;
}

describe('memory link', () => {
  it('delivers written bytes to the peer asynchronously, never inside write()', async () => {
    const { host, device } = await openPair();
    const received: string[] = [];
    device.onData((chunk) => received.push(chunk.toString('latin1')));

    const bytes = Buffer.from('AT\r');
    await host.write(bytes);
    bytes.write('XX');
    expect(received).toEqual([]);

    await nextTurn();
    expect(received).toEqual(['AT\r']);
  });

  it('drops bytes for a peer that is not open', async () => {
    const { host, device } = createMemoryLink();
    await host.open();
    const received: Buffer[] = [];
    device.onData((chunk) => received.push(chunk));

    await host.write(Buffer.from('AT\r'));
    await nextTurn();

    expect(received).toEqual([]);
  });

  it('opening twice is harmless; a write before open rejects as closed', async () => {
    const { host } = createMemoryLink('memory:h', 'memory:d');
    await expect(host.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'closed', port: 'memory:h' });
    await host.open();
    await host.open();
    expect(host.isOpen).toBe(true);
  });

  it('S1: sever() ends both ends as lost, once, and they cannot be written or reopened', async () => {
    const { host, device } = await openPair();
    const hostCloses: Array<TransportError | undefined> = [];
    const deviceCloses: Array<TransportError | undefined> = [];
    host.onClose((error) => hostCloses.push(error));
    device.onClose((error) => deviceCloses.push(error));

    device.sever();
    host.sever();

    expect(hostCloses).toMatchObject([{ kind: 'lost', port: 'memory:host' }]);
    expect(deviceCloses).toMatchObject([{ kind: 'lost', port: 'memory:device' }]);
    expect([host.isOpen, device.isOpen]).toEqual([false, false]);
    await expect(host.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'lost', port: 'memory:host' });
    await expect(host.open()).rejects.toMatchObject({ kind: 'lost', port: 'memory:host' });
  });

  it('sever() reports lost even to an end that was never opened', () => {
    const { host, device } = createMemoryLink();
    const closes: Array<TransportError | undefined> = [];
    device.onClose((error) => closes.push(error));

    host.sever();

    expect(closes).toMatchObject([{ kind: 'lost', port: 'memory:device' }]);
  });

  it('close() reports a requested close once, leaves the peer open, and the end stays ended', async () => {
    const { host, device } = await openPair();
    const closes: Array<TransportError | undefined> = [];
    const deviceCloses: Array<TransportError | undefined> = [];
    host.onClose((error) => closes.push(error));
    device.onClose((error) => deviceCloses.push(error));

    await host.close();
    await host.close();
    host.sever();

    expect(closes).toEqual([undefined]);
    expect(host.isOpen).toBe(false);
    expect(deviceCloses).toMatchObject([{ kind: 'lost', port: 'memory:device' }]);
    await expect(host.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'lost', port: 'memory:host' });
    await expect(host.open()).rejects.toMatchObject({ kind: 'lost' });
  });

  it('closing an end that was never opened reports nothing', async () => {
    const { host } = createMemoryLink();
    const closes: Array<TransportError | undefined> = [];
    host.onClose((error) => closes.push(error));

    await host.close();

    expect(closes).toEqual([]);
    expect(host.isOpen).toBe(false);
  });

  it('unsubscribed listeners hear nothing', async () => {
    const { host, device } = await openPair();
    const received: Buffer[] = [];
    const closes: Array<TransportError | undefined> = [];
    device.onData((chunk) => received.push(chunk))();
    device.onClose((error) => closes.push(error))();

    await host.write(Buffer.from('AT\r'));
    await nextTurn();
    device.sever();

    expect(received).toEqual([]);
    expect(closes).toEqual([]);
  });
});
