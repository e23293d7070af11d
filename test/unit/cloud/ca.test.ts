import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity } from 'node:tls';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoCa } from '../../../electron/cloud/ca.ts';
import type { DemoCa } from '../../../electron/cloud/ca.ts';

describe('demo CA', () => {
  let dataDir: string;
  let ca: DemoCa;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fieldlink-ca-test-'));
    ca = await openDemoCa(dataDir);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is a CA certificate (basicConstraints cA) and self-signed', () => {
    const cert = new X509Certificate(ca.caPem);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('issues a server certificate that verifies against the CA and is valid for 127.0.0.1 and localhost', () => {
    const server = new X509Certificate(ca.server.certPem);
    expect(server.verify(new X509Certificate(ca.caPem).publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkHost('example.com')).toBeUndefined();
    const peer = { subject: { CN: '127.0.0.1' }, subjectaltname: server.subjectAltName } as unknown as Parameters<typeof checkServerIdentity>[1];
    expect(checkServerIdentity('127.0.0.1', peer)).toBeUndefined();
  });

  it('issues client certificates that verify against the CA (node-forge chain check) with CN = deviceId', async () => {
    const client = await ca.issueClientCertificate('TMS2_867969066452788');
    const store = forge.pki.createCaStore([ca.caPem]);
    const cert = forge.pki.certificateFromPem(client.certPem);
    expect(forge.pki.verifyCertificateChain(store, [cert])).toBe(true);
    expect(cert.subject.getField('CN').value).toBe('TMS2_867969066452788');
    expect(new X509Certificate(client.certPem).keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
    expect(ca.isValidLeaf(client)).toBe(true);
  });

  it('rejects a certificate from another CA and a key that does not match', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'fieldlink-ca-test-other-'));
    try {
      const other = await openDemoCa(otherDir);
      const foreign = await other.issueClientCertificate('TMS2_867969066452788');
      expect(ca.isValidLeaf(foreign)).toBe(false);
      const own = await ca.issueClientCertificate('TMS2_867969066452788');
      expect(ca.isValidLeaf({ certPem: own.certPem, keyPem: foreign.keyPem })).toBe(false);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('stores the keys with mode 0600 (K5)', async () => {
    for (const file of ['ca.key', 'server.key']) expect((await stat(join(dataDir, file))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dataDir, 'ca.pem'), 'utf8')).toBe(ca.caPem);
  });

  it('reuses the stored CA and server certificate on the next open', async () => {
    const again = await openDemoCa(dataDir);
    expect(again.caPem).toBe(ca.caPem);
    expect(again.server).toEqual(ca.server);
  });

  it('issues a new server certificate from the same CA when server.pem is missing', async () => {
    await unlink(join(dataDir, 'server.pem'));
    const again = await openDemoCa(dataDir);
    expect(again.caPem).toBe(ca.caPem);
    expect(again.server.certPem).not.toBe(ca.server.certPem);
    expect(ca.isValidLeaf(again.server)).toBe(true);
  });
});
