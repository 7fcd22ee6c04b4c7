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

  it('keep the preset table and the engine out of the content script', () => {
    const graph = importGraph();
    const reached = new Set<string>();
    const todo = ['entrypoints/content.ts'];
    for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
      if (reached.has(file)) continue;
      reached.add(file);
      todo.push(...(graph.get(file) ?? []));
    }
    expect(reached.has('src/features/alt-text/page-alt-text.ts')).toBe(true);
    for (const heavy of ['src/engine/presets.ts', 'src/engine/transformers-engine.ts', 'src/engine/host.ts']) {
      expect(reached.has(heavy), heavy).toBe(false);
    }
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
