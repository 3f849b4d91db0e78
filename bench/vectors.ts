// `npm run bench:vectors`: the embedding path at scale, with the tiny model the tests generate
// (test/helpers/tinyModel.ts; no real model exists offline). Passages are the chunks
// (src/search/chunks.ts passagesOf) of the clauses of a home built by bench/scaleCorpus.ts
// (`node dist/bench/scaleCorpus.js DIR 2500`, ≈ 98 000 clauses); its planbot.db is copied, never
// modified. Prints: embedding and vector-index build time, index size on disk, peak RSS; kNN and
// whole hybrid ask p50/p95 (in a child process, so its RSS is the answering process's own), with
// the lexical-only ask back to back; and recall of hnswlib against exact cosine for a grid of
// M / efConstruction / ef. Asserts nothing.
// The tiny model's vectors are means of random token embeddings, not a real model's: recall is a
// property of the index on this vector distribution, not a promise for e5.
//   PLANBOT_BENCH_HOME  scale home to read (default /tmp/scale/h2500fresh)
// Passages are taken in doc_id order: the first are all copies of one plan. The tiny model embeds
// ~30–40 passages a second on 2 loaded cores, so 100 000 takes about an hour (README: 30 000).
//   PLANBOT_BENCH_PASSAGES  passages embedded (100000); PLANBOT_BENCH_DIM  model width (384, as e5-small)
//   PLANBOT_BENCH_SIZES  grid sizes (10000,30000,100000; capped at the passages embedded)
//   PLANBOT_BENCH_QUERIES  query vectors for recall (300); PLANBOT_BENCH_GRID=0 skips the grid
//   PLANBOT_BENCH_KEEP  a new folder to keep the home with its vectors and the model in (home/, models/)
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type HnswlibModule from 'hnswlib-node';
import { openApp, type Semantic } from '../src/app.js';
import { loadEmbedder, type TransformersEmbeddings } from '../src/search/embedder.js';
import { passagesOf, type Passage } from '../src/search/chunks.js';
import { VectorIndex } from '../src/search/vectorIndex.js';
import { Store } from '../src/store/repository.js';
import { makeTinyModel, prng } from '../test/helpers/tinyModel.js';
import { BENCH_QUESTIONS } from './questions.js';
import { scaleConfig } from './scaleCorpus.js';

const hnswlib = createRequire(import.meta.url)('hnswlib-node') as typeof HnswlibModule;
const MODEL = 'bench/tiny-e5'; // "e5" in the id: passage/query prefixes as for the real model
const GRID_M = [8, 16, 32];
const GRID_EFC = [100, 200];
const GRID_EF = [16, 32, 64, 128, 256];
const K = 10;
const POOL = 40; // what retrieve.ts asks the vector index for at limit 10
const TIE = 1e-6; // cosine within this of the k-th exact neighbour counts as a tie

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function embedder(models: string, dim: number): Promise<TransformersEmbeddings> {
  const r = await loadEmbedder({ model: MODEL, modelDir: models, allowDownload: false, batchSize: 32 });
  if (!r.embedder) throw new Error(r.reason);
  if (r.embedder.dimensions !== dim) throw new Error(`model width ${r.embedder.dimensions}, expected ${dim}`);
  return r.embedder;
}

interface Built {
  vectors: Float32Array; // n × dim, unit length (the embedder normalises)
  passages: Passage[];
  embedMs: number;
  buildMs: number;
  saveMs: number;
  diskBytes: number;
  rss: number;
}

/** What syncVectors does (embed in batches of 32, upsert each batch, save), timed by part. */
async function build(cfg: ReturnType<typeof scaleConfig>, emb: TransformersEmbeddings, limit: number): Promise<Built> {
  const store = await Store.open(cfg.dbPath, { create: false });
  const passages: Passage[] = [];
  try {
    for (const d of await store.listDocuments()) {
      for (const c of await store.clausesOf(d.docId)) passages.push(...passagesOf(c, d.shortName));
      if (passages.length >= limit) break;
    }
  } finally {
    await store.close();
  }
  passages.length = Math.min(passages.length, limit);
  const dim = emb.dimensions;
  const vectors = new Float32Array(passages.length * dim);
  const index = await VectorIndex.open(cfg.indexDir, { model: MODEL, dim });
  let embedMs = 0;
  let buildMs = 0;
  for (let i = 0; i < passages.length; i += 32) {
    const slice = passages.slice(i, i + 32);
    let t = performance.now();
    const out = await emb.embedDocuments(slice.map((p) => p.text));
    embedMs += performance.now() - t;
    t = performance.now();
    index.upsert(slice.map((p, j) => ({ key: p.key, vector: out[j] })));
    buildMs += performance.now() - t;
    out.forEach((v, j) => vectors.set(v, (i + j) * dim));
    if ((i / 32) % 250 === 0) process.stderr.write(`  embedded ${i}/${passages.length} in ${(embedMs / 1000).toFixed(0)} s\n`);
  }
  const t = performance.now();
  await index.save();
  const saveMs = performance.now() - t;
  let diskBytes = 0;
  for (const f of await readdir(cfg.indexDir)) if (f.startsWith('vectors.')) diskBytes += (await stat(path.join(cfg.indexDir, f))).size;
  return { vectors, passages, embedMs, buildMs, saveMs, diskBytes, rss: peakRss() };
}

/** Child process: opens the app as `planbot serve` would and times kNN alone and the whole ask. */
async function askChild(home: string, models: string, semanticOn: boolean): Promise<void> {
  const cfg = scaleConfig(home);
  const semantic: Semantic = semanticOn ? { embedder: await embedder(models, Number(process.env.PLANBOT_BENCH_DIM ?? 384)), reason: null } : { embedder: null, reason: 'benchmark: lexical-only' };
  const t0 = performance.now();
  const app = await openApp(cfg, { semantic });
  const openMs = performance.now() - t0;
  const knn: number[] = [];
  const embedQ: number[] = [];
  const ask: number[] = [];
  try {
    if (semanticOn && !app.retriever.semantic) throw new Error(`semantic path is off: ${app.semantic.reason}`);
    for (const q of BENCH_QUESTIONS) await app.answerer.ask(q); // warm (the first builds the vocabulary)
    for (let r = 0; r < 2; r++) {
      for (const q of BENCH_QUESTIONS) {
        const t = performance.now();
        await app.answerer.ask(q);
        ask.push(performance.now() - t);
      }
    }
    if (semanticOn) {
      const vecs: number[][] = [];
      for (const q of BENCH_QUESTIONS) {
        const t = performance.now();
        vecs.push(await semantic.embedder!.embedQuery(q));
        embedQ.push(performance.now() - t);
      }
      for (let r = 0; r < 5; r++) {
        for (const v of vecs) {
          const t = performance.now();
          app.retriever.vectors!.search(v, POOL);
          knn.push(performance.now() - t);
        }
      }
    }
  } finally {
    await app.close();
  }
  console.log(JSON.stringify({ openMs, knn, embedQ, ask, rss: peakRss() }));
}

function runChild(home: string, models: string, semanticOn: boolean): Promise<{ openMs: number; knn: number[]; embedQ: number[]; ask: number[]; rss: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--ask', home, models, semanticOn ? 'on' : 'off'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`ask child exited ${code}`))));
  });
}

function dot(vectors: Float32Array, i: number, dim: number, q: Float32Array): number {
  let s = 0;
  for (let d = 0, o = i * dim; d < dim; d++) s += vectors[o + d] * q[d];
  return s;
}

/** Exact top-k by cosine (dot product of unit vectors) over the first n vectors. */
function bruteForce(vectors: Float32Array, n: number, dim: number, q: Float32Array, k: number): { ids: number[]; kth: number } {
  const top: { id: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    const s = dot(vectors, i, dim, q);
    if (top.length < k || s > top[top.length - 1].s) {
      let j = top.length < k ? top.length : k - 1;
      if (top.length < k) top.push({ id: i, s });
      while (j > 0 && top[j - 1].s < s) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = { id: i, s };
    }
  }
  return { ids: top.map((t) => t.id), kth: top[top.length - 1].s };
}

interface GridRow {
  n: number;
  M: number;
  efC: number;
  buildS: number;
  bytes: number;
  ef: number;
  recall10: number;
  tied10: number;
  recall40: number;
  p50: number;
  p95: number;
}

function grid(vectors: Float32Array, dim: number, sizes: number[], queries: Float32Array[]): GridRow[] {
  const rows: GridRow[] = [];
  const tmpFile = path.join(os.tmpdir(), `planbot-bench-grid-${process.pid}.hnsw`);
  for (const n of sizes) {
    const t = performance.now();
    const exact = queries.map((q) => ({ k10: bruteForce(vectors, n, dim, q, K), k40: bruteForce(vectors, n, dim, q, POOL) }));
    process.stderr.write(`  exact top-${POOL} of ${queries.length} queries over ${n}: ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const qs = queries.map((q) => Array.from(q));
    for (const M of GRID_M) {
      for (const efC of GRID_EFC) {
        const h = new hnswlib.HierarchicalNSW('cosine', dim);
        h.initIndex(n, M, efC, 100);
        const tb = performance.now();
        for (let i = 0; i < n; i++) h.addPoint(Array.from(vectors.subarray(i * dim, (i + 1) * dim)), i);
        const buildS = (performance.now() - tb) / 1000;
        h.writeIndexSync(tmpFile);
        const bytes = statSync(tmpFile).size;
        for (const ef of GRID_EF) {
          h.setEf(ef);
          const times: number[] = [];
          let hit10 = 0;
          let tied10 = 0;
          let hit40 = 0;
          qs.forEach((q, i) => {
            const ts = performance.now();
            const r = h.searchKnn(q, K);
            times.push(performance.now() - ts);
            const want = new Set(exact[i].k10.ids);
            hit10 += r.neighbors.filter((l) => want.has(l)).length;
            // Near-duplicate passages (a plan's copies differ in their place name) tie: a hit as close as the 10th exact one counts too.
            tied10 += r.neighbors.filter((l) => dot(vectors, l, dim, queries[i]) >= exact[i].k10.kth - TIE).length;
            // k = 40 as retrieve.ts asks; hnswlib searches with max(ef, k) candidates then.
            const want40 = new Set(exact[i].k40.ids);
            hit40 += h.searchKnn(q, POOL).neighbors.filter((l) => want40.has(l)).length;
          });
          rows.push({ n, M, efC, buildS, bytes, ef, recall10: hit10 / (K * qs.length), tied10: tied10 / (K * qs.length), recall40: hit40 / (POOL * qs.length), p50: pct(times, 50), p95: pct(times, 95) });
        }
        process.stderr.write(`  n ${n} M ${M} efC ${efC}: built in ${buildS.toFixed(1)} s\n`);
      }
    }
  }
  return rows;
}

async function main() {
  if (process.argv[2] === '--ask') return askChild(process.argv[3], process.argv[4], process.argv[5] === 'on');
  const src = path.resolve(process.env.PLANBOT_BENCH_HOME ?? '/tmp/scale/h2500fresh');
  const limit = Number(process.env.PLANBOT_BENCH_PASSAGES ?? 100_000);
  const dim = Number(process.env.PLANBOT_BENCH_DIM ?? 384);
  const nQueries = Number(process.env.PLANBOT_BENCH_QUERIES ?? 300);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'planbot-bench-vectors-'));
  try {
    const cfg = scaleConfig(path.join(tmp, 'home'));
    await mkdir(cfg.indexDir, { recursive: true });
    await copyFile(scaleConfig(src).dbPath, cfg.dbPath);
    const models = path.join(tmp, 'models');
    await makeTinyModel(models, { id: MODEL, hidden: dim });
    const emb = await embedder(models, dim);
    console.log(`planbot vector benchmark — ${os.cpus().length} cores, node ${process.version}, tiny model (${dim} wide, generated), passages of ${src}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    const b = await build(cfg, emb, limit);
    const n = b.passages.length;
    console.log(`\n${n} passages: embedding ${(b.embedMs / 1000).toFixed(1)} s (${((b.embedMs * 1000) / n).toFixed(0)} µs each), vector index build (upserts, vectorIndex.ts's M/efConstruction) ${(b.buildMs / 1000).toFixed(1)} s, save ${(b.saveMs / 1000).toFixed(1)} s; on disk ${mib(b.diskBytes)}; peak RSS of the build ${mib(b.rss)} (includes the ${mib(b.vectors.byteLength)} copy kept for the grid)`);

    const lexical = await runChild(cfg.home, models, false);
    const hybrid = await runChild(cfg.home, models, true);
    console.log(`\nasking (child process, warm, ${BENCH_QUESTIONS.length} questions × 2; kNN ×5 at k ${POOL}):`);
    console.log('| path | open | p50 | p95 | peak RSS |\n| --- | --- | --- | --- | --- |');
    console.log(`| lexical only | ${ms(lexical.openMs)} | ${ms(pct(lexical.ask, 50))} | ${ms(pct(lexical.ask, 95))} | ${mib(lexical.rss)} |`);
    console.log(`| hybrid (embed query + kNN + lexical, RRF) | ${ms(hybrid.openMs)} | ${ms(pct(hybrid.ask, 50))} | ${ms(pct(hybrid.ask, 95))} | ${mib(hybrid.rss)} |`);
    console.log(`| query embedding alone | | ${ms(pct(hybrid.embedQ, 50))} | ${ms(pct(hybrid.embedQ, 95))} | |`);
    console.log(`| kNN alone (VectorIndex.search at k ${POOL}) | | ${ms(pct(hybrid.knn, 50))} | ${ms(pct(hybrid.knn, 95))} | |`);

    if (process.env.PLANBOT_BENCH_GRID === '0') return;
    // Queries: the benchmark's questions, then the second half of random passages (not themselves indexed).
    const rand = prng(7);
    const texts = [...BENCH_QUESTIONS];
    while (texts.length < nQueries) {
      const p = b.passages[Math.floor(rand() * n)];
      texts.push(p.text.slice(Math.floor(p.text.length / 2)));
    }
    const queries: Float32Array[] = [];
    for (const t of texts) queries.push(Float32Array.from(await emb.embedQuery(t)));
    const sizes = (process.env.PLANBOT_BENCH_SIZES ?? '10000,30000,100000').split(',').map(Number).filter((s) => s > 0).map((s) => Math.min(s, n));
    const rows = grid(b.vectors, dim, [...new Set(sizes)], queries);
    console.log(`\nrecall against exact cosine, ${queries.length} query vectors (${BENCH_QUESTIONS.length} questions, the rest half-passages); search p50/p95 at k ${K}:`);
    console.log('| passages | M | efC | build | graph file | ef | recall@10 | recall@10, ties | recall@40 (k 40) | p50 | p95 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(`| ${r.n} | ${r.M} | ${r.efC} | ${r.buildS.toFixed(1)} s | ${mib(r.bytes)} | ${r.ef} | ${r.recall10.toFixed(3)} | ${r.tied10.toFixed(3)} | ${r.recall40.toFixed(3)} | ${ms(r.p50)} | ${ms(r.p95)} |`);
    }
  } finally {
    // Kept for profiling the hybrid ask (`--ask HOME MODELS on` in this script, under node --cpu-prof).
    const keep = process.env.PLANBOT_BENCH_KEEP;
    if (keep) await rename(tmp, path.resolve(keep)).then(() => console.log(`\nkept the home and the model in ${keep}`));
    await rm(tmp, { recursive: true, force: true });
    await rm(path.join(os.tmpdir(), `planbot-bench-grid-${process.pid}.hnsw`), { force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
