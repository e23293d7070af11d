import { describe, expect, it } from 'vitest';
import { parseCommandLine, type ParsedLine } from '../../../../electron/sim/at/command-line.ts';

function commands(line: string) {
  const parsed: ParsedLine = parseCommandLine(line);
  if (parsed.kind !== 'commands') throw new Error(`not commands: ${parsed.kind}`);
  return parsed.commands.map((c) => ({ name: c.name, form: c.form, args: c.params.args.map((a) => a.text) }));
}

describe('parseCommandLine', () => {
  it.each([
    ['AT', [{ name: '', form: 'exec', args: [] }]],
    ['at+csq', [{ name: '+CSQ', form: 'exec', args: [] }]],
    ['AT+CPIN?', [{ name: '+CPIN', form: 'read', args: [] }]],
    ['AT+QFUPL=?', [{ name: '+QFUPL', form: 'test', args: [] }]],
    ['AT+QFUPL="UFS:ca.pem",10', [{ name: '+QFUPL', form: 'write', args: ['UFS:ca.pem', '10'] }]],
    ['ATE0', [{ name: 'E', form: 'write', args: ['0'] }]],
    ['ATI', [{ name: 'I', form: 'exec', args: [] }]],
    ['AT&F', [{ name: '&F', form: 'exec', args: [] }]],
    ['ATE0V1', [{ name: 'E', form: 'write', args: ['0'] }, { name: 'V', form: 'write', args: ['1'] }]],
    ['AT+CMEE=2;+CSQ', [{ name: '+CMEE', form: 'write', args: ['2'] }, { name: '+CSQ', form: 'exec', args: [] }]],
    ['AT+TMSVER?', [{ name: '+TMSVER', form: 'read', args: [] }]],
  ])('%s', (line, expected) => {
    expect(commands(line)).toEqual(expected);
  });

  it('skips line noise before AT', () => {
    expect(commands('\u00ff~AT+CGSN')).toEqual([{ name: '+CGSN', form: 'exec', args: [] }]);
  });

  it('rejects typographic quotes (JC-LOG) in UTF-8 and as typed characters', () => {
    expect(parseCommandLine('AT+QFLST=\u00e2\u0080\u009c*\u00e2\u0080\u009d').kind).toBe('syntax-error');
    expect(parseCommandLine('AT+QFLST=\u201c*\u201d').kind).toBe('syntax-error');
  });

  it.each(['AT+CSQ X', 'AT+QFLST="*', 'AT#'])('calls %s a syntax error', (line) => {
    expect(parseCommandLine(line).kind).toBe('syntax-error');
  });

  it('ignores lines without AT', () => {
    expect(parseCommandLine('hello').kind).toBe('not-at');
  });
});
