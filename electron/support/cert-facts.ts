/**
 * What a support bundle says about the certificates a run used: SHA-256 fingerprint, subject,
 * issuer and validity, never a key byte. Read from the certificate files the run used when they are
 * still there (the profile's paths, or the device files of the run context); otherwise only the
 * fingerprints the run logged in its tls-setup event are known.
 */
import { X509Certificate } from 'node:crypto';
import type { TlsSetup } from '../../shared/events.ts';
import { CERT_FILE_MAX_BYTES, readBoundedRegularFile } from '../engine/sequence/cert-files.ts';
import type { CertificateFact } from './bundle-format.ts';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface CertificateFiles {
  caCert?: string;
  clientCert?: string;
}

/** The facts of every certificate in the files (a CA file may hold a chain); a file that cannot be read adds a note. */
export async function certificateFacts(files: CertificateFiles, tls: Pick<TlsSetup, 'caFingerprints' | 'clientCertFingerprint'> | undefined, notes: string[]): Promise<CertificateFact[]> {
  const facts: CertificateFact[] = [];
  for (const role of ['caCert', 'clientCert'] as const) {
    const file = files[role];
    const fromFile = file === undefined ? undefined : await readCertificates(file, role, notes);
    if (fromFile && fromFile.length > 0) {
      facts.push(...(role === 'clientCert' ? fromFile.slice(0, 1) : fromFile));
      continue;
    }
    const logged = role === 'caCert' ? (tls?.caFingerprints ?? []) : tls?.clientCertFingerprint ? [tls.clientCertFingerprint] : [];
    for (const fingerprint of logged) facts.push({ role, fingerprint, subject: null, issuer: null, validFrom: null, validTo: null, source: 'session' });
  }
  return facts;
}

async function readCertificates(file: string, role: CertificateFact['role'], notes: string[]): Promise<CertificateFact[] | undefined> {
  const read = await readBoundedRegularFile(file, CERT_FILE_MAX_BYTES);
  if ('problem' in read) {
    notes.push(`certificates: tls.${role} ${file}: ${read.problem}; fingerprints from the session only`);
    return undefined;
  }
  const facts: CertificateFact[] = [];
  for (const pem of read.bytes.toString('latin1').match(PEM_CERT) ?? []) {
    try {
      const cert = new X509Certificate(pem);
      facts.push({ role, fingerprint: cert.fingerprint256, subject: cert.subject, issuer: cert.issuer, validFrom: cert.validFrom, validTo: cert.validTo, source: 'file' });
    } catch {
      notes.push(`certificates: tls.${role} ${file}: a block is not a readable X.509 certificate`);
    }
  }
  return facts;
}
