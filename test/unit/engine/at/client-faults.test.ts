import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtAbortedError, AtClient, AtClosedError, AtTimeoutError } from '../../../../electron/engine/at/index.ts';
import type { TrafficEvent } from '../../../../electron/engine/at/types.ts';
import { TransportError } from '../../../../electron/engine/transport/errors.ts';
import { allText, driveUntilSettled, linesWithRole, rig, tick, until, useFakeClock, type Rig } from './harness.ts';

let current: Rig | undefined;
afterEach(() => {
  vi.useRealTimers();
  current?.client.dispose();
  current?.modem.stop();
  current = undefined;
});

describe('S1 port lost mid-command', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('rejects the pending, queued and deferred work at once with AtClosedError naming the port; no unhandled rejection', async () => {
    current = await rig();
    const { client, modem, device } = current;
    modem.script({ expect: 'AT+QMTOPEN=0,"h",8883', reply: '\r\nOK\r\n' }, { expect: 'AT+QIACT=1', reply: null });
    const open = client.run('AT+QMTOPEN=0,"h",8883'); // waits for its deferred +QMTOPEN
    const activate = client.run('AT+QIACT=1'); // 150 s command, never answered
    const queued = client.run('AT+CSQ');
    const urc = client.waitForUrc('+QMTSTAT', { timeoutMs: 60_000 });
    await modem.waitForLine('AT+QIACT=1');
    device.sever();

    const errors = await Promise.all([open, activate, queued, urc].map((p) => p.catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(AtClosedError);
      expect(error).toMatchObject({ kind: 'closed', port: 'memory:test-host' });
      expect((error as AtClosedError).cause).toBeInstanceOf(TransportError);
      expect((error as AtClosedError).cause?.kind).toBe('lost');
    }
    expect((errors[1] as Error).message).toContain('AT+QIACT=1');
    await expect(client.run('AT')).rejects.toBeInstanceOf(AtClosedError);
    for (let i = 0; i < 5; i++) await tick(); // Node reports unhandled rejections after each macrotask
    expect(unhandled).toEqual([]);
  });

  it('a port closed before attach rejects every command', async () => {
    current = await rig();
    await current.host.close();
    await expect(current.client.run('AT')).rejects.toBeInstanceOf(AtClosedError);
    await expect(current.client.waitForUrc('RDY', { timeoutMs: 10 })).rejects.toBeInstanceOf(AtClosedError);
  });
});

describe('timeouts (fake clock)', () => {
  it('S10 a silent modem times out with phase result, the documented-or-2 s limit and lines so far', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+CSQ', reply: '\r\n+CSQ: 19,99\r\n' }); // no final result
    const error = await driveUntilSettled(client.run('AT+CSQ')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', phase: 'result', timeoutMs: 2000, lines: ['+CSQ: 19,99'] });
    expect((error as Error).message).toBe('AT+CSQ: no result within 2000 ms');
  });

  it('S11 a late answer after a timeout is logged as late and never taken as the next command\'s answer', async () => {
    useFakeClock();
    current = await rig({ modem: { echo: true } });
    const { client, modem, traffic } = current;
    modem.always('AT', '\r\nOK\r\n');
    modem.script({ expect: 'AT+CPIN?', reply: null }, { expect: 'AT+CGSN', reply: '\r\n867698041234567\r\n\r\nOK\r\n' });
    const first = await driveUntilSettled(client.run('AT+CPIN?')).catch((e: unknown) => e);
    expect(first).toMatchObject({ kind: 'timeout', timeoutMs: 5000 });
    // The module answers the timed-out command late, just as the next command is queued.
    await modem.push('\r\n+CPIN: READY\r\n\r\nOK\r\n');
    const second = await driveUntilSettled(client.run('AT+CGSN'));
    expect(second.lines).toEqual(['867698041234567']);
    expect(linesWithRole(traffic, 'late')).toEqual(['+CPIN: READY', 'OK']);
    expect(modem.lines).toEqual(['AT+CPIN?', 'AT', 'AT+CGSN']); // resync probe before the next command
  });

  it('S13 a deferred result that never comes times out with phase deferred and its own limit', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+QMTOPEN=0,"h",8883', reply: '\r\nOK\r\n' });
    const started = Date.now();
    const error = await driveUntilSettled(client.run('AT+QMTOPEN=0,"h",8883'), 500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtTimeoutError);
    expect(error).toMatchObject({ phase: 'deferred', timeoutMs: 75_000, awaited: '+QMTOPEN:' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75_000); // fake clock: the table's 75 s was honoured
  });

  it('S13 a late deferred result after its timeout is still routed as a URC', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem, urcs } = current;
    modem.script({ expect: 'AT+QMTCONN=0,"d"', reply: '\r\nOK\r\n' });
    await expect(driveUntilSettled(client.run({ command: 'AT+QMTCONN=0,"d"', deferred: { prefix: '+QMTCONN:', timeoutMs: 3000 } }))).rejects.toMatchObject({
      phase: 'deferred',
      timeoutMs: 3000,
    });
    await modem.push('\r\n+QMTCONN: 0,0,0\r\n');
    await until(() => urcs.length === 1);
    expect(urcs).toEqual(['+QMTCONN: 0,0,0']);
  });

  it('S6 waits the guard delay after a final result before sending the next command', async () => {
    useFakeClock();
    current = await rig({ client: { guardMs: 20 } });
    const { client, modem } = current;
    modem.script({ expect: 'AT', reply: '\r\nOK\r\n' }, { expect: 'ATE0', reply: '\r\nOK\r\n' });
    await client.run('AT');
    const second = client.run('ATE0');
    for (let i = 0; i < 20; i++) await tick();
    expect(modem.lines).toEqual(['AT']); // fake clock has not moved: the guard holds ATE0 back
    await vi.advanceTimersByTimeAsync(20);
    await second;
    expect(modem.lines).toEqual(['AT', 'ATE0']);
  });

  it('S15 a download that stalls mid-body times out in phase data and the engine leaves data mode', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.always('AT+CMEE?', '\r\n+CMEE: 2\r\n\r\nOK\r\n'); // the resync probe (the read never ends: an answer is owed)
    modem.script({ expect: 'AT+QHTTPREAD=80', reply: '\r\nCONNECT\r\n0123456789' }, { expect: 'AT+CSQ', reply: '\r\n+CSQ: 9,99\r\n\r\nOK\r\n' });
    const error = await driveUntilSettled(client.run({ command: 'AT+QHTTPREAD=80', receive: { length: 100 }, dataTimeoutMs: 3000 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', phase: 'data', timeoutMs: 3000 });
    expect((await driveUntilSettled(client.run('AT+CSQ'))).lines).toEqual(['+CSQ: 9,99']);
  });

  it('S15 the data-phase limit is a maximum gap: a slow but steady body is not cut off', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+QHTTPREAD=80', reply: '\r\nCONNECT\r\n' });
    const body = 'x'.repeat(10);
    const pending = client.run({ command: 'AT+QHTTPREAD=80', receive: { length: 10 }, dataTimeoutMs: 1000 });
    await modem.whenScriptDone();
    for (const ch of body) {
      await vi.advanceTimersByTimeAsync(800); // each gap is shorter than the limit, the total is longer
      await modem.push(ch);
      await tick();
    }
    await modem.push('\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n');
    expect((await driveUntilSettled(pending)).data?.toString()).toBe(body);
  });

  it('waitForUrc times out', async () => {
    useFakeClock();
    current = await rig();
    await expect(driveUntilSettled(current.client.waitForUrc('+QMTSTAT', { timeoutMs: 1000 }))).rejects.toMatchObject({
      kind: 'timeout',
      command: 'URC +QMTSTAT',
    });
  });
});

describe('cancellation with AbortSignal', () => {
  it('a queued command that is aborted is never sent', async () => {
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+CSQ', reply: null });
    const controller = new AbortController();
    const first = client.run({ command: 'AT+CSQ', timeoutMs: 60_000 });
    const second = client.run({ command: 'AT+CGSN', signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(AtAbortedError);
    await modem.push('\r\n+CSQ: 1,1\r\n\r\nOK\r\n');
    await first;
    expect(modem.lines).toEqual(['AT+CSQ']);
  });

  it('aborting a running command rejects at once; its late answer does not leak into the next command', async () => {
    current = await rig({ client: { drainQuietMs: 5 } });
    const { client, modem, traffic } = current;
    modem.always('AT', '\r\nOK\r\n');
    modem.script({ expect: 'AT+QIACT=1', reply: null }, { expect: 'AT+CSQ', reply: '\r\n+CSQ: 20,99\r\n\r\nOK\r\n' });
    const controller = new AbortController();
    const running = client.run({ command: 'AT+QIACT=1', signal: controller.signal });
    await modem.waitForLine('AT+QIACT=1');
    controller.abort();
    await expect(running).rejects.toMatchObject({ kind: 'aborted', command: 'AT+QIACT=1' });
    await modem.push('\r\nERROR\r\n'); // the module's late answer
    await until(() => linesWithRole(traffic, 'late').length === 1);
    expect((await client.run('AT+CSQ')).lines).toEqual(['+CSQ: 20,99']);
  });

  it('aborting while the deferred result is awaited rejects with AtAbortedError', async () => {
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+QMTOPEN=0,"h",1883', reply: '\r\nOK\r\n' });
    const controller = new AbortController();
    const running = client.run({ command: 'AT+QMTOPEN=0,"h",1883', signal: controller.signal });
    await modem.whenScriptDone();
    await until(() => current?.traffic.some((e) => e.kind === 'line' && e.text === 'OK') ?? false);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(AtAbortedError);
  });

  it('an aborted publish whose prompt arrives later is cancelled with ESC', async () => {
    current = await rig({ client: { drainQuietMs: 5 } });
    const { client, modem } = current;
    modem.script({ expect: 'AT+QMTPUB=0,0,0,0,"t"', reply: null }, { expectUntilByte: 0x1b, reply: '\r\nOK\r\n' });
    const controller = new AbortController();
    const running = client.run({ command: 'AT+QMTPUB=0,0,0,0,"t"', payload: { data: 'x', after: 'prompt' }, signal: controller.signal });
    await modem.waitForLine('AT+QMTPUB=0,0,0,0,"t"');
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(AtAbortedError);
    await modem.push('\r\n> ');
    await modem.whenScriptDone();
    expect(modem.rawBlocks.map((b) => [...b])).toEqual([[0x1b]]);
  });
});

describe('K1 redaction', () => {
  it('a registered password never appears in traffic (echo split into 1-byte chunks) or in errors', async () => {
    const password = 'Pa55-w0rd!x';
    current = await rig({ modem: { echo: true, chunkSize: 1 } });
    const { client, modem, traffic } = current;
    client.redactor.add(password);
    const command = `AT+QMTCONN=0,"dev-1","user","${password}"`;
    modem.script({ expect: command, reply: '\r\n+CME ERROR: 3\r\n' });
    const error = await client.run(command).catch((e: unknown) => e);
    expect((error as Error).message).toContain('AT+QMTCONN=0,"dev-1","user","[REDACTED]"');
    expect(JSON.stringify(error)).not.toContain(password);
    expect((error as Error).message).not.toContain(password);
    expect(allText(traffic)).not.toContain(password);
    expect(traffic.some((e) => e.kind === 'command' && e.text.includes('[REDACTED]'))).toBe(true);
    expect(linesWithRole(traffic, 'echo')).toEqual(['AT+QMTCONN=0,"dev-1","user","[REDACTED]"']);
  });

  it('a traffic subscriber that joins while a secret is half received still gets it whole and redacted', async () => {
    // With no subscriber the recorder builds no events, but it must keep segmenting received bytes:
    // a segment that started inside the secret would show its tail.
    const password = 'Sunny-day-42';
    const base = await rig();
    base.client.dispose(); // the rig's client always has a subscriber: use one that has none yet
    const client = AtClient.attach(base.host);
    current = { ...base, client };
    client.redactor.add(password);
    base.modem.script({ expect: 'AT+QMTCONN?', reply: null });
    const pending = client.run('AT+QMTCONN?');
    await base.modem.waitForLine('AT+QMTCONN?');
    let chunks = 0;
    base.host.onData(() => chunks++);
    await base.device.write(Buffer.from(`\r\n+QMTCONN: 0,"${password.slice(0, 5)}`));
    await until(() => chunks > 0); // the first half is with the client, nobody listening yet
    const late: TrafficEvent[] = [];
    const off = client.onTraffic((event) => late.push(event));
    await base.device.write(Buffer.from(`${password.slice(5)}"\r\n\r\nOK\r\n`));
    await pending;
    off();
    const rx = late.flatMap((e) => (e.kind === 'bytes' && e.dir === 'rx' ? [e.text] : []));
    expect(rx.join('')).toContain('+QMTCONN: 0,"[REDACTED]"');
    expect(allText(late)).not.toContain(password.slice(5));
  });

  it('a timeout error of a command carrying a secret is redacted', async () => {
    useFakeClock();
    current = await rig();
    const { client } = current;
    client.redactor.add('hunter2');
    const error = await driveUntilSettled(client.run('AT+QMTCONN=0,"d","u","hunter2"')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', command: 'AT+QMTCONN=0,"d","u","[REDACTED]"' });
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('sync()', () => {
  it('gets through the boot URC burst (RDY, +CFUN, +CPIN, +QIND, APP RDY) to OK', async () => {
    useFakeClock();
    current = await rig({ modem: { echo: true } });
    const { client, modem, urcs } = current;
    modem.script(
      { expect: 'AT', reply: null }, // still booting
      {
        // An answer is owed now, so the next attempt is a marker probe (S11); RDY says nothing earlier will be answered.
        expect: 'AT+CMEE?',
        reply: '\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n\r\n+CMEE: 0\r\n\r\nOK\r\n',
        echo: false,
      },
    );
    const result = await driveUntilSettled(client.sync({ attempts: 5, intervalMs: 500 }));
    expect(result.attempts).toBe(2);
    expect(urcs).toEqual(['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', 'APP RDY']);
  });

  it('gives up after the given attempts with the last timeout', async () => {
    useFakeClock();
    current = await rig();
    await expect(driveUntilSettled(current.client.sync({ attempts: 3, intervalMs: 200 }))).rejects.toBeInstanceOf(AtTimeoutError);
    // After the first unanswered AT, marker probes: a late OK can never pass for an attempt's answer (S11).
    expect(current.modem.lines).toEqual(['AT', 'AT+CMEE?', 'AT+CGMI']);
  });
});

describe('dispose()', () => {
  it('rejects pending work with AtAbortedError and leaves the transport open', async () => {
    current = await rig();
    const { client, modem, host } = current;
    modem.script({ expect: 'AT', reply: null });
    const pending = client.run('AT');
    await modem.waitForLine('AT');
    client.dispose();
    await expect(pending).rejects.toBeInstanceOf(AtAbortedError);
    await expect(client.run('AT')).rejects.toBeInstanceOf(AtAbortedError);
    expect(host.isOpen).toBe(true);
  });
});
