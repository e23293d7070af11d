/**
 * build/install-electron.mjs (the postinstall) never fails an install: with Electron's installer
 * out of reach (skip flag, a Node older than Electron declares, a failed download) it says why and
 * exits 0, so the CLI, web mode and tests stay installable on Node 20. Each case runs the real
 * script from a temp copy next to a stand-in `electron` package whose install.js leaves a marker.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setUp(engines: string, installExit: number): { dir: string; marker: string; run: (env?: NodeJS.ProcessEnv) => ReturnType<typeof spawnSync> } {
  const dir = mkdtempSync(join(tmpdir(), 'fieldlink-install-electron-'));
  dirs.push(dir);
  const electron = join(dir, 'node_modules/electron');
  mkdirSync(electron, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules/semver'), join(dir, 'node_modules/semver'));
  writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', engines: { node: engines } }));
  const marker = join(dir, 'installer-ran');
  writeFileSync(
    join(electron, 'install.js'),
    `require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes');\nif (${installExit}) { console.error('Error: getaddrinfo ENOTFOUND github.com'); process.exit(${installExit}); }\n`,
  );
  mkdirSync(join(dir, 'build'));
  copyFileSync(join(ROOT, 'build/install-electron.mjs'), join(dir, 'build/install-electron.mjs'));
  const run = (env: NodeJS.ProcessEnv = {}) => {
    const clean = { ...process.env, ...env };
    if (!('ELECTRON_SKIP_BINARY_DOWNLOAD' in env)) delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD;
    return spawnSync(process.execPath, [join(dir, 'build/install-electron.mjs')], { cwd: dir, env: clean, encoding: 'utf8' });
  };
  return { dir, marker, run };
}

describe('E10 postinstall degrades gracefully', () => {
  it('on a Node older than Electron declares: says what npm start needs, does not run the installer, exits 0', () => {
    const { marker, run } = setUp('>= 99.0.0', 0);
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Electron 45.5.0 needs Node >= 99.0.0');
    expect(result.stderr).toContain('npm start');
    expect(existsSync(marker)).toBe(false);
  });

  it('on a Node Electron accepts: runs the installer; a failed download is a warning with the reason, exit 0', () => {
    const { marker, run } = setUp(`>= ${process.versions.node}`, 1);
    const result = run();
    expect(result.status).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(result.stderr).toContain('could not be downloaded (Error: getaddrinfo ENOTFOUND github.com)');
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD: nothing is run, exit 0', () => {
    const { marker, run } = setUp(`>= ${process.versions.node}`, 0);
    const result = run({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD set');
    expect(existsSync(marker)).toBe(false);
  });
});
