import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../electron/cloud/errors.ts';
import { AtAbortedError, AtClosedError, AtCommandError, AtError, AtProtocolError, AtTimeoutError, AtUnresponsiveError } from '../../../electron/engine/at/errors.ts';
import { TransportError } from '../../../electron/engine/transport/errors.ts';
import { RunnerStateError } from '../../../electron/engine/sequence/runner.ts';
import { SimError } from '../../../electron/sim/errors.ts';
import { LinkError } from '../../../electron/sim/services/link-error.ts';
import { KindError } from '../../../shared/errors.ts';

describe('KindError subclasses', () => {
  it.each([
    { make: (cause?: unknown) => new CloudError('broker', 'broker down', { cause }), name: 'CloudError', kind: 'broker' },
    { make: (cause?: unknown) => new SimError('listen', 'cannot bind', { cause }), name: 'SimError', kind: 'listen' },
    { make: (cause?: unknown) => new LinkError('refused', 'connection refused', { cause }), name: 'LinkError', kind: 'refused' },
    { make: (cause?: unknown) => new RunnerStateError('busy', 'a run is going', { cause }), name: 'RunnerStateError', kind: 'busy' },
  ])('$name keeps its own name, its kind, the message and the cause', ({ make, name, kind }) => {
    const cause = new Error('underlying');
    const error = make(cause);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(KindError);
    expect(error.name).toBe(name);
    expect(error.kind).toBe(kind);
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe(`${name}: ${error.message}`);
  });

  it('has no cause property when none is given', () => {
    expect(Object.hasOwn(new SimError('closed', 'closed'), 'cause')).toBe(false);
  });

  it.each([
    { error: new AtTimeoutError('AT+CSQ', 'result', 300), name: 'AtTimeoutError', kind: 'timeout' },
    { error: new AtCommandError('AT+CPIN?', '+CME ERROR: 10', 10, 'SIM not inserted'), name: 'AtCommandError', kind: 'command' },
    { error: new AtClosedError('AT', '/dev/ttyUSB2'), name: 'AtClosedError', kind: 'closed' },
    { error: new AtAbortedError('AT+QFUPL="UFS:a",3'), name: 'AtAbortedError', kind: 'aborted' },
    { error: new AtProtocolError('AT+QFUPL="UFS:a",3', 'OK where CONNECT was required'), name: 'AtProtocolError', kind: 'protocol' },
    { error: new AtUnresponsiveError('AT+QMTOPEN=0,"b",1', ['AT probe', '+++ escape']), name: 'AtUnresponsiveError', kind: 'unresponsive' },
  ])('$name is an AtError and a KindError with kind $kind, naming its command', ({ error, name, kind }) => {
    expect(error).toBeInstanceOf(AtError);
    expect(error).toBeInstanceOf(KindError);
    expect(error.name).toBe(name);
    expect(error.kind).toBe(kind);
    expect(error.message.startsWith(`${error.command}: `)).toBe(true);
  });

  it('AtClosedError keeps the transport error that closed the port as its cause', () => {
    const lost = new TransportError('lost', '/dev/ttyUSB2', 'cable pulled');
    const error = new AtClosedError('AT+CSQ', '/dev/ttyUSB2', lost);
    expect(error.cause).toBe(lost);
    expect(error.message).toBe('AT+CSQ: port /dev/ttyUSB2 lost (/dev/ttyUSB2: cable pulled)');
  });
});
