/** `fieldlink web` rebuilds dist-renderer/ when it is missing or older than the renderer's sources. */
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rendererStale } from '../../../electron/web/renderer-build.ts';

let root: string;
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function layout(): Promise<{ dist: string; sources: string[]; source: string }> {
  root = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-stale-'));
  const dist = path.join(root, 'dist');
  const src = path.join(root, 'renderer', 'features');
  await mkdir(src, { recursive: true });
  const source = path.join(src, 'panel.tsx');
  await writeFile(source, 'export {};');
  return { dist, sources: [path.join(root, 'renderer')], source };
}

describe('rendererStale', () => {
  it('is stale when the build is missing', async () => {
    const { dist, sources } = await layout();
    expect(rendererStale(dist, sources)).toBe(true);
  });

  it('is fresh when the build is newer than every source, stale once a nested source changes', async () => {
    const { dist, sources, source } = await layout();
    await mkdir(dist);
    await writeFile(path.join(dist, 'index.html'), '<!doctype html>');
    const past = new Date(Date.now() - 60_000);
    await utimes(source, past, past);
    await utimes(path.dirname(source), past, past);
    await utimes(sources[0]!, past, past);
    expect(rendererStale(dist, sources)).toBe(false);
    const future = new Date(Date.now() + 60_000);
    await utimes(source, future, future);
    expect(rendererStale(dist, sources)).toBe(true);
  });
});
