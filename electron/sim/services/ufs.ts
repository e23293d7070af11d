/**
 * The module's file system: UFS files persisted in `<deviceDir>/ufs/` (names percent-encoded on
 * disk), RAM files kept in memory and lost at power-off. Names take an optional `UFS:` or `RAM:`
 * prefix; a bare name is a UFS file (docs/uncertain-behaviour.md#ufs-prefix). At most 80 bytes per name
 * (docs/at-behaviour.md#files). Capacity is fixed per device; RAM files do not count against it.
 */
import { appendFile, chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** UFS files (certificates, client keys) and their folder are private to the user running the simulator. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export const MAX_FILE_NAME = 80;

export interface FileRef {
  store: 'ufs' | 'ram';
  /** Without prefix. */
  name: string;
}

export interface FileEntry {
  name: string;
  size: number;
}

/** Parses a file name as given to QFUPL/QFDEL/...; undefined when the module would refuse it (406). */
export function parseFileName(given: string): FileRef | undefined {
  if (given.length === 0 || given.length > MAX_FILE_NAME) return undefined;
  const match = /^(UFS|RAM):(.*)$/i.exec(given);
  const store = match?.[1]?.toUpperCase() === 'RAM' ? 'ram' : 'ufs';
  const name = match ? (match[2] ?? '') : given;
  if (name === '' || name === '.' || name === '..' || /[/\\*?\x00-\x1f"]/.test(name)) return undefined;
  return { store, name };
}

/** `*` matches any run of characters; everything else literally (case-sensitive). */
export function matchesPattern(pattern: string, name: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's').test(name);
}

export class Ufs {
  private readonly ram = new Map<string, Buffer>();

  private constructor(
    private readonly dir: string,
    readonly capacity: number,
  ) {}

  static async open(deviceDir: string, capacity: number): Promise<Ufs> {
    const dir = join(deviceDir, 'ufs');
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    await chmod(dir, PRIVATE_DIR_MODE);
    return new Ufs(dir, capacity);
  }

  async list(store: FileRef['store']): Promise<FileEntry[]> {
    if (store === 'ram') return [...this.ram].map(([name, data]) => ({ name, size: data.length }));
    const names = (await readdir(this.dir)).sort();
    return Promise.all(names.map(async (file) => ({ name: decodeURIComponent(file), size: (await stat(join(this.dir, file))).size })));
  }

  async read(ref: FileRef): Promise<Buffer | undefined> {
    if (ref.store === 'ram') return this.ram.get(ref.name);
    return readFile(this.pathOf(ref.name)).catch(() => undefined);
  }

  async exists(ref: FileRef): Promise<boolean> {
    if (ref.store === 'ram') return this.ram.has(ref.name);
    return stat(this.pathOf(ref.name)).then(
      () => true,
      () => false,
    );
  }

  /** Writes (or overwrites) a file; false when UFS lacks the space. */
  async write(ref: FileRef, data: Buffer): Promise<boolean> {
    if (ref.store === 'ram') {
      this.ram.set(ref.name, Buffer.from(data));
      return true;
    }
    const existing = (await this.read(ref))?.length ?? 0;
    if ((await this.freeBytes()) + existing < data.length) return false;
    // Every stored file is the device's alone: client keys land here (K1). chmod too, as an
    // overwritten file keeps its old mode and a new one gets the umask's.
    await writeFile(this.pathOf(ref.name), data, { mode: PRIVATE_FILE_MODE });
    await chmod(this.pathOf(ref.name), PRIVATE_FILE_MODE);
    return true;
  }

  /** Appends to a UFS file (created when missing); false when UFS lacks the space (nothing written). */
  async append(ref: FileRef, data: Buffer): Promise<boolean> {
    if (ref.store === 'ram') {
      this.ram.set(ref.name, Buffer.concat([this.ram.get(ref.name) ?? Buffer.alloc(0), data]));
      return true;
    }
    if ((await this.freeBytes()) < data.length) return false;
    await appendFile(this.pathOf(ref.name), data, { mode: PRIVATE_FILE_MODE });
    return true;
  }

  /** Deletes one file; false when it does not exist. */
  async remove(ref: FileRef): Promise<boolean> {
    if (ref.store === 'ram') return this.ram.delete(ref.name);
    if (!(await this.exists(ref))) return false;
    await rm(this.pathOf(ref.name), { force: true });
    return true;
  }

  async removeAll(store: FileRef['store']): Promise<void> {
    if (store === 'ram') return this.ram.clear();
    for (const entry of await this.list('ufs')) await rm(this.pathOf(entry.name), { force: true });
  }

  async usedBytes(): Promise<number> {
    return (await this.list('ufs')).reduce((sum, entry) => sum + entry.size, 0);
  }

  async freeBytes(): Promise<number> {
    return Math.max(0, this.capacity - (await this.usedBytes()));
  }

  /** Power-off: RAM files are gone. */
  clearRam(): void {
    this.ram.clear();
  }

  private pathOf(name: string): string {
    return join(this.dir, encodeURIComponent(name));
  }
}
