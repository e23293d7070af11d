/**
 * S10/S11: after an unanswered command the AtClient resyncs before the next one, and a late answer
 * is never attributed to a later command. The recovery ladder: probe (a marker probe while an
 * answer is owed), then `+++` with its guard silences, then stop with "the module does not answer —
 * power-cycle it" — never an automatic reset. Scripted modem on a memory link, fake clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RESYNC } from '../../../../electron/engine/at/command-table.ts';
import { AtUnresponsiveError } from '../../../../electron/engine/at/errors.ts';
import { driveUntilSettled, linesWithRole, rig, useFakeClock, type Rig } from './harness.ts';

let current: Rig | undefined;
afterEach(() => {
  vi.useRealTimers();
  current?.client.dispose();
  current?.modem.stop();
  current = undefined;
});

const OK = '\r\nOK\r\n';

describe('S11 a late answer is never taken for a later command', () => {
  it('a late OK of a timed-out AT is skipped by the marker probe; the next AT gets its own OK', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem, traffic } = current;
    let ownAnswerSent = false;
    modem.script(
      { expect: 'AT', reply: null }, // answered late, below
      { expect: 'AT+CMEE?', reply: [OK, '\r\n+CMEE: 2\r\n\r\nOK\r\n'] }, // the first AT's late OK, then the probe's answer
      { expect: 'AT', reply: OK, onMatch: () => (ownAnswerSent = true) },
    );
    await expect(driveUntilSettled(client.run({ command: 'AT', timeoutMs: 500 }))).rejects.toMatchObject({ kind: 'timeout' });
    const second = await driveUntilSettled(client.run('AT'));
    expect(second.final).toBe('OK');
    expect(ownAnswerSent).toBe(true);
    expect(modem.lines).toEqual(['AT', 'AT+CMEE?', 'AT']);
    expect(linesWithRole(traffic, 'late')).toEqual(['OK']);
  });

  it('several owed answers, one of them a probe that prints the same marker: each is skipped in order', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem, traffic } = current;
    modem.script(
      { expect: 'AT+CSQ', reply: null },
      { expect: 'AT+CMEE?', reply: null }, // rung 1 stays silent...
      { expectBytes: 3, reply: null }, // ...so does +++...
      // ...then everything arrives at once, in order: the CSQ answer, the first probe's, the second probe's.
      { expect: 'AT+CGMI', reply: ['\r\n+CSQ: 20,99\r\n\r\nOK\r\n', '\r\n+CMEE: 2\r\n\r\nOK\r\n', '\r\nQuectel\r\n\r\nOK\r\n'] },
      { expect: 'AT+CGSN', reply: '\r\n867969066452788\r\n\r\nOK\r\n' },
    );
    await expect(driveUntilSettled(client.run('AT+CSQ'))).rejects.toMatchObject({ kind: 'timeout' });
    const next = await driveUntilSettled(client.run('AT+CGSN'), 50);
    expect(next.lines).toEqual(['867969066452788']);
    expect(linesWithRole(traffic, 'late')).toEqual(['+CSQ: 20,99', 'OK', '+CMEE: 2', 'OK']);
  });

  it('a marker probe whose marker an owed command also prints waits for the second marker (count, answers in order)', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script(
      { expect: 'AT+CMEE?', reply: null }, // the terminal user's own AT+CMEE?, answered late
      { expect: 'AT+CGMI', reply: ['\r\n+CMEE: 2\r\n\r\nOK\r\n', '\r\nQuectel\r\n\r\nOK\r\n'] }, // the probe that the owed one cannot print
      { expect: 'AT+CSQ', reply: '\r\n+CSQ: 9,99\r\n\r\nOK\r\n' },
    );
    await expect(driveUntilSettled(client.run('AT+CMEE?'))).rejects.toMatchObject({ kind: 'timeout' });
    expect((await driveUntilSettled(client.run('AT+CSQ'))).lines).toEqual(['+CSQ: 9,99']);
    expect(modem.lines).toEqual(['AT+CMEE?', 'AT+CGMI', 'AT+CSQ']);
  });
});

describe('sync() after a reboot', () => {
  it('an AT sent just before RDY is not owed (a rebooting module never answers it): the next attempt is a plain AT', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT', reply: '\r\nRDY\r\n' }, { expect: 'AT', reply: OK });
    expect(await driveUntilSettled(client.sync({ attempts: 3, intervalMs: 500 }))).toEqual({ attempts: 2 });
    expect(modem.lines).toEqual(['AT', 'AT']);
  });
});

describe('S10 the recovery ladder after an unanswered command', () => {
  it('rung 1: the probe is answered, the next command goes out (no +++)', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script(
      { expect: 'AT+QIACT?', reply: null },
      { expect: 'AT+CMEE?', reply: '\r\n+CMEE: 2\r\n\r\nOK\r\n' },
      { expect: 'AT+CSQ', reply: '\r\n+CSQ: 9,99\r\n\r\nOK\r\n' },
    );
    await expect(driveUntilSettled(client.run('AT+QIACT?'))).rejects.toMatchObject({ kind: 'timeout' });
    expect((await driveUntilSettled(client.run('AT+CSQ'))).lines).toEqual(['+CSQ: 9,99']);
    expect(modem.rawBlocks).toEqual([]);
  });

  it('rung 2: a silent probe is followed by +++ with ≥ 1 s of silence before and after, then a probe that is answered', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem, traffic } = current;
    const at: Record<string, number> = {};
    modem.script(
      { expect: 'AT+QHTTPREAD=80', reply: '\r\nCONNECT\r\n0123' }, // stuck in data mode
      { expect: 'AT+CMEE?', reply: null, onMatch: () => (at.probe = Date.now()) },
      { expectBytes: 3, reply: OK, onMatch: () => (at.escape = Date.now()) },
      { expect: 'AT+CGMI', reply: '\r\nQuectel\r\n\r\nOK\r\n', onMatch: () => (at.reprobe = Date.now()) },
      { expect: 'AT+CSQ', reply: '\r\n+CSQ: 9,99\r\n\r\nOK\r\n' },
    );
    await expect(driveUntilSettled(client.run({ command: 'AT+QHTTPREAD=80', receive: { length: 100 }, dataTimeoutMs: 3000 }))).rejects.toMatchObject({ phase: 'data' });
    expect((await driveUntilSettled(client.run('AT+CSQ'))).lines).toEqual(['+CSQ: 9,99']);
    expect(modem.rawBlocks.map((block) => block.toString('latin1'))).toEqual(['+++']);
    const { guardBeforeMs, guardAfterMs } = RESYNC.escape;
    expect(guardBeforeMs).toBeGreaterThanOrEqual(1000);
    expect(guardAfterMs).toBeGreaterThanOrEqual(1000);
    // Fake clock: the silent probe waited its full time, then the guard silence, then +++, then the guard again.
    expect((at.escape ?? 0) - (at.probe ?? 0)).toBeGreaterThanOrEqual(RESYNC.probeSilenceMs + guardBeforeMs);
    expect((at.reprobe ?? 0) - (at.escape ?? 0)).toBeGreaterThanOrEqual(guardAfterMs);
    expect(traffic.some((e) => e.kind === 'command' && e.text === 'AT+CGMI')).toBe(true);
  });

  it('rung 3: nothing answers — the next command fails with "the module does not answer — power-cycle it" and is never sent; nothing resets the module', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+CSQ', reply: null }, { expect: 'AT+CMEE?', reply: null }, { expectBytes: 3, reply: null }, { expect: 'AT+CGMI', reply: null });
    const error = await driveUntilSettled(client.run('AT+CSQ')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
    const stopped = await driveUntilSettled(client.run('AT+CGSN'), 50).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(AtUnresponsiveError);
    expect(stopped).toMatchObject({ kind: 'unresponsive', command: 'AT+CGSN', tried: ['AT+CMEE?', '+++ escape', 'AT+CGMI'] });
    expect((stopped as Error).message).toContain('the module does not answer — power-cycle it');
    expect(modem.lines).toEqual(['AT+CSQ', 'AT+CMEE?', 'AT+CGMI']); // AT+CGSN never went out; no AT+CFUN=1,1, no AT+QPOWD
    expect(modem.rawBlocks.map((block) => block.toString('latin1'))).toEqual(['+++']);
  });

  it('after a stop the next command climbs the ladder again (the user power-cycled: RDY, then the probe is answered)', async () => {
    useFakeClock();
    current = await rig();
    const { client, modem } = current;
    modem.script({ expect: 'AT+CSQ', reply: null }, { expect: 'AT+CMEE?', reply: null }, { expectBytes: 3, reply: null }, { expect: 'AT+CGMI', reply: null });
    await driveUntilSettled(client.run('AT+CSQ')).catch(() => undefined);
    await expect(driveUntilSettled(client.run('AT+CGSN'), 50)).rejects.toBeInstanceOf(AtUnresponsiveError);
    modem.script({ expect: 'AT', reply: '\r\nRDY\r\n\r\nOK\r\n' }, { expect: 'AT+CGSN', reply: '\r\n867969066452788\r\n\r\nOK\r\n' });
    expect((await driveUntilSettled(client.run('AT+CGSN'), 50)).lines).toEqual(['867969066452788']);
  });
});
