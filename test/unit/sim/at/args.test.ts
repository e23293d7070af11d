import { describe, expect, it } from 'vitest';
import { ParamError, ParamReader, parseArgs } from '../../../../electron/sim/at/args.ts';

describe('parseArgs', () => {
  it.each([
    ['"UFS:ca.pem",1234,5', [{ text: 'UFS:ca.pem', quoted: true }, { text: '1234', quoted: false }, { text: '5', quoted: false }]],
    ['"a,b", 3', [{ text: 'a,b', quoted: true }, { text: '3', quoted: false }]],
    ['"ciphersuite",1,0XFFFF', [{ text: 'ciphersuite', quoted: true }, { text: '1', quoted: false }, { text: '0XFFFF', quoted: false }]],
    ['1,,3', [{ text: '1', quoted: false }, { text: '', quoted: false }, { text: '3', quoted: false }]],
    ['""', [{ text: '', quoted: true }]],
  ])('splits %s', (text, expected) => {
    expect(parseArgs(text)).toEqual(expected);
  });

  it('takes a quoted last parameter up to the last quote of the line (JSON will message)', () => {
    const args = parseArgs('"will",0,1,1,0,"DDTM/LWT/TMS2_867969066452788","{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}"');
    expect(args?.map((a) => a.text)).toEqual(['will', '0', '1', '1', '0', 'DDTM/LWT/TMS2_867969066452788', '{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}']);
  });

  it.each(['"unterminated', '1,"a"b', 'abc"def'])('refuses unbalanced quotes: %s', (text) => {
    expect(parseArgs(text)).toBeUndefined();
  });
});

describe('ParamReader', () => {
  const reader = (text: string) => new ParamReader(parseArgs(text) ?? []);

  it('reads integers in range, with defaults for missing fields', () => {
    const p = reader('"x",10');
    expect(p.int(1, { min: 1, max: 100 })).toBe(10);
    expect(p.int(2, { min: 1, max: 65535, default: 5 })).toBe(5);
    expect(() => p.int(1, { min: 11, max: 100 })).toThrow(ParamError);
  });

  it('insists on quotes for strings and on no quotes for numbers and tokens', () => {
    const p = reader('x,"5","0x0035"');
    expect(() => p.str(0)).toThrow(ParamError);
    expect(() => p.int(1, { min: 0, max: 9 })).toThrow(ParamError);
    expect(() => p.token(2)).toThrow(ParamError);
    expect(p.token(0)).toBe('x');
  });

  it('reads decimals for TMS2 angles', () => {
    const p = reader('3.5,-1.25,.5,abc');
    expect([p.decimal(0, -180, 180), p.decimal(1, -90, 90), p.decimal(2, -1, 1)]).toEqual([3.5, -1.25, 0.5]);
    expect(() => p.decimal(3, -1, 1)).toThrow(ParamError);
  });
});
