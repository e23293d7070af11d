/**
 * Reads a profile file (docs/profile.md), resolves its certificate paths against the profile's
 * folder and checks that the files exist, before any port is opened. Per-device patterns
 * (`certs/{imei}.pem`) are checked by resolveDeviceFiles once the device is identified.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProfileError, hasPlaceholder, parseProfile, substitutePlaceholders } from '../../../shared/profile.ts';
import type { DeviceIds, Profile, ProfileIssue } from '../../../shared/profile.ts';

export const DEMO_PROFILE_NAME = 'demo';
const CERT_FIELDS = ['caCert', 'clientCert', 'clientKey'] as const;
type CertField = (typeof CERT_FIELDS)[number];

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
  const issues = await missingFileIssues(profile);
  if (issues.length > 0) throw new ProfileError('file-missing', issues, file);
  return profile;
}

/** The certificate files of one device (patterns substituted), checked on disk. */
export async function resolveDeviceFiles(profile: Profile, ids: DeviceIds): Promise<DeviceFiles> {
  checkIds(ids);
  const files = Object.fromEntries(
    CERT_FIELDS.map((field) => [field, path.resolve(substitutePlaceholders(profile.tls[field], ids))]),
  ) as Record<CertField, string>;
  for (const field of CERT_FIELDS) {
    const problem = await fileProblem(files[field]);
    if (problem) throw new ProfileError('file-missing', [{ path: `tls.${field}`, problem }], files[field]);
  }
  return files;
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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ProfileError('unreadable', [{ path: 'profile', problem: `cannot read ${file} (${code})` }], file);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new ProfileError('not-json', [{ path: 'profile', problem: `not valid JSON (${(error as Error).message})` }], file);
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

async function missingFileIssues(profile: Profile): Promise<ProfileIssue[]> {
  const issues: ProfileIssue[] = [];
  for (const field of CERT_FIELDS) {
    if (hasPlaceholder(profile.tls[field])) continue; // per-device: resolveDeviceFiles checks it
    const problem = await fileProblem(profile.tls[field]);
    if (problem) issues.push({ path: `tls.${field}`, problem });
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
