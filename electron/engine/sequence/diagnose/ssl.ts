/**
 * `fieldlink diagnose`, certificates: the module's files with sizes (AT+QFLST), what the SSL context
 * names and its settings (AT+QSSLCFG queries), and the SHA-256 fingerprints of the CA and client
 * certificates on the module (read back with AT+QFDWL) against the profile's. The key is never read
 * back: only its presence and size. Findings: no certificates at all → not provisioned yet (a new
 * unit); a context that names a missing file → fault; a certificate that is not the profile's → fault.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { bareFileName, downloadFile, listFiles, type FileEntry } from '../../quectel/file.ts';
import { querySslOption, type SslItem } from '../../quectel/ssl.ts';
import { checkDeviceFiles } from '../profile-loader.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep, type StepEnv } from '../step.ts';
import { addFinding, failureDetail } from './findings.ts';

const FILE_ITEMS = ['cacert', 'clientcert', 'clientkey'] as const satisfies readonly SslItem[];
const OPTION_ITEMS = ['seclevel', 'sslversion', 'ciphersuite', 'ignorelocaltime'] as const satisfies readonly SslItem[];
/** The certificates compared (never the key), with the profile field they come from. */
const COMPARED = [
  { item: 'cacert', field: 'caCert' },
  { item: 'clientcert', field: 'clientCert' },
] as const;

const describeFiles = (files: readonly FileEntry[]) => (files.length === 0 ? 'no files' : files.map((f) => `${f.name} (${f.size} B)`).join(', '));

/** SHA-256 of the (first) certificate in a PEM file as `AB:CD:…`; of the raw bytes when it is not one. */
export function certificateFingerprint(bytes: Buffer): string {
  try {
    return new X509Certificate(bytes).fingerprint256;
  } catch {
    return createHash('sha256').update(bytes).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
  }
}

/** The certificate paths of the profile `fieldlink diagnose` uses when no --profile is given. */
export const NO_PROFILE_CERT = 'unused';

type Comparison = { compared: true; mismatches: string[]; summary: string } | { compared: false; why: string };

async function compareWithProfile(env: StepEnv, bound: Record<(typeof FILE_ITEMS)[number], string>, files: readonly FileEntry[]): Promise<Comparison> {
  const identity = env.ctx.identity;
  if (!identity) return { compared: false, why: 'the device was not identified' };
  if (env.profile.tls.caCert === NO_PROFILE_CERT) return { compared: false, why: 'no profile given' };
  let profile;
  try {
    profile = await checkDeviceFiles(env.profile, { imei: identity.imei, deviceId: identity.deviceId });
  } catch (error) {
    return { compared: false, why: `the profile's files: ${failureDetail(error)}` };
  }
  env.redactor.add(profile.bytes.clientKey); // read from disk for the profile check only; never shown (K1)
  const mismatches: string[] = [];
  const parts: string[] = [];
  for (const { item, field } of COMPARED) {
    const name = bound[item];
    const size = files.find((f) => bareFileName(f.name) === bareFileName(name))?.size;
    const onModule = certificateFingerprint(await downloadFile(env.at, name, size === undefined ? {} : { size }));
    const expected = profile.fingerprints[field][0] ?? '';
    parts.push(`${item} SHA-256 ${onModule}${onModule === expected ? ' = profile' : ' ≠ profile'}`);
    if (onModule !== expected) {
      mismatches.push(`${bareFileName(name)} (${item})`);
      addFinding(env.ctx, 'CERTIFICATE_MISMATCH', { file: bareFileName(name), field: `tls.${field}`, module: onModule, profile: expected });
    }
  }
  return { compared: true, mismatches, summary: parts.join('; ') };
}

export const diagnoseSsl: SequenceStep = {
  id: 'ssl-configure',
  needs: [],
  timeoutMs: 60_000,
  retries: 0,
  async run(env) {
    const ctx = env.profile.tls.sslContextId;
    const files = await listFiles(env.at);
    const present = new Map(files.map((file) => [bareFileName(file.name), file.size]));
    const bound = { cacert: '', clientcert: '', clientkey: '' };
    const problems: string[] = [];
    const described: string[] = [];
    for (const item of FILE_ITEMS) {
      const value = await querySslOption(env.at, ctx, item).catch(() => '');
      bound[item] = value;
      const size = value ? present.get(bareFileName(value)) : undefined;
      if (value && size === undefined) problems.push(`${item} ${value} is not on the module`);
      // The key: only its name, presence and size (its bytes are never read back, K1).
      described.push(`${item} ${value || '—'}${size !== undefined ? ` (${size} B)` : ''}`);
    }
    for (const item of OPTION_ITEMS) described.push(`${item} ${await querySslOption(env.at, ctx, item).catch(() => '—')}`);
    const summary = `files: ${describeFiles(files)}; context ${ctx}: ${described.join(', ')}`;
    env.progress('progress.diagSsl', { files: describeFiles(files), ctx, bound: described.join(', ') });
    const unset = FILE_ITEMS.filter((item) => !bound[item]);
    if (unset.length === FILE_ITEMS.length) {
      addFinding(env.ctx, 'NO_CERTIFICATES', { ctx });
      return passed('summary.diagSslUnprovisioned', { detail: summary });
    }
    for (const item of unset) problems.push(`${item} not set`);
    if (problems.length > 0) {
      addFinding(env.ctx, 'SSL_INCOMPLETE', { ctx, detail: problems.join('; ') });
      throw new StepError('DIAG_SSL_INCOMPLETE', { ctx, detail: problems.join('; ') }, { command: 'AT+QSSLCFG' });
    }
    const comparison = await compareWithProfile(env, bound, files);
    const fileList = FILE_ITEMS.map((item) => bareFileName(bound[item])).join(', ');
    if (!comparison.compared) {
      addFinding(env.ctx, 'CERTIFICATES_PRESENT', { detail: fileList, why: comparison.why });
      return passed('summary.diagSslNotCompared', { detail: summary, why: comparison.why });
    }
    if (comparison.mismatches.length > 0) {
      throw new StepError('DIAG_CERT_MISMATCH', { detail: `${comparison.mismatches.join(', ')} differ (${comparison.summary})` }, { command: 'AT+QFDWL' });
    }
    addFinding(env.ctx, 'CERTIFICATES_MATCH', { detail: comparison.summary });
    return passed('summary.diagSslCompared', { detail: summary, comparison: comparison.summary });
  },
};
