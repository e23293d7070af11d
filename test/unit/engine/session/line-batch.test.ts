import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineBatch } from '../../../../electron/engine/session/line-batch.ts';
import { Redactor } from '../../../../electron/engine/session/redaction.ts';
import { openSessionLog } from '../../../../electron/engine/session/session-log.ts';
import { passedRun } from '../../shared/sample-events.ts';

describe('LineBatch', () => {
  it('writes the lines pushed within the delay in one call, in order', async () => {
    const writes: string[] = [];
    const batch = new LineBatch((text) => writes.push(text), { delayMs: 20 });
    batch.push('a\n');
    batch.push('b\n');
    batch.push('c\n');
    expect(writes).toEqual([]);
    expect(batch.pending).toBe(6);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(writes).toEqual(['a\nb\nc\n']);
    expect(batch.pending).toBe(0);
  });

  it('writes at once when maxChars are waiting, and flush() writes the rest', () => {
    const writes: string[] = [];
    const batch = new LineBatch((text) => writes.push(text), { delayMs: 60_000, maxChars: 4 });
    batch.push('ab\n');
    expect(writes).toEqual([]);
    batch.push('cd\n');
    expect(writes).toEqual(['ab\ncd\n']);
    batch.push('e\n');
    batch.flush();
    batch.flush();
    expect(writes).toEqual(['ab\ncd\n', 'e\n']);
  });
});

describe('session log writes in batches', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-batch-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('has every line on disk a short while after it was written, before the log is closed', async () => {
    const events = passedRun();
    const log = await openSessionLog({ outDir, runId: 'run-b', redactor: new Redactor() });
    for (const event of events) log.write(event);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = (await readFile(log.path, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(events);
    await log.close();
  });
});

describe('session log of a run stream', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-redacted-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('takes events already redacted only from its own Redactor', async () => {
    const redactor = new Redactor();
    const log = await openSessionLog({ outDir, runId: 'run-r', redactor });
    const [first] = passedRun();
    if (!first) throw new Error('no sample event');
    expect(() => log.writeRedacted(first, new Redactor())).toThrow(/another Redactor/);
    log.writeRedacted(first, redactor);
    await log.close();
    expect(JSON.parse((await readFile(log.path, 'utf8')).trim())).toEqual(first);
  });
});
