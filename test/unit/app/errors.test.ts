/** The IPC error codes are chosen by class (instanceof), not by an error's name string. */
import { describe, expect, it } from 'vitest';
import { toIpcErrorPayload } from '../../../electron/app/errors.ts';
import { AtAbortedError, AtClosedError, AtCommandError, AtProtocolError, AtTimeoutError } from '../../../electron/engine/at/errors.ts';
import { RunnerStateError } from '../../../electron/engine/sequence/runner.ts';
import { SessionFileError } from '../../../electron/engine/session/session-dir.ts';
import { PortListError, TransportError } from '../../../electron/engine/transport/errors.ts';
import { ProfileError } from '../../../shared/profile.ts';

describe('toIpcErrorPayload', () => {
  it.each([
    { error: new TransportError('busy', '/dev/ttyUSB2', 'held by another program'), code: 'port' },
    { error: new PortListError('udevadm missing'), code: 'port' },
    { error: new RunnerStateError('busy', 'a run is going'), code: 'bad-state' },
    { error: new AtTimeoutError('AT+CSQ', 'result', 300), code: 'at-timeout' },
    { error: new AtCommandError('AT+CPIN?', '+CME ERROR: 10', 10, 'SIM not inserted'), code: 'at-error' },
    { error: new AtProtocolError('AT+QFUPL', 'OK where CONNECT was required'), code: 'at-error' },
    { error: new AtClosedError('AT', '/dev/ttyUSB2'), code: 'port' },
    { error: new AtAbortedError('AT'), code: 'aborted' },
  ])('$error.name → $code', ({ error, code }) => {
    expect(toIpcErrorPayload(error)).toEqual({ code, message: error.message });
  });

  it('maps ProfileError and SessionFileError by class too', () => {
    const profile = new ProfileError('invalid', [{ path: 'mqtt.qos', problem: 'expected 0, 1 or 2' }] as never);
    expect(toIpcErrorPayload(profile)).toEqual({ code: 'invalid-profile', message: 'mqtt.qos: expected 0, 1 or 2' });
    expect(toIpcErrorPayload(new SessionFileError('bad-line', 'session.jsonl line 3 is not JSON')).code).toBe('bad-session');
  });

  it('an unrelated error that merely carries an engine name is internal', () => {
    const impostor = Object.assign(new Error('looks like a timeout'), { name: 'AtTimeoutError' });
    expect(toIpcErrorPayload(impostor)).toEqual({ code: 'internal', message: 'looks like a timeout' });
  });
});
