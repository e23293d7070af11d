/**
 * The AtClient over a real socat PTY pair, a scripted modem on the other end: echo on (S4), a URC
 * between a command and its OK (S5), a QFUPL upload whose bytes are checked on the modem side
 * (S15/S16), and the cable pulled mid-command (S1).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtClient, AtClosedError, qfuplChecksum, formatQfuplChecksum } from '../../electron/engine/at/index.ts';
import { SerialTransport } from '../../electron/engine/transport/serial.ts';
import { ScriptedModem } from '../helpers/scripted-modem.ts';
import { createPtyPair } from '../helpers/pty.ts';
import type { PtyPair } from '../helpers/pty.ts';

describe('AtClient over a socat PTY pair', () => {
  let pty: PtyPair;
  let host: SerialTransport;
  let device: SerialTransport;
  let client: AtClient;
  let modem: ScriptedModem;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    pty = await createPtyPair();
    host = new SerialTransport(pty.a, { path: pty.a, baudRate: 115200, rtscts: false });
    device = new SerialTransport(pty.b, { path: pty.b, baudRate: 115200, rtscts: false });
    await device.open();
    await host.open();
    modem = new ScriptedModem(device, { echo: true });
    client = AtClient.attach(host, { guardMs: 1 });
  });

  afterEach(async () => {
    client.dispose();
    modem.stop();
    await host.close();
    await device.close();
    await pty.dispose();
    process.off('unhandledRejection', onUnhandled);
  });

  it('a host stalled past the deadline while the answer waited in the port is not a timeout: the answer is read first', async () => {
    // The module answers at once; then the host's event loop is held for well past the command's
    // timeout (as 32 slots starting together on a busy machine do), with the OK in the buffer.
    let stalledMs = 0;
    device.onData((chunk) => {
      if (!chunk.toString('latin1').includes('AT+CSQ\r')) return;
      void device.write(Buffer.from('\r\n+CSQ: 19,99\r\n\r\nOK\r\n'));
      const start = performance.now();
      while (performance.now() - start < 1200) {
        // busy: nothing else runs, timers come due
      }
      stalledMs = performance.now() - start;
    });

    const response = await client.run({ command: 'AT+CSQ', timeoutMs: 400 });

    expect(stalledMs).toBeGreaterThanOrEqual(1200);
    expect(response.final).toBe('OK');
    expect(response.lines).toEqual(['+CSQ: 19,99']);
  });

  it('a module that stays silent still times out after a stall (one grace, then the deadline counts)', async () => {
    device.onData((chunk) => {
      if (!chunk.toString('latin1').includes('AT+CSQ\r')) return;
      const start = performance.now();
      while (performance.now() - start < 900) {
        // busy, and no answer is ever sent
      }
    });

    await expect(client.run({ command: 'AT+CSQ', timeoutMs: 300 })).rejects.toMatchObject({ name: 'AtTimeoutError' });
  });

  it('S4: with echo on, ATI returns only the information lines', async () => {
    modem.script({ expect: 'ATI', reply: '\r\nQuectel\r\nEG25\r\nRevision: EG25GGBR07A08M2G\r\n\r\nOK\r\n' });

    const response = await client.run('ATI');

    expect(response.lines).toEqual(['Quectel', 'EG25', 'Revision: EG25GGBR07A08M2G']);
    expect(response.final).toBe('OK');
    expect(modem.lines).toEqual(['ATI']);
  });

  it('S5: a URC between the information line and OK goes to the URC handler, not the response', async () => {
    const urcs: string[] = [];
    client.onUrc('+QIURC:', (line) => urcs.push(line));
    modem.script({ expect: 'AT+CSQ', reply: ['\r\n+CSQ: 19,99\r\n', '\r\n+QIURC: "pdpdeact",1\r\n', '\r\nOK\r\n'] });

    const response = await client.run('AT+CSQ');

    expect(response.lines).toEqual(['+CSQ: 19,99']);
    expect(urcs).toEqual(['+QIURC: "pdpdeact",1']);
  });

  it('S15/S16: QFUPL sends exactly the payload bytes, checked on the modem side', async () => {
    // Bytes that would confuse a line parser: OK, CRLF, a URC, +++ and every byte value.
    const payload = Buffer.concat([
      Buffer.from('-----BEGIN CERTIFICATE-----\r\nOK\r\n+QIURC: "closed",0\r\n+++\r\n'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.alloc(3000, 0x41),
    ]);
    const checksum = formatQfuplChecksum(qfuplChecksum(payload));
    const command = `AT+QFUPL="UFS:ca.pem",${payload.length},5`;
    modem.script(
      { expect: command, reply: '\r\nCONNECT\r\n' },
      { expectBytes: payload.length, reply: `\r\n+QFUPL: ${payload.length},${checksum}\r\n\r\nOK\r\n` },
    );

    const response = await client.run({ command, payload: { data: payload, after: 'connect' } });

    expect(modem.rawBlocks).toHaveLength(1);
    expect(modem.rawBlocks[0]?.equals(payload)).toBe(true);
    expect(response.lines).toEqual([`+QFUPL: ${payload.length},${checksum}`]);
    expect(response.final).toBe('OK');
  });

  it('S1: killing socat mid-command rejects the pending command at once with a lost port', async () => {
    modem.script({ expect: 'AT+QIACT=1', reply: null }); // the module is "working" (up to 150 s)
    const pending = client.run({ command: 'AT+QIACT=1', timeoutMs: 120_000 });
    const outcome = pending.then(() => 'answered', (e: unknown) => e);
    await modem.waitForLine('AT+QIACT=1');

    await pty.kill();

    const error = await outcome;
    expect(error).toBeInstanceOf(AtClosedError);
    expect(error).toMatchObject({ kind: 'closed', command: 'AT+QIACT=1', cause: { kind: 'lost', port: pty.a } });
    await expect(client.run('AT')).rejects.toBeInstanceOf(AtClosedError);
    expect(unhandled).toEqual([]);
  });
});
