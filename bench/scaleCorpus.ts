// The scale benchmark's corpus: each copy of the five plans gets a place name of its own (in its
// header, title and text), so no two are versions of one plan and all stay live in retrieval.
// Run directly (`node dist/bench/scaleCorpus.js DIR PLANS`) it writes DIR/corpus and indexes it
// into DIR/index, so that bench/scaleAsk.ts can measure questions against it many times.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { resourcePath } from '../src/paths.js';

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

const slug = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/ /g, '-');

/** Writes `plans` distinct plans into `corpus` (the first five are the shipped plans as they are). */
export async function writeScaleCorpus(corpus: string, plans: number): Promise<void> {
  await mkdir(corpus, { recursive: true });
  const src = resourcePath('corpus');
  const files = (await readdir(src)).filter((f) => f.endsWith('.txt'));
  const texts = await Promise.all(files.map((f) => readFile(path.join(src, f), 'utf8')));
  for (let i = 0; i < Math.ceil(plans / files.length); i++) {
    for (let k = 0; k < files.length && i * files.length + k < plans; k++) {
      // The first copy is the five plans as they are (the benchmark questions name their places).
      const name = i === 0 ? files[k] : files[k].replace(/\.txt$/, `-${i}-${slug(placeName(i))}.txt`);
      await writeFile(path.join(corpus, name), i === 0 ? texts[k] : renamed(texts[k], placeName(i)));
    }
  }
}

/** The benchmark's config for a home (lexical-only, the home's own corpus and index). */
export function scaleConfig(home: string): Config {
  return loadConfig({ ...process.env, PLANBOT_HOME: home, PLANBOT_CORPUS_DIR: undefined, PLANBOT_INDEX_DIR: undefined, PLANBOT_SEMANTIC: 'off' });
}

export async function indexScale(cfg: Config): Promise<{ seconds: number; clauses: number; documents: number; superseded: number; skipped: string[] }> {
  const store = await Store.open(cfg.dbPath, { create: true });
  try {
    const s = await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
    const docs = await store.listDocuments();
    return { seconds: s.seconds, clauses: s.clauses, documents: s.documents, superseded: docs.filter((d) => d.supersededBy).length, skipped: s.errors.map((e) => `${e.file}: ${e.reason}`) };
  } finally {
    await store.close();
  }
}

async function main() {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !Number(n)) throw new Error('usage: node dist/bench/scaleCorpus.js DIR PLANS');
  const cfg = scaleConfig(path.resolve(dir));
  await writeScaleCorpus(cfg.corpusDir, Number(n));
  const s = await indexScale(cfg);
  console.log(`${n} plans into ${cfg.home}: ${s.documents} documents, ${s.clauses} clauses, index ${s.seconds.toFixed(1)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
