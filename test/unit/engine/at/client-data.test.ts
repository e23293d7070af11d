import { afterEach, describe, expect, it } from 'vitest';
import { formatQfuplChecksum, qfuplChecksum } from '../../../../electron/engine/at/index.ts';
import type { TrafficEvent } from '../../../../electron/engine/at/types.ts';
import { allText, rig, type Rig } from './harness.ts';

let current: Rig | undefined;
afterEach(() => {
  current?.client.dispose();
  current?.modem.stop();
  current = undefined;
});

const PEM_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  '-----END PRIVATE KEY-----',
  '',
].join('\r\n');

function dataEvents(traffic: TrafficEvent[], dir: 'tx' | 'rx') {
  return traffic.filter((e): e is Extract<TrafficEvent, { kind: 'data' }> => e.kind === 'data' && e.dir === dir);
}

describe('AtClient data modes', () => {
  it('S16 QFUPL: CONNECT, exactly n bytes (CRLF kept), +QFUPL size and checksum; K1 payload logged as size + checksum', async () => {
    current = await rig({ modem: { echo: true, chunkSize: 4 } });
    const { client, modem, traffic } = current;
    const payload = Buffer.from(PEM_KEY, 'latin1');
    const checksum = formatQfuplChecksum(qfuplChecksum(payload));
    const command = `AT+QFUPL="UFS:client.key",${payload.length},10`;
    modem.script(
      { expect: command, reply: '\r\nCONNECT\r\n' },
      { expectBytes: payload.length, reply: `\r\n+QFUPL: ${payload.length},${checksum}\r\n\r\nOK\r\n` },
    );
    const response = await client.run({ command, payload: { data: payload, after: 'connect', secret: true } });
    expect(response.lines).toEqual([`+QFUPL: ${payload.length},${checksum}`]);
    expect(modem.rawBlocks).toHaveLength(1);
    expect(modem.rawBlocks[0]?.equals(payload)).toBe(true);
    expect(modem.received.equals(Buffer.concat([Buffer.from(`${command}\r`), payload]))).toBe(true);
    expect(dataEvents(traffic, 'tx')).toEqual([expect.objectContaining({ length: payload.length, checksum })]);
    expect(dataEvents(traffic, 'tx')[0]?.text).toBeUndefined();
    expect(allText(traffic)).not.toContain('PRIVATE KEY');
    expect(allText(traffic)).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj');
  });

  it('QHTTPURL: CONNECT then exactly the URL bytes (no CR LF), short non-secret payload shown as text', async () => {
    current = await rig();
    const { client, modem, traffic } = current;
    const url = 'https://127.0.0.1:8443/server-info';
    modem.script({ expect: `AT+QHTTPURL=${url.length},80`, reply: '\r\nCONNECT\r\n' }, { expectBytes: url.length, reply: '\r\nOK\r\n' });
    const response = await client.run({ command: `AT+QHTTPURL=${url.length},80`, payload: { data: url, after: 'connect' } });
    expect(response.final).toBe('OK');
    expect(modem.received.toString('latin1')).toBe(`AT+QHTTPURL=${url.length},80\r${url}`);
    expect(dataEvents(traffic, 'tx')[0]?.text).toBe(url);
  });

  it('S14 QMTPUB: reacts to "> " without newline, sends payload + Ctrl-Z exactly; OK and +QMTPUB in one read', async () => {
    current = await rig({ modem: { echo: true } });
    const { client, modem } = current;
    const payload = '{"type":"INIT","imei":"867698041234567"}';
    modem.script(
      { expect: 'AT+QMTPUB=0,1,1,0,"tms2/dev/init"', reply: '\r\n> ' },
      { expectUntilByte: 0x1a, reply: '\r\nOK\r\n\r\n+QMTPUB: 0,1,0\r\n' },
    );
    const response = await client.run({ command: 'AT+QMTPUB=0,1,1,0,"tms2/dev/init"', payload: { data: payload, after: 'prompt' } });
    expect(response).toMatchObject({ final: 'OK', deferred: '+QMTPUB: 0,1,0' });
    expect(modem.received.toString('latin1')).toBe(`AT+QMTPUB=0,1,1,0,"tms2/dev/init"\r${payload}\x1a`);
  });

  it('S14 QMTPUB with ATE1: the echoed payload is logged as echo, not as an information line', async () => {
    current = await rig({ modem: { echo: true } });
    const { client, modem, traffic } = current;
    modem.script({ expect: 'AT+QMTPUB=0,0,0,0,"t"', reply: '\r\n> ' }, { expectUntilByte: 0x1a, reply: '+hello\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n' });
    const response = await client.run({ command: 'AT+QMTPUB=0,0,0,0,"t"', payload: { data: '+hello', after: 'prompt' } });
    expect(response.lines).toEqual([]);
    expect(traffic.some((e) => e.kind === 'line' && e.role === 'echo' && e.text === '+hello')).toBe(true);
  });

  it('S14 QMTPUB fixed-length form: terminator none sends exactly len bytes, no Ctrl-Z', async () => {
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+QMTPUB=0,0,0,0,"t",5', reply: '\r\n>' }, { expectBytes: 5, reply: '\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n' });
    await client.run({ command: 'AT+QMTPUB=0,0,0,0,"t",5', payload: { data: 'a\r\nbc', after: 'prompt', terminator: 'none' } });
    expect(modem.received.toString('latin1')).toBe('AT+QMTPUB=0,0,0,0,"t",5\ra\r\nbc');
  });

  it('S15 QHTTPREAD with a known length: a body containing OK, CRLF and +QIURC stays data', async () => {
    current = await rig({ modem: { chunkSize: 5 } });
    const { client, modem, traffic, urcs } = current;
    const body = '{"mqtt":"ok"}\r\nOK\r\n+QIURC: "pdpdeact",1\r\n\r\nERROR\r\n';
    modem.script({ expect: 'AT+QHTTPREAD=80', reply: `\r\nCONNECT\r\n${body}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n` });
    const response = await client.run({ command: 'AT+QHTTPREAD=80', receive: { length: body.length } });
    expect(response.data?.toString('latin1')).toBe(body);
    expect(response).toMatchObject({ final: 'OK', deferred: '+QHTTPREAD: 0' });
    expect(urcs).toEqual(['+QHTTPREAD: 0']);
    expect(dataEvents(traffic, 'rx')).toEqual([expect.objectContaining({ length: body.length })]);
  });

  it('QHTTPREAD without a length (table default): data up to the trailing \\r\\nOK\\r\\n', async () => {
    current = await rig({ modem: { echo: true, chunkSize: 2 } });
    const { client, modem } = current;
    const body = 'line 1\r\nOK-ish\r\n\r\n';
    modem.script({ expect: 'AT+QHTTPREAD=60', reply: `\r\nCONNECT\r\n${body}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n` });
    const response = await client.run('AT+QHTTPREAD=60');
    expect(response.data?.toString('latin1')).toBe(body);
    expect(response.deferred).toBe('+QHTTPREAD: 0');
  });

  it('QHTTPREAD failure before CONNECT rejects with the HTTP meaning', async () => {
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+QHTTPREAD=80', reply: '\r\n+CME ERROR: 717\r\n' });
    await expect(client.run('AT+QHTTPREAD=80')).rejects.toMatchObject({ code: 717, meaning: 'socket read error' });
  });

  it('QFDWL download: CONNECT <n> then binary data', async () => {
    current = await rig();
    const { client, modem } = current;
    const file = Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x4f, 0x4b, 0x0d, 0x0a, 0xff]);
    const sum = formatQfuplChecksum(qfuplChecksum(file));
    modem.script({
      expect: 'AT+QFDWL="UFS:fw.bin"',
      reply: [Buffer.from(`\r\nCONNECT ${file.length}\r\n`), file, Buffer.from(`\r\n+QFDWL: ${file.length},${sum}\r\n\r\nOK\r\n`)],
    });
    const response = await client.run({ command: 'AT+QFDWL="UFS:fw.bin"', receive: { length: file.length } });
    expect(response.data?.equals(file)).toBe(true);
    expect(response.lines).toEqual([`+QFDWL: ${file.length},${sum}`]);
  });

  it('OK where CONNECT was required is a protocol error, and nothing is uploaded', async () => {
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+QFUPL="a",3', reply: '\r\nOK\r\n' });
    await expect(client.run({ command: 'AT+QFUPL="a",3', payload: { data: 'abc', after: 'connect' } })).rejects.toMatchObject({ kind: 'protocol' });
    expect(modem.received.toString('latin1')).toBe('AT+QFUPL="a",3\r');
  });
});
