/**
 * The command-list store: files `<data dir>/command-lists/<name>.json` beside the profiles, checked
 * with the schema both ways, names never paths, and no list holding a secret is written (K3).
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandListStore } from '../../../electron/app/command-list-store.ts';
import { makeDataDir } from '../../helpers/app-fixtures.ts';

describe('CommandListStore', () => {
  let dataDir: string;
  let store: CommandListStore;
  beforeEach(async () => {
    dataDir = await makeDataDir();
    store = new CommandListStore(dataDir);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('saves a list as JSON in command-lists/, lists it, reads it back and deletes it', async () => {
    expect(await store.names()).toEqual([]);
    const list = { name: 'SIM check', lines: [{ command: 'AT+CPIN?', expect: 'READY' }, { command: 'AT+QCCID', delayMs: 200 }], stopOnFailure: true };
    const saved = await store.save(list);
    const file = path.join(dataDir, 'command-lists', 'SIM check.json');
    expect(saved).toEqual({ ok: true, issues: [], path: file });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(list);
    await store.save({ name: 'A first', lines: [{ command: 'ATI' }] });
    expect(await store.names()).toEqual(['A first', 'SIM check']);
    expect(await store.read('SIM check')).toEqual(list);
    await store.delete('SIM check');
    expect(await readdir(path.join(dataDir, 'command-lists'))).toEqual(['A first.json']);
    await expect(store.delete('SIM check')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses names that are paths before any file is touched', async () => {
    for (const name of ['../profiles/x', 'a/b', '.hidden', '']) {
      expect(() => store.fileOf(name)).toThrow(/command list name/);
      await expect(store.read(name)).rejects.toMatchObject({ code: 'bad-name' });
    }
  });

  it('K3: a list whose command or expected answer holds a password or key is not written, and the line is named', async () => {
    const result = await store.save({
      name: 'with secret',
      lines: [{ command: 'ATI' }, { command: 'AT+QMTCONN=0,"dev","user","hunter2hunter2"' }, { command: 'AT+QICSGP=1,1,"apn","u","pw12345678",1' }],
    });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.path)).toEqual(['lines.1.command', 'lines.2.command']);
    expect(JSON.stringify(result)).not.toContain('hunter2hunter2');
    expect(await store.names()).toEqual([]);
  });

  it('a stored file that fails the schema is an error naming the field, not a crash', async () => {
    await mkdir(path.join(dataDir, 'command-lists'), { recursive: true });
    await writeFile(path.join(dataDir, 'command-lists', 'broken.json'), JSON.stringify({ name: 'broken', lines: [{ command: 'ATI', delayMs: -5 }] }));
    await writeFile(path.join(dataDir, 'command-lists', 'notjson.json'), '{ lines: ');
    await expect(store.read('broken')).rejects.toThrow(/command list "broken": lines\.0\.delayMs/);
    await expect(store.read('notjson')).rejects.toMatchObject({ code: 'bad-file' });
    await expect(store.read('missing')).rejects.toMatchObject({ code: 'not-found' });
  });
});
