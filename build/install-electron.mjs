// Downloads the Electron binary after `npm install` (npm 11 runs only the root package's scripts).
// Where the download is impossible (offline, CI sandbox) the CLI, simulator, cloud and web mode
// still work; only `npm start` needs the binary, so a failure is a warning, never a failed install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('fieldlink: ELECTRON_SKIP_BINARY_DOWNLOAD set, Electron binary not downloaded (npm start needs it).');
  process.exit(0);
}
let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  process.exit(0);
}
const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
if (result.status !== 0) {
  const reason = String(result.stderr ?? '').split('\n').find((l) => /Error|ENOTFOUND|EAI_AGAIN|ECONN/.test(l)) ?? 'unknown error';
  console.warn(`fieldlink: the Electron binary could not be downloaded (${reason.trim()}).`);
  console.warn('fieldlink: `npx fieldlink demo`, `npx fieldlink web` and the tests work without it; `npm start` needs it.');
}
