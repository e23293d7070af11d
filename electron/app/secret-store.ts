/**
 * Where the back end keeps credentials (K3): encrypted with the OS keychain in the desktop app
 * (main.ts hands in Electron's safeStorage as a SecretCipher), a plain 0600 file with a warning
 * where no keychain is available (web mode, headless Linux), or memory in tests. Values never
 * cross IPC (K6): the renderer sees at most whether a key is set.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomically } from './atomic-file.ts';

export interface SecretStore {
  /** `os` = encrypted by the OS keychain; `plain-file` = readable by anyone with the user's files. */
  readonly kind: 'os' | 'plain-file' | 'memory';
  /** Set when secrets are stored without encryption; shown to the user once. */
  readonly warning: string | undefined;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
}

/** Electron's safeStorage has this shape. */
export interface SecretCipher {
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const PLAIN_FILE_WARNING =
  'No OS keychain is available: credentials are stored unencrypted (file mode 0600) in the data folder.';

const SECRET_FILE_MODE = 0o600;
const KeySchema = z.string().regex(/^[A-Za-z0-9._:/-]{1,200}$/, { error: 'secret keys are letters, digits and ._:/-' });
const FileSchema = z.record(z.string(), z.string());

/** A store kept in one JSON file; `cipher` encrypts each value (base64 in the file). */
class FileSecretStore implements SecretStore {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher | undefined,
  ) {}

  get kind(): SecretStore['kind'] {
    return this.cipher ? 'os' : 'plain-file';
  }

  get warning(): string | undefined {
    return this.cipher ? undefined : PLAIN_FILE_WARNING;
  }

  async get(key: string): Promise<string | undefined> {
    const stored = (await this.#readAll())[KeySchema.parse(key)];
    if (stored === undefined) return undefined;
    return this.cipher ? this.cipher.decryptString(Buffer.from(stored, 'base64')) : stored;
  }

  async has(key: string): Promise<boolean> {
    return (await this.#readAll())[KeySchema.parse(key)] !== undefined;
  }

  set(key: string, value: string): Promise<void> {
    const stored = this.cipher ? this.cipher.encryptString(value).toString('base64') : value;
    return this.#change((all) => ({ ...all, [KeySchema.parse(key)]: stored }));
  }

  delete(key: string): Promise<void> {
    return this.#change((all) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== key)));
  }

  #change(edit: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.#queue.then(async () => {
      const all = edit(await this.#readAll());
      await writeFileAtomically(this.file, `${JSON.stringify(all)}\n`, SECRET_FILE_MODE);
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    return FileSchema.parse(JSON.parse(text));
  }
}

/** Secrets encrypted with `cipher` (Electron safeStorage) in `file`. */
export function createEncryptedSecretStore(file: string, cipher: SecretCipher): SecretStore {
  return new FileSecretStore(file, cipher);
}

/** The fallback without a keychain: plain text, mode 0600, with `warning` set (K3). */
export function createPlainFileSecretStore(file: string): SecretStore {
  return new FileSecretStore(file, undefined);
}

export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    kind: 'memory',
    warning: undefined,
    get: async (key) => values.get(KeySchema.parse(key)),
    has: async (key) => values.has(KeySchema.parse(key)),
    set: async (key, value) => void values.set(KeySchema.parse(key), value),
    delete: async (key) => void values.delete(key),
  };
}
