/** `fieldlink at` exit codes are chosen by error class (instanceof), not by the error's name string. */
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../electron/cli/commands/at.ts';
import { EXIT } from '../../../electron/cli/exit-codes.ts';
import { AtAbortedError, AtClosedError, AtCommandError, AtTimeoutError } from '../../../electron/engine/at/errors.ts';
import { TransportError } from '../../../electron/engine/transport/errors.ts';

describe('exitCodeFor', () => {
  it.each([
    { error: new TransportError('bad-uri', 'tcp://x', 'bad port URI: port is missing'), code: EXIT.usage },
    { error: new TransportError('busy', '/dev/ttyUSB2', 'held by another program'), code: EXIT.device },
    { error: new AtClosedError('AT', '/dev/ttyUSB2'), code: EXIT.device },
    { error: new AtAbortedError('AT+CSQ'), code: EXIT.aborted },
    { error: new AtTimeoutError('AT+CSQ', 'result', 300), code: EXIT.failed },
    { error: new AtCommandError('AT+CPIN?', '+CME ERROR: 10', 10, 'SIM not inserted'), code: EXIT.failed },
    { error: new TypeError('bad argument'), code: EXIT.usage },
    { error: new Error('bug'), code: EXIT.internal },
  ])('$error.name ($error.message) → $code', ({ error, code }) => {
    expect(exitCodeFor(error)).toBe(code);
  });

  it('an error that only borrows an engine class name is internal', () => {
    expect(exitCodeFor(Object.assign(new Error('fake'), { name: 'AtClosedError' }))).toBe(EXIT.internal);
    expect(exitCodeFor(Object.assign(new Error('fake'), { name: 'TransportError' }))).toBe(EXIT.internal);
  });
});
