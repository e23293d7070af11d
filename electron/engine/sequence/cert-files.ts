/**
 * The certificate files a profile names, checked on this computer before a byte of them goes to
 * the module: the CA and client certificate must be PEM X.509 certificates, the client key a PEM
 * private key that belongs to the client certificate; each file is a regular file of at most
 * CERT_FILE_MAX_BYTES, and the three are different files. What is uploaded is exactly the bytes
 * checked here (read once, never re-read), so a file swapped in between cannot slip through.
 *
 * Nothing of a file's content appears in an error or a warning: only the field, the path and what
 * was found. A certificate is described only by its SHA-256 fingerprint; the key not at all.
 * The decisions (what is an error, what only a warning, and why) are in docs/profile-validation.md.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { ProfileError } from '../../../shared/profile.ts';
import type { ProfileIssue } from '../../../shared/profile.ts';

/** Largest certificate or key file accepted (a long chain is a few KiB; the module's UFS is small). */
export const CERT_FILE_MAX_BYTES = 64 * 1024;
/** A client certificate that ends sooner than this gets a warning. */
export const EXPIRY_WARNING_MS = 30 * 24 * 60 * 60 * 1000;
/** Clock difference tolerated before "not yet valid" is an error. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export const CERT_FIELDS = ['caCert', 'clientCert', 'clientKey'] as const;
export type CertField = (typeof CERT_FIELDS)[number];
export type CertPaths = Record<CertField, string>;

export interface CertWarning {
  /** `tls.caCert` … */
  path: string;
  message: string;
}

export interface CheckedCertFiles {
  files: CertPaths;
  /** The bytes that were checked: upload these, never re-read the file. */
  bytes: Record<CertField, Buffer>;
  /** SHA-256 fingerprints (`AB:CD:…`): every CA certificate, and the client certificate (leaf first). */
  fingerprints: { caCert: string[]; clientCert: string[] };
  warnings: CertWarning[];
}

interface PemBlock {
  label: string;
  text: string;
}

const field = (name: CertField) => `tls.${name}`;
const fail = (name: CertField, problem: string, file: string): never => {
  throw new ProfileError('cert-invalid', [{ path: field(name), problem }], file);
};

// ---- reading -------------------------------------------------------------------------------

/**
 * Reads one certificate file safely: the path must lead to a regular file (a FIFO, a device or
 * /proc entry is refused without blocking: the file is opened non-blocking and checked with fstat
 * on the open descriptor) of at most `maxBytes`.
 */
export async function readBoundedRegularFile(file: string, maxBytes: number): Promise<{ bytes: Buffer } | { problem: string; missing?: boolean }> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'file not found', missing: true };
    if (code === 'EACCES' || code === 'EPERM') return { problem: `${file} cannot be read (permission denied)` };
    return { problem: `${file} cannot be opened (${code ?? 'unknown error'})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: info.isDirectory() ? 'not a file' : `${file} is not a regular file (${kindOf(info)})` };
    if (info.size > maxBytes) return { problem: `${file} is ${info.size} bytes; at most ${maxBytes} are accepted` };
    // Read at most maxBytes + 1: a file that grows (or lies about its size, like /proc) is still caught.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { problem: `${file} is larger than ${maxBytes} bytes` };
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { problem: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'read error'})` };
  } finally {
    await handle.close();
  }
}

function kindOf(info: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a plain file';
}

async function readCertFile(name: CertField, file: string): Promise<Buffer> {
  const result = await readBoundedRegularFile(file, CERT_FILE_MAX_BYTES);
  if ('bytes' in result) return result.bytes;
  throw new ProfileError(result.missing ? 'file-missing' : 'cert-invalid', [{ path: field(name), problem: result.problem }], file);
}

// ---- PEM -----------------------------------------------------------------------------------

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----\r?\n([A-Za-z0-9+/=\r\n:, -]*?)-----END \1-----/g;

/**
 * The PEM blocks of a file, or undefined when the file is not PEM text made only of blocks
 * (text around the blocks would be uploaded to the module too, so it is refused).
 */
function pemBlocks(bytes: Buffer): { blocks: PemBlock[]; extraText: boolean } | undefined {
  const text = bytes.toString('latin1');
  if (/[^\x09\x0a\x0d\x20-\x7e]/.test(text)) return undefined;
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? '', text: m[0] }));
  if (blocks.length === 0) return undefined;
  const rest = text.replace(PEM_BLOCK, '');
  return { blocks, extraText: rest.trim() !== '' };
}

const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
const isKeyLabel = (label: string) => /PRIVATE KEY/.test(label);

function certificates(name: CertField, file: string, bytes: Buffer): X509Certificate[] {
  const pem = pemBlocks(bytes);
  if (!pem) return fail(name, `${file} is not a PEM certificate`, file);
  if (pem.blocks.some((b) => isKeyLabel(b.label))) return fail(name, `${file} holds a private key, not only certificates`, file);
  const other = pem.blocks.find((b) => b.label !== 'CERTIFICATE');
  if (other) return fail(name, `${file} holds a "${other.label}" block; expected only CERTIFICATE blocks`, file);
  if (pem.extraText) return fail(name, `${file} has text outside its PEM blocks; keep only the -----BEGIN/END CERTIFICATE----- blocks`, file);
  return pem.blocks.map((block, index) => {
    try {
      return new X509Certificate(block.text);
    } catch {
      return fail(name, `${file}: certificate ${index + 1} is not a valid X.509 certificate`, file);
    }
  });
}

function privateKey(file: string, bytes: Buffer): KeyObject {
  const pem = pemBlocks(bytes);
  if (!pem) return fail('clientKey', `${file} is not a PEM private key`, file);
  const keys = pem.blocks.filter((b) => isKeyLabel(b.label));
  if (keys.some((b) => b.label === 'ENCRYPTED PRIVATE KEY') || /Proc-Type:\s*4,ENCRYPTED/.test(bytes.toString('latin1'))) {
    return fail('clientKey', `${file} is encrypted with a passphrase; the module needs an unencrypted key file`, file);
  }
  const key = keys[0];
  if (!key || !KEY_LABELS.has(key.label)) return fail('clientKey', `${file} is not a PEM private key`, file);
  if (keys.length > 1) return fail('clientKey', `${file} holds ${keys.length} private keys; expected one`, file);
  const other = pem.blocks.find((b) => !isKeyLabel(b.label) && b.label !== 'EC PARAMETERS');
  if (other) return fail('clientKey', `${file} holds a "${other.label}" block besides the key`, file);
  if (pem.extraText) return fail('clientKey', `${file} has text outside its PEM blocks; keep only the key block`, file);
  try {
    return createPrivateKey({ key: key.text, format: 'pem' });
  } catch {
    return fail('clientKey', `${file} is not a valid private key`, file);
  }
}

// ---- the checks ----------------------------------------------------------------------------

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const validity = (cert: X509Certificate) => ({ from: new Date(cert.validFrom), to: new Date(cert.validTo) });

function checkCa(file: string, certs: X509Certificate[], now: Date, warnings: CertWarning[]): void {
  certs.forEach((cert, index) => {
    const which = certs.length > 1 ? `certificate ${index + 1} of ${file}` : file;
    if (!cert.ca) fail('caCert', `${which} is not a CA certificate (its basicConstraints do not say CA:TRUE)`, file);
    const { from, to } = validity(cert);
    // The module is told to ignore validity times (ignorelocaltime=1) and the broker does not look at
    // the CA, so an out-of-date CA may still work: a loud warning, not an error.
    if (to.getTime() < now.getTime()) warnings.push({ path: field('caCert'), message: `${which} expired on ${iso(to)}; ask the fleet operator for the current CA` });
    else if (from.getTime() > now.getTime() + CLOCK_SKEW_MS) warnings.push({ path: field('caCert'), message: `${which} is not valid before ${iso(from)} (this computer's clock says ${iso(now)})` });
  });
}

function checkClient(file: string, leaf: X509Certificate, now: Date, warnings: CertWarning[]): void {
  const { from, to } = validity(leaf);
  // The broker checks the client certificate's dates: an expired one fails at +QMTOPEN/+QMTCONN.
  if (to.getTime() < now.getTime()) fail('clientCert', `${file} expired on ${iso(to)} (this computer's clock says ${iso(now)})`, file);
  if (from.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    fail('clientCert', `${file} is not valid before ${iso(from)} (this computer's clock says ${iso(now)}; check the clock)`, file);
  }
  if (to.getTime() - now.getTime() < EXPIRY_WARNING_MS) {
    warnings.push({ path: field('clientCert'), message: `${file} expires on ${iso(to)}; renew it soon` });
  }
}

/** The three paths must be three different files (after following links). */
async function checkDistinct(files: CertPaths): Promise<void> {
  const seen = new Map<string, CertField>();
  for (const name of CERT_FIELDS) {
    let real: string;
    try {
      real = await realpath(files[name]);
    } catch {
      throw new ProfileError('file-missing', [{ path: field(name), problem: 'file not found' }], files[name]);
    }
    const earlier = seen.get(real);
    if (earlier) fail(name, `${files[name]} is the same file as tls.${earlier}; caCert, clientCert and clientKey must be three different files`, files[name]);
    seen.set(real, name);
  }
}

/** Checks the CA file alone (when the client files are per-device patterns not known yet). */
export async function checkCaFile(file: string, now: Date = new Date()): Promise<{ bytes: Buffer; fingerprints: string[]; warnings: CertWarning[] }> {
  const bytes = await readCertFile('caCert', file);
  const warnings: CertWarning[] = [];
  const certs = certificates('caCert', file, bytes);
  checkCa(file, certs, now, warnings);
  return { bytes, fingerprints: certs.map((c) => c.fingerprint256), warnings };
}

/**
 * Checks the three files of one device (patterns already substituted). Throws ProfileError
 * (`tls.caCert: /etc/passwd is not a PEM certificate`); returns the checked bytes.
 */
export async function checkCertFiles(files: CertPaths, now: Date = new Date()): Promise<CheckedCertFiles> {
  await checkDistinct(files);
  const ca = await checkCaFile(files.caCert, now);
  const warnings = [...ca.warnings];
  const clientBytes = await readCertFile('clientCert', files.clientCert);
  const chain = certificates('clientCert', files.clientCert, clientBytes);
  const leaf = chain[0] as X509Certificate;
  checkClient(files.clientCert, leaf, now, warnings);
  const keyBytes = await readCertFile('clientKey', files.clientKey);
  const key = privateKey(files.clientKey, keyBytes);
  if (!leaf.checkPrivateKey(key)) {
    fail('clientKey', `${files.clientKey} does not belong to the certificate in tls.clientCert (its public key differs)`, files.clientKey);
  }
  return {
    files: { ...files },
    bytes: { caCert: ca.bytes, clientCert: clientBytes, clientKey: keyBytes },
    fingerprints: { caCert: ca.fingerprints, clientCert: chain.map((c) => c.fingerprint256) },
    warnings,
  };
}

/** Every problem of the files as issues (for the profile editor), instead of the first as an error. */
export async function certFileIssues(files: Partial<CertPaths>, now: Date = new Date()): Promise<ProfileIssue[]> {
  const unreadable: ProfileIssue[] = [];
  for (const name of CERT_FIELDS) {
    const file = files[name];
    if (file === undefined) continue;
    const read = await readBoundedRegularFile(file, CERT_FILE_MAX_BYTES);
    if (!('bytes' in read)) unreadable.push({ path: field(name), problem: read.problem });
  }
  if (unreadable.length > 0) return unreadable;
  try {
    if (files.caCert && files.clientCert && files.clientKey) await checkCertFiles(files as CertPaths, now);
    else if (files.caCert) await checkCaFile(files.caCert, now);
    return [];
  } catch (error) {
    if (error instanceof ProfileError) return [...error.issues];
    throw error;
  }
}
