/**
 * TrafficPipe: received chunks are merged until the next decoded event, so a secret split across
 * chunks reaches the redactor whole (K1); hold() keeps events back until a secret is known.
 */
import { describe, expect, it } from 'vitest';
import type { TrafficEvent } from '../../../../electron/engine/at/types.ts';
import { TrafficPipe } from '../../../../electron/engine/sequence/traffic-pipe.ts';
import { Redactor } from '../../../../electron/engine/session/redaction.ts';

const rx = (text: string): TrafficEvent => ({ kind: 'bytes', t: 1, dir: 'rx', length: text.length, text });
const line = (text: string): TrafficEvent => ({ kind: 'line', t: 2, dir: 'rx', text, role: 'info' });

describe('TrafficPipe', () => {
  it('merges received chunks up to the next decoded event', () => {
    const out: TrafficEvent[] = [];
    const pipe = new TrafficPipe((event) => out.push(event));
    pipe.push(rx('+CSQ: 2'));
    pipe.push(rx('4,99\\r\\n'));
    pipe.push(line('+CSQ: 24,99'));
    expect(out).toEqual([{ kind: 'bytes', t: 1, dir: 'rx', length: 15, text: '+CSQ: 24,99\\r\\n' }, line('+CSQ: 24,99')]);
  });

  it('a secret split across chunks is redacted once it is registered during a hold', () => {
    const redactor = new Redactor();
    const shown: string[] = [];
    const pipe = new TrafficPipe((event) => shown.push(redactor.redact(JSON.stringify(event))));
    const release = pipe.hold();
    pipe.push(rx('{"mqtt":{"pass'));
    pipe.push(rx('word":"8824qi6r'));
    pipe.push(rx('q8bgpi4z5jqomu8wnhnwipdk"}}'));
    pipe.push(line('OK'));
    expect(shown).toEqual([]);
    redactor.add('8824qi6rq8bgpi4z5jqomu8wnhnwipdk');
    release();
    expect(shown).toHaveLength(2);
    expect(shown.join('')).not.toContain('8824qi6r');
    expect(shown.join('')).not.toContain('q8bgpi4z');
  });

  it('flush() delivers what is pending', () => {
    const out: TrafficEvent[] = [];
    const pipe = new TrafficPipe((event) => out.push(event));
    pipe.push(rx('RD'));
    pipe.flush();
    expect(out).toEqual([rx('RD')]);
  });
});
