import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAIN_FILE_WARNING, createEncryptedSecretStore, createMemorySecretStore, createPlainFileSecretStore } from '../../../electron/app/secret-store.ts';
import type { SecretCipher } from '../../../electron/app/secret-store.ts';

/** Stands in for safeStorage: a reversible transform, so the file never holds the plain text. */
const fakeCipher: SecretCipher = {
  encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (bytes) => Buffer.from(bytes.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('secret stores (K3)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fieldlink-secrets-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the encrypted store keeps only cipher text on disk and reads it back', async () => {
    const file = path.join(dir, 'secrets.json');
    const store = createEncryptedSecretStore(file, fakeCipher);
    await store.set('profile/fleet-a/keyPassphrase', 'hunter2-passphrase');
    expect(await readFile(file, 'utf8')).not.toContain('hunter2');
    expect(await createEncryptedSecretStore(file, fakeCipher).get('profile/fleet-a/keyPassphrase')).toBe('hunter2-passphrase');
    expect(store.kind).toBe('os');
    expect(store.warning).toBeUndefined();
  });

  it('the plain-file fallback warns and writes the file with mode 0600', async () => {
    const file = path.join(dir, 'secrets.json');
    const store = createPlainFileSecretStore(file);
    expect(store.warning).toBe(PLAIN_FILE_WARNING);
    await store.set('a', 'b');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await store.has('a')).toBe(true);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('rejects keys that could be paths or injections', async () => {
    await expect(createMemorySecretStore().set('../x y', 'v')).rejects.toThrow(/secret keys/);
  });
});
