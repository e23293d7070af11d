/** The command-list script format (docs/command-lists.md): parsing, problems by line, printing back, expectations. */
import { describe, expect, it } from 'vitest';
import { COMMAND_LIST_MAX_LINES, CommandListSchema, formatCommandScript, meetsExpectation, parseCommandScript } from '../../../shared/command-list.ts';

describe('parseCommandScript', () => {
  it('reads commands, "=> expected" (substring or /regex/), "@wait" pauses, and skips comments and blank lines', () => {
    const text = ['# check the SIM', 'ATI', '=> Quectel', '', 'AT+CSQ', '=> /\\+CSQ: \\d+,99/', '@wait 500ms', '  AT+CPIN?  ', '@wait 2s', 'at+cops?', '@WAIT 1.5s'].join('\r\n');
    expect(parseCommandScript(text)).toEqual({
      lines: [
        { command: 'ATI', expect: 'Quectel' },
        { command: 'AT+CSQ', expect: '/\\+CSQ: \\d+,99/', delayMs: 500 },
        { command: 'AT+CPIN?', delayMs: 2000 },
        { command: 'at+cops?', delayMs: 1500 },
      ],
      issues: [],
    });
  });

  it('names the line of every problem', () => {
    const text = ['=> OK', '@wait 1s', 'ATI', 'hello', '@wait soon', '=> /[/', `AT${'X'.repeat(2100)}`, '@wait 601s'].join('\n');
    const { issues } = parseCommandScript(text);
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [1, 'expect-without-command'],
      [2, 'wait-without-command'],
      [4, 'not-a-command'],
      [5, 'bad-wait'],
      [6, 'bad-regex'],
      [7, 'too-long'],
      [8, 'bad-wait'],
    ]);
    expect(issues[2]?.message).toMatch(/^line 4: a command starts with AT/);
  });

  it('an empty script and one of more than the maximum lines are refused', () => {
    expect(parseCommandScript('# nothing\n\n').issues.map((i) => i.code)).toEqual(['empty']);
    const many = Array.from({ length: COMMAND_LIST_MAX_LINES + 1 }, () => 'AT').join('\n');
    expect(parseCommandScript(many).issues.map((i) => i.code)).toEqual(['too-many']);
  });

  it('formatCommandScript prints lines that parse back to the same list', () => {
    const lines = [{ command: 'ATI', expect: '/EC2\\d/i', delayMs: 250 }, { command: 'AT+CSQ' }, { command: 'AT+QCCID', expect: '+QCCID:' }];
    const text = formatCommandScript(lines);
    expect(text).toBe('ATI\n=> /EC2\\d/i\n@wait 250ms\nAT+CSQ\nAT+QCCID\n=> +QCCID:\n');
    expect(parseCommandScript(text)).toEqual({ lines, issues: [] });
    expect(CommandListSchema.safeParse({ name: 'SIM check', lines }).success).toBe(true);
  });
});

describe('meetsExpectation', () => {
  it('a plain text is a substring of the answer; /regex/flags is a regular expression', () => {
    const answer = '+CSQ: 19,99\nOK';
    expect(meetsExpectation('19,99', answer)).toBe(true);
    expect(meetsExpectation('+CSQ: 31', answer)).toBe(false);
    expect(meetsExpectation('/^\\+CSQ: (1\\d|2\\d),99$/m', answer)).toBe(true);
    expect(meetsExpectation('/^ok$/', answer)).toBe(false);
    expect(meetsExpectation('/^ok$/im', answer)).toBe(true);
  });
});

describe('CommandListSchema', () => {
  it('refuses a name that is a path, unknown fields and bounds', () => {
    expect(CommandListSchema.safeParse({ name: '../etc', lines: [{ command: 'ATI' }] }).success).toBe(false);
    expect(CommandListSchema.safeParse({ name: 'a', lines: [{ command: 'ATI', extra: 1 }] }).success).toBe(false);
    expect(CommandListSchema.safeParse({ name: 'a', lines: [] }).success).toBe(false);
    expect(CommandListSchema.safeParse({ name: 'a', lines: [{ command: 'ATI', delayMs: 600_001 }] }).success).toBe(false);
  });
});
