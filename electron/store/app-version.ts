/**
 * Fieldlink's version (package.json), kept in every run's record. Imported, not read at run time:
 * the desktop app's bundled main process lives in another folder, where a relative read of
 * package.json would miss it; esbuild inlines the import.
 */
import packageJson from '../../package.json' with { type: 'json' };

export function appVersion(): string {
  return packageJson.version;
}
