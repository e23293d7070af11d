/**
 * Store URLs (docs/results-store.md#backends): `sqlite:PATH` for the embedded file, `postgres://…`
 * or `postgresql://…` for a line database. Parsing names the setting the URL came from, and every
 * text meant for people (displayUrl, error messages) has the password masked.
 */
import { join, resolve } from 'node:path';
import { StoreError } from './types.ts';

export type ParsedStoreUrl =
  | { backend: 'sqlite'; path: string; displayUrl: string }
  | { backend: 'postgres'; connectionString: string; displayUrl: string };

/** The default store: a SQLite file in the data folder. */
export function defaultStoreUrl(dataDir: string): string {
  return `sqlite:${join(dataDir, 'results.sqlite')}`;
}

const MASK = '***';

/** The URL with any password replaced by `***` (also for URLs that do not parse). */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      parsed.password = MASK;
      return parsed.toString();
    }
    return url;
  } catch {
    // Not a URL: mask anything that looks like `user:password@`.
    return url.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/, `$1${MASK}@`);
  }
}

/** Replaces every occurrence of the password of `url` in `text` (for error messages from drivers). */
export function maskSecretIn(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  if (password === '') return text;
  return text.split(password).join(MASK).split(encodeURIComponent(password)).join(MASK);
}

/** Parses a store URL; `setting` names where it came from for the error message. */
export function parseStoreUrl(url: string, setting = 'results store URL'): ParsedStoreUrl {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    let path = trimmed.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new StoreError('bad-url', `${setting}: "sqlite:" needs a file path, as in sqlite:/var/lib/fieldlink/results.sqlite`);
    if (path.includes('\0')) throw new StoreError('bad-url', `${setting}: the SQLite file path contains a NUL character`);
    const absolute = resolve(path);
    return { backend: 'sqlite', path: absolute, displayUrl: `sqlite:${absolute}` };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new StoreError('bad-url', `${setting}: "${maskUrl(trimmed)}" is not a valid PostgreSQL URL (postgres://user:password@host:5432/database)`);
    }
    if (parsed.hostname === '') throw new StoreError('bad-url', `${setting}: "${maskUrl(trimmed)}" names no host`);
    if (parsed.pathname === '' || parsed.pathname === '/') throw new StoreError('bad-url', `${setting}: "${maskUrl(trimmed)}" names no database (…/database at the end)`);
    return { backend: 'postgres', connectionString: trimmed, displayUrl: maskUrl(trimmed) };
  }
  throw new StoreError('bad-url', `${setting}: "${maskUrl(trimmed)}" must start with sqlite: (a file) or postgres:// (a line database)`);
}
