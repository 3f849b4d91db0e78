// Real hnswlib files in a temp dir; crash safety is checked with real child processes killed by SIGKILL.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import hnswlib from 'hnswlib-node';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorIndex, type VectorHit } from '../src/search/vectorIndex.js';

const MODEL = 'Xenova/multilingual-e5-small';
const DIM = 16;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Same generator as in the child scripts below, so both sides derive identical vectors from a seed.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function unitVector(seed: number, dim = DIM): number[] {
  const next = mulberry32(seed);
  const v = Array.from({ length: dim }, () => next() * 2 - 1);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norm);
}
const PRNG_SOURCE = `${mulberry32.toString()}\n${unitVector.toString().replace('dim = DIM', 'dim')}\n`;

let tmpRoot = '';
let caseNo = 0;
const freshDir = () => path.join(tmpRoot, `case-${++caseNo}`);
const open = (dir: string, dim = DIM, model = MODEL) => VectorIndex.open(dir, { model, dim });
const items = (n: number, seedBase = 1, docs = 4) =>
  Array.from({ length: n }, (_, i) => ({ key: `doc-${i % docs}-2023-2024#III.${i}`, vector: unitVector(seedBase + i) }));
const isTemp = (name: string) => /\.tmp-\d+-[0-9a-f]+$/.test(name);
const genOf = (name: string) => Number(/^vectors\.(\d+)\.(hnsw|json)$/.exec(name)?.[1] ?? NaN);
const searchAll = (idx: VectorIndex, queries: number[][], k = 10) => queries.map((q) => idx.search(q, k));

async function listDir(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).sort();
}
async function generationDoc(dir: string, gen: number): Promise<{ total: number; count: number; nextLabel: number }> {
  return JSON.parse(await fs.readFile(path.join(dir, `vectors.${gen}.json`), 'utf8'));
}

beforeAll(async () => {
  tmpRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'planbot-vectorindex-'));
});
afterAll(async () => {
  if (tmpRoot) await fs.rm(tmpRoot, { recursive: true, force: true });
});

describe('VectorIndex basics', () => {
  it('round trip: 200 vectors survive save + reopen, each finds itself first with score ≈ 1', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    expect(idx.rebuilt).toBe(true);
    expect(idx.reason).toMatch(/no index yet/);
    const data = items(200);
    idx.upsert(data);
    await idx.save();
    const gen = idx.generation;
    expect(gen).toBe(1);

    const again = await open(dir);
    expect(again.rebuilt).toBe(false);
    expect(again.reason).toBeNull();
    expect(again.size).toBe(200);
    expect(again.generation).toBe(gen);
    expect(new Set(again.keys())).toEqual(new Set(data.map((d) => d.key)));
    for (const d of data) {
      expect(again.has(d.key)).toBe(true);
      const hits = again.search(d.vector, 5);
      expect(hits).toHaveLength(5);
      expect(hits[0].key).toBe(d.key);
      expect(hits[0].score).toBeCloseTo(1, 5);
      expect(hits[1].score).toBeLessThanOrEqual(hits[0].score);
    }
    expect(await VectorIndex.readMeta(dir)).toEqual({ model: MODEL, dim: DIM, space: 'cosine', count: 200, generation: gen });
    expect(await listDir(dir)).toEqual([`vectors.${gen}.hnsw`, `vectors.${gen}.json`, 'vectors.json']);
  });

  it('upsert of an existing key replaces its vector; size unchanged, also after reopen', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    const data = items(200);
    idx.upsert(data);
    const target = data[7];
    const replacement = unitVector(10_007);
    idx.upsert([{ key: target.key, vector: replacement }]);
    expect(idx.size).toBe(200);
    const check = (ix: VectorIndex) => {
      expect(ix.search(target.vector, 1)[0].key).not.toBe(target.key);
      const [top] = ix.search(replacement, 1);
      expect(top.key).toBe(target.key);
      expect(top.score).toBeCloseTo(1, 5);
      // the key appears once, with the new vector's score, even when asking for everything
      const everything = ix.search(target.vector, 200);
      expect(everything.filter((h) => h.key === target.key)).toHaveLength(1);
    };
    check(idx);
    await idx.save();
    const again = await open(dir);
    expect(again.size).toBe(200);
    check(again);
  });

  it('remove: removed keys never come back from search, also after save + reopen', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    const data = items(200);
    idx.upsert(data);
    const gone = data.filter((_, i) => i % 10 === 3);
    idx.remove([...gone.map((d) => d.key), 'no-such#key']);
    expect(idx.size).toBe(180);
    const check = (ix: VectorIndex) => {
      const goneKeys = new Set(gone.map((d) => d.key));
      for (const d of gone) {
        expect(ix.has(d.key)).toBe(false);
        const hits = ix.search(d.vector, 180);
        expect(hits).toHaveLength(180);
        expect(hits.some((h) => goneKeys.has(h.key))).toBe(false);
      }
    };
    check(idx);
    await idx.save();
    const again = await open(dir);
    expect(again.size).toBe(180);
    check(again);
    expect(again.keys()).toHaveLength(180);
  });

  it('filter runs inside hnswlib: k results, all from the one allowed document', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    idx.upsert(items(200)); // 4 documents × 50 clauses
    const query = unitVector(4242);
    const onlyDoc2 = (key: string) => key.startsWith('doc-2-');
    for (const k of [1, 10, 50]) {
      const hits = idx.search(query, k, onlyDoc2);
      expect(hits).toHaveLength(k);
      expect(hits.every((h) => onlyDoc2(h.key))).toBe(true);
    }
    expect(idx.search(query, 80, onlyDoc2)).toHaveLength(50); // only 50 exist
    // filtered results are the best of that document: same as an unfiltered full ranking restricted to it
    const full = idx.search(query, 200).filter((h) => onlyDoc2(h.key)).slice(0, 10);
    expect(idx.search(query, 10, onlyDoc2).map((h) => h.key)).toEqual(full.map((h) => h.key));
  });

  it('searchAmong: the exact nearest of the keys given, by cosine, for a filter too narrow for the graph', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    idx.upsert(items(200)); // 4 documents × 50 clauses
    const query = unitVector(4242);
    const doc2 = idx.keys().filter((k) => k.startsWith('doc-2-'));
    const exact = doc2
      .map((key) => ({ key, score: unitVector(1 + Number(/#III\.(\d+)$/.exec(key)![1])).reduce((s, x, i) => s + x * query[i], 0) }))
      .sort((a, b) => b.score - a.score);
    const hits = idx.searchAmong(query.map((x) => x * 3), 10, [...doc2, 'no-such-key']); // the query need not be unit length
    expect(hits.map((h) => h.key)).toEqual(exact.slice(0, 10).map((h) => h.key));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(exact[i].score, 5));
    expect(idx.searchAmong(query, 80, doc2)).toHaveLength(50);
    // the content version moves with every change, so a cache of keys knows when it is stale
    const v = idx.contentVersion;
    idx.remove([doc2[0]]);
    expect(idx.contentVersion).not.toBe(v);
    expect(idx.searchAmong(query, 80, doc2)).toHaveLength(49);
  });

  it('a throwing filter surfaces as an error instead of aborting the process', async () => {
    const idx = await open(freshDir());
    idx.upsert(items(50));
    expect(() =>
      idx.search(unitVector(1), 5, () => {
        throw new Error('boom in filter');
      }),
    ).toThrow('boom in filter');
    expect(idx.search(unitVector(1), 5)).toHaveLength(5);
  });

  it('rejects malformed vectors without applying part of a batch', async () => {
    const idx = await open(freshDir());
    idx.upsert(items(10));
    const good = { key: 'fine#1', vector: unitVector(99) };
    expect(() => idx.upsert([good, { key: 'short#1', vector: [1, 2, 3] }])).toThrow(RangeError);
    expect(() => idx.upsert([good, { key: 'nan#1', vector: unitVector(5).map((x, i) => (i ? x : NaN)) }])).toThrow(/non-finite/);
    expect(() => idx.upsert([good, { key: 'zero#1', vector: new Array(DIM).fill(0) }])).toThrow(/zeros/);
    expect(idx.size).toBe(10);
    expect(idx.has('fine#1')).toBe(false);
    expect(() => idx.search([1, 2], 3)).toThrow(RangeError);
    expect(idx.search(unitVector(1), 0)).toEqual([]);
  });

  it('grows capacity past the initial allocation, including from a saved empty index', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    await idx.save(); // an empty graph reloads with capacity 0 in hnswlib-node
    const again = await open(dir);
    expect(again.rebuilt).toBe(false);
    expect(again.size).toBe(0);
    expect(again.search(unitVector(1), 5)).toEqual([]);
    const data = items(2500);
    for (let i = 0; i < data.length; i += 500) again.upsert(data.slice(i, i + 500));
    expect(again.size).toBe(2500);
    expect(again.search(data[2499].vector, 1)[0].key).toBe(data[2499].key);
  });

  it('model or dim mismatch on open → empty index, rebuilt = true; old files stay until the next save', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    idx.upsert(items(30));
    await idx.save();
    const oldGen = idx.generation;

    const otherModel = await open(dir, DIM, 'Xenova/bge-m3');
    expect(otherModel.rebuilt).toBe(true);
    expect(otherModel.reason).toMatch(/model changed/);
    expect(otherModel.size).toBe(0);

    const otherDim = await open(dir, 32);
    expect(otherDim.rebuilt).toBe(true);
    expect(otherDim.reason).toMatch(/dimension changed/);
    expect(otherDim.size).toBe(0);

    // opening with the wrong settings did not destroy the saved index
    expect((await open(dir)).size).toBe(30);

    otherModel.upsert([{ key: 'x#1', vector: unitVector(1) }]);
    await otherModel.save();
    expect(otherModel.generation).toBeGreaterThan(oldGen);
    expect(await VectorIndex.readMeta(dir)).toMatchObject({ model: 'Xenova/bge-m3', count: 1 });
    expect(await listDir(dir)).toEqual([`vectors.${otherModel.generation}.hnsw`, `vectors.${otherModel.generation}.json`, 'vectors.json']);
    expect((await open(dir)).rebuilt).toBe(true); // and now the original model is the stranger
  });

  it('save without changes is a no-op; changes made while a save runs are not lost', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    idx.upsert(items(20));
    await idx.save();
    const gen = idx.generation;
    await idx.save();
    expect(idx.generation).toBe(gen);

    const pending = idx.save(); // nothing new yet
    idx.upsert([{ key: 'late#1', vector: unitVector(777) }]);
    await pending;
    await idx.save();
    const again = await open(dir);
    expect(again.has('late#1')).toBe(true);
    expect(again.size).toBe(21);
  });

  it('a graph saved with another M (16, before bench:vectors chose 32) loads, searches and takes new points', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    const data = items(120);
    idx.upsert(data);
    await idx.save();
    const gen = idx.generation;
    // Rewrite the generation's graph as the former build parameters made it, checksums chained as save() does.
    const labelsFile = path.join(dir, `vectors.${gen}.json`);
    const doc = JSON.parse(await fs.readFile(labelsFile, 'utf8')) as { labels: [number, string][]; hnswBytes: number; hnswSha256: string };
    const old = new hnswlib.HierarchicalNSW('cosine', DIM);
    old.initIndex(data.length, 16, 200, 100);
    const byKey = new Map(data.map((d) => [d.key, d.vector]));
    for (const [label, key] of doc.labels) old.addPoint(byKey.get(key)!, label);
    old.writeIndexSync(path.join(dir, `vectors.${gen}.hnsw`));
    const graph = await fs.readFile(path.join(dir, `vectors.${gen}.hnsw`));
    const labelsBuf = Buffer.from(JSON.stringify({ ...doc, hnswBytes: graph.length, hnswSha256: createHash('sha256').update(graph).digest('hex') }));
    await fs.writeFile(labelsFile, labelsBuf);
    const manifestFile = path.join(dir, 'vectors.json');
    const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8'));
    await fs.writeFile(manifestFile, JSON.stringify({ ...manifest, labelsBytes: labelsBuf.length, labelsSha256: createHash('sha256').update(labelsBuf).digest('hex') }));

    const loaded = await open(dir);
    expect(loaded.rebuilt).toBe(false);
    expect(loaded.size).toBe(120);
    for (const d of data) expect(loaded.search(d.vector, 3)[0].key).toBe(d.key);
    const more = items(30, 5000);
    loaded.upsert(more.map((d, i) => ({ ...d, key: `new-${i}` })));
    await loaded.save();
    const again = await open(dir);
    expect(again.size).toBe(150);
    more.forEach((d, i) => expect(again.search(d.vector, 3)[0].key).toBe(`new-${i}`));
  });

  it('compaction: add 100, remove 60, save → smaller file, right live count, search still correct', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    const data = items(100);
    idx.upsert(data);
    await idx.save();
    const before = (await fs.stat(path.join(dir, `vectors.${idx.generation}.hnsw`))).size;

    // below the threshold nothing is rebuilt: deleted points stay in the file
    idx.remove(data.slice(0, 10).map((d) => d.key));
    await idx.save();
    expect(await generationDoc(dir, idx.generation)).toMatchObject({ count: 90, total: 100 });

    idx.remove(data.slice(10, 60).map((d) => d.key));
    await idx.save();
    const after = (await fs.stat(path.join(dir, `vectors.${idx.generation}.hnsw`))).size;
    expect(after).toBeLessThan(before * 0.5);
    expect(await generationDoc(dir, idx.generation)).toMatchObject({ count: 40, total: 40, nextLabel: 100 });

    for (const ix of [idx, await open(dir)]) {
      expect(ix.size).toBe(40);
      const removed = new Set(data.slice(0, 60).map((d) => d.key));
      for (const d of data.slice(60)) {
        const hits = ix.search(d.vector, 40);
        expect(hits[0].key).toBe(d.key);
        expect(hits[0].score).toBeCloseTo(1, 5);
        expect(hits.some((h) => removed.has(h.key))).toBe(false);
      }
    }
    // labels are never reused after compaction either
    const reopened = await open(dir);
    reopened.upsert([{ key: 'new#1', vector: unitVector(5555) }]);
    await reopened.save();
    expect(await generationDoc(dir, reopened.generation)).toMatchObject({ count: 41, nextLabel: 101 });
  });
});

// ---------------------------------------------------------------- crash safety

let libDir = '';

// Children run outside vitest, so they get the real module transpiled to plain JS, resolving
// hnswlib-node and zod through a node_modules symlink to the project's.
async function prepareChildLib(): Promise<void> {
  if (libDir) return;
  libDir = path.join(tmpRoot, 'lib');
  await fs.mkdir(libDir, { recursive: true });
  await fs.symlink(path.join(ROOT, 'node_modules'), path.join(libDir, 'node_modules'), 'junction');
  await fs.writeFile(path.join(libDir, 'package.json'), '{"type":"module"}\n');
  const source = await fs.readFile(path.join(ROOT, 'src/search/vectorIndex.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  await fs.writeFile(path.join(libDir, 'vectorIndex.js'), js);
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(script: string, args: string[], onLine?: (msg: any, kill: () => void) => void): Promise<ChildRun> {
  const child = spawn(process.execPath, [path.join(libDir, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => onLine?.(JSON.parse(line), () => child.kill('SIGKILL')));
  const linesDone = new Promise<void>((resolve) => lines.on('close', resolve));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => void linesDone.then(() => resolve({ code, signal, stderr }))),
  );
}

const MIMIC_CHILD = `
import fs from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
const dir = process.argv[2];
const g = JSON.parse(fs.readFileSync(path.join(dir, 'vectors.json'), 'utf8')).generation;
const next = g + 1, pid = process.pid;
fs.writeFileSync(path.join(dir, 'vectors.lock'), JSON.stringify({ pid, since: new Date().toISOString() }));
// a complete graph already renamed to its final name, whose labels file never got there
const h = new hnswlib.HierarchicalNSW('cosine', ${DIM});
h.initIndex(10);
for (let i = 0; i < 10; i++) h.addPoint(Array.from({ length: ${DIM} }, (_, j) => Math.sin(i * 31 + j)), i);
h.writeIndexSync(path.join(dir, 'vectors.' + next + '.hnsw'));
// a labels file cut off mid-write, a half-written graph, and a manifest that was never switched
fs.writeFileSync(path.join(dir, 'vectors.' + next + '.json.tmp-' + pid + '-0badf00d'), '{"format":1,"generation":' + next + ',"labels":[[0,"x');
const full = fs.readFileSync(path.join(dir, 'vectors.' + next + '.hnsw'));
fs.writeFileSync(path.join(dir, 'vectors.' + next + '.hnsw.tmp-' + pid + '-deadbeef'), full.subarray(0, full.length >> 1));
fs.writeFileSync(path.join(dir, 'vectors.json.tmp-' + pid + '-c0ffee00'), JSON.stringify({ format: 1, generation: next }));
process.kill(process.pid, 'SIGKILL');
`;

// build: base-0..N-1, one save. churn: for j = last+1, ...: add extra-j, remove base-j, save, report.
// After a save of step j the live keys are exactly expectedKeys(j), whatever happened before.
const CHURN_CHILD = `
import { VectorIndex } from './vectorIndex.js';
${PRNG_SOURCE}
const [dir, mode, nArg, dimArg] = process.argv.slice(2);
const N = Number(nArg), D = Number(dimArg);
const queries = [0, 1, 2, 3, 4].map((i) => unitVector(900_000 + i, D));
const digest = (idx) => queries.map((q) => idx.search(q, 10));
const say = (msg) => process.stdout.write(JSON.stringify(msg) + '\\n');
const idx = await VectorIndex.open(dir, { model: 'crash-model', dim: D });
if (mode === 'build') {
  for (let i = 0; i < N; i += 1000) {
    const batch = [];
    for (let k = i; k < Math.min(N, i + 1000); k++) batch.push({ key: 'base-' + k, vector: unitVector(k + 1, D) });
    idx.upsert(batch);
  }
  await idx.save();
  say({ j: 1, generation: idx.generation, digest: digest(idx) });
} else {
  if (idx.rebuilt) throw new Error('churn child found no index: ' + idx.reason);
  let j = 1;
  for (const key of idx.keys()) if (key.startsWith('extra-')) j = Math.max(j, Number(key.slice(6)));
  say({ ready: true, j });
  for (;;) {
    j++;
    idx.upsert([{ key: 'extra-' + j, vector: unitVector(1_000_000 + j, D) }]);
    idx.remove(['base-' + j]);
    await idx.save();
    say({ j, generation: idx.generation, digest: digest(idx) });
  }
}
`;

describe('VectorIndex crash safety', () => {
  beforeAll(async () => {
    await prepareChildLib();
    await fs.writeFile(path.join(libDir, 'mimic.mjs'), MIMIC_CHILD);
    await fs.writeFile(path.join(libDir, 'churn.mjs'), CHURN_CHILD);
  });

  it('a save killed before the manifest switch leaves the previous generation in charge', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    const data = items(300);
    idx.upsert(data);
    idx.remove(data.slice(0, 20).map((d) => d.key));
    await idx.save();
    const gen = idx.generation;
    const queries = Array.from({ length: 20 }, (_, i) => unitVector(50_000 + i));
    const expected = searchAll(idx, queries);

    const run = await runChild('mimic.mjs', [dir]);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const leftovers = await listDir(dir);
    expect(leftovers.filter(isTemp)).toHaveLength(3);
    expect(leftovers).toContain(`vectors.${gen + 1}.hnsw`);
    expect(leftovers).toContain('vectors.lock');

    const again = await open(dir);
    expect(again.rebuilt, again.reason ?? '').toBe(false);
    expect(again.generation).toBe(gen);
    expect(again.size).toBe(280);
    expect(searchAll(again, queries)).toEqual(expected);
    // leftovers of the dead writer are gone; its stale lock does not block the next save
    const afterOpen = (await listDir(dir)).filter((n) => n !== 'vectors.lock');
    expect(afterOpen).toEqual([`vectors.${gen}.hnsw`, `vectors.${gen}.json`, 'vectors.json']);
    again.upsert([{ key: 'after-crash#1', vector: unitVector(31337) }]);
    await again.save();
    expect(again.generation).toBe(gen + 1);
    expect(await listDir(dir)).toEqual([`vectors.${gen + 1}.hnsw`, `vectors.${gen + 1}.json`, 'vectors.json']);
    expect((await open(dir)).size).toBe(281);
  });

  it('kill -9 at random points of real saves always leaves one whole generation', async () => {
    const N = 20_000;
    const D = 64;
    const dir = freshDir();
    const digests = new Map<number, VectorHit[][]>();
    let lastReported = 0;
    const record = (msg: any) => {
      if (typeof msg.j === 'number' && msg.digest) {
        digests.set(msg.j, msg.digest);
        lastReported = Math.max(lastReported, msg.j);
      }
    };
    const built = await runChild('churn.mjs', [dir, 'build', String(N), String(D)], record);
    expect(built.code, built.stderr).toBe(0);
    expect(lastReported).toBe(1);

    const expectedKeys = (j: number) => {
      const keys: string[] = [];
      for (let i = 0; i < N; i++) if (i < 2 || i > j) keys.push(`base-${i}`);
      for (let i = 2; i <= j; i++) keys.push(`extra-${i}`);
      return keys.sort();
    };
    const queries = [0, 1, 2, 3, 4].map((i) => unitVector(900_000 + i, D));
    const phases: string[] = [];

    for (let round = 0; round < 6; round++) {
      const delay = Math.floor(Math.random() * 700);
      const run = await runChild('churn.mjs', [dir, 'churn', String(N), String(D)], (msg, kill) => {
        if (msg.ready) setTimeout(kill, delay);
        else record(msg);
      });
      expect(run.signal, run.stderr).toBe('SIGKILL');

      const names = await listDir(dir);
      const manifestGen = JSON.parse(await fs.readFile(path.join(dir, 'vectors.json'), 'utf8')).generation as number;
      phases.push(
        names.some(isTemp)
          ? 'writing temp files'
          : names.some((n) => genOf(n) > manifestGen)
            ? 'renamed, manifest not switched'
            : names.some((n) => genOf(n) < manifestGen)
              ? 'switched, old generation not deleted'
              : names.includes('vectors.lock')
                ? 'lock taken, nothing written'
                : 'between saves',
      );

      const idx = await VectorIndex.open(dir, { model: 'crash-model', dim: D });
      expect(idx.rebuilt, idx.reason ?? '').toBe(false);
      expect(idx.generation).toBe(manifestGen);
      let j = 1;
      for (const key of idx.keys()) if (key.startsWith('extra-')) j = Math.max(j, Number(key.slice(6)));
      // either the last save the child reported, or one it committed just before dying
      expect([lastReported, lastReported + 1]).toContain(j);
      expect(idx.size).toBe(N);
      expect(idx.keys().sort()).toEqual(expectedKeys(j));
      const known = digests.get(j);
      if (known) {
        expect(searchAll(idx, queries)).toEqual(known);
      } else {
        const [top] = idx.search(unitVector(1_000_000 + j, D), 1);
        expect(top.key).toBe(`extra-${j}`);
        expect(top.score).toBeCloseTo(1, 5);
      }
      lastReported = j;
      const afterOpen = (await listDir(dir)).filter((n) => n !== 'vectors.lock');
      expect(afterOpen).toEqual([`vectors.${manifestGen}.hnsw`, `vectors.${manifestGen}.json`, 'vectors.json']);
    }
    console.log(`kill -9 landed in: ${phases.join(' | ')}; ${lastReported - 1} saves committed in total`);
  }, 180_000);

  it('a manifest pointing at a truncated .hnsw: open() does not throw, rebuilt = true', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    idx.upsert(items(120));
    await idx.save();
    const hnswPath = path.join(dir, `vectors.${idx.generation}.hnsw`);
    const { size } = await fs.stat(hnswPath);
    await fs.truncate(hnswPath, Math.floor(size / 2));

    const again = await open(dir);
    expect(again.rebuilt).toBe(true);
    expect(again.reason).toMatch(/generation 1 unusable: .*truncated/);
    expect(again.size).toBe(0);
    // the caller re-embeds and saves; the broken generation is replaced
    again.upsert(items(120));
    await again.save();
    expect(again.generation).toBe(2);
    expect(await listDir(dir)).toEqual(['vectors.2.hnsw', 'vectors.2.json', 'vectors.json']);
    expect((await open(dir)).size).toBe(120);
  });

  it('missing generation files, a garbled labels file or manifest: rebuilt = true, no throw', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    idx.upsert(items(40));
    await idx.save();
    const g = idx.generation;
    const labelsPath = path.join(dir, `vectors.${g}.json`);
    const labels = await fs.readFile(labelsPath);

    await fs.writeFile(labelsPath, labels.toString('utf8').replace('doc-1', 'doc-9'));
    expect((await open(dir)).reason).toMatch(/does not match the manifest checksum/);
    await fs.writeFile(labelsPath, labels);
    expect((await open(dir)).rebuilt).toBe(false);

    await fs.rm(path.join(dir, `vectors.${g}.hnsw`));
    const noGraph = await open(dir);
    expect(noGraph.rebuilt).toBe(true);
    expect(noGraph.reason).toMatch(/missing file vectors\.1\.hnsw/);

    await fs.writeFile(path.join(dir, 'vectors.json'), '{"format": 1, "generation": ');
    const garbled = await open(dir);
    expect(garbled.rebuilt).toBe(true);
    expect(garbled.reason).toMatch(/manifest vectors\.json unreadable/);
    expect(await VectorIndex.readMeta(dir)).toBeNull();
    garbled.upsert(items(5));
    await garbled.save();
    expect(garbled.generation).toBe(g + 1); // numbers keep rising past what is on disk
    expect((await open(dir)).size).toBe(5);
  });

  it('a live writer’s lock blocks other saves, and open() leaves its files alone', async () => {
    const dir = freshDir();
    const idx = await open(dir);
    idx.upsert(items(10));
    await idx.save();
    const holder = process.ppid; // alive and not us
    const lock = path.join(dir, 'vectors.lock');
    const inFlight = path.join(dir, `vectors.9.hnsw.tmp-${holder}-0123abcd`);
    await fs.writeFile(lock, JSON.stringify({ pid: holder, since: new Date().toISOString() }));
    await fs.writeFile(inFlight, 'being written');

    const reader = await open(dir);
    expect(reader.size).toBe(10);
    await expect(fs.stat(inFlight)).resolves.toBeTruthy();
    reader.upsert([{ key: 'blocked#1', vector: unitVector(2) }]);
    await expect(reader.save()).rejects.toThrow(/being saved by another process/);
    expect(reader.generation).toBe(idx.generation);

    await fs.rm(lock);
    await reader.save();
    expect(await listDir(dir)).toEqual([`vectors.${reader.generation}.hnsw`, `vectors.${reader.generation}.json`, 'vectors.json']);
  });
});
