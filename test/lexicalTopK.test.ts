// Lexical search takes the best FTS matches first and filters them after (plan by plan for a
// few plans): it must return exactly what joining every match to its clause and filtering
// returns, in the same order with the same scores, for every kind of filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexicalUnits } from '../src/corpus/fold.js';
import { BENCH_QUESTIONS } from '../bench/questions.js';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeScaleCorpus } from '../bench/scaleCorpus.js';
import { makeIndexedHome, makeIndexedHomeIn, type IndexedHome } from './helpers/indexedHome.js';

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHome('lexical-topk');
}, 120_000);
afterAll(() => h?.dispose());

describe('lexical search, top-k then filtered', () => {
  it('returns what the whole filtered search returns', async () => {
    const store = h.app.store;
    const docs = (await store.listDocuments()).map((d) => d.docId).sort();
    const filters: { docIds?: string[]; includeSuperseded?: boolean }[] = [
      {},
      { includeSuperseded: true },
      ...docs.map((d) => ({ docIds: [d] })),
      { docIds: docs.slice(0, 2) },
      { docIds: docs.slice(1, 4), includeSuperseded: true },
      { docIds: docs.filter((_, i) => i % 2 === 0) },
    ];
    let compared = 0;
    let nonEmpty = 0;
    for (const q of [...BENCH_QUESTIONS, 'và của các', 'năm học 2023-2024 trường']) {
      const units = lexicalUnits(q);
      for (const f of filters) {
        for (const limit of [1, 12, 48, 160]) {
          const want = await store.lexicalSearchAll(units, { ...f, limit });
          expect(await store.lexicalSearch(units, { ...f, limit }), `${q} ${JSON.stringify(f)} ${limit}`).toEqual(want);
          compared++;
          if (want.length) nonEmpty++;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(compared / 2);
  });

  it('leaves out superseded plans as the whole search does, and sees a plan superseded since the last search', async () => {
    const store = h.app.store;
    const docs = (await store.listDocuments()).map((d) => d.docId).sort();
    const units = lexicalUnits('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học');
    await store.lexicalSearch(units, { limit: 12 }); // the plans' row ids read and kept
    await store.setSupersession(new Map([[docs[0], docs[1]], [docs[2], docs[1]]]));
    try {
      for (const f of [{}, { includeSuperseded: true }, { docIds: docs.slice(0, 3) }, { docIds: docs.slice(0, 3), includeSuperseded: true }, { docIds: [docs[0]] }]) {
        for (const limit of [5, 48]) {
          const want = await store.lexicalSearchAll(units, { ...f, limit });
          expect(await store.lexicalSearch(units, { ...f, limit }), JSON.stringify(f)).toEqual(want);
        }
      }
      expect((await store.lexicalSearch(units, { limit: 48 })).some((x) => x.clauseId.startsWith(`${docs[0]}#`))).toBe(false);
    } finally {
      await store.setSupersession(new Map([[docs[0], null], [docs[2], null]]));
    }
    expect((await store.lexicalSearch(units, { docIds: [docs[0]], limit: 5 })).length).toBeGreaterThan(0);
  });

  it('filters after the top-k: a filter that leaves few of the best matches searches further', async () => {
    const store = h.app.store;
    const docs = (await store.listDocuments()).map((d) => d.docId).sort();
    const units = lexicalUnits('giáo dục trường học sinh');
    // All plans but one, asked for more hits than the top-k holds of the rest.
    const many = docs.slice(1);
    for (const limit of [100, 1000, 5000]) {
      expect(await store.lexicalSearch(units, { docIds: many, limit })).toEqual(await store.lexicalSearchAll(units, { docIds: many, limit }));
    }
    expect(await store.lexicalSearch(units, { docIds: [], limit: 5 })).toEqual([]);
    expect(await store.lexicalSearch(units, { docIds: ['no-such-plan'], limit: 5 })).toEqual([]);
  });

  it('leaves out the units most clauses contain, which change no ranking: the same scores at every rank', async () => {
    const store = h.app.store;
    store.commonUnitsFrom = 0; // as a province's corpus would: the five plans are too few to need it
    const { df, total } = await store.documentFrequencies(lexicalUnits('năm học trường học sinh'));
    // The five plans do have units in more than half their clauses.
    expect([...df.values()].some((n) => n > total / 2)).toBe(true);
    let compared = 0;
    for (const q of [...BENCH_QUESTIONS, 'năm học 2023-2024 trường', 'kế hoạch năm học của trường']) {
      const units = lexicalUnits(q);
      // What only the commonest units match scores next to nothing (bm25 clamps their idf).
      const weighed = (await store.lexicalSearch(units, { limit: 400, allUnits: true })).filter((x) => x.score > 1e-3).slice(0, 48);
      const got = await store.lexicalSearch(units, { limit: 48 });
      expect(got.length, q).toBeGreaterThanOrEqual(weighed.length);
      // Equal scores may swap places (the commonest units' 1e-6 told them apart); no score moves.
      weighed.forEach((x, i) => expect(got[i].score, `${q} #${i}`).toBeCloseTo(x.score, 4));
      expect(new Set(got.slice(0, weighed.length).map((x) => x.clauseId)).size).toBe(weighed.length);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
    store.commonUnitsFrom = Infinity;
    // A small corpus searches with every unit: what only the common ones match is still a candidate.
    const every = await store.lexicalSearch(lexicalUnits('năm học trường học sinh'), { limit: 400, allUnits: true });
    expect(await store.lexicalSearch(lexicalUnits('năm học trường học sinh'), { limit: 400 })).toEqual(every);
  });
});

// Many plans asked about at once (a year's, at a province's scale): runs of plans side by side
// in row id order are searched together, the matches outside them left out before scoring.
describe('lexical search over many plans asked about', () => {
  let home: IndexedHome;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-runs-'));
    await writeScaleCorpus(path.join(dir, 'corpus'), 45);
    home = await makeIndexedHomeIn(dir);
  }, 180_000);
  afterAll(() => home?.dispose());

  it('returns what the whole filtered search returns, in the same order with the same scores', async () => {
    const store = home.app.store;
    const docs = (await store.listDocuments()).map((d) => d.docId).sort();
    const byYear = (y: string) => docs.filter((d) => d.includes(y));
    const filters: { docIds: string[]; includeSuperseded?: boolean }[] = [
      { docIds: byYear('2023-2024') },
      { docIds: byYear('2020-2021').concat(byYear('2022-2023')) },
      { docIds: docs.filter((_, i) => i % 2 === 0) },
      { docIds: docs.filter((_, i) => i % 3 !== 1) },
      { docIds: docs.filter((_, i) => i % 5 === 0), includeSuperseded: true },
      { docIds: docs.slice(3, 40) },
      { docIds: [...docs].reverse().slice(0, 9) },
    ];
    let compared = 0;
    for (const common of [Infinity, 0]) {
      store.commonUnitsFrom = common;
      for (const q of [...BENCH_QUESTIONS, 'năm học 2023-2024 trường']) {
        const units = lexicalUnits(q);
        for (const f of filters) {
          for (const limit of [12, 48]) {
            const want = await store.lexicalSearchAll(units, { ...f, limit });
            expect(await store.lexicalSearch(units, { ...f, limit }), `${q} ${f.docIds.length} plans ${limit}`).toEqual(want);
            if (want.length) compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  }, 180_000);
});

// At a province's scale a clause only the commonest units match cannot reach the best k
// (MaxScore): only what a rarer unit matches is scored, and the result must not change.
describe('lexical search that scores only what can reach the best k', () => {
  let home: IndexedHome;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-maxscore-'));
    await writeScaleCorpus(path.join(dir, 'corpus'), 60);
    home = await makeIndexedHomeIn(dir);
  }, 180_000);
  afterAll(() => home?.dispose());

  it('returns what scoring every match returns, and does leave matches unscored', async () => {
    const store = home.app.store;
    const docs = (await store.listDocuments()).map((d) => d.docId).sort();
    store.commonUnitsFrom = 0; // the 60 plans' 2 300 clauses stand for a province's 100 000
    let pruned = 0;
    const all = store.db.all.bind(store.db);
    store.db.all = ((sql: string, params?: unknown[]) => {
      if (sql.includes('+rowid IN')) pruned++;
      return all(sql, params);
    }) as typeof store.db.all;
    let compared = 0;
    try {
      for (const q of [...BENCH_QUESTIONS, 'năm học 2023-2024 trường', 'kế hoạch năm học của trường']) {
        const units = lexicalUnits(q);
        for (const f of [{}, { includeSuperseded: true }, { docIds: docs.slice(1) }]) {
          for (const limit of [1, 12, 48]) {
            const want = await store.lexicalSearchAll(units, { ...f, limit });
            expect(await store.lexicalSearch(units, { ...f, limit }), `${q} ${JSON.stringify(f).slice(0, 40)} ${limit}`).toEqual(want);
            if (want.length) compared++;
          }
        }
      }
    } finally {
      store.db.all = all;
      store.commonUnitsFrom = Infinity;
    }
    expect(compared).toBeGreaterThan(150);
    // Most questions have rare units enough to leave the common ones' matches unscored.
    expect(pruned).toBeGreaterThan(compared / 4);
  }, 180_000);
});

