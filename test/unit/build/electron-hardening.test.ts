/**
 * E9: the packaged app's fuses (build/electron-builder.yml) keep the binary from being reused as a
 * Node shell or debugged through its environment, and make it load only the integrity-checked
 * app.asar. E10: Electron is pinned exactly, the lockfile installs that version, and it is within
 * the three newest majors (Electron's support window) of what the lockfile installs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

const BuilderConfig = z.object({
  electronVersion: z.string().optional(),
  asar: z.boolean().optional(),
  electronFuses: z.record(z.string(), z.boolean()),
});
const PackageJson = z.object({ devDependencies: z.record(z.string(), z.string()) });
const Lockfile = z.object({
  packages: z.record(z.string(), z.object({ version: z.string().optional(), devDependencies: z.record(z.string(), z.string()).optional() })),
});

const builder = BuilderConfig.parse(yaml.load(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')));
const pkg = PackageJson.parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
const lock = Lockfile.parse(JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')));

describe('E9 Electron fuses in build/electron-builder.yml', () => {
  it.each([
    ['runAsNode', false],
    ['enableCookieEncryption', true],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
  ] as const)('E9 %s is %s', (fuse, wanted) => {
    expect(builder.electronFuses[fuse]).toBe(wanted);
  });

  it('E9 the archive the integrity fuses check is built (asar on)', () => {
    expect(builder.asar).toBe(true);
  });
});

describe('E10 a supported Electron', () => {
  const pinned = pkg.devDependencies.electron ?? '';
  const installed = lock.packages['node_modules/electron']?.version ?? '';

  it('E10 package.json pins one exact Electron version and the lockfile installs it', () => {
    expect(semver.valid(pinned)).toBe(pinned);
    expect(lock.packages['']?.devDependencies?.electron).toBe(pinned);
    expect(installed).toBe(pinned);
  });

  it('E10 the pinned major is within the three newest majors of the installed one', () => {
    const newest = semver.major(installed);
    expect(semver.major(pinned)).toBeGreaterThanOrEqual(newest - 2);
    expect(semver.major(pinned)).toBeLessThanOrEqual(newest);
  });

  it('E10 electron-builder packages the pinned version (no stale electronVersion override)', () => {
    // Unset, electron-builder takes the exact version from package.json.
    expect(builder.electronVersion ?? pinned).toBe(pinned);
  });
});
