/**
 * E3 at the source level: the renderer never injects HTML, index.html carries the strict CSP,
 * and the page has no inline script or style.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../renderer');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(tsx?|html)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

describe('E3: renderer HTML injection and CSP', () => {
  it('no renderer source uses dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', async () => {
    const offenders: string[] = [];
    for (const file of await sources(root)) {
      const text = await readFile(file, 'utf8');
      if (/dangerouslySetInnerHTML|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/.test(text)) offenders.push(path.relative(root, file));
    }
    expect(offenders).toEqual([]);
  });

  it("index.html sets a CSP with default-src 'self' and style-src 'self', and has no inline script or style", async () => {
    const html = await readFile(path.join(root, 'index.html'), 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son\w+=/i);
  });
});
