import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module reachable from `entry` through relative imports, with its bare (package) imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    );
    graph.set(file, specifiers.filter((s) => !s.startsWith('.')));
    for (const s of specifiers.filter((s) => s.startsWith('.'))) visit(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
  };
  visit(entry);
  return graph;
}

describe('the universal entry (.) works in browsers', () => {
  it('imports nothing Node-only, only @tensorflow/tfjs-core and the pure-TypeScript @digitkit/core', () => {
    const graph = importGraph(join(here, 'index.ts'));
    expect(graph.size).toBeGreaterThan(10);
    const external = new Set([...graph.values()].flat());
    expect([...external].sort()).toEqual(['@digitkit/core', '@tensorflow/tfjs-core']);
  });

  it('the ./node entry is where node: imports live (the scan sees them)', () => {
    const external = new Set([...importGraph(join(here, 'node.ts')).values()].flat());
    expect(external.has('node:zlib')).toBe(true);
    expect(external.has('node:fs/promises')).toBe(true);
  });
});
