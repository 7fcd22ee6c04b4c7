// Dependencies point one way: no module of src/ or entrypoints/ reaches itself through its imports
// (type-only imports included: a type cycle is a design cycle).
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../support/import-graph';

describe('imports among src/ and entrypoints/', () => {
  it('sees the modules and their imports', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('entrypoints/background.ts')).toContain('src/background/menus.ts');
  });

  it('form no cycle', () => {
    expect(importCycles(importGraph())).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
