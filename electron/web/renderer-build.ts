/**
 * Finds the built renderer (dist-renderer/index.html) and builds it with Vite when it is missing,
 * so `fieldlink web` works straight from a fresh checkout.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDEX_FILE } from '../app/static-files.ts';

/** The repository root (this file is electron/web/renderer-build.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'dist-renderer');

export class RendererBuildError extends Error {
  override readonly name = 'RendererBuildError';
  readonly kind = 'build-failed' as const;
}

export function rendererBuilt(dir: string = RENDERER_DIR): boolean {
  return existsSync(path.join(dir, INDEX_FILE));
}

/** Folders whose files go into the renderer bundle. */
const RENDERER_SOURCES = ['renderer', 'shared', 'vite.config.ts'].map((name) => path.join(PROJECT_ROOT, name));

/** Newest modification time (ms) of a file or of any file below a folder. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when dist-renderer/ is missing or older than the renderer's sources (a checkout moved on). */
export function rendererStale(dir: string = RENDERER_DIR, sources: readonly string[] = RENDERER_SOURCES): boolean {
  if (!rendererBuilt(dir)) return true;
  const built = statSync(path.join(dir, INDEX_FILE)).mtimeMs;
  return sources.some((source) => newestMtime(source) > built);
}

/** Runs `vite build` in the project root; its output goes to `output` (stderr by default). */
export async function buildRenderer(output: NodeJS.WritableStream = process.stderr): Promise<void> {
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(output, { end: false });
  child.stderr.pipe(output, { end: false });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new RendererBuildError(`vite build failed (exit code ${code}); see the output above`);
}
