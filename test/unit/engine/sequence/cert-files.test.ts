/**
 * The certificate files a profile names are checked on the computer before any upload: PEM X.509
 * certificates, a CA that is a CA, a key that belongs to the client certificate, dates, regular
 * files under the size cap, three different files. Errors name the field and the path and never
 * quote the file.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CERT_FILE_MAX_BYTES, certFileIssues, checkCertFiles } from '../../../../electron/engine/sequence/cert-files.ts';
import { ProfileError } from '../../../../shared/profile.ts';
import { certPem, goodSet, rsaKeyPem, writeGoodCerts } from '../../../helpers/test-certs.ts';

const DAY = 24 * 60 * 60 * 1000;
let dir: string;
let files: { caCert: string; clientCert: string; clientKey: string };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-certs-'));
  await writeGoodCerts(dir);
  files = { caCert: path.join(dir, 'ca.pem'), clientCert: path.join(dir, 'client.pem'), clientKey: path.join(dir, 'client.key') };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<ProfileError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProfileError);
  return error as ProfileError;
}

async function put(name: string, text: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('checkCertFiles', () => {
  it('accepts a CA, the client certificate it issued and its key; returns exactly the bytes read and SHA-256 fingerprints', async () => {
    const checked = await checkCertFiles(files);
    expect(checked.bytes.caCert.equals(await readFile(files.caCert))).toBe(true);
    expect(checked.bytes.clientKey.equals(await readFile(files.clientKey))).toBe(true);
    expect(checked.fingerprints.caCert).toEqual([new X509Certificate(await readFile(files.caCert)).fingerprint256]);
    expect(checked.fingerprints.clientCert[0]).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(checked.warnings).toEqual([]);
  });

  it('tls.caCert: /etc/passwd is not a PEM certificate, and nothing of the file is quoted', async () => {
    const error = await refusal(checkCertFiles({ ...files, caCert: '/etc/passwd' }));
    expect(error.message).toBe('tls.caCert: /etc/passwd is not a PEM certificate');
    expect(error.message).not.toMatch(/root/);
  });

  it('a short non-PEM secret file is refused without its content in the message', async () => {
    const secret = await put('token.txt', 'SUPERSECRET-api-token-42\n');
    const error = await refusal(checkCertFiles({ ...files, clientCert: secret }));
    expect(error.message).toBe(`tls.clientCert: ${secret} is not a PEM certificate`);
    expect(JSON.stringify(error)).not.toContain('SUPERSECRET');
  });

  it('/proc/self/environ (a file that claims size 0) is read bounded and refused without echoing the environment', async () => {
    const error = await refusal(checkCertFiles({ ...files, caCert: '/proc/self/environ' }));
    expect(error.message).toBe('tls.caCert: /proc/self/environ is not a PEM certificate');
    expect(error.message).not.toContain('PATH=');
  });

  it('a private key given as the CA certificate is refused without quoting the key', async () => {
    const error = await refusal(checkCertFiles({ ...files, caCert: await put('key-as-ca.pem', rsaKeyPem(2)) }));
    expect(error.message).toMatch(/^tls\.caCert: .*key-as-ca\.pem holds a private key, not only certificates$/);
    expect(error.message).not.toContain('MII');
  });

  it('a CA that is not a CA (basicConstraints CA:FALSE) is an error', async () => {
    const leaf = await put('leaf-as-ca.pem', certPem({ commonName: 'not a ca', ca: false, key: 0 }));
    expect((await refusal(checkCertFiles({ ...files, caCert: leaf }))).message).toBe(
      `tls.caCert: ${leaf} is not a CA certificate (its basicConstraints do not say CA:TRUE)`,
    );
  });

  it('an expired client certificate is an error naming the date', async () => {
    const expired = await put('expired.pem', certPem({ commonName: 'old', ca: false, key: 1, issuerKey: 0, notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 2 * DAY) }));
    const error = await refusal(checkCertFiles({ ...files, clientCert: expired }));
    expect(error.message).toMatch(/^tls\.clientCert: .*expired\.pem expired on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(this computer's clock says /);
    expect(error.kind).toBe('cert-invalid');
  });

  it('a client certificate not valid yet is an error', async () => {
    const future = await put('future.pem', certPem({ commonName: 'new', ca: false, key: 1, issuerKey: 0, notBefore: new Date(Date.now() + 3 * DAY), notAfter: new Date(Date.now() + 300 * DAY) }));
    expect((await refusal(checkCertFiles({ ...files, clientCert: future }))).message).toMatch(/future\.pem is not valid before .*check the clock/);
  });

  it('a client key that does not belong to the client certificate is an error', async () => {
    const other = await put('other.key', rsaKeyPem(2));
    expect((await refusal(checkCertFiles({ ...files, clientKey: other }))).message).toBe(
      `tls.clientKey: ${other} does not belong to the certificate in tls.clientCert (its public key differs)`,
    );
  });

  it('a passphrase-protected key is refused (the module needs the plain key)', async () => {
    const key = forge.pki.privateKeyFromPem(rsaKeyPem(1));
    const encrypted = await put('enc.key', forge.pki.encryptRsaPrivateKey(key, 'pw', { algorithm: 'aes256' }));
    expect((await refusal(checkCertFiles({ ...files, clientKey: encrypted }))).message).toMatch(/enc\.key is encrypted with a passphrase/);
  });

  it('a FIFO is refused at once, without blocking on it', async () => {
    const fifo = path.join(dir, 'fifo.pem');
    execFileSync('mkfifo', [fifo]);
    const error = await refusal(checkCertFiles({ ...files, caCert: fifo }));
    expect(error.message).toBe(`tls.caCert: ${fifo} is not a regular file (a FIFO)`);
  });

  it(`a file over ${CERT_FILE_MAX_BYTES} bytes is refused`, async () => {
    const big = await put('big.pem', `${goodSet().ca}\n${' '.repeat(CERT_FILE_MAX_BYTES)}`);
    expect((await refusal(checkCertFiles({ ...files, caCert: big }))).message).toBe(`tls.caCert: ${big} is ${CERT_FILE_MAX_BYTES + goodSet().ca.length + 1} bytes; at most ${CERT_FILE_MAX_BYTES} are accepted`);
  });

  it('the same file twice (also through a link) is refused', async () => {
    expect((await refusal(checkCertFiles({ ...files, clientKey: files.clientCert }))).message).toMatch(/^tls\.clientKey: .* is the same file as tls\.clientCert/);
    const link = path.join(dir, 'link.pem');
    await symlink(files.caCert, link);
    expect((await refusal(checkCertFiles({ ...files, clientCert: link }))).message).toMatch(/^tls\.clientCert: .*link\.pem is the same file as tls\.caCert/);
  });

  it('text around the PEM blocks is refused (it would be uploaded too)', async () => {
    const chatty = await put('chatty.pem', `Bag Attributes: friendlyName secret-host\n${goodSet().ca}`);
    expect((await refusal(checkCertFiles({ ...files, caCert: chatty }))).message).toMatch(/chatty\.pem has text outside its PEM blocks/);
  });

  it('an expired CA and a client certificate ending soon are loud warnings, not errors', async () => {
    const oldCa = await put('old-ca.pem', certPem({ commonName: 'Test CA', ca: true, key: 0, notBefore: new Date(Date.now() - 900 * DAY), notAfter: new Date(Date.now() - DAY) }));
    const soon = await put('soon.pem', certPem({ commonName: 'c', ca: false, key: 1, issuerKey: 0, issuerName: 'Test CA', notAfter: new Date(Date.now() + 10 * DAY) }));
    const checked = await checkCertFiles({ ...files, caCert: oldCa, clientCert: soon });
    expect(checked.warnings.map((w) => w.path)).toEqual(['tls.caCert', 'tls.clientCert']);
    expect(checked.warnings[0]?.message).toMatch(/old-ca\.pem expired on/);
    expect(checked.warnings[1]?.message).toMatch(/soon\.pem expires on/);
  });

  it('a missing file is file-missing', async () => {
    const error = await refusal(checkCertFiles({ ...files, clientKey: path.join(dir, 'nope.key') }));
    expect(error.kind).toBe('file-missing');
    expect(error.message).toBe('tls.clientKey: file not found');
  });
});

describe('certFileIssues', () => {
  it('gives the problem as an issue for the profile editor', async () => {
    expect(await certFileIssues({ ...files, caCert: '/etc/passwd' })).toEqual([{ path: 'tls.caCert', problem: '/etc/passwd is not a PEM certificate' }]);
    expect(await certFileIssues(files)).toEqual([]);
  });
});
