/**
 * Profiles the user keeps in `<dataDir>/profiles/<name>.json` (docs/profile.md). Names become
 * file names, so they are checked before any path is built: no separators, no `..`, and `demo` is
 * reserved for the built-in profile. Validation reports every problem with its field path; a
 * profile that carries key material instead of a file path is refused (K6: keys stay on disk).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProfileSchema, hasPlaceholder, profileIssues } from '../../shared/profile.ts';
import type { ValidationIssue } from '../../shared/ipc.ts';
import { DEMO_PROFILE_NAME } from '../engine/sequence/profile-loader.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { AppError } from './errors.ts';

export const PROFILES_FOLDER = 'profiles';
const FILE_MODE = 0o644;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;
const CERT_FIELDS = ['caCert', 'clientCert', 'clientKey'] as const;
const KEY_MATERIAL = /-----BEGIN [A-Z0-9 ]+-----/;

export interface ValidationResult {
  ok: boolean;
  issues: ValidationIssue[];
}

export class ProfileStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, PROFILES_FOLDER);
  }

  /** Names of the profile files, sorted (the built-in demo is the caller's business). */
  async names(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch {
      return [];
    }
    const names = entries.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    return names.filter((n) => NAME_PATTERN.test(n) && n !== DEMO_PROFILE_NAME).sort((a, b) => a.localeCompare(b));
  }

  fileOf(name: string): string {
    checkName(name);
    return path.join(this.dir, `${name}.json`);
  }

  async read(name: string): Promise<string> {
    const file = this.fileOf(name);
    try {
      return await readFile(file, 'utf8');
    } catch {
      throw new AppError('not-found', `profile: no profile named "${name}"`);
    }
  }

  /** Schema issues, key material in the text, and certificate files missing on disk. */
  async validate(text: string): Promise<ValidationResult> {
    const issues = schemaIssues(text);
    if (issues.length === 0) issues.push(...(await missingFileIssues(JSON.parse(text) as ProfileFields, this.dir)));
    return { ok: issues.length === 0, issues };
  }

  /**
   * Saves a profile that passes the schema. Missing certificate files do not block saving (the
   * files may be copied later) but are returned as issues.
   */
  async save(name: string, text: string): Promise<ValidationResult & { path?: string }> {
    const file = this.fileOf(name);
    const issues = schemaIssues(text);
    if (issues.length > 0) return { ok: false, issues };
    await writeFileAtomically(file, text.endsWith('\n') ? text : `${text}\n`, FILE_MODE);
    return { ok: true, issues: await missingFileIssues(JSON.parse(text) as ProfileFields, this.dir), path: file };
  }
}

export function checkName(name: string): void {
  if (name === DEMO_PROFILE_NAME) throw new AppError('bad-name', `profile name "${DEMO_PROFILE_NAME}" is reserved for the built-in demo profile`);
  if (!NAME_PATTERN.test(name)) {
    throw new AppError('bad-name', 'profile name: 1-100 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit');
  }
}

interface ProfileFields {
  tls?: Partial<Record<(typeof CERT_FIELDS)[number], string>>;
}

function schemaIssues(text: string): ValidationIssue[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return [{ path: 'profile', message: `not valid JSON (${(error as Error).message})` }];
  }
  const result = ProfileSchema.safeParse(raw);
  const issues = result.success ? [] : profileIssues(result.error, raw).map((i) => ({ path: i.path, message: i.problem }));
  return [...issues, ...keyMaterialIssues(raw)];
}

/** A certificate field holding PEM text instead of a path (K6: key bytes never travel over IPC). */
function keyMaterialIssues(raw: unknown): ValidationIssue[] {
  const tls = (raw as ProfileFields | null)?.tls;
  if (tls === null || typeof tls !== 'object') return [];
  return CERT_FIELDS.filter((field) => typeof tls[field] === 'string' && KEY_MATERIAL.test(tls[field])).map((field) => ({
    path: `tls.${field}`,
    message: 'holds certificate or key text; give the path of the file instead',
  }));
}

async function missingFileIssues(fields: ProfileFields, folder: string): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  for (const field of CERT_FIELDS) {
    const value = fields.tls?.[field];
    if (value === undefined || hasPlaceholder(value)) continue; // per-device: checked once the device is known
    const file = path.resolve(folder, value);
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) issues.push({ path: `tls.${field}`, message: `file not found (${file})` });
  }
  return issues;
}
