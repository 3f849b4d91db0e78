// `npm run bench`: index time (lexical-only and, when a model is present, with embeddings),
// query latency p50/p95 over the benchmark questions, a scaled corpus, and peak RSS.
// Prints figures; asserts nothing.
import { mkdtemp, cp, rm, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { openApp, loadSemantic, type Semantic } from '../src/app.js';
import { resourcePath } from '../src/paths.js';
import { BENCH_QUESTIONS } from './questions.js';
import { makeTinyModel } from '../test/helpers/tinyModel.js';
import { loadEmbedder } from '../src/search/embedder.js';
import { benchReminders } from './notify.js';
import { benchTelegram } from './chat.js';
import { benchFormats } from './formats.js';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeIndex(cfg: Config, semantic: Semantic): Promise<{ seconds: number; clauses: number; chunks: number }> {
  const store = await Store.open(cfg.dbPath, { create: true });
  try {
    const s = await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: semantic.embedder });
    return { seconds: s.seconds, clauses: s.clauses, chunks: s.chunks };
  } finally {
    await store.close();
  }
}

async function latency(cfg: Config, semantic: Semantic, rounds: number): Promise<{ p50: number; p95: number; n: number; abstained: number }> {
  const app = await openApp(cfg, { semantic });
  const times: number[] = [];
  let abstained = 0;
  try {
    await app.answerer.ask(BENCH_QUESTIONS[0]); // warm caches
    for (let r = 0; r < rounds; r++) {
      for (const q of BENCH_QUESTIONS) {
        const t = performance.now();
        const a = await app.answerer.ask(q);
        times.push(performance.now() - t);
        if (r === 0 && a.abstained) abstained++;
      }
    }
  } finally {
    await app.close();
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95), n: times.length, abstained };
}

async function home(name: string, copies = 1): Promise<Config> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `planbot-bench-${name}-`));
  const corpus = path.join(dir, 'corpus');
  await mkdir(corpus);
  const src = resourcePath('corpus');
  for (const f of await readdir(src)) {
    if (copies === 1) await cp(path.join(src, f), path.join(corpus, f));
    else {
      const text = await readFile(path.join(src, f));
      for (let i = 0; i < copies; i++) await writeFile(path.join(corpus, f.replace(/\.txt$/, `-copy${i}.txt`)), text);
    }
  }
  return loadConfig({ ...process.env, PLANBOT_HOME: dir, PLANBOT_CORPUS_DIR: undefined, PLANBOT_INDEX_DIR: undefined });
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function main() {
  const out: string[] = [];
  const say = (s: string) => {
    out.push(s);
    console.log(s);
  };
  const off: Semantic = { embedder: null, reason: 'benchmark: lexical-only' };
  say(`planbot benchmark — ${os.cpus().length} cores, node ${process.version}, ${BENCH_QUESTIONS.length} questions`);

  const lex = await home('lexical');
  const first = await timeIndex(lex, off);
  const again = await timeIndex(lex, off);
  say(`index, lexical-only: ${first.seconds.toFixed(3)} s for ${first.clauses} clauses (fresh); ${again.seconds.toFixed(3)} s re-index with nothing changed`);
  const l1 = await latency(lex, off, 5);
  say(`query latency, lexical-only: p50 ${fmt(l1.p50)}, p95 ${fmt(l1.p95)} over ${l1.n} asks (${l1.abstained}/${BENCH_QUESTIONS.length} abstained)`);

  // A real model when one is configured; otherwise the tiny generated model, which measures
  // the embedding pipeline's own cost (tokenize, run, pool, hnswlib) but not a real model's.
  let semantic = await loadSemantic(loadConfig());
  let label = semantic.embedder?.modelId ?? '';
  if (!semantic.embedder) {
    say(`real embedding model: none (${semantic.reason})`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-bench-model-'));
    const tiny = await makeTinyModel(dir, { id: 'bench/tiny-e5' });
    const r = await loadEmbedder({ model: tiny.id, modelDir: tiny.root, allowDownload: false });
    semantic = r.embedder ? { embedder: r.embedder, reason: null } : semantic;
    label = `${tiny.id}, tiny generated model: pipeline cost only`;
  }
  if (semantic.embedder) {
    const sem = await home('semantic');
    const s = await timeIndex(sem, semantic);
    say(`index, with embeddings (${label}): ${s.seconds.toFixed(2)} s, ${s.chunks} passages`);
    const l2 = await latency(sem, semantic, 1);
    say(`query latency, hybrid (${label}): p50 ${fmt(l2.p50)}, p95 ${fmt(l2.p95)} over ${l2.n} asks`);
    await rm(sem.home, { recursive: true, force: true });
  }

  const copies = Number(process.env.PLANBOT_BENCH_COPIES ?? 50);
  const big = await home('scaled', copies);
  const b = await timeIndex(big, off);
  say(`scaled corpus (${copies}× the plans): index ${b.seconds.toFixed(2)} s for ${b.clauses} clauses`);
  const l3 = await latency(big, off, 1);
  say(`query latency at ${b.clauses} clauses, lexical-only: p50 ${fmt(l3.p50)}, p95 ${fmt(l3.p95)} over ${l3.n} asks`);

  await benchReminders(say);
  await benchTelegram(say);
  await benchFormats(say);
  say(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  await rm(lex.home, { recursive: true, force: true });
  await rm(big.home, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
