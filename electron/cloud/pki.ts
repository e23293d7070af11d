/**
 * Certificate building blocks for the demo CA (node-forge; no openssl at run time). RSA keys come
 * from Node's native generator (libuv thread pool, fast and non-blocking), certificates are built
 * with node-forge and signed with Node's native RSA (forge's JavaScript RSA took about 60 ms of the
 * main thread per certificate; a station provisioning 32 units embeds this cloud). Keys are PKCS#1
 * PEM, which every Quectel firmware accepts.
 */
import { createPrivateKey, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

export const PKI_PROFILE = {
  keyBits: 2048,
  caDays: 3650,
  /** Leaves stay under the 825-day ceiling that strict TLS stacks enforce. */
  leafDays: 825,
  /** notBefore is backdated so a module clock a little behind still accepts the certificate. */
  backdateMs: 24 * 60 * 60 * 1000,
  organization: 'Fieldlink demo cloud',
} as const;

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface Issuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  /** The same key for Node's signer. */
  signingKey: KeyObject;
}

export type LeafKind = 'server' | 'client';

export async function generateRsaKeyPem(): Promise<string> {
  const { privateKey } = await generateRsa('rsa', {
    modulusLength: PKI_PROFILE.keyBits,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

export async function createCaCertificate(commonName: string): Promise<PemPair> {
  const keyPem = await generateRsaKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = baseCertificate(publicKeyOf(key), PKI_PROFILE.caDays, commonName);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signSha256(cert, createPrivateKey(keyPem));
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** Issues a leaf: `server` gets SAN localhost + 127.0.0.1, `client` gets clientAuth. */
export async function issueLeafCertificate(issuer: Issuer, kind: LeafKind, commonName: string): Promise<PemPair> {
  const keyPem = await generateRsaKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = baseCertificate(publicKeyOf(key), PKI_PROFILE.leafDays, commonName);
  cert.setIssuer(issuer.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: kind === 'server', clientAuth: kind === 'client' },
    ...(kind === 'server' ? [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signSha256(cert, issuer.signingKey);
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

export function loadIssuer(pair: PemPair): Issuer {
  return { cert: forge.pki.certificateFromPem(pair.certPem), key: forge.pki.privateKeyFromPem(pair.keyPem), signingKey: createPrivateKey(pair.keyPem) };
}

/**
 * sha256WithRSAEncryption over the certificate's TBS part, computed by Node. forge's own sign()
 * fills in the signature algorithm and builds the TBS structure; its RSA step is replaced.
 */
function signSha256(cert: forge.pki.Certificate, key: KeyObject): void {
  const noRsa = { sign: () => '' } as unknown as forge.pki.rsa.PrivateKey;
  cert.sign(noRsa, forge.md.sha256.create());
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, key).toString('binary');
}

/** True when `certPem` was signed by `issuer`, is inside its validity window and its key matches `keyPem`. */
export function isValidLeaf(issuer: Issuer, pair: PemPair, now = new Date()): boolean {
  try {
    const cert = forge.pki.certificateFromPem(pair.certPem);
    const key = forge.pki.privateKeyFromPem(pair.keyPem);
    const certKey = cert.publicKey as forge.pki.rsa.PublicKey;
    return issuer.cert.verify(cert) && cert.validity.notBefore <= now && now < cert.validity.notAfter && certKey.n.equals(key.n);
  } catch {
    return false;
  }
}

function publicKeyOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.n, key.e);
}

function baseCertificate(publicKey: forge.pki.rsa.PublicKey, days: number, commonName: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - PKI_PROFILE.backdateMs);
  cert.validity.notAfter = new Date(now + days * 24 * 60 * 60 * 1000);
  cert.setSubject([
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: PKI_PROFILE.organization },
  ]);
  return cert;
}

/** 16 random bytes, first bit cleared so the DER integer stays positive. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}
