/**
 * Throw-away certificates for the profile and certificate-file tests, built with node-forge:
 * a CA, a client certificate it issues, and the odd ones (expired, not yet valid, not a CA,
 * another key). RSA keys come from Node's native generator and are cached per process.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

const DAY = 24 * 60 * 60 * 1000;
const keys: string[] = [];

/** The n-th cached RSA key (PKCS#1 PEM). */
export function rsaKeyPem(n = 0): string {
  while (keys.length <= n) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    keys.push(privateKey);
  }
  return keys[n] as string;
}

export interface CertOptions {
  commonName: string;
  ca: boolean;
  /** Key index (rsaKeyPem) of the subject. */
  key: number;
  /** Key index of the issuer (self-signed when equal to key). */
  issuerKey?: number;
  issuerName?: string;
  notBefore?: Date;
  notAfter?: Date;
}

let serial = 1;

export function certPem(options: CertOptions): string {
  const subjectKey = forge.pki.privateKeyFromPem(rsaKeyPem(options.key)) as forge.pki.rsa.PrivateKey;
  const issuerKey = forge.pki.privateKeyFromPem(rsaKeyPem(options.issuerKey ?? options.key));
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(subjectKey.n, subjectKey.e);
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY);
  cert.setSubject([{ name: 'commonName', value: options.commonName }]);
  cert.setIssuer([{ name: 'commonName', value: options.issuerName ?? options.commonName }]);
  cert.setExtensions([{ name: 'basicConstraints', cA: options.ca, critical: true }]);
  cert.sign(issuerKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A CA (key 0) and a client certificate it issued (key 1). */
export function goodSet(): { ca: string; client: string; key: string } {
  return {
    ca: certPem({ commonName: 'Test CA', ca: true, key: 0 }),
    client: certPem({ commonName: 'TMS2_867969066452788', ca: false, key: 1, issuerKey: 0, issuerName: 'Test CA' }),
    key: rsaKeyPem(1),
  };
}

/** Writes ca.pem, client.pem and client.key of goodSet() into `folder`. */
export async function writeGoodCerts(folder: string, names = { ca: 'ca.pem', client: 'client.pem', key: 'client.key' }): Promise<void> {
  const set = goodSet();
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, names.ca), set.ca);
  await writeFile(path.join(folder, names.client), set.client);
  await writeFile(path.join(folder, names.key), set.key, { mode: 0o600 });
}
