// Checks a parsed clause tree must pass whatever the document: shared by the suites of the five
// plans and of the dev corpus.
import { expect } from 'vitest';
import type { Clause } from '../../src/corpus/types.js';

/** Every parent exists, comes before its children, and is one level up. */
export function expectParentsLinked(clauses: Clause[]): void {
  const byId = new Map(clauses.map((c) => [c.id, c]));
  for (const c of clauses) {
    if (!c.parentId) continue;
    const p = byId.get(c.parentId);
    expect(p, c.id).toBeDefined();
    expect(p!.order).toBeLessThan(c.order);
    expect(c.depth).toBe(p!.depth + 1);
  }
}
