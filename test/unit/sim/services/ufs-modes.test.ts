/** K1: the files the virtual device stores (client keys among them) are private: 0600 in a 0700 folder, whatever the umask. */
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ufs } from '../../../../electron/sim/services/ufs.ts';
import { StateStore } from '../../../../electron/sim/services/state-store.ts';

let dir: string;
let umask: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-ufs-modes-'));
  umask = process.umask(0);
});
afterEach(async () => {
  process.umask(umask);
  await rm(dir, { recursive: true, force: true });
});

describe('virtual device files (K1)', () => {
  it('a key file written to UFS is 0600 and the UFS folder 0700, also when it overwrites a 0644 file', async () => {
    const ufs = await Ufs.open(dir, 1024 * 1024);
    expect((await stat(join(dir, 'ufs'))).mode & 0o777).toBe(0o700);
    await ufs.write({ store: 'ufs', name: 'client.key' }, Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'));
    const file = join(dir, 'ufs', 'client.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFile(file, 'old');
    await chmod(file, 0o644);
    await ufs.write({ store: 'ufs', name: 'client.key' }, Buffer.from('new key'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('state.json is 0600', async () => {
    await StateStore.open(join(dir, 'dev'), { main: '1.0.0', sub: '1.0.0' });
    expect((await stat(join(dir, 'dev', 'state.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'dev'))).mode & 0o777).toBe(0o700);
  });
});
