import { describe, expect, it } from 'vitest';
import { QuectelError } from '../../../../electron/engine/quectel/errors.ts';
import {
  buildCommand,
  commandHead,
  parseInfoLine,
  quoteString,
  tokenizeFields,
  trailingText,
  unquoted,
  type AtParam,
  type Field,
} from '../../../../electron/engine/quectel/syntax.ts';

function thrown(fn: () => unknown): QuectelError {
  try {
    fn();
  } catch (error) {
    if (error instanceof QuectelError) return error;
    throw error;
  }
  throw new Error('expected a QuectelError');
}

describe('buildCommand', () => {
  it.each([
    { name: 'AT+QFUPL', params: { name: 'UFS:ca.pem', size: 1234, timeout: 10 }, line: 'AT+QFUPL="UFS:ca.pem",1234,10' },
    { name: 'AT+QSSLCFG', params: { item: 'ciphersuite', ctx: 1, value: unquoted('0xC02F') }, line: 'AT+QSSLCFG="ciphersuite",1,0xC02F' },
    { name: 'AT+QMTOPEN', params: { idx: 0, host: '192.0.2.10', port: 4001 }, line: 'AT+QMTOPEN=0,"192.0.2.10",4001' },
    { name: 'AT+QFLST', params: { pattern: undefined }, line: 'AT+QFLST' },
    { name: 'AT+QICSGP', params: { cid: 1, type: 3, apn: '', user: '', pass: '', auth: 0 }, line: 'AT+QICSGP=1,3,"","","",0' },
    { name: 'AT+QHTTPCFG', params: { item: 'contextid', value: 1, more: undefined }, line: 'AT+QHTTPCFG="contextid",1' },
    { name: 'AT+TMSGCAL', params: { roll: 3.5, pitch: -1.2 }, line: 'AT+TMSGCAL=3.5,-1.2' },
    { name: 'AT+TMSGCAL', params: { roll: 0.1 + 0.2, pitch: 1e-7 }, line: 'AT+TMSGCAL=0.3,0' },
    { name: 'AT+QMTSUB', params: { idx: 0, msg: 1, topic: 'a,b', qos: 1 }, line: 'AT+QMTSUB=0,1,"a,b",1' },
  ] satisfies Array<{ name: string; params: Record<string, AtParam>; line: string }>)('$line', ({ name, params, line }) => {
    expect(buildCommand(name, params)).toBe(line);
  });

  it('commas inside a quoted string are fine; a double quote is rejected naming the parameter (not its value)', () => {
    expect(quoteString('topic', 'DDTM/UP/a,b')).toBe('"DDTM/UP/a,b"');
    const error = thrown(() => buildCommand('AT+QMTCONN', { idx: 0, clientId: 'TMS2_1', user: 'TMS2_1', password: 'se"cret' }));
    expect(error.kind).toBe('invalid-parameter');
    expect(error.param).toBe('password');
    expect(error.message).toContain('"password"');
    expect(error.message).not.toContain('se"cret');
  });

  it.each([
    { value: 'a\rb', why: 'CR' },
    { value: 'a\nb', why: 'LF' },
    { value: 'a\x1ab', why: 'Ctrl-Z' },
    { value: 'a\x1bb', why: 'ESC' },
  ] satisfies Array<{ value: string; why: string }>)('rejects $why inside a string', ({ value }) => {
    expect(thrown(() => buildCommand('AT+X', { text: value })).param).toBe('text');
  });

  it('a trailing text may carry quotes only as the last parameter (will message JSON)', () => {
    const json = '{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}';
    expect(buildCommand('AT+QMTCFG', { item: 'will', idx: 0, flag: 1, qos: 1, retain: 0, topic: 'DDTM/LWT/x', msg: trailingText(json) })).toBe(
      `AT+QMTCFG="will",0,1,1,0,"DDTM/LWT/x","${json}"`,
    );
    expect(thrown(() => buildCommand('AT+X', { msg: trailingText('"a"'), after: 1 })).param).toBe('msg');
    expect(thrown(() => buildCommand('AT+X', { msg: trailingText('a\r\n') })).param).toBe('msg');
  });

  it('rejects unquoted tokens with separators, non-finite numbers and a gap before a later value', () => {
    expect(thrown(() => buildCommand('AT+X', { hex: unquoted('0x1,2') })).param).toBe('hex');
    expect(thrown(() => buildCommand('AT+X', { n: Number.NaN })).param).toBe('n');
    expect(thrown(() => buildCommand('AT+X', { a: undefined, b: 1 })).param).toBe('a');
  });

  it('commandHead drops the arguments (which may hold secrets)', () => {
    expect(commandHead('AT+QMTCONN=0,"id","user","secret"')).toBe('AT+QMTCONN');
    expect(commandHead('ATI')).toBe('ATI');
  });
});

describe('tokenizer', () => {
  const f = (text: string, quoted = false): Field => ({ text, quoted });

  it.each([
    { text: 'a,"b,c",3', fields: [f('a'), f('b,c', true), f('3')] },
    { text: '19,99', fields: [f('19'), f('99')] },
    { text: '"SRV","CAT-M",45012,2500,13BD0B', fields: [f('SRV', true), f('CAT-M', true), f('45012'), f('2500'), f('13BD0B')] },
    { text: '0,1,0,2', fields: [f('0'), f('1'), f('0'), f('2')] },
    { text: '"security/",2', fields: [f('security/', true), f('2')] },
    { text: '1, "x" , 2', fields: [f('1'), f('x', true), f('2')] },
    { text: '""', fields: [f('', true)] },
    { text: '1,,3', fields: [f('1'), f(''), f('3')] },
    { text: '"2019/05/20,20:07:40-20,1"', fields: [f('2019/05/20,20:07:40-20,1', true)] },
  ] satisfies Array<{ text: string; fields: Field[] }>)('$text', ({ text, fields }) => {
    expect(tokenizeFields(text)).toEqual(fields);
  });

  it('rejects an unterminated quote and text after a closing quote', () => {
    expect(thrown(() => tokenizeFields('"abc')).kind).toBe('unexpected-response');
    expect(thrown(() => tokenizeFields('"a"b,1')).kind).toBe('unexpected-response');
  });

  it('parseInfoLine splits the name from the fields; other lines are not info lines', () => {
    expect(parseInfoLine('+QFUPL: 1675,2d13')).toEqual({ name: '+QFUPL', fields: [f('1675'), f('2d13')] });
    expect(parseInfoLine('+QMTSTAT:0,1')).toEqual({ name: '+QMTSTAT', fields: [f('0'), f('1')] });
    expect(parseInfoLine('+QHTTPURL:')).toEqual({ name: '+QHTTPURL', fields: [] });
    expect(parseInfoLine('OK')).toBeUndefined();
    expect(parseInfoLine('Revision: BG96MAR02A07M1G')).toBeUndefined();
  });
});
