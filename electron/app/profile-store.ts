/**
 * Profiles the user keeps in `<dataDir>/profiles/<name>.json` (docs/profile.md). Names become
 * file names, so they are checked before any path is built: no separators, no `..`, and `demo` is
 * reserved for the built-in profile. Validation reports every problem with its field path; a
 * profile that carries key material instead of a file path is refused (K6: keys stay on disk).
 * The certificate files are checked as a run checks them (cert-files.ts), and no message quotes
 * the profile text or a file.
 *
 * Importing (importText, importFile) is the one way a profile from elsewhere gets in: it must pass
 * every check, or nothing is stored. A file picked in the desktop dialog keeps its certificate
 * paths working: relative paths are made absolute against the file's own folder.
 */
import path from 'node:path';
import { PROFILE_NAME_PATTERN } from '../../shared/ipc.ts';
import { ProfileError, ProfileSchema, hasPlaceholder, jsonSyntaxProblem, profileIssues } from '../../shared/profile.ts';
import type { ImportResult, ValidationIssue } from '../../shared/ipc.ts';
import { certFileIssues, readBoundedRegularFile } from '../engine/sequence/cert-files.ts';
import { DEMO_PROFILE_NAME, PROFILE_MAX_BYTES, loadProfileText } from '../engine/sequence/profile-loader.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { NamedJsonFolder } from './named-json-folder.ts';

export const PROFILES_FOLDER = 'profiles';
const FILE_MODE = 0o644;
const NAME_PATTERN = PROFILE_NAME_PATTERN;
const CERT_FIELDS = ['caCert', 'clientCert', 'clientKey'] as const;
const KEY_MATERIAL = /-----BEGIN [A-Z0-9 ]+-----/;

export interface ValidationResult {
  ok: boolean;
  issues: ValidationIssue[];
}

export class ProfileStore {
  readonly dir: string;
  readonly #files: NamedJsonFolder;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, PROFILES_FOLDER);
    this.#files = profileFolder(this.dir);
  }

  /** Names of the profile files, sorted (the built-in demo is the caller's business). */
  names(): Promise<string[]> {
    return this.#files.names();
  }

  fileOf(name: string): string {
    return this.#files.fileOf(name);
  }

  read(name: string): Promise<string> {
    return this.#files.readText(name);
  }

  /** Schema issues, key material in the text, and problems of the certificate files on disk. */
  async validate(text: string): Promise<ValidationResult> {
    const issues = schemaIssues(text);
    if (issues.length === 0) issues.push(...(await missingFileIssues(parseText(text) as ProfileFields, this.dir)));
    return { ok: issues.length === 0, issues };
  }

  /** Stores uploaded profile text under `name` when it passes every check (relative paths: the profile folder). */
  async importText(name: string, text: string): Promise<ImportResult> {
    const file = this.fileOf(name);
    const checked = await importIssues(text, this.dir, name);
    if (checked.issues.length > 0) return { ok: false, issues: checked.issues };
    await writeFileAtomically(file, text.endsWith('\n') ? text : `${text}\n`, FILE_MODE);
    return { ok: true, issues: [], name, path: file };
  }

  /**
   * Imports a profile file the user picked in the desktop file dialog (a regular file under the
   * size cap); its relative certificate paths are made absolute against its own folder.
   */
  async importFile(source: string, name?: string): Promise<ImportResult> {
    const target = name ?? storedNameFor(source);
    const file = this.fileOf(target);
    const read = await readBoundedRegularFile(source, PROFILE_MAX_BYTES);
    if (!('bytes' in read)) return { ok: false, issues: [{ path: 'profile', message: read.missing ? `${source}: file not found` : read.problem }] };
    const text = read.bytes.toString('utf8');
    const checked = await importIssues(text, path.dirname(source), target);
    if (checked.issues.length > 0 || checked.raw === undefined) return { ok: false, issues: checked.issues };
    const stored = withAbsoluteCertPaths(checked.raw, path.dirname(source));
    await writeFileAtomically(file, `${JSON.stringify(stored, null, 2)}\n`, FILE_MODE);
    return { ok: true, issues: [], name: target, path: file };
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

const profileFolder = (dir: string) =>
  new NamedJsonFolder({ dir, label: 'profile', missing: 'no profile', pattern: NAME_PATTERN, reserved: [{ name: DEMO_PROFILE_NAME, why: 'for the built-in demo profile' }] });

interface ProfileFields {
  tls?: Partial<Record<(typeof CERT_FIELDS)[number], string>>;
}

const parseText = (text: string): unknown => JSON.parse(text.replace(/^\uFEFF/, ''));

/** A stored-profile name from a picked file's name (`Fleet A (copy).json` → `Fleet A copy`). */
function storedNameFor(file: string): string {
  const base = path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9 ._-]/g, '').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);
  return base === '' || base === DEMO_PROFILE_NAME ? 'imported' : base;
}

/** Every check an import must pass, as issues (schema and key material, then the certificate files). */
async function importIssues(text: string, folder: string, name: string): Promise<{ issues: ValidationIssue[]; raw?: unknown }> {
  const issues = schemaIssues(text);
  if (issues.length > 0) return { issues };
  try {
    await loadProfileText(text, folder, name);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    return { issues: error.issues.map((i) => ({ path: i.path, message: i.problem })) };
  }
  return { issues: [], raw: parseText(text) };
}

function withAbsoluteCertPaths(raw: unknown, folder: string): unknown {
  const profile = raw as ProfileFields & Record<string, unknown>;
  const tls = { ...(profile.tls ?? {}) } as Record<string, unknown>;
  for (const field of CERT_FIELDS) if (typeof tls[field] === 'string') tls[field] = path.resolve(folder, tls[field]);
  return { ...profile, tls };
}

function schemaIssues(text: string): ValidationIssue[] {
  let raw: unknown;
  try {
    raw = parseText(text);
  } catch (error) {
    return [{ path: 'profile', message: jsonSyntaxProblem(text.replace(/^\uFEFF/, ''), error) }];
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

/** The certificate files as a run would check them (per-device patterns: once the device is known). */
async function missingFileIssues(fields: ProfileFields, folder: string): Promise<ValidationIssue[]> {
  const files: Partial<Record<(typeof CERT_FIELDS)[number], string>> = {};
  for (const field of CERT_FIELDS) {
    const value = fields.tls?.[field];
    if (value !== undefined && !hasPlaceholder(value)) files[field] = path.resolve(folder, value);
  }
  const issues = await certFileIssues(files);
  return issues.map((issue) => {
    const file = files[issue.path.replace(/^tls\./, '') as (typeof CERT_FIELDS)[number]];
    return { path: issue.path, message: issue.problem === 'file not found' && file ? `file not found (${file})` : issue.problem };
  });
}
