import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../../electron/engine/session/redaction.ts';
import { SessionFileError, newRunId, sessionDir } from '../../../../electron/engine/session/session-dir.ts';
import { openSessionLog, readSessionLog } from '../../../../electron/engine/session/session-log.ts';
import type { RunnerEvent } from '../../../../shared/events.ts';
import { failedRun, passedRun } from '../../shared/sample-events.ts';

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-log-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function writeLog(runId: string, events: RunnerEvent[], redactor = new Redactor()) {
  const log = await openSessionLog({ outDir, runId, redactor });
  for (const event of events) log.write(event);
  await log.close();
  return log;
}

describe('session log', () => {
  it('writes <outDir>/<runId>/session.jsonl, one event per line, and reads it back for replay', async () => {
    const events = passedRun();
    const log = await writeLog('run-1', events);
    expect(log.path).toBe(path.join(outDir, 'run-1', 'session.jsonl'));
    const text = await readFile(log.path, 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(events.length);
    expect(JSON.parse(lines[0] ?? '')).toEqual(events[0]);
    expect(await readSessionLog(log.path)).toEqual(events);
    expect((await stat(log.path)).mode & 0o777).toBe(0o644);
  });

  it('creates the run folder as 0700 whatever the umask (only its user may read a run)', async () => {
    const previous = process.umask(0);
    try {
      const log = await writeLog('run-private', passedRun());
      expect((await stat(path.dirname(log.path))).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('refuses an outDir the kernel will not create (/proc/1/x) at once instead of spinning', async () => {
    await expect(openSessionLog({ outDir: '/proc/1/x', runId: 'run-proc', redactor: new Redactor() })).rejects.toMatchObject({ kind: 'io' });
  });

  it('keeps the host timestamp of every event', async () => {
    const events = failedRun();
    const replayed = await readSessionLog((await writeLog('run-2', events)).path);
    expect(replayed.map((e) => e.t)).toEqual(events.map((e) => e.t));
    expect(new Set(replayed.map((e) => e.t)).size).toBe(events.length);
  });

  it('redacts before writing', async () => {
    const redactor = new Redactor();
    redactor.add('hunter2-hunter2');
    const log = await writeLog('run-3', [{ type: 'mqtt-message', t: 1, topic: 'DDTM/UP/x', payload: 'pw hunter2-hunter2', direction: 'out' }], redactor);
    expect(await readFile(log.path, 'utf8')).toBe('{"type":"mqtt-message","t":1,"topic":"DDTM/UP/x","payload":"pw [REDACTED]","direction":"out"}\n');
  });

  it('refuses an invalid event, a write after close, and a second log for the same run', async () => {
    const log = await openSessionLog({ outDir, runId: 'run-4', redactor: new Redactor() });
    expect(() => log.write({ type: 'step-started', step: 'nope', t: 1 } as unknown as RunnerEvent)).toThrow(SessionFileError);
    await log.close();
    await log.close(); // idempotent
    expect(() => log.write({ type: 'step-started', step: 'identify', t: 1 })).toThrow(expect.objectContaining({ kind: 'closed' }));
    await expect(openSessionLog({ outDir, runId: 'run-4', redactor: new Redactor() })).rejects.toMatchObject({ kind: 'io' });
  });

  it('replay names the file and line of a bad line', async () => {
    const file = path.join(outDir, 'bad.jsonl');
    await writeFile(file, `${JSON.stringify(passedRun()[0])}\n{"type":"step-started","step":"identify"}\n`);
    await expect(readSessionLog(file)).rejects.toThrow(`${file}:2: t:`);
    await writeFile(file, 'not json\n');
    await expect(readSessionLog(file)).rejects.toThrow(`${file}:1: not JSON`);
  });

  it.each(['..', '.', 'a/b', '../x', '', 'a b'])('refuses the unsafe run id %j', (runId) => {
    expect(() => sessionDir(outDir, runId)).toThrow(expect.objectContaining({ kind: 'bad-run-id' }));
  });

  it('new run ids are safe folder names and distinct', () => {
    const now = new Date('2025-06-01T08:09:10.123Z');
    const a = newRunId('/dev/ttyUSB2', now);
    const b = newRunId('/dev/ttyUSB2', now);
    expect(a).toMatch(/^20250601-080910-123-dev_ttyUSB2-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
    expect(() => sessionDir(outDir, newRunId('tcp://127.0.0.1:5555'))).not.toThrow();
  });
});
