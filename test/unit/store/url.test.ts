/**
 * Store URLs (docs/results-store.md#backends): parsing, the default, errors that name the
 * setting, and passwords masked everywhere they could be shown.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOutboxPath, openResultsStore } from '../../../electron/store/open.ts';
import { StoreError } from '../../../electron/store/types.ts';
import { defaultStoreUrl, maskSecretIn, maskUrl, parseStoreUrl } from '../../../electron/store/url.ts';

function badUrl(url: string, setting?: string): StoreError {
  try {
    parseStoreUrl(url, setting);
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toBe('bad-url');
    return error as StoreError;
  }
  throw new Error(`${url} parsed`);
}

describe('store URLs', () => {
  it('defaultStoreUrl is results.sqlite in the data folder; the outbox goes beside it', () => {
    expect(defaultStoreUrl('/data/fl')).toBe(`sqlite:${join('/data/fl', 'results.sqlite')}`);
    expect(defaultOutboxPath('/data/fl')).toBe(join('/data/fl', 'outbox.sqlite'));
  });

  it('sqlite:PATH (absolute, relative, sqlite://) resolves to an absolute file', () => {
    expect(parseStoreUrl('sqlite:/var/lib/fl/r.sqlite')).toEqual({ backend: 'sqlite', path: '/var/lib/fl/r.sqlite', displayUrl: 'sqlite:/var/lib/fl/r.sqlite' });
    expect(parseStoreUrl('sqlite:results.sqlite')).toMatchObject({ backend: 'sqlite', path: resolve('results.sqlite') });
    expect(parseStoreUrl('sqlite:///abs/r.sqlite')).toMatchObject({ path: '/abs/r.sqlite' });
  });

  it('postgres:// and postgresql:// keep the connection string and mask the password for display', () => {
    const parsed = parseStoreUrl('postgres://line:s3cr%40t@db.local:5433/fieldlink');
    expect(parsed).toEqual({ backend: 'postgres', connectionString: 'postgres://line:s3cr%40t@db.local:5433/fieldlink', displayUrl: 'postgres://line:***@db.local:5433/fieldlink' });
    expect(parseStoreUrl('postgresql://db.local/fl')).toMatchObject({ backend: 'postgres', displayUrl: 'postgresql://db.local/fl' });
  });

  it('bad URLs give bad-url naming the setting, never the password', () => {
    expect(badUrl('mysql://u:hunter2@h/db', '--store').message).toMatch(/^--store: .*must start with sqlite: .* or postgres:\/\//);
    expect(badUrl('mysql://u:hunter2@h/db').message).not.toContain('hunter2');
    expect(badUrl('sqlite:', 'FIELDLINK_RESULTS_URL').message).toContain('FIELDLINK_RESULTS_URL: "sqlite:" needs a file path');
    expect(badUrl('postgres://u:hunter2@/db').message).not.toContain('hunter2');
    expect(badUrl('postgres://u:hunter2@host').message).toContain('names no database');
    expect(badUrl('postgres://u:hunter2@host/').message).not.toContain('hunter2');
    expect(badUrl('').message).toContain('results store URL');
  });

  it('maskUrl and maskSecretIn hide passwords, plain and percent-encoded', () => {
    expect(maskUrl('postgres://a:b@h/d')).toBe('postgres://a:***@h/d');
    expect(maskUrl('postgres://h/d')).toBe('postgres://h/d');
    expect(maskUrl('weird //u:pw@x')).toBe('weird //u:***@x');
    expect(maskSecretIn('login with p@ss failed (p%40ss)', 'postgres://u:p%40ss@h/d')).toBe('login with *** failed (***)');
  });

  it('openResultsStore rejects a bad URL before touching anything', async () => {
    await expect(openResultsStore({ url: 'ftp://x', setting: 'results.url' })).rejects.toMatchObject({ kind: 'bad-url', message: expect.stringContaining('results.url') as unknown });
  });
});
