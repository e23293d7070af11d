/**
 * Reads a profile file (docs/profile.md), resolves its certificate paths against the profile's
 * folder and checks the certificate files (cert-files.ts: PEM, CA, key matches, dates, distinct,
 * size), before any port is opened. Per-device patterns (`certs/{imei}.pem`) are checked by
 * checkDeviceFiles once the device is identified, before the first upload.
 *
 * The profile file itself must be a regular file of at most PROFILE_MAX_BYTES (a FIFO is refused
 * without blocking); errors name the path and never quote the file's content.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ProfileError, hasPlaceholder, jsonSyntaxProblem, parseProfile, substitutePlaceholders } from '../../../shared/profile.ts';
import type { DeviceIds, Profile, ProfileIssue } from '../../../shared/profile.ts';
import { CERT_FIELDS, CERT_FILE_MAX_BYTES, checkCaFile, checkCertFiles, readBoundedRegularFile } from './cert-files.ts';
import type { CertField, CertPaths, CheckedCertFiles } from './cert-files.ts';

export const DEMO_PROFILE_NAME = 'demo';
/** A profile is a few hundred bytes; anything past this is not one. */
export const PROFILE_MAX_BYTES = 1024 * 1024;

/** What the embedded demo cloud hands over at run time. */
export interface DemoProfileInputs {
  /** e.g. `https://127.0.0.1:43121/tms2/devices/{deviceId}/info` */
  serverInfoUrlTemplate: string;
  caCertPath: string;
  /** May be a per-device pattern such as `/tmp/demo/{imei}.pem`. */
  clientCertPath: string;
  clientKeyPath: string;
}

export interface LoadProfileOptions {
  /** Folders searched for `<name>.json` when `pathOrName` is a bare name. */
  searchDirs?: readonly string[];
  /** Needed for the built-in `demo` profile. */
  demo?: DemoProfileInputs;
}

export interface DeviceFiles {
  caCert: string;
  clientCert: string;
  clientKey: string;
}

/** The built-in profile for the embedded demo cloud. */
export function demoProfile(inputs: DemoProfileInputs): Profile {
  return parseProfile({
    name: DEMO_PROFILE_NAME,
    serverInfoUrl: inputs.serverInfoUrlTemplate,
    tls: {
      caCert: path.resolve(inputs.caCertPath),
      clientCert: path.resolve(inputs.clientCertPath),
      clientKey: path.resolve(inputs.clientKeyPath),
    },
  });
}

/**
 * Loads `pathOrName`: a file path (`fleet-a.json`, `./profiles/x.json`), a bare name looked up in
 * `searchDirs`, or `demo`. Rejects with ProfileError (message `tls.caCert: file not found`).
 */
export async function loadProfile(pathOrName: string, options: LoadProfileOptions = {}): Promise<Profile> {
  if (pathOrName === DEMO_PROFILE_NAME) {
    if (!options.demo) throw new ProfileError('unknown-name', [{ path: 'profile', problem: '"demo" needs the demo cloud to be running' }]);
    return demoProfile(options.demo);
  }
  const file = isBareName(pathOrName) ? await findNamedProfile(pathOrName, options.searchDirs ?? []) : path.resolve(pathOrName);
  const raw = await readJson(file);
  const profile = withResolvedPaths(parseNamingFile(withDefaultName(raw, file), file), path.dirname(file));
  await checkProfileCertFiles(profile);
  return profile;
}

/** Parses profile text that came without a file (an upload); relative certificate paths resolve against `folder`. */
export async function loadProfileText(text: string, folder: string, fallbackName: string): Promise<Profile> {
  const raw = parseJsonText(text, undefined);
  const profile = withResolvedPaths(parseProfile(withDefaultName(raw, `${fallbackName}.json`)), folder);
  await checkProfileCertFiles(profile);
  return profile;
}

/**
 * The certificate files that do not depend on the device, checked now (fail early, before a port
 * is opened): every file problem is listed, then the contents are checked.
 */
export async function checkProfileCertFiles(profile: Profile): Promise<void> {
  const fixed = CERT_FIELDS.filter((field) => !hasPlaceholder(profile.tls[field]));
  const issues = await fileIssues(fixed.map((field) => [field, profile.tls[field]]));
  if (issues.length > 0) throw new ProfileError('file-missing', issues);
  if (fixed.length === CERT_FIELDS.length) await checkCertFiles(profile.tls as CertPaths);
  else if (fixed.includes('caCert')) await checkCaFile(profile.tls.caCert);
}

/** The certificate files of one device (patterns substituted), checked on disk (cert-files.ts). */
export async function checkDeviceFiles(profile: Profile, ids: DeviceIds): Promise<CheckedCertFiles> {
  checkIds(ids);
  const files = Object.fromEntries(
    CERT_FIELDS.map((field) => [field, path.resolve(substitutePlaceholders(profile.tls[field], ids))]),
  ) as Record<CertField, string>;
  const issues = await fileIssues(CERT_FIELDS.map((field) => [field, files[field]]));
  const first = issues[0];
  if (first) throw new ProfileError('file-missing', [first], files[first.path.replace(/^tls\./, '') as CertField]);
  return checkCertFiles(files);
}

/** The certificate file paths of one device (patterns substituted), after the same checks. */
export async function resolveDeviceFiles(profile: Profile, ids: DeviceIds): Promise<DeviceFiles> {
  return (await checkDeviceFiles(profile, ids)).files;
}

// ---- helpers -------------------------------------------------------------------------------

function isBareName(pathOrName: string): boolean {
  return !/[\\/]/.test(pathOrName) && !pathOrName.toLowerCase().endsWith('.json');
}

async function findNamedProfile(name: string, searchDirs: readonly string[]): Promise<string> {
  for (const dir of searchDirs) {
    const candidate = path.resolve(dir, `${name}.json`);
    if ((await fileProblem(candidate)) === undefined) return candidate;
  }
  const where = searchDirs.length > 0 ? ` (looked in ${searchDirs.join(', ')})` : '';
  throw new ProfileError('unknown-name', [{ path: 'profile', problem: `no profile named "${name}"${where}` }]);
}

async function readJson(file: string): Promise<unknown> {
  const read = await readBoundedRegularFile(file, PROFILE_MAX_BYTES);
  if (!('bytes' in read)) {
    const problem = read.missing ? `cannot read ${file} (ENOENT: no such file)` : read.problem === 'not a file' ? `${file} is a folder, not a profile file` : read.problem;
    throw new ProfileError('unreadable', [{ path: 'profile', problem }], file);
  }
  return parseJsonText(read.bytes.toString('utf8'), file);
}

function parseJsonText(text: string, file: string | undefined): unknown {
  const clean = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(clean) as unknown;
  } catch (error) {
    throw new ProfileError('not-json', [{ path: 'profile', problem: jsonSyntaxProblem(clean, error) }], file);
  }
}

function parseNamingFile(raw: unknown, file: string): Profile {
  try {
    return parseProfile(raw);
  } catch (error) {
    if (error instanceof ProfileError) throw new ProfileError(error.kind, error.issues, file);
    throw error;
  }
}

/** A profile without `name` is named after its file. */
function withDefaultName(raw: unknown, file: string): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || 'name' in raw) return raw;
  return { ...raw, name: path.basename(file, path.extname(file)) };
}

function withResolvedPaths(profile: Profile, folder: string): Profile {
  const resolved = Object.fromEntries(CERT_FIELDS.map((field) => [field, path.resolve(folder, profile.tls[field])]));
  return { ...profile, tls: { ...profile.tls, ...resolved } };
}

/** Can each file be read (exists, regular, not too big)? One issue per bad file. */
async function fileIssues(entries: ReadonlyArray<readonly [CertField, string]>): Promise<ProfileIssue[]> {
  const issues: ProfileIssue[] = [];
  for (const [field, file] of entries) {
    const read = await readBoundedRegularFile(file, CERT_FILE_MAX_BYTES);
    if (!('bytes' in read)) issues.push({ path: `tls.${field}`, problem: read.problem });
  }
  return issues;
}

async function fileProblem(file: string): Promise<string | undefined> {
  try {
    return (await stat(file)).isFile() ? undefined : 'not a file';
  } catch {
    return 'file not found';
  }
}

/** IDs go into file paths: only the shapes the spec defines, so nothing can climb out of a folder. */
function checkIds(ids: DeviceIds): void {
  if (!/^\d{15}$/.test(ids.imei)) throw new ProfileError('invalid', [{ path: 'imei', problem: 'expected 15 digits' }]);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(ids.deviceId)) {
    throw new ProfileError('invalid', [{ path: 'deviceId', problem: 'expected letters, digits, _ or -' }]);
  }
}
