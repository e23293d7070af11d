import { describe, expect, it } from 'vitest';
import { MASK, maskProfileText, unmaskProfileText } from '../../../renderer/features/profiles/mask-secrets.ts';
import { lineOfPath } from '../../../renderer/features/profiles/json-path-line.ts';

const PASSWORD = '8824qi6rq8bgpi4z5jqomu8wnhnwipdk';

describe('profile secrets masking (K6: secrets never on screen)', () => {
  const original = JSON.stringify({ name: 'x', mqtt: { password: PASSWORD, qos: 1 }, keys: ['-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----'] });

  it('masks passwords and inline private keys, and restores them when untouched', () => {
    const masked = maskProfileText(original);
    expect(masked.text).not.toContain(PASSWORD);
    expect(masked.text).not.toContain('PRIVATE KEY');
    expect(masked.text.split(MASK)).toHaveLength(3);
    expect(JSON.parse(unmaskProfileText(masked.text, masked.secrets))).toEqual(JSON.parse(original));
  });

  it('keeps a secret the user replaced', () => {
    const masked = maskProfileText(original);
    const edited = masked.text.replace(`"password": "${MASK}"`, '"password": "new-one"');
    expect(JSON.parse(unmaskProfileText(edited, masked.secrets)).mqtt.password).toBe('new-one');
  });

  it('passes text that is not JSON through unchanged', () => {
    expect(maskProfileText('{ broken').text).toBe('{ broken');
    expect(unmaskProfileText(`{ "a": "${MASK}"`, { a: 'secret' })).toBe(`{ "a": "${MASK}"`);
  });
});

describe('lineOfPath', () => {
  const text = ['{', '  "name": "demo",', '  "tls": {', '    "caCert": "ca.pem",', '    "sslContextId": 9', '  },', '  "steps": { "identify": { "retries": 99 } }', '}'].join('\n');

  it.each([
    ['name', 2],
    ['tls', 3],
    ['tls.sslContextId', 5],
    ['steps.identify.retries', 7],
    ['profile', 1],
  ] as const)('finds %s on line %i', (path, line) => {
    expect(lineOfPath(text, path)).toBe(line);
  });

  it('points a missing field at its deepest existing parent', () => {
    expect(lineOfPath(text, 'tls.clientKey')).toBe(3);
  });

  it('does not mistake a value for a key', () => {
    expect(lineOfPath('{\n "a": "tls",\n "tls": 1\n}', 'tls')).toBe(3);
  });
});
