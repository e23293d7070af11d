/**
 * Finds the built renderer (dist-renderer/index.html) and builds it with Vite when it is missing,
 * so `fieldlink web` works straight from a fresh checkout.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
