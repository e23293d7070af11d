/**
 * The demo CA in a data directory: `<dataDir>/ca.pem`, `ca.key` (0600), `server.pem`,
 * `server.key` (0600). Generated on first use, reused on the next start; a server certificate that
 * is missing, expired or not from this CA is issued again. Client certificates are issued by
 * `issueClientCertificate` (device-store.ts keeps them per device).
 */
import { join } from 'node:path';
import { CloudError } from './errors.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readTextIfExists, writeFileWithMode } from './files.ts';
import { createCaCertificate, isValidLeaf, issueLeafCertificate, loadIssuer } from './pki.ts';
import type { Issuer, PemPair } from './pki.ts';

export type { PemPair } from './pki.ts';

export const CA_COMMON_NAME = 'Fieldlink Demo CA';
export const SERVER_COMMON_NAME = '127.0.0.1';

export interface CaLayout {
  dataDir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export function caLayout(dataDir: string): CaLayout {
  return {
    dataDir,
    caCert: join(dataDir, 'ca.pem'),
    caKey: join(dataDir, 'ca.key'),
    serverCert: join(dataDir, 'server.pem'),
    serverKey: join(dataDir, 'server.key'),
  };
}

export interface DemoCa {
  layout: CaLayout;
  caPem: string;
  /** Server certificate for localhost / 127.0.0.1 (HTTPS and MQTT TLS). */
  server: PemPair;
  issueClientCertificate(commonName: string): Promise<PemPair>;
  /** Issued by this CA, in its validity window, and the key matches. */
  isValidLeaf(pair: PemPair): boolean;
}

export async function openDemoCa(dataDir: string): Promise<DemoCa> {
  const layout = caLayout(dataDir);
  await ensurePrivateDir(dataDir);
  const caPair = await loadOrCreateCaPair(layout);
  let issuer: Issuer;
  try {
    issuer = loadIssuer(caPair);
  } catch (error) {
    throw new CloudError('ca', `cannot read the demo CA in ${dataDir} (delete ca.pem and ca.key to start over)`, { cause: error });
  }
  const server = await loadOrIssueServer(layout, issuer);
  return {
    layout,
    caPem: caPair.certPem,
    server,
    issueClientCertificate: (commonName) => issueLeafCertificate(issuer, 'client', commonName),
    isValidLeaf: (pair) => isValidLeaf(issuer, pair),
  };
}

async function loadOrCreateCaPair(layout: CaLayout): Promise<PemPair> {
  const stored = await readPair(layout.caCert, layout.caKey);
  if (stored) return stored;
  const created = await createCaCertificate(CA_COMMON_NAME);
  await writePair(layout.caCert, layout.caKey, created);
  return created;
}

async function loadOrIssueServer(layout: CaLayout, issuer: Issuer): Promise<PemPair> {
  const stored = await readPair(layout.serverCert, layout.serverKey);
  if (stored && isValidLeaf(issuer, stored)) return stored;
  const issued = await issueLeafCertificate(issuer, 'server', SERVER_COMMON_NAME);
  await writePair(layout.serverCert, layout.serverKey, issued);
  return issued;
}

export async function readPair(certPath: string, keyPath: string): Promise<PemPair | undefined> {
  const [certPem, keyPem] = await Promise.all([readTextIfExists(certPath), readTextIfExists(keyPath)]);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

export async function writePair(certPath: string, keyPath: string, pair: PemPair): Promise<void> {
  await writeFileWithMode(keyPath, pair.keyPem, PRIVATE_FILE_MODE);
  await writeFileWithMode(certPath, pair.certPem, PUBLIC_FILE_MODE);
}
