// Downloads the Electron binary after `npm install` (npm 11 runs only the root package's scripts).
// Where the download is impossible (offline, CI sandbox, a Node older than Electron's installer
// needs) the CLI, simulator, cloud and web mode still work; only `npm start` needs the binary, so
// a failure is a warning, never a failed install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('fieldlink: ELECTRON_SKIP_BINARY_DOWNLOAD set, Electron binary not downloaded (npm start needs it).');
  process.exit(0);
}
let installer;
let electronPackage;
try {
  installer = require.resolve('electron/install.js');
  electronPackage = require('electron/package.json');
} catch {
  process.exit(0);
}
// Electron 45's installer declares Node >= 22.12: on an older Node say so instead of failing obscurely.
const needs = electronPackage.engines?.node;
if (needs) {
  const semver = require('semver');
  if (!semver.satisfies(process.version, needs)) {
    console.warn(`fieldlink: Electron ${electronPackage.version} needs Node ${needs} to install and run; this is Node ${process.version}.`);
    console.warn('fieldlink: the Electron binary was not downloaded. `npx fieldlink`, `npx fieldlink web` and the tests work on this Node;');
    console.warn('fieldlink: for `npm start` use Node 22.12 or newer and run `npm install` again.');
    process.exit(0);
  }
}
const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
if (result.status !== 0) {
  const reason = String(result.stderr ?? '').split('\n').find((l) => /Error|ENOTFOUND|EAI_AGAIN|ECONN/.test(l)) ?? 'unknown error';
  console.warn(`fieldlink: the Electron binary could not be downloaded (${reason.trim()}).`);
  console.warn('fieldlink: `npx fieldlink demo`, `npx fieldlink web` and the tests work without it; `npm start` needs it.');
}
