import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEM_SETTINGS, ModemWriter, type ModemSettings } from '../../../../electron/sim/line/writer.ts';

function writer(settings: Partial<ModemSettings> = {}, noise?: () => Buffer | undefined) {
  const out: Buffer[] = [];
  const modem = { ...DEFAULT_MODEM_SETTINGS, ...settings };
  const w = new ModemWriter((bytes) => out.push(bytes), modem, noise ? { beforeFrame: noise } : {});
  return { w, modem, text: () => Buffer.concat(out).toString('latin1') };
}

describe('ModemWriter framing (docs/at-behaviour.md#framing)', () => {
  it('frames info, finals and URCs as CR LF <text> CR LF with ATV1; echo is the bytes as given', () => {
    const { w, text } = writer();
    w.echo(Buffer.from('AT+CSQ\r'));
    w.info('+CSQ: 19,99');
    w.final({ kind: 'ok' });
    expect(text()).toBe('AT+CSQ\r\r\n+CSQ: 19,99\r\n\r\nOK\r\n');
  });

  it.each([
    [['Quectel', 'EC21', 'Revision: X'], '\r\nQuectel\r\nEC21\r\nRevision: X\r\n\r\nOK\r\n'],
    [['+QIACT: 1,1,1,"10.0.0.2"', '+QIACT: 2,1,1,"10.0.1.2"'], '\r\n+QIACT: 1,1,1,"10.0.0.2"\r\n+QIACT: 2,1,1,"10.0.1.2"\r\n\r\nOK\r\n'],
    [[], '\r\nOK\r\n'],
  ] as const)('frames the information lines %j as one block: single CR LF between lines, blank line before OK', (lines, expected) => {
    const { w, text } = writer();
    w.information(lines);
    w.final({ kind: 'ok' });
    expect(text()).toBe(expected);
  });

  it('prints the data prompt as CR LF "> " without a line end and CONNECT as a framed line', () => {
    const { w, text } = writer();
    w.prompt();
    w.final({ kind: 'connect' });
    w.final({ kind: 'connect', count: 12 });
    expect(text()).toBe('\r\n> \r\nCONNECT\r\n\r\nCONNECT 12\r\n');
  });

  it.each([
    [0, '\r\nERROR\r\n'],
    [1, '\r\n+CME ERROR: 10\r\n'],
    [2, '\r\n+CME ERROR: SIM not inserted\r\n'],
  ] as const)('follows AT+CMEE=%s for 3GPP codes', (cmee, expected) => {
    const { w, text } = writer({ cmee });
    w.final({ kind: 'cme', code: 10 });
    expect(text()).toBe(expected);
  });

  it('keeps module codes numeric with CMEE=2', () => {
    const { w, text } = writer({ cmee: 2 });
    w.final({ kind: 'cme', code: 407 });
    expect(text()).toBe('\r\n+CME ERROR: 407\r\n');
  });

  it('uses numeric finals and drops the leading CR LF with ATV0', () => {
    const { w, text } = writer({ verbose: false });
    w.information(['+QIACT: 1,1,1,"a"', '+QIACT: 2,1,1,"b"']);
    w.final({ kind: 'ok' });
    w.final({ kind: 'error' });
    expect(text()).toBe('+QIACT: 1,1,1,"a"\r\n+QIACT: 2,1,1,"b"\r\n0\r4\r');
  });

  it('holds URCs during data mode and delivers them on release', () => {
    const { w, text } = writer();
    const release = w.holdUrcs();
    w.urc('+QMTSTAT: 0,1');
    w.raw(Buffer.from('body'));
    expect(text()).toBe('body');
    release();
    expect(text()).toBe('body\r\n+QMTSTAT: 0,1\r\n');
  });

  it('puts fault noise before framed lines only', () => {
    const { w, text } = writer({}, () => Buffer.from([0xff]));
    w.echo(Buffer.from('AT\r'));
    w.final({ kind: 'ok' });
    expect(text()).toBe('AT\r\u00ff\r\nOK\r\n');
  });
});
