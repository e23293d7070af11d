import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Redactor as AtRedactor } from '../../../../electron/engine/at/redactor.ts';
import { escapeBytes } from '../../../../electron/engine/at/traffic.ts';
import { REDACTED, REDACTED_KEY, Redactor } from '../../../../electron/engine/session/redaction.ts';

const PASSWORD = '8824qi6rq8bgpi4z5jqomu8wnhnwipdk';
const pem = (type: 'pkcs8' | 'pkcs1' | 'sec1', kind: 'rsa' | 'ec') => {
  const { privateKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 1024 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type, format: 'pem' }).toString();
};

describe('Redactor (K1)', () => {
  it('replaces a registered secret wherever it appears', () => {
    const redactor = new Redactor();
    redactor.add(PASSWORD);
    expect(redactor.redact(`user x pass ${PASSWORD} and again ${PASSWORD}!`)).toBe(`user x pass ${REDACTED} and again ${REDACTED}!`);
  });

  it('catches the secret in its escaped, JSON and URL-encoded forms', () => {
    const redactor = new Redactor();
    const secret = 'p"a\\ss\r\nw/rd&1';
    redactor.add(secret);
    for (const form of [secret, 'p"a\\ss\\r\\nw/rd&1', JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
      expect(redactor.redact(`[${form}]`)).toBe(`[${REDACTED}]`);
    }
  });

  it.each([
    ['PKCS#8 RSA', () => pem('pkcs8', 'rsa'), 'BEGIN PRIVATE KEY'],
    ['PKCS#1 RSA', () => pem('pkcs1', 'rsa'), 'BEGIN RSA PRIVATE KEY'],
    ['SEC1 EC', () => pem('sec1', 'ec'), 'BEGIN EC PRIVATE KEY'],
  ])('removes a %s PEM block nobody registered', (_name, makeKey, header) => {
    const key = makeKey();
    expect(key).toContain(header);
    const redacted = new Redactor().redact(`upload: ${key}\r\nOK`);
    expect(redacted).toBe(`upload: ${REDACTED_KEY}\n\r\nOK`);
    expect(redacted).not.toMatch(/PRIVATE KEY/);
  });

  it('removes a PEM block in escaped traffic text and a block cut off mid-way', () => {
    const key = pem('pkcs8', 'ec');
    const escaped = key.replaceAll('\n', '\\n');
    expect(new Redactor().redact(`tx ${escaped} done`)).toBe(`tx ${REDACTED_KEY}\\n done`);
    const cut = key.slice(0, key.length / 2);
    expect(new Redactor().redact(`chunk: ${cut}`)).toBe(`chunk: ${REDACTED_KEY}`);
  });

  it('removes lines of a registered key body even without the BEGIN line', () => {
    const key = pem('pkcs8', 'rsa');
    const redactor = new Redactor();
    redactor.add(Buffer.from(key));
    const bodyLine = key.split('\n')[3] ?? '';
    expect(bodyLine.length).toBe(64);
    expect(redactor.redact(`rx ${bodyLine} rx`)).toBe(`rx ${REDACTED} rx`);
  });

  it.each([
    ['AT+QMTCONN=0,"TMS2_1","TMS2_1","unregistered-pw"', 'AT+QMTCONN=0,"TMS2_1","TMS2_1","[REDACTED]"'],
    ['AT+QSSLCFG="clientkey",1,"UFS:client.key","keypass"', 'AT+QSSLCFG="clientkey",1,"UFS:client.key","[REDACTED]"'],
    ['{"mqtt":{"host":"h","password": "s3cr\\"et","port":1}}', '{"mqtt":{"host":"h","password": "[REDACTED]","port":1}}'],
    ['user=a&password=hunter2&x=1', 'user=a&password=[REDACTED]&x=1'],
  ])('pattern-redacts %s', (input, expected) => {
    expect(new Redactor().redact(input)).toBe(expected);
  });

  it('leaves ordinary modem text alone and is idempotent', () => {
    const redactor = new Redactor();
    redactor.add(PASSWORD);
    const text = '+QMTOPEN: 0,0\r\nAT+QSSLCFG="cacert",1,"UFS:ca.pem"\r\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(redactor.redact(text)).toBe(text);
    const once = redactor.redact(`AT+QMTCONN=0,"a","b","${PASSWORD}"`);
    expect(redactor.redact(once)).toBe(once);
  });

  it('redactEvent deep-copies, redacts every string and blanks secret-named fields (K2)', () => {
    const redactor = new Redactor();
    redactor.add(PASSWORD);
    const event = {
      type: 'step-failed',
      t: 5,
      nested: { list: [`x${PASSWORD}x`, 3, null, true], password: 'anything', token: 'tok' },
    };
    const copy = structuredClone(event);
    expect(redactor.redactEvent(event)).toEqual({
      type: 'step-failed',
      t: 5,
      nested: { list: [`x${REDACTED}x`, 3, null, true], password: REDACTED, token: REDACTED },
    });
    expect(event).toEqual(copy);
  });

  it('ignores an empty secret', () => {
    const redactor = new Redactor();
    redactor.add('');
    expect(redactor.size).toBe(0);
    expect(redactor.redact('OK')).toBe('OK');
  });
});

describe('one Redactor for the AT engine and the session (K1 choke point)', () => {
  it('is accepted wherever the AT engine takes its Redactor, and redacts its traffic text the same way', () => {
    const shared = new Redactor();
    const atSide: AtRedactor = shared; // what AtClient({ redactor }) and TrafficRecorder receive
    atSide.add(PASSWORD);
    expect(atSide.containsSecret(`x${PASSWORD}`)).toBe(true);
    expect(atSide.redact(escapeBytes(Buffer.from(`AT+QMTCONN=0,"a","b","${PASSWORD}"\r\n`)))).toBe(`AT+QMTCONN=0,"a","b","${REDACTED}"\\r\\n`);
  });

  it('catches a non-ASCII secret in latin1 byte traffic', () => {
    const redactor = new Redactor();
    redactor.add('비밀번호-secret');
    expect(redactor.redact(escapeBytes(Buffer.from('pw=비밀번호-secret\r')))).toBe('pw=[REDACTED]\\r');
  });
});
