import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputReader } from '../../../../electron/sim/line/reader.ts';

function reader() {
  const lines: string[] = [];
  const echoed: Buffer[] = [];
  const r = new InputReader(
    (line) => lines.push(line),
    (bytes) => echoed.push(bytes),
  );
  r.enabled = true;
  const feed = (text: string) => r.feed(Buffer.from(text, 'latin1'));
  return { r, lines, feed, echo: () => Buffer.concat(echoed).toString('latin1') };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('InputReader command mode', () => {
  it('ends lines at CR, tolerates CR LF, drops control bytes and honours backspace', () => {
    const { lines, feed } = reader();
    feed('AT\rAT+CSQ\r\nAT+CG');
    feed('SN\r\n\rATX\bI\r');
    feed('\x00\x1aAT\x07\r');
    expect(lines).toEqual(['AT', 'AT+CSQ', 'AT+CGSN', 'ATI', 'AT']);
  });

  it('ignores every byte while the module is off or booting', () => {
    const { r, lines, feed } = reader();
    r.enabled = false;
    feed('AT\r');
    expect(lines).toEqual([]);
  });

  it('discards an over-long line (S9)', () => {
    const { lines, feed } = reader();
    feed(`AT${'X'.repeat(5000)}\rAT\r`);
    expect(lines).toEqual(['AT']);
  });
});

describe('InputReader echo (docs/uncertain-behaviour.md#echo-per-character)', () => {
  it.each([
    ['a half-typed command is echoed before its CR arrives', ['AT+C'], 'AT+C', []],
    ['backspace is echoed as the byte and edits the line', ['ATX\bI\r'], 'ATX\bI\r', ['ATI']],
    ['control bytes are dropped, the LF after CR is not echoed', ['\x00AT\r\n'], 'AT\r', ['AT']],
    ['bytes split over reads are echoed per read', ['A', 'T', '\r'], 'AT\r', ['AT']],
  ])('%s', (_name, chunks, echoed, lines) => {
    const t = reader();
    for (const chunk of chunks) t.feed(chunk);
    expect(t.echo()).toBe(echoed);
    expect(t.lines).toEqual(lines);
  });

  it('echoes the payload typed at the > prompt but not the Ctrl-Z that ends it, nor data-mode bytes', async () => {
    const t = reader();
    const prompt = t.r.receivePrompt({ maxLength: 100 });
    t.feed('hi\x1a');
    await expect(prompt).resolves.toEqual({ bytes: Buffer.from('hi'), outcome: 'send' });
    const data = t.r.receiveData({ length: 3 });
    t.feed('xyz');
    await data;
    expect(t.echo()).toBe('hi');
  });
});

describe('InputReader data mode', () => {
  it('takes exactly n bytes, swallowing the LF of a CR LF command ending, then parses commands again', async () => {
    const { r, lines, feed } = reader();
    feed('AT+QFUPL="a",5\r');
    const data = r.receiveData({ length: 5 });
    feed('\nAB\r\nC');
    feed('DEAT\r');
    // "AB\r\nC" completes the 5 bytes, so "DEAT" is command text again
    await expect(data).resolves.toEqual({ bytes: Buffer.from('AB\r\nC'), complete: true });
    expect(lines).toEqual(['AT+QFUPL="a",5', 'DEAT']);
  });

  it('ends after the idle timeout with the bytes so far', async () => {
    vi.useFakeTimers();
    const { r, feed } = reader();
    const data = r.receiveData({ length: 10, idleTimeoutMs: 5000 });
    feed('abc');
    vi.advanceTimersByTime(4999);
    feed('d');
    vi.advanceTimersByTime(5000);
    await expect(data).resolves.toEqual({ bytes: Buffer.from('abcd'), complete: false });
  });

  it('ends after the total timeout however bytes keep coming', async () => {
    vi.useFakeTimers();
    const { r, feed } = reader();
    const data = r.receiveData({ length: 10, totalTimeoutMs: 3000 });
    feed('ab');
    vi.advanceTimersByTime(2000);
    feed('c');
    vi.advanceTimersByTime(1000);
    await expect(data).resolves.toEqual({ bytes: Buffer.from('abc'), complete: false });
  });
});

describe('InputReader prompt mode', () => {
  it('sends on Ctrl-Z, cancels on ESC, takes fixed lengths without Ctrl-Z', async () => {
    const { r, feed } = reader();
    const sent = r.receivePrompt({ maxLength: 1548 });
    feed('{"a":1}\x1a');
    await expect(sent).resolves.toEqual({ bytes: Buffer.from('{"a":1}'), outcome: 'send' });
    const cancelled = r.receivePrompt({ maxLength: 1548 });
    feed('oops\x1b');
    await expect(cancelled).resolves.toMatchObject({ outcome: 'cancel' });
    const fixed = r.receivePrompt({ length: 3, maxLength: 1548 });
    feed('a\x1ab');
    await expect(fixed).resolves.toEqual({ bytes: Buffer.from('a\x1ab'), outcome: 'send' });
  });

  it('drops payload bytes beyond the limit', async () => {
    const { r, feed } = reader();
    const sent = r.receivePrompt({ maxLength: 4 });
    feed('123456\x1a');
    await expect(sent).resolves.toEqual({ bytes: Buffer.from('1234'), outcome: 'send' });
  });

  it('ends a pending prompt as aborted on power loss', async () => {
    const { r } = reader();
    const sent = r.receivePrompt({ maxLength: 10 });
    r.reset();
    await expect(sent).resolves.toMatchObject({ outcome: 'aborted' });
  });
});

describe('InputReader +++ escape (docs/at-behaviour.md#framing)', () => {
  it('leaves data mode on +++ framed by 1 s of silence, keeping the bytes before it', async () => {
    vi.useFakeTimers();
    const { r, feed } = reader();
    const data = r.receiveData({ length: 100 });
    feed('abc');
    vi.advanceTimersByTime(1100);
    feed('+');
    feed('++');
    vi.advanceTimersByTime(1000);
    await expect(data).resolves.toEqual({ bytes: Buffer.from('abc'), complete: false, escaped: true });
  });

  it('takes +++ as data without the guard times', async () => {
    vi.useFakeTimers();
    const { r, feed } = reader();
    const data = r.receiveData({ length: 10, idleTimeoutMs: 5000 });
    feed('ab+++');
    vi.advanceTimersByTime(1500);
    feed('c');
    vi.advanceTimersByTime(1100);
    feed('+++');
    vi.advanceTimersByTime(500);
    feed('!');
    // no silence before the first +++, no silence after the second: both are payload
    await expect(data).resolves.toEqual({ bytes: Buffer.from('ab+++c+++!'), complete: true });
  });
});
