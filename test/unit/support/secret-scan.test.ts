/**
 * The bundle's last check (K2): what the scan calls a secret, and what it lets through — the
 * session log writer's own masks (`[REDACTED]`, `[REDACTED:pem]`) are not secrets.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/engine/session/redaction.ts';
import { SecretScanner } from '../../../electron/support/secret-scan.ts';

const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

describe('SecretScanner (K2)', () => {
  it('finds PEM private keys of every kind', () => {
    const scanner = new SecretScanner();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const pems = [
      rsa.export({ type: 'pkcs1', format: 'pem' }).toString(),
      rsa.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ecKey().export({ type: 'sec1', format: 'pem' }).toString(),
      ecKey().export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pass-phrase' }).toString(),
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      '-----begin openssh private key-----\nabc\n',
    ];
    for (const pem of pems) expect(scanner.scan(`before ${pem} after`), pem.split('\n')[0]).toBe('pem-private-key');
  });

  it('finds a private key body without its PEM header, also JSON-escaped', () => {
    const body = ecKey().export({ type: 'pkcs8', format: 'pem' }).toString().split('\n').filter((l) => l && !l.startsWith('-----'));
    const scanner = new SecretScanner();
    expect(scanner.scan(body.join(''))).toBe('private-key-body');
    expect(scanner.scan(JSON.stringify({ text: body.join('\n') }))).toBe('private-key-body');
  });

  it('finds password, secret and key fields with a value, plain or inside a JSON string, and AT password arguments', () => {
    const scanner = new SecretScanner();
    expect(scanner.scan('{"password":"hunter2hunter2"}')).toBe('secret-field');
    expect(scanner.scan('{"mqttPasswd": "x"}')).toBe('secret-field');
    expect(scanner.scan('{"client_secret":"abc"}')).toBe('secret-field');
    expect(scanner.scan('{"privateKey":"abc"}')).toBe('secret-field');
    expect(scanner.scan(JSON.stringify({ text: JSON.stringify({ serverInfo: { mqtt: { password: 'p4ss-w0rd' } } }) }))).toBe('secret-field');
    expect(scanner.scan('AT+QMTCONN=0,"TMS2_1","TMS2_1","abc,def"')).toBe('secret-field');
    expect(scanner.scan('https://host/x?token=abcdef')).toBe('secret-field');
  });

  it('finds the secrets it is given (a password in free text, any line of a key)', () => {
    const key = ecKey().export({ type: 'pkcs8', format: 'pem' }).toString();
    const scanner = new SecretScanner(['Long-Secret-Value-42', Buffer.from(key)]);
    expect(scanner.scan('the broker said Long-Secret-Value-42 twice')).toBe('registered-secret');
    const line = key.split('\n')[2] ?? '';
    expect(line.length).toBeGreaterThanOrEqual(16);
    expect(scanner.scan(`<td>${line}</td>`)).toBe('registered-secret');
  });

  it("uses the run's own Redactor when the bundle is made during the run", () => {
    const run = new Redactor();
    run.add('server-given-password');
    expect(new SecretScanner([], run).scan('echo server-given-password')).toBe('registered-secret');
    expect(new SecretScanner().scan('echo server-given-password')).toBeUndefined();
  });

  it('lets through what the session log writer already masked, and ordinary text', () => {
    const scanner = new SecretScanner(['Long-Secret-Value-42']);
    const clean = [
      '{"type":"at-traffic","t":1,"event":{"kind":"command","t":1,"dir":"tx","text":"AT+QMTCONN=0,\\"TMS2_1\\",\\"TMS2_1\\",\\"[REDACTED]\\""}}',
      '{"password":"[REDACTED]","clientKey":"[REDACTED]"}',
      'upload [REDACTED:pem] done',
      'AT+CSQ\r\n+CSQ: 24,99\r\nOK',
      '{"caFingerprints":["BD:AD:B4:35"],"keepalive":60,"passed":true}',
      '<td>RSRP -92 dBm</td>',
      '',
    ];
    for (const text of clean) expect(scanner.scan(text), text).toBeUndefined();
  });
});
