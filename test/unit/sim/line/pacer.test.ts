import { describe, expect, it } from 'vitest';
import { bytesPerSecondOf, SerialPacer } from '../../../../electron/sim/line/pacer.ts';

describe('SerialPacer', () => {
  it('counts 10 bits per byte (8N1)', () => {
    expect(bytesPerSecondOf(115200)).toBe(11520);
  });

  it('passes bytes straight through when pacing is off', () => {
    const chunks: Buffer[] = [];
    const pacer = new SerialPacer(undefined, (chunk) => chunks.push(chunk));
    pacer.push(Buffer.from('hello'));
    expect(chunks).toEqual([Buffer.from('hello')]);
  });

  it('delivers a large write in small chunks, in order, and settles idle', async () => {
    const chunks: Buffer[] = [];
    const pacer = new SerialPacer(bytesPerSecondOf(115200), (chunk) => chunks.push(chunk));
    const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    pacer.push(data.subarray(0, 1000));
    pacer.push(data.subarray(1000));
    expect(pacer.pending).toBeGreaterThan(0);
    await pacer.whenIdle();
    expect(Buffer.concat(chunks)).toEqual(data);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks[0]?.length).toBeLessThan(200);
  });

  it('drops what is not yet sent on clear (cable pulled)', async () => {
    const chunks: Buffer[] = [];
    const pacer = new SerialPacer(bytesPerSecondOf(9600), (chunk) => chunks.push(chunk));
    pacer.push(Buffer.alloc(5000, 0x41));
    pacer.clear();
    await pacer.whenIdle();
    expect(Buffer.concat(chunks).length).toBeLessThan(5000);
    expect(pacer.pending).toBe(0);
  });
});

describe('SerialPacer chunks', () => {
  it('sends the pieces of one answer written in the same turn as one chunk', async () => {
    const chunks: Buffer[] = [];
    const pacer = new SerialPacer(bytesPerSecondOf(115200), (chunk) => chunks.push(chunk));
    pacer.push(Buffer.from('\r\n+CSQ: 24,99\r\n'));
    pacer.push(Buffer.from('\r\nOK\r\n'));
    await pacer.whenIdle();
    expect(chunks.map((chunk) => chunk.toString())).toEqual(['\r\n+CSQ: 24,99\r\n\r\nOK\r\n']);
  });
});
