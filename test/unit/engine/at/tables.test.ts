import { describe, expect, it } from 'vitest';
import {
  COMMAND_TABLE,
  MIN_DEFERRED_MS,
  MIN_RESULT_MS,
  REDACTED,
  Redactor,
  describeCme,
  formatQfuplChecksum,
  parseCommand,
  parseFinal,
  parseQfuplChecksum,
  qfuplChecksum,
  resolveCommand,
} from '../../../../electron/engine/at/index.ts';

describe('command table and resolution', () => {
  it.each([
    { command: 'AT', name: 'AT', form: 'exec', args: [] },
    { command: 'ATE0', name: 'ATE', form: 'exec', args: ['0'] },
    { command: 'AT&F', name: 'AT&F', form: 'exec', args: [] },
    { command: 'AT+CPIN?', name: 'AT+CPIN', form: 'read', args: [] },
    { command: 'AT+QMTOPEN=?', name: 'AT+QMTOPEN', form: 'test', args: [] },
    { command: 'at+qmtopen=0,"a,b",8883', name: 'AT+QMTOPEN', form: 'write', args: ['0', 'a,b', '8883'] },
  ] as const)('parses $command', ({ command, name, form, args }) => {
    expect(parseCommand(command)).toMatchObject({ name, form, args });
  });

  it.each([
    { command: 'AT+CSQ', resultMs: MIN_RESULT_MS },
    { command: 'AT+CPIN?', resultMs: 5_000 },
    { command: 'AT+QIACT=1', resultMs: 150_000 },
    { command: 'AT+QIDEACT=1', resultMs: 40_000 },
    { command: 'AT+XYZ', resultMs: MIN_RESULT_MS },
  ])('$command waits max(documented, 2 s) = $resultMs ms for its result', ({ command, resultMs }) => {
    expect(resolveCommand({ command }).resultMs).toBe(resultMs);
  });

  it.each([
    { command: 'AT+QMTOPEN=0,"h",8883', prefix: '+QMTOPEN:', timeoutMs: 75_000 },
    { command: 'AT+QMTCONN=0,"d"', prefix: '+QMTCONN:', timeoutMs: 16_000 },
    { command: 'AT+QMTSUB=0,1,"t",1', prefix: '+QMTSUB:', timeoutMs: 15_000 },
    { command: 'AT+QMTDISC=0', prefix: '+QMTDISC:', timeoutMs: MIN_DEFERRED_MS },
    { command: 'AT+QHTTPGET=80', prefix: '+QHTTPGET:', timeoutMs: 80_000 + MIN_DEFERRED_MS },
    { command: 'AT+QHTTPGET', prefix: '+QHTTPGET:', timeoutMs: 60_000 + MIN_DEFERRED_MS },
  ])('S13 $command has deferred $prefix within $timeoutMs ms', ({ command, prefix, timeoutMs }) => {
    expect(resolveCommand({ command }).deferred).toMatchObject({ prefix, timeoutMs });
  });

  it('read and test forms have no deferred result; their own prefix is the info line', () => {
    const read = resolveCommand({ command: 'AT+QMTOPEN?' });
    expect(read.deferred).toBeUndefined();
    expect(read.isInfo('+QMTOPEN: 0,"h",8883')).toBe(true);
    const write = resolveCommand({ command: 'AT+QMTOPEN=0,"h",8883' });
    expect(write.isInfo('+QMTOPEN: 0,0')).toBe(false);
    expect(write.isInfo('+QMTSTAT: 0,1')).toBe(false);
  });

  it('the default deferred matcher checks the client index and msgID', () => {
    const pub = resolveCommand({ command: 'AT+QMTPUB=1,42,1,0,"t"', payload: { data: 'x', after: 'prompt' } }).deferred;
    expect(pub?.match('+QMTPUB: 1,42,0')).toBe(true);
    expect(pub?.match('+QMTPUB: 1,41,0')).toBe(false);
    expect(pub?.match('+QMTPUB: 0,42,0')).toBe(false);
  });

  it('every entry cites its source and has a positive time', () => {
    for (const [name, spec] of Object.entries(COMMAND_TABLE)) {
      expect(spec.source, name).not.toBe('');
      expect(spec.resultMs, name).toBeGreaterThan(0);
    }
  });
});

describe('final results', () => {
  it.each([
    ['OK', { ok: true, connect: false }],
    ['CONNECT', { ok: true, connect: true }],
    ['CONNECT 1024', { ok: true, connect: true }],
    ['SEND OK', { ok: true }],
    ['ERROR', { ok: false, code: undefined }],
    ['+CME ERROR: 10', { ok: false, code: 10, meaning: 'SIM not inserted' }],
    ['+CME ERROR: 714', { ok: false, code: 714, meaning: 'DNS error' }],
    ['+CME ERROR: SIM busy', { ok: false, code: 'SIM busy', meaning: 'SIM busy' }],
    ['+CMS ERROR: 321', { ok: false, code: 321 }],
    ['NO CARRIER', { ok: false }],
  ] as const)('%s', (line, expected) => {
    expect(parseFinal(line)).toMatchObject(expected);
  });

  it('information lines are not final results', () => {
    for (const line of ['+CSQ: 19,99', 'OKAY', 'CONNECTED', '+QHTTPGET: 0,200']) expect(parseFinal(line)).toBeUndefined();
  });
});

describe('S12 +CME ERROR meanings', () => {
  it.each([
    [3, 'operation not allowed'],
    [407, 'file already exists'],
    ['421', 'timeout'],
    [565, 'DNS parse failed'],
    [704, 'UART busy (another port in data mode)'],
    [730, 'invalid parameter'],
  ] as const)('%s → %s', (code, meaning) => {
    expect(describeCme(code)).toBe(meaning);
  });

  it('unknown numbers say so; text codes are their own meaning', () => {
    expect(describeCme(999)).toBe('unknown +CME ERROR code 999');
    expect(describeCme('SIM PIN required')).toBe('SIM PIN required');
  });
});

describe('S16 QFUPL checksum', () => {
  /** Independent reference: XOR of 16-bit big-endian words, zero-padded at the end. */
  function reference(bytes: Uint8Array): number {
    const padded = bytes.length % 2 ? Buffer.concat([Buffer.from(bytes), Buffer.alloc(1)]) : Buffer.from(bytes);
    let sum = 0;
    for (let i = 0; i < padded.length; i += 2) sum ^= padded.readUInt16BE(i);
    return sum;
  }

  it.each([
    { bytes: [], sum: 0, hex: '0' },
    { bytes: [0x12, 0x34, 0x56, 0x78], sum: 0x444c, hex: '444c' },
    { bytes: [0x12, 0x34, 0x56], sum: 0x4434, hex: '4434' },
    { bytes: [0x0f], sum: 0x0f00, hex: 'f00' },
    { bytes: [0x00, 0x72], sum: 0x72, hex: '72' },
  ])('$bytes → $hex', ({ bytes, sum, hex }) => {
    expect(qfuplChecksum(Uint8Array.from(bytes))).toBe(sum);
    expect(formatQfuplChecksum(sum)).toBe(hex);
  });

  it('agrees with an independent implementation on random data of odd and even lengths', () => {
    for (let n = 0; n < 300; n++) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + n * 17) & 0xff));
      expect(qfuplChecksum(data)).toBe(reference(data));
    }
  });

  it('parses the module\'s printed value in either case', () => {
    expect(parseQfuplChecksum('2D13')).toBe(0x2d13);
    expect(parseQfuplChecksum('f5f')).toBe(0xf5f);
    expect(parseQfuplChecksum('xyz')).toBeUndefined();
  });
});

describe('K1 Redactor (the one Redactor, re-exported by the AT engine)', () => {
  it('masks every occurrence of a long secret, longest first, UTF-8 bytes and PEM lines too', () => {
    const redactor = new Redactor();
    redactor.add('abcdefgh');
    redactor.add('abcdefghijkl');
    redactor.add('비밀번호-비밀번호');
    redactor.add('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0\nAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4\n-----END PRIVATE KEY-----\n');
    expect(redactor.redact('x abcdefghijkl y abcdefgh z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
    expect(redactor.redact(Buffer.from('pw=비밀번호-비밀번호', 'utf8').toString('latin1'))).toBe(`pw=${REDACTED}`);
    expect(redactor.redact('line AoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4 end')).toBe(`line ${REDACTED} end`); // a registered body line
    expect(redactor.redact('line MIIEvQIBADANBgkqhkiG9w0 end')).toBe('line [REDACTED:pem] end'); // also the start of any DER key
    expect(redactor.redact('-----BEGIN PRIVATE KEY-----')).toBe('[REDACTED:pem]');
  });

  it('ignores empty secrets', () => {
    const redactor = new Redactor();
    redactor.add('');
    expect(redactor.size).toBe(0);
    expect(redactor.redact('text')).toBe('text');
  });
});
