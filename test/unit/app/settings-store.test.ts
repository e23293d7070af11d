import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FILE, SettingsStore } from '../../../electron/app/settings-store.ts';

describe('SettingsStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fieldlink-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts from the defaults when there is no file', async () => {
    expect(await new SettingsStore(dir).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('persists an update on disk, where a new store (next launch) reads it', async () => {
    expect(await new SettingsStore(dir).update({ theme: 'dark' })).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    const onDisk = JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8')) as unknown;
    expect(onDisk).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(await new SettingsStore(dir).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('two quick updates both land', async () => {
    const store = new SettingsStore(dir);
    await Promise.all([store.update({ theme: 'light' }), store.update({ language: 'en' })]);
    expect(await new SettingsStore(dir).get()).toEqual({ language: 'en', theme: 'light' });
  });

  it('a hand-edited file with a bad field keeps the good ones', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ language: 'en', theme: 'neon', extra: 1 }));
    expect(await new SettingsStore(dir).get()).toEqual({ language: 'en', theme: DEFAULT_SETTINGS.theme });
  });

  it('a file that is not JSON gives the defaults', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), '{ language: ');
    expect(await new SettingsStore(dir).get()).toEqual(DEFAULT_SETTINGS);
  });
});
