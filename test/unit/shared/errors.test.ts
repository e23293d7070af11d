import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../electron/cloud/errors.ts';
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
});
