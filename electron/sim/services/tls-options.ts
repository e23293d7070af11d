/**
 * An SSL context + the module's files → Node TLS client options and the module's own certificate
 * check. The module verifies the chain against the uploaded CA at seclevel ≥ 1 and presents the
 * uploaded client certificate and key at seclevel 2; with ignorelocaltime 1 an expired or
 * not-yet-valid certificate is accepted. The host name is not checked (no "checkhost" item set).
 */
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { LinkError } from './link-error.ts';
import type { SslContextConfig } from './ssl-contexts.ts';
import { parseFileName, type Ufs } from './ufs.ts';

/** QSSLCFG "ciphersuite" hex codes → OpenSSL names (BG96 list + EG25-G GCM suites, docs/at-behaviour.md#tls). */
export const CIPHER_SUITES: Readonly<Record<number, string>> = {
  0x0035: 'AES256-SHA',
  0x002f: 'AES128-SHA',
  0x0005: 'RC4-SHA',
  0x0004: 'RC4-MD5',
  0x000a: 'DES-CBC3-SHA',
  0x003d: 'AES256-SHA256',
  0x009c: 'AES128-GCM-SHA256',
  0x009d: 'AES256-GCM-SHA384',
  0xc003: 'ECDH-ECDSA-DES-CBC3-SHA',
  0xc004: 'ECDH-ECDSA-AES128-SHA',
  0xc005: 'ECDH-ECDSA-AES256-SHA',
  0xc008: 'ECDHE-ECDSA-DES-CBC3-SHA',
  0xc009: 'ECDHE-ECDSA-AES128-SHA',
  0xc00a: 'ECDHE-ECDSA-AES256-SHA',
  0xc00d: 'ECDH-RSA-DES-CBC3-SHA',
  0xc00e: 'ECDH-RSA-AES128-SHA',
  0xc00f: 'ECDH-RSA-AES256-SHA',
  0xc011: 'ECDHE-RSA-RC4-SHA',
  0xc012: 'ECDHE-RSA-DES-CBC3-SHA',
  0xc013: 'ECDHE-RSA-AES128-SHA',
  0xc014: 'ECDHE-RSA-AES256-SHA',
  0xc023: 'ECDHE-ECDSA-AES128-SHA256',
  0xc024: 'ECDHE-ECDSA-AES256-SHA384',
  0xc025: 'ECDH-ECDSA-AES128-SHA256',
  0xc026: 'ECDH-ECDSA-AES256-SHA384',
  0xc027: 'ECDHE-RSA-AES128-SHA256',
  0xc028: 'ECDHE-RSA-AES256-SHA384',
  0xc029: 'ECDH-RSA-AES128-SHA256',
  0xc02a: 'ECDH-RSA-AES256-SHA384',
  0xc02b: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  0xc02c: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  0xc02f: 'ECDHE-RSA-AES128-GCM-SHA256',
  0xc030: 'ECDHE-RSA-AES256-GCM-SHA384',
  0xffff: '',
};

type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';
/** sslversion → [min, max]; the module family speaks at most TLS 1.2. 0 (SSL 3.0) cannot connect. */
const VERSIONS: Readonly<Record<number, [TlsVersion, TlsVersion]>> = {
  1: ['TLSv1', 'TLSv1'],
  2: ['TLSv1.1', 'TLSv1.1'],
  3: ['TLSv1.2', 'TLSv1.2'],
  4: ['TLSv1', 'TLSv1.2'],
};

const CLOCK_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

export interface ModuleTls {
  options: ConnectionOptions;
  /** Undefined when the module accepts the server; otherwise the reason. */
  verify(socket: TLSSocket): string | undefined;
}

async function fileBytes(ufs: Ufs, name: string | undefined, item: string): Promise<Buffer> {
  const ref = name === undefined ? undefined : parseFileName(name);
  const bytes = ref ? await ufs.read(ref) : undefined;
  if (!bytes) throw new LinkError('tls', `SSL ${item} file ${name ?? '(not set)'} is missing`);
  return bytes;
}

export async function moduleTls(config: SslContextConfig, ufs: Ufs): Promise<ModuleTls> {
  const versions = VERSIONS[config.sslversion];
  if (!versions) throw new LinkError('tls', 'SSL 3.0 is not supported by the peer');
  const cipher = CIPHER_SUITES[config.ciphersuite] ?? '';
  const options: ConnectionOptions = {
    minVersion: versions[0],
    maxVersion: versions[1],
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    ...(cipher ? { ciphers: `${cipher}:@SECLEVEL=0` } : versions[0] === 'TLSv1.2' ? {} : { ciphers: 'DEFAULT:@SECLEVEL=0' }),
  };
  if (config.seclevel >= 1) options.ca = await fileBytes(ufs, config.cacert, 'cacert');
  if (config.seclevel >= 2) {
    options.cert = await fileBytes(ufs, config.clientcert, 'clientcert');
    options.key = await fileBytes(ufs, config.clientkey, 'clientkey');
    if (config.keyPassword !== undefined) options.passphrase = config.keyPassword;
  }
  const verify = (socket: TLSSocket): string | undefined => {
    if (config.seclevel === 0 || socket.authorized) return undefined;
    const reason = String(socket.authorizationError ?? 'server certificate not trusted');
    return config.ignorelocaltime === 1 && CLOCK_ERRORS.has(reason) ? undefined : reason;
  };
  return { options, verify };
}
