/**
 * Command lists through the back end's IPC door (dispatch: request and response schemas) against
 * the in-process virtual device: saved beside the profiles, run line by line through the terminal
 * path, each line's answer judged against its expectation, failures marked, stop on failure, the
 * terminal's refusals (data-mode commands) and redaction (K1) as for a typed command.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcEnvelope, IpcEvent } from '../../../shared/ipc.ts';
import type { CommandListRun } from '../../../shared/command-list.ts';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { dispatch } from '../../../electron/app/dispatch.ts';
import { DEMO_PORT_URI } from '../../../electron/app/port-list.ts';
import { makeDataDir } from '../../helpers/app-fixtures.ts';

const SECRET = 'Tr0ub4dor&3-apn-pass';

describe('command lists on the back end with the virtual device', () => {
  let dataDir: string;
  let backend: Backend;
  const events: IpcEvent[] = [];

  const call = async (method: string, request: unknown): Promise<unknown> => {
    const envelope: IpcEnvelope = await dispatch(backend, method, request);
    if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.response;
  };

  beforeAll(async () => {
    dataDir = await makeDataDir();
    backend = createBackend({ dataDir, listSerial: async () => [], demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } } });
    backend.onEvent((event) => events.push(event));
  });
  afterAll(async () => {
    await backend?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('saves, lists, reads and deletes lists in <data dir>/command-lists', async () => {
    const list = { name: 'identity', lines: [{ command: 'ATI', expect: 'Quectel' }, { command: 'AT+CGSN', delayMs: 10 }] };
    expect(await call('saveCommandList', { list })).toEqual({ ok: true, issues: [], path: path.join(dataDir, 'command-lists', 'identity.json') });
    expect(await call('listCommandLists', {})).toEqual(['identity']);
    expect(await call('readCommandList', { name: 'identity' })).toEqual(list);
    await expect(call('readCommandList', { name: '../profiles/x' })).rejects.toThrow(/^bad-request: readCommandList: name/);
    await call('deleteCommandList', { name: 'identity' });
    expect(await call('listCommandLists', {})).toEqual([]);
  });

  it('runs each line on the device: answers, pass/fail against the expectation, durations; secrets redacted (K1)', async () => {
    const run = (await call('runCommandList', {
      port: DEMO_PORT_URI,
      lines: [
        { command: 'ATI', expect: 'Quectel' },
        { command: 'AT+CSQ', expect: '/^\\+CSQ: \\d+,\\d+$/m', delayMs: 20 },
        { command: 'AT+CPIN?', expect: 'NOT INSERTED' },
        { command: `AT+QICSGP=1,1,"internet","user","${SECRET}",1` },
        { command: 'AT+QMTPUB=0,0,0,0,"topic"' },
        { command: 'AT+FOO', expect: 'ERROR' },
        { command: 'AT+FOO' },
      ],
    })) as CommandListRun;
    expect(run.passed).toBe(false);
    expect(run.results.map((r) => [r.command.slice(0, 12), r.outcome])).toEqual([
      ['ATI', 'passed'],
      ['AT+CSQ', 'passed'],
      ['AT+CPIN?', 'failed'],
      ['AT+QICSGP=1,', 'passed'],
      ['AT+QMTPUB=0,', 'failed'],
      ['AT+FOO', 'passed'],
      ['AT+FOO', 'failed'],
    ]);
    const [ati, csq, cpin, qicsgp, qmtpub] = run.results;
    expect(ati?.lines).toContain('Quectel');
    expect(ati?.final).toBe('OK');
    expect(csq?.lines[0]).toMatch(/^\+CSQ: \d+,\d+$/);
    expect(cpin).toMatchObject({ lines: ['+CPIN: READY'], final: 'OK', expect: 'NOT INSERTED' });
    expect(qicsgp?.command).toBe('AT+QICSGP=1,1,"internet","user","[REDACTED]",1');
    expect(qmtpub).toMatchObject({ final: '', lines: [] });
    expect(qmtpub?.error).toMatch(/AT\+QMTPUB sends data after a ">" prompt, which a terminal cannot type/);
    for (const r of run.results) expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(run)).not.toContain(SECRET);
    const terminalTexts = events.flatMap((e) => (e.channel === 'terminal' ? [e.text] : []));
    expect(terminalTexts).toEqual(expect.arrayContaining(['ATI', 'AT+QICSGP=1,1,"internet","user","[REDACTED]",1']));
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('with stopOnFailure the lines after the first failure are skipped, not sent', async () => {
    const before = events.filter((e) => e.channel === 'terminal' && e.kind === 'command').length;
    const run = (await call('runCommandList', {
      port: DEMO_PORT_URI,
      stopOnFailure: true,
      lines: [{ command: 'AT' }, { command: 'AT+CPIN?', expect: 'SIM PIN' }, { command: 'AT+CGSN' }],
    })) as CommandListRun;
    expect(run.results.map((r) => r.outcome)).toEqual(['passed', 'failed', 'skipped']);
    const sent = events.filter((e) => e.channel === 'terminal' && e.kind === 'command').slice(before);
    expect(sent.map((e) => (e as { text: string }).text)).toEqual(['AT', 'AT+CPIN?']);
  });

  it('E7: the request is bounded (lines, command length, port) before anything is sent', async () => {
    await expect(call('runCommandList', { port: DEMO_PORT_URI, lines: [] })).rejects.toThrow(/^bad-request: runCommandList: lines/);
    await expect(call('runCommandList', { port: DEMO_PORT_URI, lines: [{ command: `AT${'A'.repeat(5000)}` }] })).rejects.toThrow(/lines\.0\.command/);
    await expect(call('runCommandList', { port: DEMO_PORT_URI, lines: Array.from({ length: 201 }, () => ({ command: 'AT' })) })).rejects.toThrow(/lines/);
  });
});
