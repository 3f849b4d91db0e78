// The embedding path end to end with a generated tiny model (real transformers.js, onnxruntime
// and hnswlib; no network): indexing writes vectors, the app fuses them with the lexical
// ranking, re-indexing embeds only what changed, and the CLI reports semantic search on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { env as tfEnv } from '@xenova/transformers';
import { Store } from '../src/store/repository.js';
import { indexCorpus, type IndexSummary } from '../src/search/indexer.js';
import { loadEmbedder, type TransformersEmbeddings } from '../src/search/embedder.js';
import { VectorIndex } from '../src/search/vectorIndex.js';
import { passagesOf, clauseIdOfKey } from '../src/search/chunks.js';
import { openApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { understand } from '../src/answer/understand.js';
import { makeTinyModel } from './helpers/tinyModel.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const MODEL = 'test/tiny-e5';
const IV9_LAST = 'đảm bảo trật tự ATGT khu vực cổng trường.';

let tmp: string;
let models: string;
let embedder: TransformersEmbeddings;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'planbot-semantic-'));
  models = path.join(tmp, 'models');
  await makeTinyModel(models, { id: MODEL });
  tfEnv.cacheDir = path.join(tmp, 'no-cache'); // the real cache stays out of the picture
  const r = await loadEmbedder({ model: MODEL, modelDir: models, allowDownload: false });
  if (!r.embedder) throw new Error(`the tiny model did not load: ${r.reason}`);
  embedder = r.embedder;
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function makeHome(tag: string): Promise<Config> {
  const home = path.join(tmp, tag);
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
  return loadConfig({ PLANBOT_HOME: home, PLANBOT_MODEL: MODEL, PLANBOT_MODEL_DIR: models });
}

async function index(cfg: Config): Promise<IndexSummary> {
  const store = await Store.open(cfg.dbPath, { create: true });
  try {
    return await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder });
  } finally {
    await store.close();
  }
}

/** The passage keys the store's clauses call for, and the total passage count. */
async function expectedKeys(cfg: Config): Promise<string[]> {
  const store = await Store.open(cfg.dbPath, { create: false });
  try {
    const keys: string[] = [];
    for (const d of await store.listDocuments()) for (const c of await store.clausesOf(d.docId)) keys.push(...passagesOf(c, d.shortName).map((p) => p.key));
    return keys.sort();
  } finally {
    await store.close();
  }
}

async function vectorKeys(cfg: Config): Promise<string[]> {
  const v = await VectorIndex.open(cfg.indexDir, { model: MODEL, dim: embedder.dimensions });
  expect(v.rebuilt).toBe(false);
  return v.keys().sort();
}

describe('indexing with an embedder', () => {
  let cfg: Config;
  let summary: IndexSummary;

  beforeAll(async () => {
    cfg = await makeHome('full');
    summary = await index(cfg);
  });

  it('embeds every clause and writes the vector index', async () => {
    expect(summary.semantic).toBe(true);
    expect(summary.clauses).toBe(196);
    expect(summary.chunks).toBeGreaterThan(0);
    expect(summary.chunks).toBeGreaterThanOrEqual(summary.clauses);
    expect(summary.embedded).toBe(summary.chunks);
    expect(existsSync(path.join(cfg.indexDir, 'vectors.json'))).toBe(true);
    const meta = await VectorIndex.readMeta(cfg.indexDir);
    expect(meta).toMatchObject({ model: MODEL, dim: embedder.dimensions, space: 'cosine', count: summary.chunks });
    // One or more passages for every clause, and nothing else.
    const keys = await vectorKeys(cfg);
    expect(keys).toEqual(await expectedKeys(cfg));
    expect(new Set(keys.map(clauseIdOfKey)).size).toBe(196);
    const store = await Store.open(cfg.dbPath, { create: false });
    expect(await store.getSetting('semantic')).toBe(MODEL);
    await store.close();
  });

  it('opens the app with semantic search and fuses both rankings', async () => {
    const app = await openApp(cfg);
    try {
      expect(app.semantic.embedder).not.toBeNull();
      expect(app.semantic.embedder!.modelId).toBe(MODEL);
      expect(app.semantic.reason).toBeNull();
      expect(app.retriever.semantic).toBe(true);

      const q = 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024';
      const u = understand(q, (await app.store.listDocuments()).map((d) => ({ docId: d.docId, place: d.place, schoolYear: d.schoolYear, yearStart: d.yearStart, yearEnd: d.yearEnd })));
      const hits = await app.retriever.retrieve({ units: u.units, text: q, docIds: u.docIds, limit: 12 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.some((h) => h.vectorRank !== null)).toBe(true);
      expect(hits.some((h) => h.lexicalRank !== null)).toBe(true);
      for (const h of hits) {
        const expected = (h.lexicalRank ? 1 / (60 + h.lexicalRank) : 0) + (h.vectorRank ? 1 / (60 + h.vectorRank) : 0);
        expect(h.fused).toBeCloseTo(expected, 10);
        if (h.vectorScore !== null) expect(Math.abs(h.vectorScore)).toBeLessThanOrEqual(1.0001);
      }
      // The filter applies to the vector side too.
      for (const h of hits) expect(u.docIds ?? []).toContain(h.clause.docId);
      // A question about one plan compares that plan's passages exactly (retrieve.ts): the same
      // ranking as the graph's filtered search, which at this size is exact too.
      const vectors = app.retriever.vectors!;
      const vec = await app.semantic.embedder!.embedQuery(q);
      const own = vectors.keys().filter((k) => (u.docIds ?? []).includes(clauseIdOfKey(k).split('#')[0]));
      expect(own.length).toBeGreaterThan(10);
      const allowed = new Set(own);
      expect(vectors.searchAmong(vec, 10, own).map((h) => h.key)).toEqual(vectors.search(vec, 10, (k) => allowed.has(k)).map((h) => h.key));

      const a = await app.answerer.ask(q);
      expect(a.abstained).toBe(false);
      expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');
      expect(a.answer).toContain('dưới 1%');
    } finally {
      await app.close();
    }
  });

  it('does not use vectors built by another model', async () => {
    await makeTinyModel(models, { id: 'test/other-e5', hidden: 16 });
    const other = loadConfig({ PLANBOT_HOME: cfg.home, PLANBOT_MODEL: 'test/other-e5', PLANBOT_MODEL_DIR: models });
    const app = await openApp(other);
    try {
      expect(app.semantic.embedder).toBeNull();
      expect(app.semantic.expected).toBe(true);
      expect(app.semantic.reason).toMatch(/built with test\/tiny-e5.*test\/other-e5.*planbot index/);
      expect(app.retriever.semantic).toBe(false);
      const a = await app.answerer.ask('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024');
      expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');
    } finally {
      await app.close();
    }
  });
});

describe('incremental vectors', () => {
  let cfg: Config;
  let first: IndexSummary;

  beforeAll(async () => {
    cfg = await makeHome('incremental');
    first = await index(cfg);
  });

  it('embeds nothing when nothing changed', async () => {
    const s = await index(cfg);
    expect(s.unchanged).toHaveLength(5);
    expect(s.embedded).toBe(0);
    expect(s.chunks).toBe(first.chunks);
  });

  it('re-embeds only the passages of the clause whose text changed', async () => {
    const file = path.join(cfg.corpusDir, 'hong-bang-2023-2024.txt');
    const text = await readFile(file, 'utf8');
    const added = 'Phối hợp lắp đặt hệ thống camera giám sát tại cổng các trường học trong giờ tan học.';
    await writeFile(file, text.replace(IV9_LAST, `${IV9_LAST}\n\n${added}`));

    const s = await index(cfg);
    expect(s.changed).toEqual(['hong-bang-2023-2024']);
    const store = await Store.open(cfg.dbPath, { create: false });
    const clause = (await store.getClause('hong-bang-2023-2024#IV.9'))!;
    const doc = (await store.getDocument('hong-bang-2023-2024'))!;
    await store.close();
    expect(clause.text).toContain(added);
    const passages = passagesOf(clause, doc.shortName);
    expect(s.embedded).toBe(passages.length);
    expect(s.embedded).toBeLessThan(first.chunks / 10);
    expect(s.chunks).toBe(first.chunks);
    expect(await vectorKeys(cfg)).toEqual(await expectedKeys(cfg));

    // The stored vector is the new passage's: it is its own nearest neighbour.
    const v = await VectorIndex.open(cfg.indexDir, { model: MODEL, dim: embedder.dimensions });
    const [vec] = await embedder.embedDocuments([passages[0].text]);
    const [best] = v.search(vec, 1);
    expect(best.key).toBe(passages[0].key);
    expect(best.score).toBeGreaterThan(0.99999);
  });

  it('re-embeds the sub-clauses of a clause whose heading changed (their passages carry it)', async () => {
    const file = path.join(cfg.corpusDir, 'hong-bang-2023-2024.txt');
    const text = await readFile(file, 'utf8');
    expect(text.split('\n1. Giáo dục mầm non\n')).toHaveLength(2);
    await writeFile(file, text.replace('\n1. Giáo dục mầm non\n', '\n1. Giáo dục mầm non và nhà trẻ\n'));

    const s = await index(cfg);
    expect(s.changed).toEqual(['hong-bang-2023-2024']);
    const store = await Store.open(cfg.dbPath, { create: false });
    const doc = (await store.getDocument('hong-bang-2023-2024'))!;
    const parent = (await store.getClause('hong-bang-2023-2024#III.1'))!;
    const kids = await store.children('hong-bang-2023-2024#III.1');
    await store.close();
    expect(kids.map((k) => k.id)).toEqual(['hong-bang-2023-2024#III.1.1', 'hong-bang-2023-2024#III.1.2']);
    expect(kids[0].breadcrumb.at(-1)).toBe('1. Giáo dục mầm non và nhà trẻ');
    const passages = [parent, ...kids].flatMap((c) => passagesOf(c, doc.shortName));
    expect(s.embedded).toBe(passages.length);

    const v = await VectorIndex.open(cfg.indexDir, { model: MODEL, dim: embedder.dimensions });
    const vecs = await embedder.embedDocuments(passages.map((p) => p.text));
    passages.forEach((p, i) => {
      const [best] = v.search(vecs[i], 1);
      expect(best.key).toBe(p.key);
      expect(best.score, p.key).toBeGreaterThan(0.99999);
    });
  });

  it('drops every vector of a deleted document', async () => {
    await rm(path.join(cfg.corpusDir, 'ca-mau-2020-2021.txt'));
    const s = await index(cfg);
    expect(s.removed).toEqual(['ca-mau-2020-2021']);
    expect(s.embedded).toBe(0);
    const keys = await vectorKeys(cfg);
    expect(keys.filter((k) => k.startsWith('ca-mau-2020-2021#'))).toEqual([]);
    expect(keys).toEqual(await expectedKeys(cfg));
    expect(s.chunks).toBe(keys.length);
    expect((await VectorIndex.readMeta(cfg.indexDir))!.count).toBe(keys.length);
    // Only files of the current generation remain beside the database.
    const files = (await readdir(cfg.indexDir)).filter((f) => f.startsWith('vectors.'));
    expect(files.sort()).toEqual(['vectors.json', `vectors.${(await VectorIndex.readMeta(cfg.indexDir))!.generation}.hnsw`, `vectors.${(await VectorIndex.readMeta(cfg.indexDir))!.generation}.json`].sort());
  });

  it('reopens and answers after the changes, and a re-added document is embedded again', async () => {
    const app = await openApp(cfg);
    try {
      expect(app.retriever.semantic).toBe(true);
      const a = await app.answerer.ask('camera giám sát cổng trường ở Hồng Bàng');
      expect(a.abstained).toBe(false);
      expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#IV.9');
      const hits = await app.retriever.retrieve({ units: ['suy', 'dinh', 'duong'], text: 'suy dinh dưỡng', limit: 40 });
      expect(hits.some((h) => h.clause.docId === 'ca-mau-2020-2021')).toBe(false);
    } finally {
      await app.close();
    }

    await cp(path.join(REPO, 'corpus', 'ca-mau-2020-2021.txt'), path.join(cfg.corpusDir, 'ca-mau-2020-2021.txt'));
    const s = await index(cfg);
    expect(s.added).toEqual(['ca-mau-2020-2021']);
    expect(s.embedded).toBeGreaterThanOrEqual(24);
    expect(s.chunks).toBe(first.chunks);
    expect(await vectorKeys(cfg)).toEqual(await expectedKeys(cfg));
  });
});

describe('the CLI with a model', () => {
  it('says semantic search is on and answers with it', async () => {
    const home = path.join(tmp, 'cli');
    await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
    const childEnv: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PLANBOT_')) childEnv[k] = v;
    Object.assign(childEnv, { PLANBOT_HOME: home, PLANBOT_MODEL: MODEL, PLANBOT_MODEL_DIR: models, PLANBOT_LOG_LEVEL: 'warn' });
    const run = (args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), ...args], { cwd: home, env: childEnv, encoding: 'utf8', timeout: 60_000 });

    const r = run(['index']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/semantic search on/);
    expect(r.stdout).toMatch(/indexed 5 documents, 196 clauses, \d+ chunks/);
    expect(r.stdout).toMatch(/passages embedded/);
    expect(r.stderr).not.toMatch(/semantic search is off/);
    expect((await VectorIndex.readMeta(path.join(home, 'index')))!.model).toBe(MODEL);

    const a = run(['ask', 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024', '--json']);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).not.toMatch(/semantic search is off/);
    expect(JSON.parse(a.stdout).citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');

    // Without the model the same index still answers, and says why semantic search is off.
    delete childEnv.PLANBOT_MODEL_DIR;
    const lexical = run(['ask', 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024']);
    expect(lexical.status, lexical.stderr).toBe(0);
    expect(lexical.stderr).toMatch(/semantic search is off/);
    expect(lexical.stdout).toContain('dưới 1%');
  });
});

describe('vectors after an interrupted index run', () => {
  it('re-embeds a document whose store update committed but whose vectors were never saved', async () => {
    const cfg = await makeHome('interrupted');
    await index(cfg);
    // The store takes the changed document, the vector save never happens (as if the
    // process died in between): an index run without an embedder does exactly that.
    const file = path.join(cfg.corpusDir, 'hong-bang-2023-2024.txt');
    await writeFile(file, (await readFile(file, 'utf8')).replace(IV9_LAST, `${IV9_LAST} Tuần tra khu vực cổng trường vào giờ tan học.`));
    const store = await Store.open(cfg.dbPath, { create: true });
    try {
      const s = await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
      expect(s.changed).toEqual(['hong-bang-2023-2024']);
    } finally {
      await store.close();
    }
    expect(await vectorKeys(cfg)).not.toEqual(await expectedKeys(cfg));
    // The next run with the model sees the file as unchanged, yet mends the vectors.
    const again = await index(cfg);
    expect(again.unchanged).toHaveLength(5);
    expect(again.embedded).toBeGreaterThan(0);
    expect(await vectorKeys(cfg)).toEqual(await expectedKeys(cfg));
  });
});

describe('vectors after a re-index from chat', () => {
  it('the running app picks up the generation a /reindex saved, so a new clause is found by meaning', async () => {
    const cfg = await makeHome('reindex-chat');
    await index(cfg);
    const app = await openApp(cfg, { semantic: { embedder, reason: null } });
    try {
      expect(app.retriever.semantic).toBe(true);
      const before = app.retriever.vectors!.generation;
      const file = path.join(cfg.corpusDir, 'hong-bang-2023-2024.txt');
      const added = 'Tuần tra khu vực cổng trường vào giờ tan học.';
      await writeFile(file, (await readFile(file, 'utf8')).replace(IV9_LAST, `${IV9_LAST} ${added}`));
      const { Reindexer } = await import('../src/chat/admin.js');
      const reindexer = new Reindexer(app.store, app.answerer, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder });
      const s = await reindexer.run();
      expect(s.changed).toEqual(['hong-bang-2023-2024']);
      expect(app.retriever.vectors!.generation).toBeGreaterThan(before);
      const keys = app.retriever.vectors!.keys().map(clauseIdOfKey);
      expect(keys).toContain('hong-bang-2023-2024#IV.9');
      // The loaded generation is the one on disk: the changed clause's new passage is in it.
      expect(app.retriever.vectors!.keys().sort()).toEqual(await vectorKeys(cfg));
    } finally {
      await app.close();
    }
  });
});
