// `npm run bench:scale`: planbot over a province's worth of distinct plans. Each copy of the five
// plans gets a place name of its own (in its header, title and text), so no two are versions of
// one plan and all stay live in retrieval. Prints, per size: index time fresh and with one plan
// changed, ask p50/p95 over the benchmark mix, peak RSS and database size. Asserts nothing.
// PLANBOT_BENCH_SIZES=5,250,2500 (plans) sets the sizes.
import { mkdtemp, readdir, readFile, writeFile, mkdir, rm, stat, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { openApp, type Semantic } from '../src/app.js';
import { resourcePath } from '../src/paths.js';
import { BENCH_QUESTIONS } from './questions.js';

// The places the five plans are written for, as they write them (longest first).
const PLACES = ['Thành phố Hồ Chí Minh', 'TP.HCM', 'TP. Hồ Chí Minh', 'Hồ Chí Minh', 'Hồng Bàng', 'Thanh Xuân', 'Mường Tè', 'Cà Mau', 'Hải Phòng', 'Hà Nội', 'Lai Châu'];
const SYLLABLES = 'An Bình Phú Tân Hòa Long Thạnh Đông Tây Nam Bắc Hưng Phước Lộc Mỹ Sơn Hải Thủy Vĩnh Quang Thuận Đức Gia Kim Ngọc Trung Hiệp Thành Lạc Yên'.split(' ');

/** The i-th invented place: two or three syllables, distinct for every i. */
function placeName(i: number): string {
  const n = SYLLABLES.length;
  const a = SYLLABLES[i % n];
  const b = SYLLABLES[Math.floor(i / n) % n];
  const c = i >= n * n ? ` ${SYLLABLES[Math.floor(i / (n * n)) % n]}` : '';
  return `${a} ${b}${c}`;
}

function renamed(text: string, place: string): string {
  let out = text;
  for (const p of PLACES) out = out.split(p).join(place).split(p.toUpperCase()).join(place.toUpperCase());
  return out;
}

async function corpusOf(plans: number): Promise<Config> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `planbot-scale-${plans}-`));
  const corpus = path.join(dir, 'corpus');
  await mkdir(corpus);
  const src = resourcePath('corpus');
  const files = (await readdir(src)).filter((f) => f.endsWith('.txt'));
  const texts = await Promise.all(files.map((f) => readFile(path.join(src, f), 'utf8')));
  for (let i = 0; i < Math.ceil(plans / files.length); i++) {
    for (let k = 0; k < files.length && i * files.length + k < plans; k++) {
      // The first copy is the five plans as they are (the benchmark questions name their places).
      const name = i === 0 ? files[k] : files[k].replace(/\.txt$/, `-${i}-${placeName(i).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/ /g, '-')}.txt`);
      await writeFile(path.join(corpus, name), i === 0 ? texts[k] : renamed(texts[k], placeName(i)));
    }
  }
  return loadConfig({ ...process.env, PLANBOT_HOME: dir, PLANBOT_CORPUS_DIR: undefined, PLANBOT_INDEX_DIR: undefined, PLANBOT_SEMANTIC: 'off' });
}

async function index(cfg: Config): Promise<{ seconds: number; clauses: number; documents: number; superseded: number; skipped: string[] }> {
  const store = await Store.open(cfg.dbPath, { create: true });
  try {
    const s = await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
    const docs = await store.listDocuments();
    return { seconds: s.seconds, clauses: s.clauses, documents: s.documents, superseded: docs.filter((d) => d.supersededBy).length, skipped: s.errors.map((e) => `${e.file}: ${e.reason}`) };
  } finally {
    await store.close();
  }
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const sizes = (process.env.PLANBOT_BENCH_SIZES ?? '5,250,2500').split(',').map(Number).filter((n) => n > 0);
  const off: Semantic = { embedder: null, reason: 'benchmark: lexical-only' };
  console.log(`planbot scale benchmark — ${os.cpus().length} cores, node ${process.version}, ${BENCH_QUESTIONS.length} questions, lexical-only, distinct plans`);
  for (const plans of sizes) {
    const cfg = await corpusOf(plans);
    const fresh = await index(cfg);
    // One plan changed: a sentence added at its end.
    const one = (await readdir(cfg.corpusDir)).sort()[0];
    await appendFile(path.join(cfg.corpusDir, one), '\nKế hoạch này được phổ biến đến toàn thể cán bộ, giáo viên, nhân viên.\n');
    const changed = await index(cfg);
    if (fresh.skipped.length) console.log(`  skipped: ${fresh.skipped.slice(0, 3).join('; ')}`);
    const app = await openApp(cfg, { semantic: off });
    const times: number[] = [];
    try {
      for (const q of BENCH_QUESTIONS) await app.answerer.ask(q); // warm
      for (let r = 0; r < 2; r++) {
        for (const q of BENCH_QUESTIONS) {
          const t = performance.now();
          await app.answerer.ask(q);
          times.push(performance.now() - t);
        }
      }
    } finally {
      await app.close();
    }
    times.sort((a, b) => a - b);
    const db = (await stat(cfg.dbPath)).size / 2 ** 20;
    console.log(
      `${plans} plans (${fresh.documents} documents, ${fresh.superseded} taken for older versions, ${fresh.clauses} clauses): index ${fresh.seconds.toFixed(1)} s fresh, ${changed.seconds.toFixed(2)} s with one plan changed; ask p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms over ${times.length}; database ${db.toFixed(0)} MiB; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
    await rm(cfg.home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
