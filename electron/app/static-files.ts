/**
 * Maps a request path to a file of the built renderer (dist-renderer/) with path containment
 * (E8): `..`, encoded separators, NUL bytes, absolute and drive paths never leave the root.
 * Used by the Electron `app://` protocol and by the web-mode HTTP server.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

export const INDEX_FILE = 'index.html';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  file: string;
  contentType: string;
}

/**
 * The file for a URL path (`/assets/index-abc.js`), or undefined when the path is malformed,
 * escapes `root`, names a type we do not serve, or does not exist. `/` is index.html.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  const relative = safeRelativePath(urlPath);
  if (relative === undefined) return undefined;
  const base = path.resolve(root);
  const file = path.resolve(base, relative === '' ? INDEX_FILE : relative);
  if (!isInside(base, file)) return undefined;
  const contentType = MIME_TYPES[path.extname(file).toLowerCase()];
  if (contentType === undefined) return undefined;
  const isFile = await stat(file).then((s) => s.isFile(), () => false);
  return isFile ? { file, contentType } : undefined;
}

/** The decoded path without its leading `/`, or undefined when it cannot be served safely. */
export function safeRelativePath(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '');
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || /[\0\\]/.test(decoded) || /^\/[A-Za-z]:/.test(decoded)) return undefined;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  return segments.filter((s) => s !== '').join('/');
}

export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
