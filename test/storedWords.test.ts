// The plans' words stored by the indexer (src/store/words.ts): written at index, kept right when
// one plan changes or goes, and answering from them gives what answering from every plan's
// vocabulary built in memory gives. A real SQLite file, the real indexer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/repository.js';
import { PAIR_BASE } from '../src/store/words.js';
import { indexCorpus } from '../src/search/indexer.js';
import { openApp, type AppContext } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { Answerer } from '../src/answer/answerer.js';
import { Vocabulary, WORDS_VERSION } from '../src/answer/vocabulary.js';
import { definedIn, forgetLearned } from '../src/answer/abbreviations.js';
import { BENCH_QUESTIONS } from '../bench/questions.js';
import { REPO } from './helpers/indexedHome.js';

// A plan that defines abbreviations of its own (learned by the answerer) and writes words the five do not.
const PLAN = `ỦY BAN NHÂN DÂN TỈNH AN BÌNH
Số: 01/KH-UBND
KẾ HOẠCH
Chăm lo người có công năm học 2023-2024

I. MỤC ĐÍCH
1. Quản lý tốt Quỹ Đền ơn đáp nghĩa (sau đây gọi tắt là QĐƠĐN) và hoạt động của Trung tâm Điều dưỡng thương binh (TTĐDTB).
2. Các xã vận động nhân dân đóng góp xây dựng quỹ đền ơn đáp nghĩa hằng năm; trả lương cho nhân viên đúng hạn.
II. NHIỆM VỤ
1. Sở Tài chính hướng dẫn quyết toán QĐƠĐN trước ngày 31/12/2024.
2. Sở Y tế cử bác sĩ đến TTĐDTB mỗi quý; tỉ lệ trẻ suy dinh dưỡng dưới 2%.
`;

const QUESTIONS = [
  ...BENCH_QUESTIONS,
  'QĐƠĐN do ai quyết toán?',
  'Sở Y tế cử bác sĩ đến TTĐDTB khi nào?',
  'trả lương cho nhân viên ở An Bình thế nào?',
  'lương giáo viên năm học 2023-2024 là bao nhiêu?',
  'tỉ lệ trẻ suy dinh dưỡng năm học 2023-2024?',
];

type Rows = Record<string, unknown[]>;

/** The stored tables, sorted (document keys replaced by their ids). */
async function stored(store: Store): Promise<Rows> {
  const db = store.db;
  return {
    terms: await db.all('SELECT term, exact, folded, fold_docs FROM vocab_terms ORDER BY term'),
    pairs: await db.all('SELECT pair, docs FROM vocab_pairs ORDER BY pair'),
    // Plan by plan the words are stored by number, a pair as first × PAIR_BASE + second.
    docTerms: await db.all('SELECT w.doc_id, i.word AS term, t.exact, t.folded FROM doc_words t JOIN word_ids i ON i.id = t.word JOIN word_docs w ON w.doc = t.doc ORDER BY w.doc_id, i.word'),
    docPairs: await db.all(
      `SELECT w.doc_id, a.word || ' ' || b.word AS pair FROM doc_word_pairs p JOIN word_docs w ON w.doc = p.doc
         JOIN word_ids a ON a.id = p.pair / ${PAIR_BASE} JOIN word_ids b ON b.id = p.pair % ${PAIR_BASE} ORDER BY w.doc_id, pair`,
    ),
    abbreviations: await db.all('SELECT doc_id, ord, abbr, full FROM doc_abbreviations ORDER BY doc_id, ord'),
  };
}

/** The same, computed in memory from every plan's stored clauses as the answerer did. */
async function expected(store: Store): Promise<Rows> {
  const terms = new Map<string, { exact: number; folded: number; fold_docs: number }>();
  const pairs = new Map<string, number>();
  const docTerms: unknown[] = [];
  const docPairs: unknown[] = [];
  const abbreviations: unknown[] = [];
  const term = (t: string) => {
    let x = terms.get(t);
    if (!x) terms.set(t, (x = { exact: 0, folded: 0, fold_docs: 0 }));
    return x;
  };
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const d of await store.listDocuments()) {
    const texts = (await store.clausesOf(d.docId)).map((c) => c.text);
    const p = Vocabulary.fromTexts(texts).parts();
    const own = new Map<string, { exact: number; folded: number }>();
    for (const [t, n] of p.exact) {
      term(t).exact += n;
      own.set(t, { exact: n, folded: 0 });
    }
    for (const [t, n] of p.folded) {
      term(t).folded += n;
      own.set(t, { exact: own.get(t)?.exact ?? 0, folded: n });
    }
    for (const t of p.foldedSet) term(t).fold_docs++;
    for (const x of p.pairs) pairs.set(x, (pairs.get(x) ?? 0) + 1);
    for (const [t, x] of [...own].sort(([a], [b]) => byCode(a, b))) docTerms.push({ doc_id: d.docId, term: t, ...x });
    for (const x of [...p.pairs].sort(byCode)) docPairs.push({ doc_id: d.docId, pair: x });
    definedIn(texts).forEach(([abbr, full], ord) => abbreviations.push({ doc_id: d.docId, ord, abbr, full }));
  }
  return {
    terms: [...terms].sort(([a], [b]) => byCode(a, b)).map(([t, x]) => ({ term: t, ...x })),
    pairs: [...pairs].sort(([a], [b]) => byCode(a, b)).map(([pair, docs]) => ({ pair, docs })),
    docTerms,
    docPairs,
    abbreviations,
  };
}

type Said = [string, string, string, string[]];

async function answers(answerer: Answerer): Promise<Said[]> {
  const out: Said[] = [];
  for (const q of QUESTIONS) {
    const a = await answerer.ask(q);
    out.push([q, a.outcome, a.answer, a.citations.map((c) => JSON.stringify(c))]);
  }
  return out;
}

describe('stored words', () => {
  let home: string;
  let cfg: Config;
  let store: Store;
  const index = () => indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'planbot-words-'));
    await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
    await writeFile(path.join(home, 'corpus', 'an-binh-2024.txt'), PLAN);
    cfg = loadConfig({ PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off' });
    store = await Store.open(cfg.dbPath, { create: true });
    await index();
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    forgetLearned();
    await rm(home, { recursive: true, force: true });
  });

  it('are written at index: every plan together, plan by plan, and the abbreviations each defines', async () => {
    const rows = await stored(store);
    expect(rows.terms.length).toBeGreaterThan(500);
    expect(rows.abbreviations).toEqual(
      expect.arrayContaining([expect.objectContaining({ doc_id: 'an-binh-2024', abbr: 'qdodn', full: 'Quỹ Đền ơn đáp nghĩa' })]),
    );
    expect(rows).toEqual(await expected(store));
    expect(await store.getSetting('words_version')).toBe(WORDS_VERSION);
    expect(await store.getSetting('words_pending')).toBeUndefined();
  });

  it('answer as the vocabularies built in memory do', async () => {
    let app: AppContext | null = null;
    try {
      app = await openApp(cfg, { semantic: { embedder: null, reason: 'test: lexical-only' } });
      expect(await app.store.words.usable()).toBe(true);
      // Stored words: no plan's clauses are read to know its words.
      const read: string[] = [];
      const clausesOf = app.store.clausesOf.bind(app.store);
      app.store.clausesOf = async (docId: string) => {
        read.push(docId);
        return clausesOf(docId);
      };
      await app.answerer.warm();
      expect(read).toEqual([]);
      const fromStore = await answers(new Answerer(app.store, app.retriever));
      app.store.clausesOf = clausesOf;
      // The same index without them: the answerer builds every plan's vocabulary in memory.
      await app.store.db.run("DELETE FROM settings WHERE key = 'words_version'");
      expect(await app.store.words.usable()).toBe(false);
      const inMemory = await answers(new Answerer(app.store, app.retriever));
      expect(fromStore).toEqual(inMemory);
      expect(fromStore.filter(([, outcome]) => outcome === 'answer').length).toBeGreaterThan(20);
      await app.store.setSetting('words_version', WORDS_VERSION);
    } finally {
      await app?.close();
    }
  }, 120_000);

  it('are updated when one plan changes, and when one is removed', async () => {
    await appendFile(path.join(home, 'corpus', 'an-binh-2024.txt'), '3. Hội Cựu chiến binh (HCCB) thăm hỏi gia đình chính sách; trả lương hưu đúng kỳ.\n');
    let s = await index();
    expect(s.changed).toEqual(['an-binh-2024']);
    let rows = await stored(store);
    expect(rows.abbreviations).toEqual(expect.arrayContaining([expect.objectContaining({ doc_id: 'an-binh-2024', abbr: 'hccb' })]));
    expect(rows).toEqual(await expected(store));

    await unlink(path.join(home, 'corpus', 'muong-te-2022-2023.txt'));
    s = await index();
    expect(s.removed).toEqual(['muong-te-2022-2023']);
    rows = await stored(store);
    expect(rows.docTerms.some((r) => (r as { doc_id: string }).doc_id === 'muong-te-2022-2023')).toBe(false);
    expect(rows).toEqual(await expected(store));

    // Outside an index pass (a plan removed by itself) they are kept right in its transaction.
    await store.removeDocument('an-binh-2024');
    expect(await stored(store)).toEqual(await expected(store));
  }, 120_000);

  it('are counted again after a pass that stopped half way, or an index written by another version', async () => {
    await store.db.run("UPDATE vocab_terms SET exact = exact + 7 WHERE term = 'học'");
    await store.setSetting('words_pending', '1');
    await index();
    expect(await store.getSetting('words_pending')).toBeUndefined();
    expect(await stored(store)).toEqual(await expected(store));

    await store.db.run('DELETE FROM vocab_pairs');
    await store.setSetting('words_version', 'older');
    const s = await index();
    expect(s.changed).toEqual([]);
    expect(await store.getSetting('words_version')).toBe(WORDS_VERSION);
    expect(await stored(store)).toEqual(await expected(store));
  }, 120_000);

  it('are numbered right after a write that numbered new words failed', async () => {
    const file = path.join(home, 'corpus', 'an-binh-2024.txt');
    await appendFile(file, '4. Xã Quảng Khê lập sổ theo dõi khuyến học, khuyến tài.\n');
    const insert = store.facts.insert.bind(store.facts);
    store.facts.insert = async () => {
      throw new Error('disk full (test)');
    };
    await expect(index()).rejects.toThrow('disk full');
    store.facts.insert = insert;
    await index();
    expect(await stored(store)).toEqual(await expected(store));
    // …and outside a pass.
    await store.removeDocument('hong-bang-2023-2024');
    expect(await stored(store)).toEqual(await expected(store));
    await index();
    expect(await stored(store)).toEqual(await expected(store));
  }, 120_000);

  it('are carried over from an index that stored them by text (schema 15)', async () => {
    const before = await stored(store);
    const said = await (async () => {
      const app = await openApp(cfg, { semantic: { embedder: null, reason: 'test: lexical-only' } });
      try {
        return await answers(app.answerer);
      } finally {
        await app.close();
      }
    })();
    // Back to schema 15: the plan-by-plan words as text.
    await store.db.exec(`
      CREATE TABLE doc_terms (doc INTEGER NOT NULL, term TEXT NOT NULL, exact INTEGER NOT NULL, folded INTEGER NOT NULL, PRIMARY KEY (doc, term)) WITHOUT ROWID;
      INSERT INTO doc_terms SELECT t.doc, i.word, t.exact, t.folded FROM doc_words t JOIN word_ids i ON i.id = t.word;
      CREATE TABLE doc_pairs (doc INTEGER NOT NULL, pair TEXT NOT NULL, PRIMARY KEY (doc, pair)) WITHOUT ROWID;
      INSERT INTO doc_pairs SELECT p.doc, a.word || ' ' || b.word FROM doc_word_pairs p JOIN word_ids a ON a.id = p.pair / ${PAIR_BASE} JOIN word_ids b ON b.id = p.pair % ${PAIR_BASE};
      DROP TABLE doc_words; DROP TABLE doc_word_pairs; DROP TABLE word_ids;
      PRAGMA user_version = 15;
    `);
    await store.close();
    store = await Store.open(cfg.dbPath, { create: false });
    expect(await stored(store)).toEqual(before);
    expect(await store.words.usable()).toBe(true);
    const app = await openApp(cfg, { semantic: { embedder: null, reason: 'test: lexical-only' } });
    try {
      expect(await answers(app.answerer)).toEqual(said);
    } finally {
      await app.close();
    }
    // New words are numbered after the carried-over ones.
    await appendFile(path.join(home, 'corpus', 'an-binh-2024.txt'), '5. Thôn Đắk Rơ Wa tổ chức lớp xoá mù chữ.\n');
    await index();
    expect(await stored(store)).toEqual(await expected(store));
  }, 120_000);
});
