/**
 * Builds the renderer (renderer/index.html → dist-renderer/). The same bundle is loaded by the
 * Electron window and served by `fieldlink web`, so asset URLs are relative (base './').
 * Nothing is inlined (assetsInlineLimit 0): the page's CSP allows only 'self' (docs/faults.md E3).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist-renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: true,
    target: 'chrome120',
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: false },
});
