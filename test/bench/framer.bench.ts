/**
 * (b) AtFramer throughput against @serialport/parser-readline on the same 50 MB stream of
 * typical module output, fed in the same chunks; (d) heap before/after 1 M lines through the
 * framer (after a forced GC), which must stay flat.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ReadlineParser } from '@serialport/parser-readline';
import { AtFramer } from '../../electron/engine/at/framer.ts';
import { compare, elapsedMs, median } from './types.ts';
import type { BenchResult } from './types.ts';

const STREAM_BYTES = 50 * 1024 * 1024;
const CHUNK_BYTES = 4096;
const ROUNDS = 3;
const MEMORY_LINES = 1_000_000;

/** A realistic mix: info lines, finals, URCs, a long MQTT receive line. */
const SAMPLE = Buffer.from(
  [
    '\r\n+CSQ: 19,99\r\n',
    '\r\nOK\r\n',
    '\r\n+QIURC: "pdpdeact",1\r\n',
    '\r\n+QMTRECV: 0,1,"tms2/867698041234567/cmd","{\\"op\\":\\"ping\\",\\"seq\\":12345,\\"ts\\":1732540000}"\r\n',
    '\r\n+QHTTPGET: 0,200,1704\r\n',
    '\r\nQuectel\r\nEG25\r\nRevision: EG25GGBR07A08M2G\r\n\r\nOK\r\n',
  ].join(''),
  'latin1',
);

function buildStream(bytes: number): Buffer {
  const copies = Math.ceil(bytes / SAMPLE.length);
  const out = Buffer.alloc(copies * SAMPLE.length);
  for (let i = 0; i < copies; i++) SAMPLE.copy(out, i * SAMPLE.length);
  return out;
}

function chunksOf(stream: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < stream.length; i += CHUNK_BYTES) chunks.push(stream.subarray(i, i + CHUNK_BYTES));
  return chunks;
}

function framerMBps(chunks: Buffer[], total: number): { mbps: number; lines: number } {
  let lines = 0;
  const framer = new AtFramer({ onEvent: (e) => void (e.kind === 'line' && lines++) });
  const start = performance.now();
  for (const chunk of chunks) framer.push(chunk);
  return { mbps: total / 1048576 / (elapsedMs(start) / 1000), lines };
}

async function readlineMBps(chunks: Buffer[], total: number): Promise<{ mbps: number; lines: number }> {
  let lines = 0;
  const parser = new ReadlineParser({ delimiter: '\r\n', encoding: 'utf8' });
  parser.on('data', (line: string) => void (line !== '' && lines++));
  const done = new Promise<void>((resolve) => parser.once('finish', () => resolve()));
  const start = performance.now();
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  await done;
  return { mbps: total / 1048576 / (elapsedMs(start) / 1000), lines };
}

function forceGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapMB(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
}

function memoryFlat(): BenchResult {
  const gc = forceGc();
  const block = buildStream(64 * 1024);
  let lines = 0;
  const framer = new AtFramer({ onEvent: (e) => void (e.kind === 'line' && lines++) });
  framer.push(block); // warm-up
  const before = heapMB(gc);
  const start = lines;
  const chunks = chunksOf(block);
  while (lines - start < MEMORY_LINES) for (const chunk of chunks) framer.push(chunk);
  const after = heapMB(gc);
  return compare({
    name: 'framer heap after 1 M lines',
    value: after,
    baseline: before,
    unit: 'MB heap',
    goal: 1.1,
    better: 'lower',
    note: `heap ${before.toFixed(2)} MB before, ${after.toFixed(2)} MB after ${(lines - start).toLocaleString('en-US')} lines, forced GC`,
  });
}

export async function bench(): Promise<BenchResult[]> {
  const stream = buildStream(STREAM_BYTES);
  const chunks = chunksOf(stream);
  const mb = stream.length;
  framerMBps(chunks.slice(0, 256), 256 * CHUNK_BYTES); // warm-up
  await readlineMBps(chunks.slice(0, 256), 256 * CHUNK_BYTES);
  const ours: number[] = [];
  const theirs: number[] = [];
  let counts = { framer: 0, readline: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const f = framerMBps(chunks, mb);
    const r = await readlineMBps(chunks, mb);
    ours.push(f.mbps);
    theirs.push(r.mbps);
    counts = { framer: f.lines, readline: r.lines };
  }
  if (counts.framer !== counts.readline) throw new Error(`line counts differ: framer ${counts.framer}, readline ${counts.readline}`);
  return [
    compare({
      name: 'AtFramer vs parser-readline',
      value: median(ours),
      baseline: median(theirs),
      unit: 'MB/s',
      goal: 1.0,
      note: `${(mb / 1048576).toFixed(0)} MB, ${counts.framer.toLocaleString('en-US')} lines, ${CHUNK_BYTES}-byte chunks, median of ${ROUNDS}`,
    }),
    memoryFlat(),
  ];
}
