// Full-text search stays bounded by the matches, not by the plans' size: the FTS match is the
// outer loop of the query, also when the question names plans (a document filter: the plans'
// clauses by their runs of row ids). The other
// order ran the whole MATCH once per clause of those plans: 2.5 s a question with a 10 MB plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexicalUnits } from '../src/corpus/fold.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHome('lexical-plan');
});
afterAll(() => h?.dispose());

describe('lexical search query plan', () => {
  it('scans the full-text index first, with and without a document filter, and filters as asked', async () => {
    const store = h.app.store;
    const db = store.db;
    const seen: { sql: string; params: unknown[] }[] = [];
    const all = db.all.bind(db);
    db.all = (async (sql: string, params: unknown[] = []) => {
      if (sql.includes('bm25(')) seen.push({ sql, params });
      return all(sql, params);
    }) as typeof db.all;
    try {
      const units = lexicalUnits('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học');
      const docs = (await store.listDocuments()).map((d) => d.docId);
      const everywhere = await store.lexicalSearch(units, { limit: 20 });
      const filtered = await store.lexicalSearch(units, { limit: 20, docIds: docs.slice(0, 2) });
      const apart = [docs[0], docs[2]];
      const filteredApart = await store.lexicalSearch(units, { limit: 20, docIds: apart });
      expect(everywhere.length).toBeGreaterThan(0);
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((hit) => docs.slice(0, 2).includes(hit.clauseId.split('#')[0]))).toBe(true);
      expect(filteredApart.every((hit) => apart.includes(hit.clauseId.split('#')[0]))).toBe(true);
      // The best matches of all plans; the first two plans, side by side in row id order, as one
      // run of row ids; the first and third, another plan between them, each by its own run.
      expect(seen).toHaveLength(4);
      for (const q of seen) {
        const plan = (await all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.params)).map((r) => r.detail);
        // The top-k is a subquery over the full-text index alone, joined to the clauses after.
        const first = plan.find((d) => !/^(CO-ROUTINE|MATERIALIZE)/.test(d));
        expect(first, plan.join(' | ')).toMatch(/^SCAN (clause_fts VIRTUAL TABLE|t)\b/);
        expect(plan.some((d) => /^SCAN clause_fts VIRTUAL TABLE/.test(d)), plan.join(' | ')).toBe(true);
      }
    } finally {
      db.all = all;
    }
  });
});
