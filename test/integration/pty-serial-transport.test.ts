/**
 * The serial transport over a real socat PTY pair: bytes both ways, open errors (missing path,
 * port locked by another program S3), and the cable pulled mid-session (S1).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import type { SerialPortFactory } from '../../electron/engine/transport/serial.ts';
import { SerialTransport } from '../../electron/engine/transport/serial.ts';
import { TransportError } from '../../electron/engine/transport/errors.ts';
import { ByteSink, createPtyPair } from '../helpers/pty.ts';
import type { PtyPair } from '../helpers/pty.ts';

const settings = (path: string) => ({ path, baudRate: 115200, rtscts: false });

describe('SerialTransport over a socat PTY pair', () => {
  let pty: PtyPair;
  const opened: SerialTransport[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const openEnd = async (path: string) => {
    const t = new SerialTransport(path, settings(path));
    opened.push(t);
    await t.open();
    return t;
  };

  beforeEach(async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    pty = await createPtyPair();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((t) => t.close()));
    await pty.dispose();
    process.off('unhandledRejection', onUnhandled);
  });

  it('carries bytes both ways, all 256 byte values unchanged', async () => {
    const host = await openEnd(pty.a);
    const device = await openEnd(pty.b);
    const atDevice = new ByteSink(device);
    const atHost = new ByteSink(host);
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

    await host.write(Buffer.concat([Buffer.from('AT\r'), every]));
    await device.write(Buffer.from('\r\nOK\r\n'));

    expect(await atDevice.waitForLength(3 + 256)).toEqual(Buffer.concat([Buffer.from('AT\r'), every]));
    expect((await atHost.waitForText('OK\r\n')).toString('latin1')).toBe('\r\nOK\r\n');
  });

  it('delivers 256 KiB in order when the peer writes in one go', async () => {
    const host = await openEnd(pty.a);
    const device = await openEnd(pty.b);
    const atHost = new ByteSink(host);
    const payload = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 7) & 0xff));

    await device.write(payload);

    expect((await atHost.waitForLength(payload.length)).equals(payload)).toBe(true);
  });

  it('opens the port locked, at the requested baud rate and flow control', async () => {
    const seen: Parameters<SerialPortFactory>[0][] = [];
    const factory: SerialPortFactory = (options) => {
      seen.push(options);
      return new SerialPort(options);
    };
    const host = new SerialTransport(pty.a, { path: pty.a, baudRate: 9600, rtscts: true }, factory);
    opened.push(host);
    await host.open();

    expect(seen).toEqual([expect.objectContaining({ path: pty.a, baudRate: 9600, rtscts: true, lock: true, autoOpen: false })]);
    expect(host.isOpen).toBe(true);
  });

  it('rejects with not-found naming the path when the device does not exist', async () => {
    const missing = `${pty.a}-missing`;
    const t = new SerialTransport(missing, settings(missing));

    const error = await t.open().then(() => undefined, (e: unknown) => e);

    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'not-found', port: missing });
    expect((error as Error).message).toContain(missing);
    expect(t.isOpen).toBe(false);
  });

  it('S3: a port held by another program gives busy, and the holder keeps working', async () => {
    const holder = await openEnd(pty.a);
    const device = await openEnd(pty.b);
    const second = new SerialTransport(pty.a, settings(pty.a));

    const error = await second.open().then(() => undefined, (e: unknown) => e);

    expect(error).toMatchObject({ kind: 'busy', port: pty.a });
    expect((error as Error).message).toMatch(/held by another program/);
    const atDevice = new ByteSink(device);
    await holder.write(Buffer.from('ATI\r'));
    expect((await atDevice.waitForText('ATI\r')).toString()).toBe('ATI\r');
  });

  it('S1: socat killed mid-session → onClose(lost), then writes reject with lost', async () => {
    const host = await openEnd(pty.a);
    const closes: Array<TransportError | undefined> = [];
    const closed = new Promise<void>((resolve) =>
      host.onClose((error) => {
        closes.push(error);
        resolve();
      }),
    );

    await pty.kill();
    await closed;

    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ kind: 'lost', port: pty.a });
    expect(host.isOpen).toBe(false);
    await expect(host.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'lost' });
    expect(unhandled).toEqual([]);
  });

  it('S1: a write stuck behind a full buffer rejects with lost when the cable goes', async () => {
    const host = await openEnd(pty.a);
    // Nobody reads end b, so socat stops draining end a and this write cannot finish.
    const stuck = host.write(Buffer.alloc(4 * 1024 * 1024, 0x55));
    const outcome = stuck.then(() => 'written', (e: unknown) => e);

    await pty.kill();

    expect(await outcome).toMatchObject({ kind: 'lost', port: pty.a });
    expect(unhandled).toEqual([]);
  });

  it('close() reports a requested close, is idempotent, and later writes reject with closed', async () => {
    const host = await openEnd(pty.a);
    const closes: Array<TransportError | undefined> = [];
    host.onClose((error) => closes.push(error));

    await host.close();
    await host.close();

    expect(closes).toEqual([undefined]);
    await expect(host.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'closed' });
  });

  it('can be opened again after close (the lock was released)', async () => {
    const host = await openEnd(pty.a);
    await host.close();
    const device = await openEnd(pty.b);
    const atDevice = new ByteSink(device);

    await host.open();
    await host.write(Buffer.from('AT\r'));

    expect((await atDevice.waitForText('AT\r')).toString()).toBe('AT\r');
  });
});
