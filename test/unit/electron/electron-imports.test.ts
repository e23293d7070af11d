/**
 * Architecture rule: only electron/main.ts and electron/preload.ts import 'electron' (the lint
 * rule covers the engine, sim, cloud, CLI, shared and renderer; this also covers electron/app,
 * electron/web and the IPC modules, which must stay testable under plain Node).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ALLOWED = new Set(['electron/main.ts', 'electron/preload.ts']);
const IMPORTS_ELECTRON = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron['"]/;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe("imports of 'electron'", () => {
  it('appear only in electron/main.ts and electron/preload.ts', async () => {
    const files = [...(await sources('electron')), ...(await sources('renderer')), ...(await sources('shared'))];
    const offenders: string[] = [];
    for (const file of files) {
      if (!ALLOWED.has(file) && IMPORTS_ELECTRON.test(await readFile(path.join(ROOT, file), 'utf8'))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it('main.ts and preload.ts do import it (the rule checks something real)', async () => {
    for (const file of ALLOWED) expect(await readFile(path.join(ROOT, file), 'utf8')).toMatch(IMPORTS_ELECTRON);
  });
});
