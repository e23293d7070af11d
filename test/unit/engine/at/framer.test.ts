import { describe, expect, it } from 'vitest';
import { AtFramer, type DataExpectation, type FrameEvent } from '../../../../electron/engine/at/framer.ts';

/** Comparable form of events: data as latin1 text. */
type Seen = { line: string } | { prompt: true } | { data: string } | { overflow: number } | { noise: string };

function frame(chunks: Uint8Array[], options: { arm?: DataExpectation; maxLineLength?: number } = {}): Seen[] {
  const seen: Seen[] = [];
  const framer: AtFramer = new AtFramer({
    maxLineLength: options.maxLineLength,
    onEvent: (event: FrameEvent) => {
      if (event.kind === 'line') {
        seen.push({ line: event.text });
        // The client arms data mode synchronously when it sees CONNECT.
        if (options.arm && /^CONNECT( \d+)?$/.test(event.text)) framer.expectData(options.arm);
      } else if (event.kind === 'prompt') seen.push({ prompt: true });
      else if (event.kind === 'data') seen.push({ data: event.data.toString('latin1') });
      else if (event.kind === 'noise') seen.push({ noise: event.text });
      else seen.push({ overflow: event.dropped });
    },
  });
  for (const chunk of chunks) framer.push(chunk);
  return seen;
}

const bytes = (text: string) => Buffer.from(text, 'latin1');

function splitAt(stream: Buffer, points: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const point of [...points].sort((a, b) => a - b)) {
    out.push(stream.subarray(from, point));
    from = point;
  }
  out.push(stream.subarray(from));
  return out;
}

/** Deterministic PRNG (mulberry32) so a failing fuzz case can be reproduced. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HTTP_BODY = '{"server":"mqtts://demo","note":"a\r\nOK\r\nline"}\r\n\r\n+QIURC: "pdpdeact",1\r\nOK\r\n> not a prompt\r\n';

interface Recorded {
  name: string;
  stream: string;
  expected: Seen[];
  arm?: DataExpectation;
  maxLineLength?: number;
}

/** Byte streams taken from the reference (docs/at-behaviour.md#framing, #files, #qhttpread, #qmtpub) and docs/faults.md. */
const RECORDED: Recorded[] = [
  { name: 'S4 echo then OK (AT\\r\\r\\nOK)', stream: 'AT\r\r\nOK\r\n', expected: [{ line: 'AT' }, { line: 'OK' }] },
  {
    name: 'S8 query reply with blank line (MB-11192)',
    stream: '\r\n+CSQ: 19,99\r\n\r\nOK\r\n',
    expected: [{ line: '+CSQ: 19,99' }, { line: 'OK' }],
  },
  {
    name: 'S8 mixed terminators: lone LF, lone CR, CRCRLF',
    stream: '\r\nRDY\n+CFUN: 1\r+CPIN: READY\r\r\n\n\nAPP RDY\r\nOK\r',
    expected: [{ line: 'RDY' }, { line: '+CFUN: 1' }, { line: '+CPIN: READY' }, { line: 'APP RDY' }, { line: 'OK' }],
  },
  {
    name: 'S14 QMTPUB prompt with space, then OK and URC in one read (docs/at-behaviour.md#tolerated-behaviour)',
    stream: 'AT+QMTPUB=0,1,1,0,"t/x"\r\r\n> \r\nOK\r\n\r\n+QMTPUB: 0,1,0\r\n',
    expected: [{ line: 'AT+QMTPUB=0,1,1,0,"t/x"' }, { prompt: true }, { line: 'OK' }, { line: '+QMTPUB: 0,1,0' }],
  },
  {
    name: 'S14 prompt without the space',
    stream: '\r\n>\r\nOK\r\n',
    expected: [{ prompt: true }, { line: 'OK' }],
  },
  {
    name: 'S15 QHTTPREAD known length: body with OK, CRLF, +QIURC and > stays data',
    stream: `\r\nCONNECT\r\n${HTTP_BODY}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n`,
    arm: { length: Buffer.byteLength(HTTP_BODY, 'latin1') },
    expected: [{ line: 'CONNECT' }, { data: HTTP_BODY }, { line: 'OK' }, { line: '+QHTTPREAD: 0' }],
  },
  {
    name: 'S15 QHTTPREAD unknown length: data ends at \\r\\nOK\\r\\n (body with OK-looking text)',
    stream: '\r\nCONNECT\r\nOK here\r\n+QIURC: x\r\n\r\nOKAY\r\n\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n',
    arm: {},
    expected: [{ line: 'CONNECT' }, { data: 'OK here\r\n+QIURC: x\r\n\r\nOKAY\r\n' }, { line: 'OK' }, { line: '+QHTTPREAD: 0' }],
  },
  {
    name: 'S15 QFDWL-style CONNECT <n> with binary bytes, NUL included',
    stream: '\r\nCONNECT 6\r\n\x00\r\n\x1aOK\r\n+QFDWL: 6,2d13\r\n\r\nOK\r\n',
    arm: { length: 6 },
    expected: [{ line: 'CONNECT 6' }, { data: '\x00\r\n\x1aOK' }, { line: '+QFDWL: 6,2d13' }, { line: 'OK' }],
  },
  {
    name: 'empty body, unknown length',
    stream: '\r\nCONNECT\r\n\r\nOK\r\n',
    arm: {},
    expected: [{ line: 'CONNECT' }, { data: '' }, { line: 'OK' }],
  },
  {
    name: 'QFUPL answer after upload (docs/at-behaviour.md#files)',
    stream: '\r\n+QFUPL: 1704,2d13\r\n\r\nOK\r\n',
    expected: [{ line: '+QFUPL: 1704,2d13' }, { line: 'OK' }],
  },
  {
    name: 'S9 NUL flood and control garbage dropped',
    stream: '\x00\x00\x00\r\n\x00O\x00K\x07\r\n\x00\x00\r\n+CSQ:\x00 5,99\r\n',
    expected: [{ line: 'OK' }, { line: '+CSQ: 5,99' }],
  },
  {
    name: 'S9 8-bit line noise (wrong baud) is split off; the answer behind it survives',
    stream: '\xff\xfe\x80\r\n\xff\xfe+CSQ: 19,99\r\n\r\nOK\r\n',
    expected: [{ noise: '[noise: \\xff\\xfe\\x80]' }, { noise: '[noise: \\xff\\xfe]' }, { line: '+CSQ: 19,99' }, { line: 'OK' }],
  },
  {
    name: 'UTF-8 text in a line (a Korean MQTT payload) is text, not noise',
    stream: `+QMTRECV: 0,0,"t","${Buffer.from('한글', 'utf8').toString('latin1')}"\r\n`,
    expected: [{ line: '+QMTRECV: 0,0,"t","한글"' }],
  },
  {
    name: 'S9 over-long line is discarded, the next line survives',
    stream: `${'x'.repeat(40)}\r\nOK\r\n`,
    maxLineLength: 16,
    expected: [{ overflow: 40 }, { line: 'OK' }],
  },
  {
    name: 'S5 URC between echo and OK, deferred URC right after',
    stream: 'AT+QMTOPEN=0,"h",8883\r\r\n+QMTSTAT: 0,1\r\n\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n',
    expected: [{ line: 'AT+QMTOPEN=0,"h",8883' }, { line: '+QMTSTAT: 0,1' }, { line: 'OK' }, { line: '+QMTOPEN: 0,0' }],
  },
];

describe('AtFramer over recorded streams', () => {
  for (const recorded of RECORDED) {
    const stream = bytes(recorded.stream);
    const options = { arm: recorded.arm, maxLineLength: recorded.maxLineLength };

    it(`${recorded.name}: whole stream`, () => {
      expect(frame([stream], options)).toEqual(recorded.expected);
    });

    it(`${recorded.name}: S7 every single split point and byte by byte`, () => {
      for (let i = 0; i <= stream.length; i++) expect(frame(splitAt(stream, [i]), options), `split at ${i}`).toEqual(recorded.expected);
      expect(frame([...stream].map((b) => Uint8Array.of(b)), options)).toEqual(recorded.expected);
    });

    it(`${recorded.name}: S7 every pair of split points`, () => {
      for (let i = 0; i <= stream.length; i++) {
        for (let j = i; j <= stream.length; j++) {
          const got = frame(splitAt(stream, [i, j]), options);
          if (JSON.stringify(got) !== JSON.stringify(recorded.expected)) expect(got, `split at ${i},${j}`).toEqual(recorded.expected);
        }
      }
    });
  }
});

describe('AtFramer random-split fuzz (S7, S8, S15)', () => {
  it('a long mixed session gives identical events under 500 random chunkings', () => {
    const session = RECORDED.filter((r) => !r.arm && !r.maxLineLength);
    const stream = bytes(session.map((r) => r.stream).join(''));
    const expected = session.flatMap((r) => r.expected);
    const random = prng(0x5eed);
    for (let round = 0; round < 500; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 30) }, () => Math.floor(random() * (stream.length + 1)));
      expect(frame(splitAt(stream, cuts)), `round ${round} cuts ${cuts.join(',')}`).toEqual(expected);
    }
  });

  it('random binary CONNECT bodies of known length are delivered intact, followed by lines', () => {
    const random = prng(42);
    for (let round = 0; round < 200; round++) {
      const body = Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => {
        const pick = random();
        if (pick < 0.1) return 0x0d;
        if (pick < 0.2) return 0x0a;
        if (pick < 0.25) return 0x3e;
        return Math.floor(random() * 256);
      }));
      const stream = Buffer.concat([bytes('\r\nCONNECT\r\n'), body, bytes('\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n')]);
      const cuts = Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * (stream.length + 1)));
      expect(frame(splitAt(stream, cuts), { arm: { length: body.length } }), `round ${round}`).toEqual([
        { line: 'CONNECT' },
        { data: body.toString('latin1') },
        { line: 'OK' },
        { line: '+QHTTPREAD: 0' },
      ]);
    }
  });
});

describe('AtFramer details', () => {
  it('data of length 0 is delivered at once', () => {
    expect(frame([bytes('\r\nCONNECT\r\n\r\nOK\r\n')], { arm: { length: 0 } })).toEqual([{ line: 'CONNECT' }, { data: '' }, { line: 'OK' }]);
  });

  it('rejects a negative data length', () => {
    const framer = new AtFramer({ onEvent: () => undefined });
    expect(() => framer.expectData({ length: -1 })).toThrow(TypeError);
  });

  it('> in the middle of a line is text, not a prompt', () => {
    expect(frame([bytes('\r\n+QMTRECV: 0,0,"t","a>b"\r\n')])).toEqual([{ line: '+QMTRECV: 0,0,"t","a>b"' }]);
  });

  it('UTF-8 text in a line is decoded', () => {
    expect(frame([Buffer.from('\r\n+QMTRECV: 0,0,"t","안녕"\r\n', 'utf8')])).toEqual([{ line: '+QMTRECV: 0,0,"t","안녕"' }]);
  });

  it('reset() forgets a partial line and leaves data mode', () => {
    const seen: FrameEvent[] = [];
    const framer = new AtFramer({ onEvent: (e) => seen.push(e) });
    framer.push(bytes('garbage-without-end'));
    framer.expectData({ length: 100 });
    framer.reset();
    expect(framer.inDataMode).toBe(false);
    framer.push(bytes('\r\nOK\r\n'));
    expect(seen).toEqual([{ kind: 'line', text: 'OK' }]);
  });
});
