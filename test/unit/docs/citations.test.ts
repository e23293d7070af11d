/**
 * The docs a clone needs are in the repository (docs/README.md). This scans the tree and fails when
 * - a fault ID cited in code or tests has no heading in docs/faults.md,
 * - a `docs/<page>.md#anchor` citation (or a link between docs pages) points at a missing page or
 *   heading,
 * - a test file named in docs/faults.md does not exist,
 * - code, tests, docs or the README cite a path outside the repository: an absolute home or
 *   work-area path, a relative path that climbs out of the repository, or one of the brief's
 *   documents that only exist outside it.
 * Patterns below are written so that this file does not match them itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCANNED_DIRS = ['electron', 'renderer', 'shared', 'test', 'bin', 'build', 'docs'];
const SCANNED_ROOT_FILES = ['README.md', 'package.json', 'eslint.config.js', 'vite.config.ts', 'vitest.config.ts', 'tsconfig.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'artifacts', 'dist', 'dist-electron', 'dist-renderer', 'release']);
const TEXT_FILE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs|json|md|ya?ml|css|html|sh)$/;

interface SourceFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  text: string;
}

function walk(dir: string, out: SourceFile[]): void {
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, out);
    } else if (entry.isFile() && TEXT_FILE.test(entry.name)) {
      out.push({ path, text: readFileSync(join(ROOT, path), 'utf8') });
    }
  }
}

function scannedFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  for (const dir of SCANNED_DIRS) if (exists(dir)) walk(dir, files);
  for (const file of SCANNED_ROOT_FILES) if (exists(file)) files.push({ path: file, text: readFileSync(join(ROOT, file), 'utf8') });
  return files;
}

function exists(path: string): boolean {
  try {
    statSync(join(ROOT, path));
    return true;
  } catch {
    return false;
  }
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Heading anchors as GitHub makes them (lower case, punctuation dropped, spaces → `-`, repeats get `-1`…), plus explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const text = (heading[1] ?? '').replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
      const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const id of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id[1] ?? '');
  }
  return anchors;
}

const docAnchors = new Map<string, Set<string> | undefined>();
function anchorsOfDoc(page: string): Set<string> | undefined {
  if (!docAnchors.has(page)) docAnchors.set(page, exists(`docs/${page}`) ? anchorsOf(readFileSync(join(ROOT, 'docs', page), 'utf8')) : undefined);
  return docAnchors.get(page);
}

/** `docs/at-behaviour.md#qmtopen / #mqtt-timeouts` → page + anchors; also links inside docs pages. */
function docCitations(file: SourceFile): Array<{ where: string; page: string; anchor: string | undefined }> {
  const found: Array<{ where: string; page: string; anchor: string | undefined }> = [];
  const add = (index: number, page: string, anchor: string | undefined) => found.push({ where: `${file.path}:${lineOf(file.text, index)}`, page, anchor });
  for (const m of file.text.matchAll(/\bdocs\/([\w.-]+\.md)(?:#([\w-]+)((?:\s*(?:,|\/|–)\s*#[\w-]+)*))?/g)) {
    const page = m[1] ?? '';
    add(m.index, page, m[2]);
    for (const more of (m[3] ?? '').matchAll(/#([\w-]+)/g)) add(m.index, page, more[1]);
  }
  if (file.path.startsWith('docs/')) {
    const here = file.path.slice('docs/'.length);
    for (const m of file.text.matchAll(/\]\(([\w.-]*\.md)?(?:#([\w-]+))?\)/g)) {
      if (m[1] === undefined && m[2] === undefined) continue;
      add(m.index, m[1] ?? here, m[2]);
    }
  }
  return found;
}

/** Fault IDs as cited in code: a letter of the catalogue and 1–99, standing alone (not `ATE0`, `#E1E1E1`, `%E3`). */
const FAULT_ID = /(?<![\w%#&.\\/-])([ESMFK][1-9]\d?)(?![\w%])/g;

/** Paths that only exist outside the repository. Written with escapes so this file does not match them. */
const OUTSIDE_PATHS: ReadonlyArray<[RegExp, string]> = [
  [/\/(?:work|home|root|Users)\/[\w.-]/, 'an absolute path'],
  [/[A-Za-z]:\\Users\\/, 'an absolute Windows path'],
  [/\bshared\/(?:spec|reference|design|hooks)\//, "the brief's shared folder"],
  [/\b(?:quectel-at|fault-catalogue|connect-sequence|seed-server-conn\w*)(?:\.ko)?\.md\b/, "one of the brief's documents"],
  [/(?<![\w/.-])(?:spec|design)\/(?:profile|style|architecture)\.md\b/, "one of the brief's documents"],
];

describe('docs/: the citations in code and tests resolve inside the repository', () => {
  const files = scannedFiles();
  const codeFiles = files.filter((file) => !file.path.startsWith('docs/'));

  it('scans the tree (sanity: the docs and plenty of code are there)', () => {
    expect(files.some((file) => file.path === 'docs/faults.md')).toBe(true);
    expect(codeFiles.length).toBeGreaterThan(100);
  });

  it('every fault ID cited in code or tests has a heading in docs/faults.md', () => {
    const defined = new Set([...readFileSync(join(ROOT, 'docs/faults.md'), 'utf8').matchAll(/^### ([ESMFK]\d+)$/gm)].map((m) => m[1]));
    const cited = new Map<string, string>();
    for (const file of codeFiles) {
      for (const m of file.text.matchAll(FAULT_ID)) {
        const id = m[1] ?? '';
        if (!cited.has(id)) cited.set(id, `${file.path}:${lineOf(file.text, m.index)}`);
      }
    }
    expect(cited.size).toBeGreaterThan(30);
    const missing = [...cited].filter(([id]) => !defined.has(id)).map(([id, where]) => `${id} (cited at ${where})`);
    expect(missing, 'fault IDs with no heading in docs/faults.md').toEqual([]);
  });

  it('every docs/<page>.md#anchor citation, and every link between docs pages, points at an existing page and heading', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const citation of docCitations(file)) {
        checked++;
        const anchors = anchorsOfDoc(citation.page);
        if (!anchors) broken.push(`${citation.where}: docs/${citation.page} does not exist`);
        else if (citation.anchor !== undefined && !anchors.has(citation.anchor)) broken.push(`${citation.where}: docs/${citation.page} has no heading #${citation.anchor}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  it('every test file docs/faults.md names exists under test/', () => {
    const testFiles = new Set(files.filter((file) => file.path.startsWith('test/')).map((file) => file.path.slice(file.path.lastIndexOf('/') + 1)));
    const named = [...readFileSync(join(ROOT, 'docs/faults.md'), 'utf8').matchAll(/`([\w.-]+\.test\.tsx?)`/g)].map((m) => m[1] ?? '');
    expect(named.length).toBeGreaterThan(20);
    expect([...new Set(named)].filter((name) => !testFiles.has(name))).toEqual([]);
  });

  it('nothing cites a path outside the repository', () => {
    const outside: string[] = [];
    for (const file of files) {
      for (const [pattern, what] of OUTSIDE_PATHS) {
        for (const m of file.text.matchAll(new RegExp(pattern.source, 'g'))) outside.push(`${file.path}:${lineOf(file.text, m.index)}: ${what} (${m[0]})`);
      }
      for (const m of file.text.matchAll(/(?:\.\.\/)+[\w.-]+(?:\/[\w.-]+)*\/?/g)) {
        const target = resolve(ROOT, dirname(file.path), m[0]);
        const rel = relative(ROOT, target);
        if (rel === '..' || rel.startsWith(`..${sep}`)) outside.push(`${file.path}:${lineOf(file.text, m.index)}: a relative path that leaves the repository (${m[0]})`);
      }
    }
    expect(outside).toEqual([]);
  });
});

describe('the citation checks themselves', () => {
  it('find a missing fault ID, a dangling anchor and an outside path in a made-up file', () => {
    const unknownId = 'M' + '99';
    const ids = [...`see S5, E0 and ATE0, #E1E1E1, ${unknownId} here`.matchAll(FAULT_ID)].map((m) => m[1]);
    expect(ids).toEqual(['S5', unknownId]);
    expect(anchorsOf('# Title\n## Data mode\n### QMTOPEN\n## Data mode\n```\n# not a heading\n```\n<a id="x-y"></a>')).toEqual(
      new Set(['title', 'data-mode', 'qmtopen', 'data-mode-1', 'x-y']),
    );
    const made = { path: 'electron/x.ts', text: ['see docs', 'at-behaviour.md#qmtopen / #nope and docs', 'missing.md'].join('/') };
    const cited = docCitations(made).map((c) => `${c.page}#${c.anchor ?? ''}`);
    expect(cited).toEqual(['at-behaviour.md#qmtopen', 'at-behaviour.md#nope', 'missing.md#']);
    expect(anchorsOfDoc('at-behaviour.md')?.has('nope')).toBe(false);
    const outside = ['/' + 'work/shared/x', 'quectel-at' + '.md', 'shared/' + 'spec/'].filter((text) => OUTSIDE_PATHS.some(([pattern]) => pattern.test(text)));
    expect(outside).toHaveLength(3);
  });
});
