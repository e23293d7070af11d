/**
 * A folder of `<name>.json` files whose names come from the user (stored profiles, command lists).
 * A name is checked against its pattern before any path is built from it: never a separator, never
 * `..`. Reserved names (the built-in `demo` profile) are refused and not listed.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from './errors.ts';

export interface NamedJsonFolderOptions {
  /** The folder holding the files. */
  dir: string;
  /** What the names are, in errors: `profile`, `command list`. */
  label: string;
  pattern: RegExp;
  /** How a missing one is said: `no profile` (default `none`). */
  missing?: string;
  reserved?: readonly { name: string; why: string }[];
}

const NAME_RULE = '1-100 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit';

export class NamedJsonFolder {
  readonly dir: string;

  constructor(private readonly options: NamedJsonFolderOptions) {
    this.dir = options.dir;
  }

  /** The stored names, sorted; files with names the pattern refuses (or reserved ones) are left out. */
  async names(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch {
      return [];
    }
    return entries
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter((n) => this.options.pattern.test(n) && !this.#reserved(n))
      .sort((a, b) => a.localeCompare(b));
  }

  /** Refuses a name that is reserved or breaks the pattern (AppError `bad-name`). */
  checkName(name: string): void {
    const reserved = this.#reserved(name);
    if (reserved) throw new AppError('bad-name', `${this.options.label} name "${name}" is reserved ${reserved.why}`);
    if (!this.options.pattern.test(name)) throw new AppError('bad-name', `${this.options.label} name: ${NAME_RULE}`);
  }

  /** The file of a checked name. */
  fileOf(name: string): string {
    this.checkName(name);
    return path.join(this.dir, `${name}.json`);
  }

  /** The text of a stored file; none by that name is AppError `not-found` (`profile: no profile named "x"`). */
  async readText(name: string): Promise<string> {
    const file = this.fileOf(name);
    try {
      return await readFile(file, 'utf8');
    } catch {
      throw new AppError('not-found', `${this.options.label}: ${this.options.missing ?? 'none'} named "${name}"`);
    }
  }

  #reserved(name: string) {
    return this.options.reserved?.find((r) => r.name === name);
  }
}
