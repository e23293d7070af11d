import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticFile, safeRelativePath } from '../../../electron/app/static-files.ts';

describe('static files of the renderer (E8)', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'fieldlink-static-'));
    root = path.join(base, 'dist-renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(base, 'secret.json'), '{"password":"x"}');
    await writeFile(path.join(root, 'notes.exe'), 'MZ');
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('serves index.html for / and assets with their content type', async () => {
    expect(await resolveStaticFile(root, '/')).toEqual({ file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(await resolveStaticFile(root, '/assets/app.js?v=1')).toEqual({ file: path.join(root, 'assets', 'app.js'), contentType: 'text/javascript; charset=utf-8' });
  });

  it.each([
    '/../secret.json',
    '/assets/../../secret.json',
    '/%2e%2e/secret.json',
    '/assets/%2e%2e%2f..%2fsecret.json',
    '/..%5csecret.json',
    '/%00index.html',
    '/C:/Windows/win.ini',
    'secret.json',
    '/%E0%A4%A',
  ])('never leaves the root: %s', async (urlPath) => {
    expect(await resolveStaticFile(root, urlPath)).toBeUndefined();
  });

  it('does not serve types outside the allow-list, or missing files', async () => {
    expect(await resolveStaticFile(root, '/notes.exe')).toBeUndefined();
    expect(await resolveStaticFile(root, '/assets/missing.js')).toBeUndefined();
    expect(await resolveStaticFile(root, '/assets')).toBeUndefined();
  });

  it('safeRelativePath keeps ordinary paths and rejects dot segments', () => {
    expect(safeRelativePath('/assets/a%20b.css')).toBe('assets/a b.css');
    expect(safeRelativePath('/a/./b.js')).toBeUndefined();
  });
});
