/** No import circles in the app's source (type-only imports count too). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, sourceFiles } from './import-graph.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('import circles', () => {
  it('electron/, shared/ and renderer/ have none', () => {
    const files = sourceFiles(root, ['electron', 'shared', 'renderer']);
    expect(files.length).toBeGreaterThan(100);
    const cycles = findCycles(importGraph(files)).map((group) => group.map((file) => path.relative(root, file)));
    expect(cycles).toEqual([]);
  });

  it('the check finds a circle when there is one (a → b → c → a), and a file importing itself', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});
