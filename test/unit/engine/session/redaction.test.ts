import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor as AtRedactor, REDACTED as AT_REDACTED } from '../../../../electron/engine/at/index.ts';
import { escapeBytes } from '../../../../electron/engine/at/traffic.ts';
import { MIN_FREE_SECRET_LENGTH, REDACTED, REDACTED_KEY, Redactor } from '../../../../electron/engine/session/redaction.ts';

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
    // The AT engine re-exports the same class and token: one Redactor, one token.
    expect(AtRedactor).toBe(Redactor);
    expect(AT_REDACTED).toBe(REDACTED);
    const atSide = new AtRedactor();
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

describe('K1 secrets where they stand: any case, any spacing, broader names, short secrets', () => {
  it.each([
    ['at+qmtconn=0,"id","user","pw"', 'at+qmtconn=0,"id","user","[REDACTED]"'],
    ['AT+QMTCONN=0, "id", "user", "pw"', 'AT+QMTCONN=0, "id", "user", "[REDACTED]"'],
    ['At+QmtConn = 0 ,"id" , "user" ,"p,w\\"x"', 'At+QmtConn = 0 ,"id" , "user" ,"[REDACTED]"'],
    ['at+qmtconn=0,id,user,hunter2', 'at+qmtconn=0,id,user,[REDACTED]'],
    ['at+qmtconn=0,"id","user","cut-off', 'at+qmtconn=0,"id","user","[REDACTED]'],
    ['at+qsslcfg="clientkey", 1, "UFS:k.key", "kp"', 'at+qsslcfg="clientkey", 1, "UFS:k.key", "[REDACTED]"'],
    ['AT+QICSGP=1,1,"apn","user","apnpass",1', 'AT+QICSGP=1,1,"apn","user","[REDACTED]",1'],
  ])('the password argument of %s is masked', (input, expected) => {
    expect(new Redactor().redact(input)).toBe(expected);
  });

  it('the error text of a lowercase QMTCONN typed in a terminal carries no password', () => {
    const text = new Redactor().redact('at+qmtconn=0,"id","user","Sup3r!" answered +CME ERROR: 3');
    expect(text).not.toContain('Sup3r!');
  });

  it.each(['pass', 'pwd', 'apiKey', 'api_key', 'mqttPassword', 'clientKey', 'PASSWORD', 'Token', 'client_secret', 'privateKey', 'passphrase'])(
    'a field named %s is secret in JSON text, forms and event objects (K2)',
    (name) => {
      const redactor = new Redactor();
      expect(redactor.redact(`{"${name}": "v4lue", "host":"h"}`)).toBe(`{"${name}": "${REDACTED}", "host":"h"}`);
      expect(redactor.redact(`a=1&${name}=v4lue&b=2`)).toBe(`a=1&${name}=${REDACTED}&b=2`);
      expect(redactor.redactEvent({ [name]: 'v4lue', host: 'h' })).toEqual({ [name]: REDACTED, host: 'h' });
    },
  );

  it('ordinary field names stay readable', () => {
    const redactor = new Redactor();
    expect(redactor.redactEvent({ host: 'h', step: 'mqtt-connect', keepalive: 60, passed: 'yes' })).toEqual({ host: 'h', step: 'mqtt-connect', keepalive: 60, passed: 'yes' });
  });

  it('a lowercase PEM private-key block is removed', () => {
    const key = pem('pkcs8', 'ec').replace(/-----BEGIN PRIVATE KEY-----/, '-----begin private key-----').replace(/-----END PRIVATE KEY-----/, '-----end private key-----');
    const body = key.split('\n')[1] ?? '';
    const redacted = new Redactor().redact(`got ${key}`);
    expect(redacted).not.toContain(body);
    expect(redacted).toContain(REDACTED_KEY);
  });

  it.each([
    ['PKCS#8 RSA', () => pem('pkcs8', 'rsa')],
    ['PKCS#1 RSA', () => pem('pkcs1', 'rsa')],
    ['SEC1 EC', () => pem('sec1', 'ec')],
    ['PKCS#8 EC', () => pem('pkcs8', 'ec')],
  ])('a header-less %s key body nobody registered is removed, on one line or several', (_name, makeKey) => {
    const lines = makeKey().split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
    const oneLine = lines.join('');
    expect(new Redactor().redact(`key=${oneLine};`)).toBe(`key=${REDACTED_KEY};`);
    const multi = new Redactor().redact(`body:\n${lines.join('\n')}\nOK`);
    for (const line of lines) expect(multi).not.toContain(line);
    expect(multi).toContain('OK');
  });

  it('a header-less certificate body stays visible (only keys are secret)', () => {
    // A certificate is a SEQUENCE whose first element is a SEQUENCE (tbsCertificate), not a version INTEGER.
    const certBody = 'MIIBszCCAVmgAwIBAgIUQ0Z0Yb6f9n1c0JrLQ8zq9Yb2mJ8wCgYIKoZIzj0EAwIwEjEQMA4GA1UEAwwHZGVtby1jYTAeFw0y';
    expect(new Redactor().redact(`cert ${certBody}`)).toBe(`cert ${certBody}`);
  });

  it('a short registered password (1234) does not blank unrelated text, only where a secret stands', () => {
    const redactor = new Redactor();
    redactor.add('1234');
    expect(Redactor.isShortSecret('1234')).toBe(true);
    expect(redactor.shortSecrets).toBe(1);
    expect(redactor.redact('+CSQ: 1234,99')).toBe('+CSQ: 1234,99');
    expect(redactor.redact('AT+QMTCONN=0,"id","user","1234"')).toBe('AT+QMTCONN=0,"id","user","[REDACTED]"');
    expect(redactor.redact('AT+QXYZ="a","1234",3')).toBe(`AT+QXYZ="a","${REDACTED}",3`);
    expect(redactor.redact('{"mqtt":{"pin":"1234"}}')).toBe(`{"mqtt":{"pin":"${REDACTED}"}}`);
    expect(redactor.redactEvent({ payload: 'x', value: '1234' })).toEqual({ payload: 'x', value: '1234' });
  });

  it('a password of MIN_FREE_SECRET_LENGTH characters is masked anywhere', () => {
    const redactor = new Redactor();
    const secret = 'x'.repeat(MIN_FREE_SECRET_LENGTH - 1) + 'Y';
    redactor.add(secret);
    expect(Redactor.isShortSecret(secret)).toBe(false);
    expect(redactor.redact(`free text ${secret} here`)).toBe(`free text ${REDACTED} here`);
  });
});
