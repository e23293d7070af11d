import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import layers from './eslint/layer-boundaries.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** The layers the code keeps to (a violation fails `npm run lint`, part of `npm test`). */
export const LAYERS = [
  {
    from: 'electron/engine',
    forbid: ['electron/sim', 'electron/cloud', 'electron/app', 'electron/cli', 'electron/web', 'electron/demo', 'renderer'],
    message: 'the engine imports neither sim/, cloud/, app/, cli/, web/, demo/ nor UI code',
  },
  { from: 'electron/cloud', forbid: ['electron/engine', 'electron/app', 'electron/cli', 'electron/web', 'renderer'], message: 'the demo cloud imports no engine internals' },
  {
    from: 'electron/store',
    forbid: ['electron/sim', 'electron/cloud', 'electron/app', 'electron/cli', 'electron/web', 'electron/demo', 'electron/station', 'electron/support', 'renderer'],
    message: 'the results store sits on the engine and shared/ only',
  },
  {
    from: 'electron/station',
    forbid: ['electron/sim', 'electron/cloud', 'electron/app', 'electron/cli', 'electron/web', 'electron/demo', 'renderer'],
    message: 'station mode uses the engine, the store and shared/, no faces and no fixtures',
  },
  {
    from: 'electron/support',
    forbid: ['electron/sim', 'electron/cloud', 'electron/app', 'electron/cli', 'electron/web', 'electron/demo', 'electron/station', 'renderer'],
    message: 'support bundles use the engine, the store and shared/ only',
  },
  { from: 'renderer', allowOnly: ['renderer', 'shared'], message: 'the renderer imports only shared/ and its own files' },
  { from: 'shared', allowOnly: ['shared'], message: 'shared/ imports only shared/' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'dist-renderer/', 'test/artifacts/', 'release/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Only electron/main.ts and electron/preload.ts may import electron (docs/architecture.md).
    files: ['electron/**', 'shared/**', 'renderer/**', 'test/**'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main.ts and electron/preload.ts import electron.' }] }] },
  },
  {
    files: ['electron/**/*.{ts,tsx,mts}', 'shared/**/*.{ts,tsx,mts}', 'renderer/**/*.{ts,tsx,mts}'],
    plugins: { fieldlink: layers },
    rules: { 'fieldlink/layer-boundaries': ['error', { root, layers: LAYERS }] },
  },
);
