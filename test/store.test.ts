// The store over the five real plans: a real SQLite file in a temp home, written by the real
// indexer (lexical only). Round trip, incremental re-indexing, bad input, and folded search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store, type DocumentRow } from '../src/store/repository.js';
import { SCHEMA_VERSION, migrate } from '../src/store/migrations.js';
import { Db } from '../src/store/db.js';
import { indexCorpus, CorpusEmptyError, type IndexSummary } from '../src/search/indexer.js';
import { lexicalUnits } from '../src/corpus/fold.js';
import { openApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = path.join(REPO, 'corpus');
const DOC_IDS = ['ca-mau-2020-2021', 'hong-bang-2023-2024', 'muong-te-2022-2023', 'thanh-xuan-2021-2022', 'tp-hcm-2023-2024'];
const CLAUSES: Record<string, number> = {
  'ca-mau-2020-2021': 24,
  'hong-bang-2023-2024': 41,
  'muong-te-2022-2023': 46,
  'thanh-xuan-2021-2022': 55,
  'tp-hcm-2023-2024': 30,
};
// The last line of the body of Hồng Bàng §IV.9 "Công an quận"; a paragraph appended after it stays in IV.9.
const IV9_LAST = 'đảm bảo trật tự ATGT khu vực cổng trường.';
const ADDED_PARAGRAPH = 'Phối hợp lắp đặt hệ thống camera giám sát tại cổng các trường học trong giờ tan học.';

const tmpDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A temp home holding corpus/ (a copy of the five plans) and index/. */
async function makeHome(): Promise<{ home: string; corpusDir: string; indexDir: string; dbPath: string }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'planbot-store-'));
  tmpDirs.push(home);
  const corpusDir = path.join(home, 'corpus');
  await cp(CORPUS, corpusDir, { recursive: true });
  const indexDir = path.join(home, 'index');
  return { home, corpusDir, indexDir, dbPath: path.join(indexDir, 'planbot.db') };
}

async function index(store: Store, h: { corpusDir: string; indexDir: string }): Promise<IndexSummary> {
  return indexCorpus(store, { corpusDir: h.corpusDir, indexDir: h.indexDir, embedder: null });
}

async function appendToIV9(corpusDir: string, paragraph: string): Promise<void> {
  const file = path.join(corpusDir, 'hong-bang-2023-2024.txt');
  const text = await readFile(file, 'utf8');
  expect(text.split(IV9_LAST)).toHaveLength(2); // the anchor is unique
  await writeFile(file, text.replace(IV9_LAST, `${IV9_LAST}\n\n${paragraph}`));
}

const ids = (hits: { clauseId: string }[]) => hits.map((h) => h.clauseId);
const docOf = (clauseId: string) => clauseId.split('#')[0];

/** Rows of the FTS table and whether any has no clause behind it. */
async function ftsIntegrity(store: Store): Promise<{ fts: number; clauses: number; orphans: number }> {
  const fts = (await store.db.get<{ n: number }>('SELECT count(*) AS n FROM clause_fts'))!.n;
  const orphans = (await store.db.get<{ n: number }>('SELECT count(*) AS n FROM clause_fts WHERE rowid NOT IN (SELECT id FROM clauses)'))!.n;
  return { fts, clauses: await store.countClauses(), orphans };
}

describe('round trip', () => {
  let h: Awaited<ReturnType<typeof makeHome>>;
  let store: Store;
  let summary: IndexSummary;

  beforeAll(async () => {
    h = await makeHome();
    store = await Store.open(h.dbPath, { create: true });
    summary = await index(store, h);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('indexes the five plans and their 196 clauses', async () => {
    expect(summary.documents).toBe(5);
    expect(summary.clauses).toBe(196);
    expect([...summary.added].sort()).toEqual(DOC_IDS);
    expect(summary.changed).toEqual([]);
    expect(summary.removed).toEqual([]);
    expect(summary.unchanged).toEqual([]);
    expect(summary.errors).toEqual([]);
    expect(summary.semantic).toBe(false);
    expect(summary.chunks).toBe(0);
    expect(await store.countClauses()).toBe(196);
    for (const [docId, n] of Object.entries(CLAUSES)) expect(await store.clausesOf(docId), docId).toHaveLength(n);
    expect(await store.allClauseIds()).toHaveLength(196);
    expect(await ftsIntegrity(store)).toEqual({ fts: 196, clauses: 196, orphans: 0 });
  });

  it('returns a clause with its heading, text and breadcrumb', async () => {
    const c = await store.getClause('hong-bang-2023-2024#III.1.1');
    expect(c).toBeDefined();
    expect(c!.docId).toBe('hong-bang-2023-2024');
    expect(c!.path).toBe('III.1.1');
    expect(c!.heading).toBe('Chỉ tiêu');
    expect(c!.breadcrumb).toEqual(['III. CHỈ TIÊU, NHIỆM VỤ GIẢI PHÁP CỦA TỪNG CẤP HỌC', '1. Giáo dục mầm non']);
    expect(c!.parentId).toBe('hong-bang-2023-2024#III.1');
    expect(c!.depth).toBe(3);
    expect(c!.text).toContain('Tỷ lệ trẻ suy dinh dưỡng dưới 1%');
    expect(c!.textHash).toMatch(/^[0-9a-f]{16}$/);
    expect(c!.lineStart).toBeLessThanOrEqual(c!.lineEnd);

    const police = await store.getClause('hong-bang-2023-2024#IV.9');
    expect(police!.heading).toBe('Công an quận');
    expect(police!.breadcrumb).toEqual(['IV. TỔ CHỨC THỰC HIỆN']);
    expect(police!.text).toContain('đảm bảo an ninh an toàn trường học');

    expect(await store.getClause('hong-bang-2023-2024#IV.99')).toBeUndefined();
  });

  it('gives neighbours in document order and children', async () => {
    const c = (await store.getClause('hong-bang-2023-2024#IV.9'))!;
    expect(await store.neighbours(c)).toEqual({ prev: 'hong-bang-2023-2024#IV.8', next: 'hong-bang-2023-2024#IV.10' });
    const first = (await store.clausesOf('hong-bang-2023-2024'))[0];
    expect((await store.neighbours(first)).prev).toBeNull();
    const last = (await store.clausesOf('hong-bang-2023-2024')).at(-1)!;
    expect(last.path).toBe('closing');
    expect((await store.neighbours(last)).next).toBeNull(); // never runs into another document

    expect((await store.children('hong-bang-2023-2024#III.1')).map((x) => x.id)).toEqual(['hong-bang-2023-2024#III.1.1', 'hong-bang-2023-2024#III.1.2']);
    const parts = await store.children('hong-bang-2023-2024#IV');
    expect(parts.map((x) => x.path)).toContain('IV.9');
    expect(parts.every((x) => x.parentId === 'hong-bang-2023-2024#IV')).toBe(true);
    expect(await store.children('hong-bang-2023-2024#IV.9')).toEqual([]);

    const many = await store.getClauses(['hong-bang-2023-2024#IV.8', 'thanh-xuan-2021-2022#II.3', 'nope#I']);
    expect([...many.keys()].sort()).toEqual(['hong-bang-2023-2024#IV.8', 'thanh-xuan-2021-2022#II.3']);
  });

  it('lists document metadata', async () => {
    const docs = await store.listDocuments();
    expect(docs.map((d) => d.docId)).toEqual(DOC_IDS);
    const byId = new Map(docs.map((d) => [d.docId, d]));
    for (const d of docs) {
      expect(d.clauseCount, d.docId).toBe(CLAUSES[d.docId]);
      expect(d.file).toBe(`${d.docId}.txt`);
      expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(d.indexedAt))).toBe(false);
      expect(d.yearEnd! - d.yearStart!).toBe(1);
    }
    expect(byId.get('hong-bang-2023-2024')).toMatchObject({
      shortName: 'Hồng Bàng 2023-2024',
      place: 'Hồng Bàng',
      issuer: 'UBND quận Hồng Bàng',
      schoolYear: '2023-2024',
      yearStart: 2023,
      yearEnd: 2024,
    });
    expect(byId.get('thanh-xuan-2021-2022')).toMatchObject({
      docNumber: '247/KH-UBND',
      signed: { iso: '2021-08-25', precision: 'day' },
      schoolYear: '2021-2022',
    });
    expect(byId.get('tp-hcm-2023-2024')!.docNumber).toBe('3679/QĐ-UBND');
    expect(byId.get('ca-mau-2020-2021')!.signed).toMatchObject({ iso: '2020-09-04', precision: 'day' });
    expect(await store.getDocument('muong-te-2022-2023')).toEqual(byId.get('muong-te-2022-2023'));
    expect(await store.getDocument('nope')).toBeUndefined();
  });

  it('records the schema version and does not re-run migrations on reopen', async () => {
    const v = await store.db.get<{ user_version: number }>('PRAGMA user_version');
    expect(v!.user_version).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    // Migrations create tables without IF NOT EXISTS: running one again would throw.
    expect(await migrate(store.db)).toBe(SCHEMA_VERSION);

    await store.setSetting('probe', 'kept');
    await store.close();
    store = await Store.open(h.dbPath, { create: false });
    expect((await store.db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version).toBe(SCHEMA_VERSION);
    expect(await store.getSetting('probe')).toBe('kept');
    expect(await store.countClauses()).toBe(196);
    expect((await store.getClause('hong-bang-2023-2024#III.1.1'))!.heading).toBe('Chỉ tiêu');
  });

  it('refuses an index written by a newer schema, and a missing file without create', async () => {
    const other = await makeHome();
    await mkdir(other.indexDir, { recursive: true });
    const db = await Db.open(other.dbPath);
    await db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    await db.close();
    await expect(Store.open(other.dbPath, { create: true })).rejects.toThrow(/newer planbot/);
    await expect(Store.open(path.join(other.home, 'none', 'planbot.db'), { create: false })).rejects.toThrow(/planbot index/);
  });
});

describe('incremental re-indexing', () => {
  let h: Awaited<ReturnType<typeof makeHome>>;
  let store: Store;
  let first: DocumentRow[];

  beforeAll(async () => {
    h = await makeHome();
    store = await Store.open(h.dbPath, { create: true });
    await index(store, h);
    first = await store.listDocuments();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('leaves everything alone when nothing changed', async () => {
    const s = await index(store, h);
    expect([...s.unchanged].sort()).toEqual(DOC_IDS);
    expect(s.added).toEqual([]);
    expect(s.changed).toEqual([]);
    expect(s.removed).toEqual([]);
    expect(s.documents).toBe(5);
    expect(s.clauses).toBe(196);
    const again = await store.listDocuments();
    expect(again.map((d) => [d.docId, d.indexedAt, d.hash])).toEqual(first.map((d) => [d.docId, d.indexedAt, d.hash]));
  });

  it('replaces only the edited document, keeping its clause ids, and makes the new text searchable', async () => {
    const before = await store.clausesOf('hong-bang-2023-2024');
    const units = lexicalUnits('camera giám sát cổng trường');
    expect(ids(await store.lexicalSearch(lexicalUnits('camera'), { limit: 5 }))).toEqual([]);

    await appendToIV9(h.corpusDir, ADDED_PARAGRAPH);
    const s = await index(store, h);
    expect(s.changed).toEqual(['hong-bang-2023-2024']);
    expect([...s.unchanged].sort()).toEqual(DOC_IDS.filter((d) => d !== 'hong-bang-2023-2024'));
    expect(s.added).toEqual([]);
    expect(s.removed).toEqual([]);
    expect(s.clauses).toBe(196);

    const after = await store.clausesOf('hong-bang-2023-2024');
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    // Only IV.9's text changed; every other clause of the document is the same text.
    const changedText = after.filter((c, i) => c.textHash !== before[i].textHash).map((c) => c.id);
    expect(changedText).toEqual(['hong-bang-2023-2024#IV.9']);
    expect((await store.getClause('hong-bang-2023-2024#IV.9'))!.text).toContain(ADDED_PARAGRAPH);

    const docs = new Map((await store.listDocuments()).map((d) => [d.docId, d]));
    for (const d of first) {
      if (d.docId === 'hong-bang-2023-2024') expect(docs.get(d.docId)!.hash).not.toBe(d.hash);
      else expect([docs.get(d.docId)!.indexedAt, docs.get(d.docId)!.hash], d.docId).toEqual([d.indexedAt, d.hash]);
    }

    const hits = await store.lexicalSearch(units, { limit: 5 });
    expect(hits[0].clauseId).toBe('hong-bang-2023-2024#IV.9');
    expect(ids(await store.lexicalSearch(lexicalUnits('camera'), { limit: 5 }))).toEqual(['hong-bang-2023-2024#IV.9']);
    expect(await ftsIntegrity(store)).toEqual({ fts: 196, clauses: 196, orphans: 0 });
  });

  it('removes a deleted document from clauses and from the full-text index', async () => {
    const gone = await store.clausesOf('ca-mau-2020-2021');
    expect(gone).toHaveLength(24);
    // A query that finds Cà Mau clauses before the deletion.
    const query = lexicalUnits('Phòng GD&ĐT thành phố Cà Mau');
    expect(ids(await store.lexicalSearch(query, { limit: 50 })).some((id) => docOf(id) === 'ca-mau-2020-2021')).toBe(true);

    await rm(path.join(h.corpusDir, 'ca-mau-2020-2021.txt'));
    const s = await index(store, h);
    expect(s.removed).toEqual(['ca-mau-2020-2021']);
    expect(s.documents).toBe(4);
    expect(s.clauses).toBe(196 - 24);
    expect(await store.getDocument('ca-mau-2020-2021')).toBeUndefined();
    expect(await store.clausesOf('ca-mau-2020-2021')).toEqual([]);
    for (const c of gone) expect(await store.getClause(c.id)).toBeUndefined();
    expect((await store.allClauseIds()).some((id) => docOf(id) === 'ca-mau-2020-2021')).toBe(false);

    // No FTS row is left behind (the join in lexicalSearch would hide one, so count directly).
    expect(await ftsIntegrity(store)).toEqual({ fts: 172, clauses: 172, orphans: 0 });
    const hits = await store.lexicalSearch(query, { limit: 200 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((x) => docOf(x.clauseId) === 'ca-mau-2020-2021')).toBe(false);
    expect(await store.lexicalSearch(query, { docIds: ['ca-mau-2020-2021'], limit: 50 })).toEqual([]);
  });

  it('adds a new file', async () => {
    await cp(path.join(CORPUS, 'ca-mau-2020-2021.txt'), path.join(h.corpusDir, 'ca-mau-2020-2021.txt'));
    const s = await index(store, h);
    expect(s.added).toEqual(['ca-mau-2020-2021']);
    expect(s.changed).toEqual([]);
    expect(s.removed).toEqual([]);
    expect(s.unchanged).toHaveLength(4);
    expect(s.documents).toBe(5);
    expect(s.clauses).toBe(196);
    expect((await store.getClause('ca-mau-2020-2021#V.1'))!.heading).toBe('Phòng GD&ĐT');
    expect(await ftsIntegrity(store)).toEqual({ fts: 196, clauses: 196, orphans: 0 });
  });
});

describe('bad input loses nothing', () => {
  let h: Awaited<ReturnType<typeof makeHome>>;
  let store: Store;
  const hongBang = () => path.join(h.corpusDir, 'hong-bang-2023-2024.txt');

  beforeAll(async () => {
    h = await makeHome();
    store = await Store.open(h.dbPath, { create: true });
    await index(store, h);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('keeps the last good version of a document whose file became binary garbage', async () => {
    const good = await store.getDocument('hong-bang-2023-2024');
    // Deterministic bytes covering 0x00-0xff (invalid UTF-8, no UTF-16 byte-order mark).
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 37 + 11) % 256));
    await writeFile(hongBang(), garbage);

    const s = await index(store, h);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]).toMatchObject({ file: 'hong-bang-2023-2024.txt', docId: 'hong-bang-2023-2024' });
    expect(s.errors[0].reason).toMatch(/hong-bang-2023-2024\.txt/);
    expect(s.errors[0].reason).toMatch(/UTF-8|garbled|binary/);
    expect(s.removed).toEqual([]);
    expect(s.changed).toEqual([]);
    expect(s.documents).toBe(5);
    expect(s.clauses).toBe(196);
    expect(await store.getDocument('hong-bang-2023-2024')).toEqual(good);
    expect((await store.listErrors()).map((e) => e.file)).toEqual(['hong-bang-2023-2024.txt']);

    // Still answerable from the previous version.
    await store.close();
    const app = await openApp(loadConfig({ PLANBOT_HOME: h.home, PLANBOT_SEMANTIC: 'off' }));
    try {
      const a = await app.answerer.ask('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024');
      expect(a.abstained).toBe(false);
      expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');
      expect(a.answer).toContain('dưới 1%');
    } finally {
      await app.close();
      store = await Store.open(h.dbPath, { create: false });
    }

    // Once the file is readable again the error goes away and nothing needed re-parsing.
    await cp(path.join(CORPUS, 'hong-bang-2023-2024.txt'), hongBang());
    const fixed = await index(store, h);
    expect(fixed.errors).toEqual([]);
    expect(fixed.unchanged).toContain('hong-bang-2023-2024');
    expect(await store.listErrors()).toEqual([]);
  });

  it('records an empty file that was never indexed as an error, not a document', async () => {
    await writeFile(path.join(h.corpusDir, 'empty-plan.txt'), '');
    const s = await index(store, h);
    expect(s.errors.map((e) => e.file)).toEqual(['empty-plan.txt']);
    expect(s.errors[0].reason).toMatch(/empty/);
    expect(s.added).toEqual([]);
    expect(s.documents).toBe(5);
    expect(await store.getDocument('empty-plan')).toBeUndefined();
    expect((await store.listDocuments()).map((d) => d.docId)).toEqual(DOC_IDS);
    await rm(path.join(h.corpusDir, 'empty-plan.txt'));
    expect((await index(store, h)).errors).toEqual([]);
  });

  it('refuses an empty corpus folder and keeps the indexed documents', async () => {
    const emptyDir = path.join(h.home, 'empty-corpus');
    await mkdir(emptyDir);
    await writeFile(path.join(emptyDir, 'notes.odt'), 'not a plan file'); // not .txt/.md/.docx/.pdf: ignored
    await expect(indexCorpus(store, { corpusDir: emptyDir, indexDir: h.indexDir, embedder: null })).rejects.toBeInstanceOf(CorpusEmptyError);
    expect((await store.listDocuments()).map((d) => d.docId)).toEqual(DOC_IDS);
    expect(await store.countClauses()).toBe(196);
    expect(await ftsIntegrity(store)).toEqual({ fts: 196, clauses: 196, orphans: 0 });
  });
});

describe('full-text search over folded text', () => {
  let h: Awaited<ReturnType<typeof makeHome>>;
  let store: Store;

  beforeAll(async () => {
    h = await makeHome();
    store = await Store.open(h.dbPath, { create: true });
    await index(store, h);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('finds the malnutrition target from a query without diacritics', async () => {
    const plain = await store.lexicalSearch(lexicalUnits('suy dinh duong'), { limit: 10 });
    expect(ids(plain).slice(0, 3)).toContain('hong-bang-2023-2024#III.1.1');
    // Same units, same ranking as the query written with diacritics.
    expect(ids(await store.lexicalSearch(lexicalUnits('suy dinh dưỡng'), { limit: 10 }))).toEqual(ids(plain));
    expect(plain.every((x, i) => i === 0 || x.score <= plain[i - 1].score)).toBe(true);
  });

  it('finds "đảm bảo an ninh" from "dam bao an ninh"', async () => {
    const hits = await store.lexicalSearch(lexicalUnits('dam bao an ninh'), { limit: 10 });
    expect(ids(hits).slice(0, 3)).toContain('hong-bang-2023-2024#IV.9');
    expect(ids(await store.lexicalSearch(lexicalUnits('đảm bảo an ninh'), { limit: 10 }))).toEqual(ids(hits));
  });

  it('folds đ to d', async () => {
    expect(lexicalUnits('Đoàn Thanh niên')).toEqual(lexicalUnits('doan thanh nien'));
    const marked = await store.lexicalSearch(lexicalUnits('Đoàn Thanh niên'), { limit: 10 });
    const plain = await store.lexicalSearch(lexicalUnits('doan thanh nien'), { limit: 10 });
    expect(ids(plain)).toEqual(ids(marked));
    expect(plain[0].clauseId).toBe('hong-bang-2023-2024#IV.8'); // "8. Đoàn Thanh niên Cộng sản Hồ Chí Minh quận"
  });

  it('restricts to the given documents', async () => {
    const hits = await store.lexicalSearch(lexicalUnits('suy dinh duong'), { docIds: ['thanh-xuan-2021-2022'], limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((x) => docOf(x.clauseId) === 'thanh-xuan-2021-2022')).toBe(true);
    expect(hits[0].clauseId).toBe('thanh-xuan-2021-2022#appendix-1.7');
    expect(await store.lexicalSearch(lexicalUnits('suy dinh duong'), { docIds: [], limit: 10 })).toEqual([]);
    expect(await store.lexicalSearch([], { limit: 10 })).toEqual([]);
  });
});
