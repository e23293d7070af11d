/**
 * The terminal's saved command lists, beside the profiles: `<dataDir>/command-lists/<name>.json`
 * (docs/command-lists.md). Names follow the profile-name rule (never a path); every file is
 * checked with CommandListSchema when read and before it is written. A list whose command or
 * expected answer holds a secret (a QMTCONN/QICSGP password, a key) is refused: Fieldlink stores
 * no credential (K3), so such a command is typed in the terminal, where it is redacted (K1).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { COMMAND_LIST_NAME_PATTERN, CommandListSchema } from '../../shared/command-list.ts';
import type { CommandList } from '../../shared/command-list.ts';
import type { ValidationIssue } from '../../shared/ipc.ts';
import { Redactor } from '../engine/session/redaction.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { AppError } from './errors.ts';
import { NamedJsonFolder } from './named-json-folder.ts';

export const COMMAND_LISTS_FOLDER = 'command-lists';
const FILE_MODE = 0o644;
/** A stored list is at most 200 lines of at most ~2.5 kB. */
const LIST_MAX_BYTES = 1024 * 1024;

const redactor = new Redactor();

export class CommandListStore {
  readonly dir: string;
  readonly #files: NamedJsonFolder;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, COMMAND_LISTS_FOLDER);
    this.#files = new NamedJsonFolder({ dir: this.dir, label: 'command list', missing: 'no list', pattern: COMMAND_LIST_NAME_PATTERN });
  }

  /** Names of the stored lists, sorted. */
  names(): Promise<string[]> {
    return this.#files.names();
  }

  fileOf(name: string): string {
    return this.#files.fileOf(name);
  }

  /** The stored list; a file that does not pass the schema is an error naming the field. */
  async read(name: string): Promise<CommandList> {
    const text = await this.#files.readText(name);
    if (text.length > LIST_MAX_BYTES) throw new AppError('bad-file', `command list "${name}": the file is larger than ${LIST_MAX_BYTES} bytes`);
    let raw: unknown;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new AppError('bad-file', `command list "${name}": ${this.fileOf(name)} is not valid JSON`);
    }
    const parsed = CommandListSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('bad-file', `command list "${name}": ${first?.path.join('.') || '(list)'}: ${first?.message ?? 'invalid'}`);
    }
    return { ...parsed.data, name };
  }

  /** Stores the list under its name; refused (nothing written) when it fails the schema or holds a secret. */
  async save(list: CommandList): Promise<{ ok: boolean; issues: ValidationIssue[]; path?: string }> {
    const file = this.fileOf(list.name);
    const parsed = CommandListSchema.safeParse(list);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'list', message: i.message })) };
    const issues = secretIssues(parsed.data);
    if (issues.length > 0) return { ok: false, issues };
    await writeFileAtomically(file, `${JSON.stringify(parsed.data, null, 2)}\n`, FILE_MODE);
    return { ok: true, issues: [], path: file };
  }

  async delete(name: string): Promise<void> {
    const file = this.fileOf(name);
    const existed = (await this.names()).includes(name);
    if (!existed) throw new AppError('not-found', `command list: no list named "${name}"`);
    await rm(file, { force: true });
  }
}

/** Lines whose command or expectation carries a secret (K3: no credential is stored). */
function secretIssues(list: CommandList): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  list.lines.forEach((line, i) => {
    for (const field of ['command', 'expect'] as const) {
      const value = line[field];
      if (value !== undefined && redactor.containsSecret(value)) {
        issues.push({ path: `lines.${i}.${field}`, message: 'holds a password or key; lists are stored in plain text, so type this command in the terminal instead' });
      }
    }
  });
  return issues;
}
