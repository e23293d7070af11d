import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AtCommandError } from '../../../../electron/engine/at/index.ts';
import { linesWithRole, rig, until, type Rig } from './harness.ts';

let current: Rig | undefined;
afterEach(() => {
  current?.client.dispose();
  current?.modem.stop();
  current = undefined;
});

async function setup(echo: boolean, chunkSize?: number): Promise<Rig> {
  current = await rig({ modem: { echo, chunkSize } });
  return current;
}

describe('AtClient basics', () => {
  it.each([
    { echo: true, chunkSize: undefined },
    { echo: false, chunkSize: undefined },
    { echo: true, chunkSize: 1 },
    { echo: false, chunkSize: 3 },
  ])('S4 works with echo $echo (chunk size $chunkSize) and drops the echo line', async ({ echo, chunkSize }) => {
    const { client, modem, traffic } = await setup(echo, chunkSize);
    modem.script(
      { expect: 'ATE0', reply: '\r\nOK\r\n' },
      { expect: 'AT+CSQ', reply: '\r\n+CSQ: 19,99\r\n\r\nOK\r\n' },
      { expect: 'ATI', reply: '\r\nQuectel\r\nEG25\r\nRevision: EG25GGBR07A08M2G\r\n\r\nOK\r\n' },
    );
    expect((await client.run('ATE0')).lines).toEqual([]);
    const csq = await client.run('AT+CSQ');
    expect(csq).toMatchObject({ command: 'AT+CSQ', final: 'OK', lines: ['+CSQ: 19,99'] });
    expect((await client.run('ATI')).lines).toEqual(['Quectel', 'EG25', 'Revision: EG25GGBR07A08M2G']);
    expect(linesWithRole(traffic, 'echo')).toEqual(echo ? ['ATE0', 'AT+CSQ', 'ATI'] : []);
    expect(modem.received.toString('latin1')).toBe('ATE0\rAT+CSQ\rATI\r');
  });

  it('runs queued commands one at a time, in order', async () => {
    const { client, modem } = await setup(true);
    modem.script(
      { expect: 'AT+CGSN', reply: '\r\n867698041234567\r\n\r\nOK\r\n' },
      { expect: 'AT+QGMR', reply: '\r\nEG25GGBR07A08M2G_30.203.30.203\r\n\r\nOK\r\n' },
      { expect: 'AT+CPIN?', reply: '\r\n+CPIN: READY\r\n\r\nOK\r\n' },
    );
    const results = await Promise.all([client.run('AT+CGSN'), client.run('AT+QGMR'), client.run('AT+CPIN?')]);
    expect(results.map((r) => r.lines[0])).toEqual(['867698041234567', 'EG25GGBR07A08M2G_30.203.30.203', '+CPIN: READY']);
    expect(modem.unexpected).toEqual([]);
  });

  it('S5 routes a URC between the command and its OK to URC handlers, never into the response', async () => {
    const { client, modem, urcs, traffic } = await setup(true);
    modem.script({
      expect: 'AT+CSQ',
      reply: '\r\n+QIURC: "pdpdeact",1\r\n\r\n+CSQ: 19,99\r\n\r\n+QMTSTAT: 0,1\r\n\r\nOK\r\n',
    });
    const seen: string[] = [];
    const off = client.onUrc('+QMTSTAT', (line) => seen.push(line));
    const response = await client.run('AT+CSQ');
    expect(response.lines).toEqual(['+CSQ: 19,99']);
    expect(seen).toEqual(['+QMTSTAT: 0,1']);
    expect(urcs).toEqual(['+QIURC: "pdpdeact",1', '+QMTSTAT: 0,1']);
    expect(linesWithRole(traffic, 'urc')).toEqual(urcs);
    off();
  });

  it('S5 a URC with the response\'s own prefix (+CREG: <stat>) is told apart from the read answer', async () => {
    const { client, modem, urcs } = await setup(false);
    modem.script({ expect: 'AT+CREG?', reply: '\r\n+CREG: 2\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n' });
    const response = await client.run('AT+CREG?');
    expect(response.lines).toEqual(['+CREG: 0,1']);
    expect(urcs).toEqual(['+CREG: 2']);
  });

  it('S5 AT+QMTOPEN? keeps its read answer and routes a deferred +QMTOPEN URC that lands in between', async () => {
    const { client, modem, urcs } = await setup(true);
    modem.script({ expect: 'AT+QMTOPEN?', reply: '\r\n+QMTOPEN: 1,0\r\n\r\n+QMTOPEN: 0,"broker.local",8883\r\n\r\nOK\r\n' });
    expect((await client.run('AT+QMTOPEN?')).lines).toEqual(['+QMTOPEN: 0,"broker.local",8883']);
    expect(urcs).toEqual(['+QMTOPEN: 1,0']);
  });

  it('S5 a +CREG URC in the n=2 form is not taken as the read answer', async () => {
    const { client, modem, urcs } = await setup(false);
    modem.script({ expect: 'AT+CREG?', reply: '\r\n+CREG: 1,"1A2B","01234567",7\r\n\r\n+CREG: 2,1,"1A2B","01234567",7\r\n\r\nOK\r\n' });
    expect((await client.run('AT+CREG?')).lines).toEqual(['+CREG: 2,1,"1A2B","01234567",7']);
    expect(urcs).toEqual(['+CREG: 1,"1A2B","01234567",7']);
  });

  it('S5/S13 during AT+QMTOPEN: +QMTSTAT and another client\'s +QMTOPEN are URCs; the own +QMTOPEN is the deferred result', async () => {
    const { client, modem, urcs } = await setup(true);
    modem.script({
      expect: 'AT+QMTOPEN=0,"broker.local",8883',
      reply: '\r\n+QMTOPEN: 1,0\r\n\r\n+QMTSTAT: 2,1\r\n\r\nOK\r\n',
    });
    const pending = client.run('AT+QMTOPEN=0,"broker.local",8883');
    await until(() => urcs.length === 2);
    await modem.push('\r\n+QMTOPEN: 0,0\r\n');
    const response = await pending;
    expect(response).toMatchObject({ final: 'OK', lines: [], deferred: '+QMTOPEN: 0,0' });
    expect(urcs).toEqual(['+QMTOPEN: 1,0', '+QMTSTAT: 2,1', '+QMTOPEN: 0,0']);
  });

  it('S13 a deferred result that arrives in the same read as OK, or even before it, is not missed', async () => {
    const { client, modem } = await setup(false);
    modem.script(
      { expect: 'AT+QMTCONN=0,"dev-1"', reply: '\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n' },
      { expect: 'AT+QMTSUB=0,7,"cmd/dev-1",1', reply: '\r\n+QMTSUB: 0,7,0,1\r\n\r\nOK\r\n' },
    );
    expect((await client.run('AT+QMTCONN=0,"dev-1"')).deferred).toBe('+QMTCONN: 0,0,0');
    expect((await client.run('AT+QMTSUB=0,7,"cmd/dev-1",1')).deferred).toBe('+QMTSUB: 0,7,0,1');
  });

  it('a caller-supplied deferred matcher picks its own line', async () => {
    const { client, modem } = await setup(false);
    modem.script({ expect: 'AT+QHTTPGET=80', reply: '\r\nOK\r\n' });
    const pending = client.run({ command: 'AT+QHTTPGET=80', deferred: { prefix: '+QHTTPGET:', match: (l) => l.includes(',200') } });
    await modem.whenScriptDone();
    await modem.push(['\r\n+QHTTPGET: 0,404\r\n', '\r\n+QHTTPGET: 0,200,1234\r\n']);
    expect((await pending).deferred).toBe('+QHTTPGET: 0,200,1234');
  });

  it('deferred: false returns right after OK', async () => {
    const { client, modem } = await setup(false);
    modem.script({ expect: 'AT+QMTDISC=0', reply: '\r\nOK\r\n' });
    const response = await client.run({ command: 'AT+QMTDISC=0', deferred: false });
    expect(response.deferred).toBeUndefined();
  });

  it('URC storm: 5000 URCs while a command runs are all delivered and the command still gets its answer', async () => {
    const { client, modem } = await setup(true, 7);
    const urc = (i: number) => `\r\n+QMTRECV: 0,${i},"t","p${i}"\r\n`;
    const storm = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => urc(from + i)).join('');
    modem.script({ expect: 'AT+CSQ', reply: [storm(0, 2500), '\r\n+CSQ: 21,99\r\n', storm(2500, 5000), '\r\nOK\r\n'] });
    const received: string[] = [];
    client.onUrc('+QMTRECV:', (line) => received.push(line));
    const response = await client.run('AT+CSQ');
    expect(response.lines).toEqual(['+CSQ: 21,99']);
    expect(received).toHaveLength(5000);
    expect(received[4999]).toBe('+QMTRECV: 0,4999,"t","p4999"');
  });

  it('S12 numeric +CME ERROR rejects with code and meaning from the table', async () => {
    const { client, modem } = await setup(false);
    modem.script({ expect: 'AT+QFUPL="UFS:ca.pem",10,5', reply: '\r\n+CME ERROR: 407\r\n' });
    const error = await client.run({ command: 'AT+QFUPL="UFS:ca.pem",10,5', payload: { data: '0123456789', after: 'connect' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtCommandError);
    expect(error).toMatchObject({ kind: 'command', code: 407, meaning: 'file already exists', final: '+CME ERROR: 407' });
    expect((error as Error).message).toContain('AT+QFUPL="UFS:ca.pem",10,5');
    expect(modem.received.toString('latin1')).toBe('AT+QFUPL="UFS:ca.pem",10,5\r'); // no payload without CONNECT
  });

  it('S12 text +CME ERROR (CMEE=2), +CMS ERROR and plain ERROR', async () => {
    const { client, modem } = await setup(true);
    modem.script(
      { expect: 'AT+CPIN?', reply: '\r\n+CME ERROR: SIM not inserted\r\n' },
      { expect: 'AT+CMGS="1"', reply: '\r\n+CMS ERROR: 500\r\n' },
      { expect: 'AT+CSQ?', reply: '\r\nERROR\r\n' },
    );
    await expect(client.run('AT+CPIN?')).rejects.toMatchObject({ code: 'SIM not inserted', meaning: 'SIM not inserted' });
    await expect(client.run('AT+CMGS="1"')).rejects.toMatchObject({ code: 500, final: '+CMS ERROR: 500' });
    const plain = await client.run('AT+CSQ?').catch((e: unknown) => e);
    expect(plain).toMatchObject({ kind: 'command', code: undefined, final: 'ERROR' });
    expect((plain as Error).message).toMatch(/^AT\+CSQ\?: ERROR \(/);
  });

  it('S9 NUL floods and garbage around an answer are dropped; the answer is intact', async () => {
    const { client, modem, traffic } = await setup(false, 5);
    modem.script({ expect: 'AT', reply: ['\x00'.repeat(500), '\xff\xfe\x80garbage\r\n', '\x00\r\nO', 'K\r\n'] });
    const response = await client.run('AT');
    expect(response.final).toBe('OK');
    expect(linesWithRole(traffic, 'info').length + linesWithRole(traffic, 'noise').length).toBeGreaterThan(0);
  });

  it('S9 a line with no newline for long is discarded and logged as noise, then resync works', async () => {
    current = await rig({ client: { maxLineLength: 64 } });
    const { client, modem, traffic } = current;
    await modem.push('x'.repeat(10_000));
    modem.script({ expect: 'AT', reply: '\r\nOK\r\n' });
    expect((await client.sync({ attempts: 1 })).attempts).toBe(1);
    expect(linesWithRole(traffic, 'noise')).toEqual(['[10000 bytes discarded: line too long]']);
  });

  it('NO CARRIER is a failure; SEND OK after a prompt is a success', async () => {
    const { client, modem } = await setup(false);
    modem.script(
      { expect: 'ATD123;', reply: '\r\nNO CARRIER\r\n' },
      { expect: 'AT+QISEND=0,5', reply: '\r\n> ' },
      { expectBytes: 5, reply: '\r\nSEND OK\r\n' },
    );
    await expect(client.run('ATD123;')).rejects.toMatchObject({ final: 'NO CARRIER' });
    const sent = await client.run({ command: 'AT+QISEND=0,5', payload: { data: 'hello', after: 'prompt', terminator: 'none' } });
    expect(sent.final).toBe('SEND OK');
    expect(modem.rawBlocks.map((b) => b.toString())).toEqual(['hello']);
  });

  it('waitForUrc resolves with the matching URC', async () => {
    const { client, modem } = await setup(false);
    const waiting = client.waitForUrc('+QMTSTAT:', { timeoutMs: 10_000, match: (l) => l.endsWith(',2') });
    await modem.push('\r\n+QMTSTAT: 0,1\r\n\r\n+QMTSTAT: 0,2\r\n');
    expect(await waiting).toBe('+QMTSTAT: 0,2');
  });

  it('a throwing URC handler does not break the engine', async () => {
    const errors: unknown[] = [];
    current = await rig({ client: { onHandlerError: (e) => errors.push(e) } });
    const { client, modem } = current;
    client.onUrc('+QIND', () => {
      throw new Error('handler bug');
    });
    modem.script({ expect: 'AT', reply: '\r\n+QIND: SMS DONE\r\n\r\nOK\r\n' });
    expect((await client.run('AT')).final).toBe('OK');
    expect(errors).toHaveLength(1);
  });

  it('rejects malformed requests with a TypeError before anything is sent', async () => {
    const { client, modem } = await setup(false);
    await expect(client.run('CSQ')).rejects.toThrow(TypeError);
    await expect(client.run('AT+CSQ\r')).rejects.toThrow(TypeError);
    await expect(client.run('AT+QFUPL="a",3')).rejects.toThrow(/payload is required/);
    expect(modem.received.length).toBe(0);
  });
});

describe('command timer (one reused Timeout per client)', () => {
  // A child process with nothing else alive: the command's deadline must hold the event loop while
  // the command waits (else the process would end silently, printing nothing) and must let go once
  // it is answered (else the process would hang for the 10 minutes of the answered command).
  it('holds the process while a command waits and lets it end once answered', async () => {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'keepalive-child.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(out.trim().split('\n')).toEqual(['timeout AT+CGSN 300', 'answered +CSQ: 19,99', 'answered +CSQ: 20,99']);
    expect(code).toBe(0);
  });
});
