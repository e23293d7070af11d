/** AT+QGPS / QGPSLOC / QGPSEND (docs/at-behaviour.md#gnss): session errors, time to first fix, the fixed position. */
import { afterEach, describe, expect, it } from 'vitest';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';
import { runSteps } from '../../../helpers/sim/wire-steps.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** Polls AT+QGPSLOC=<mode> until the fix is there (516 before); returns the reply. */
async function waitForFix(device: TestDevice, mode: number): Promise<string> {
  for (;;) {
    const reply = await device.modem.command(`AT+QGPSLOC=${mode}`);
    if (reply !== '\r\n+CME ERROR: 516\r\n') return reply;
  }
}

/** Checks the UTC and date fields against the host clock (within a minute) and returns them. */
function timeFields(reply: string): { utc: string; date: string } {
  const match = /^\r\n\+QGPSLOC: (\d{6}\.\d{3}),.*,(\d{6}),\d{2}\r\n\r\nOK\r\n$/.exec(reply);
  if (!match) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
  const [, utc = '', date = ''] = match;
  const at = Date.UTC(2000 + Number(date.slice(4, 6)), Number(date.slice(2, 4)) - 1, Number(date.slice(0, 2)), Number(utc.slice(0, 2)), Number(utc.slice(2, 4)), Number(utc.slice(4, 6)));
  expect(Math.abs(Date.now() - at)).toBeLessThan(60_000);
  return { utc, date };
}

describe('GNSS', () => {
  it.each([
    { name: 'QGPSLOC without a session: 505', send: 'AT+QGPSLOC=2\r', expect: '\r\n+CME ERROR: 505\r\n' },
    { name: 'QGPSEND without a session: 505', send: 'AT+QGPSEND\r', expect: '\r\n+CME ERROR: 505\r\n' },
    { name: 'QGPS? when off', send: 'AT+QGPS?\r', expect: '\r\n+QGPS: 0\r\n\r\nOK\r\n' },
    { name: 'QGPS with a bad mode', send: 'AT+QGPS=5\r', expect: '\r\nERROR\r\n' },
  ])('$name', async ({ send, expect: bytes }) => {
    t = await startQuietDevice();
    await runSteps(t.modem, [{ send, expect: bytes }], {});
  });

  it('QGPS=1 starts a session: 504 when started again, 516 before the first fix, QGPSEND stops it', async () => {
    // Boot delay 1 s → time to first fix 4 s, far longer than the next three commands take.
    t = await startQuietDevice({ timing: { bootDelayMs: 1000 } });
    await runSteps(
      t.modem,
      [
        { send: 'AT+QGPS=1\r', expect: '\r\nOK\r\n' },
        { send: 'AT+QGPSLOC=2\r', expect: '\r\n+CME ERROR: 516\r\n' },
        { send: 'AT+QGPS=1\r', expect: '\r\n+CME ERROR: 504\r\n' },
        { send: 'AT+QGPS?\r', expect: '\r\n+QGPS: 1\r\n\r\nOK\r\n' },
        { send: 'AT+QGPSEND\r', expect: '\r\nOK\r\n' },
        { send: 'AT+QGPSLOC=2\r', expect: '\r\n+CME ERROR: 505\r\n' },
      ],
      {},
    );
  });

  it.each([
    { mode: 0, position: '3733.9924N,12658.6776E' },
    { mode: 1, position: '3733.992400,N,12658.677600,E' },
    { mode: 2, position: '37.56654,126.97796' },
  ])('QGPSLOC=<mode> reports ($position) the fixed position once fixed', async ({ mode, position }) => {
    t = await startQuietDevice();
    await runSteps(t.modem, [{ send: 'AT+QGPS=1\r', expect: '\r\nOK\r\n' }], {});
    const reply = await waitForFix(t, mode);
    const { utc, date } = timeFields(reply);
    expect(reply).toBe(`\r\n+QGPSLOC: ${utc},${position},0.8,38.0,3,0.00,0.0,0.0,${date},09\r\n\r\nOK\r\n`);
  });

  it('the session ends with a reboot', async () => {
    t = await startQuietDevice();
    await runSteps(t.modem, [{ send: 'AT+QGPS=1\r', expect: '\r\nOK\r\n' }], {});
    t.device.reboot();
    await t.modem.readUntil('APP RDY\r\n');
    await t.modem.send('AT+QGPS?\r');
    await t.modem.expect('AT+QGPS?\r\r\n+QGPS: 0\r\n\r\nOK\r\n');
  });
});
