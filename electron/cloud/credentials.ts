/**
 * One MQTT principal's credentials in its own folder: `client.pem`, `client.key` (0600) and
 * `password` (0600). Used for every device (`devices/<deviceId>/`) and for the cloud's own admin
 * client (`admin/`). Reused when present and still valid; the certificate is reissued (the
 * password kept) when it no longer verifies against the CA.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { readPair, writePair } from './ca.ts';
import type { DemoCa } from './ca.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE, readTextIfExists, writeFileWithMode } from './files.ts';

export interface CredentialPaths {
  dir: string;
  certPath: string;
  keyPath: string;
  passwordPath: string;
}

export interface Credentials {
  /** MQTT user name; also the certificate's CN. */
  username: string;
  certPem: string;
  keyPem: string;
  password: string;
  certPath: string;
  keyPath: string;
}

const PASSWORD_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD_LENGTH = 32;

export function credentialPaths(dir: string): CredentialPaths {
  return { dir, certPath: join(dir, 'client.pem'), keyPath: join(dir, 'client.key'), passwordPath: join(dir, 'password') };
}

/** A 32-character token like the spec's example (`8824qi6rq8bgpi4z5jqomu8wnhnwipdk`). */
export function generatePassword(): string {
  return Array.from({ length: PASSWORD_LENGTH }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

export async function loadOrCreateCredentials(ca: DemoCa, dir: string, username: string): Promise<Credentials> {
  const paths = credentialPaths(dir);
  await ensurePrivateDir(dir);
  let pair = await readPair(paths.certPath, paths.keyPath);
  if (!pair || !ca.isValidLeaf(pair)) {
    pair = await ca.issueClientCertificate(username);
    await writePair(paths.certPath, paths.keyPath, pair);
  }
  let password = (await readTextIfExists(paths.passwordPath))?.trim();
  if (!password) {
    password = generatePassword();
    await writeFileWithMode(paths.passwordPath, `${password}\n`, PRIVATE_FILE_MODE);
  }
  return { username, ...pair, password, certPath: paths.certPath, keyPath: paths.keyPath };
}

/** Constant-time comparison of a presented password with the stored one. */
export function passwordMatches(expected: string, presented: Uint8Array | string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = typeof presented === 'string' ? Buffer.from(presented, 'utf8') : Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
