// Bundles the Electron entry points with esbuild (the Node code runs through tsx elsewhere; the
// packaged app has no TypeScript loader):
//   electron/main.ts    → dist-electron/main.cjs
//   electron/preload.ts → dist-electron/preload.cjs (sandboxed: may require nothing but 'electron')
// Native and Electron-provided modules stay external and ship in node_modules.
// Usage: node build/bundle-electron.mjs [--out-dir <dir>] [--no-sourcemap]
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Loaded at run time from node_modules: Electron itself, native bindings, optional ws accelerators. */
export const MAIN_EXTERNALS = ['electron', 'serialport', '@serialport/*', 'better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate', 'fsevents'];

/** ESM sources use import.meta.url; in the CJS bundle it is derived from __filename. */
const IMPORT_META_URL = '__fieldlinkImportMetaUrl';
const CJS_BANNER = `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`;

const shared = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
};

export async function bundleElectron({ outDir = join(root, 'dist-electron'), sourcemap = true } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  const main = await esbuild.build({
    ...shared,
    entryPoints: [join(root, 'electron/main.ts')],
    outfile: join(outDir, 'main.cjs'),
    external: MAIN_EXTERNALS,
    define: { 'import.meta.url': IMPORT_META_URL },
    banner: { js: CJS_BANNER },
    sourcemap,
  });
  const preload = await esbuild.build({
    ...shared,
    entryPoints: [join(root, 'electron/preload.ts')],
    outfile: join(outDir, 'preload.cjs'),
    external: ['electron'],
    minify: true, // parsed at every window load; zod is most of it
    sourcemap,
  });
  const preloadRequires = externalImports(preload.metafile).filter((name) => name !== 'electron');
  if (preloadRequires.length > 0) {
    throw new Error(`preload.cjs must require only 'electron' (it runs sandboxed), but requires: ${preloadRequires.join(', ')}`);
  }
  return { outDir, mainExternals: externalImports(main.metafile), preloadExternals: externalImports(preload.metafile) };
}

function externalImports(metafile) {
  const names = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) names.add(imported.path);
  }
  return [...names].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, 'no-sourcemap': { type: 'boolean' } } });
  const result = await bundleElectron({
    ...(values['out-dir'] ? { outDir: resolve(values['out-dir']) } : {}),
    sourcemap: !values['no-sourcemap'],
  });
  console.log(`bundled: ${join(result.outDir, 'main.cjs')}, ${join(result.outDir, 'preload.cjs')}`);
  console.log(`main requires at run time: ${result.mainExternals.join(', ')}`);
}
