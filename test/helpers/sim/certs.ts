/**
 * Test PKI built with node-forge (keys from node:crypto, which is fast): a CA, certificates it
 * issues for servers (127.0.0.1 / localhost) and clients, and a second unrelated CA for
 * "wrong CA" tests.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface PemPair {
  cert: string;
  key: string;
}

export interface Issuer extends PemPair {
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

let serial = 1;

function newKeys(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), privateKey: forgeKey, keyPem };
}

function baseCert(publicKey: forge.pki.rsa.PublicKey, commonName: string, notBefore: Date, notAfter: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  serial += 1;
  cert.serialNumber = serial.toString(16).padStart(2, '0');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  return cert;
}

const DAY = 86_400_000;

export function createCa(commonName: string): Issuer {
  const keys = newKeys();
  const cert = baseCert(keys.publicKey, commonName, new Date(Date.now() - DAY), new Date(Date.now() + 365 * DAY));
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.keyPem, forgeCert: cert, forgeKey: keys.privateKey };
}

export interface LeafOptions {
  commonName: string;
  usage: 'server' | 'client';
  /** Validity window; default: yesterday to next year. */
  notBefore?: Date;
  notAfter?: Date;
}

export function issue(issuer: Issuer, options: LeafOptions): PemPair {
  const keys = newKeys();
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY);
  const cert = baseCert(keys.publicKey, options.commonName, notBefore, notAfter);
  cert.setIssuer(issuer.forgeCert.subject.attributes);
  const extensions: unknown[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: options.usage === 'server', clientAuth: options.usage === 'client' },
  ];
  if (options.usage === 'server') {
    extensions.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] });
  }
  cert.setExtensions(extensions as never[]);
  cert.sign(issuer.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.keyPem };
}

export interface TestPki {
  ca: Issuer;
  otherCa: Issuer;
  server: PemPair;
  client: PemPair;
}

export function createTestPki(): TestPki {
  const ca = createCa('Fieldlink Sim Test CA');
  return {
    ca,
    otherCa: createCa('Some Other CA'),
    server: issue(ca, { commonName: '127.0.0.1', usage: 'server' }),
    client: issue(ca, { commonName: 'TMS2_867969066452788', usage: 'client' }),
  };
}
