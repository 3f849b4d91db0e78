// `npm run bench:ocr`: the five plans printed and scanned back (test/helpers/scanFixtures.ts:
// typeset with DejaVu, rasterised, bound as image-only PDFs), indexed by OCR, against the same
// plans indexed from their text. Prints OCR seconds a page, character accuracy per plan
// (1 − edit distance / length, the plan's clause text from the scan against the one from the
// text), and how many evaluation questions citing those plans (test/eval/gold.json) get the
// same answer from both indexes: the same outcome and the same cited clauses. Asserts nothing.
// PLANBOT_BENCH_PLANS=ca-mau-2020-2021,… picks the plans.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { openApp, type AppContext, type Semantic } from '../src/app.js';
import { resourcePath } from '../src/paths.js';
import type { Answer } from '../src/answer/compose.js';
import { PLAN_STEMS } from '../test/helpers/planFixtures.js';
import { charAccuracy, scanFromPlan } from '../test/helpers/scanFixtures.js';

interface GoldItem {
  id: string;
  question: string;
  expectedClauses: string[];
}

async function home(tag: string, files: Record<string, Buffer | string>): Promise<Config> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `planbot-bench-ocr-${tag}-`));
  await mkdir(path.join(dir, 'corpus'));
  for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(dir, 'corpus', name), bytes);
  return loadConfig({ ...process.env, PLANBOT_HOME: dir, PLANBOT_CORPUS_DIR: undefined, PLANBOT_INDEX_DIR: undefined, PLANBOT_SEMANTIC: 'off' });
}

/** Indexes a home; for scans, the seconds each page's OCR took. */
async function index(cfg: Config): Promise<{ pageSeconds: number[]; errors: string[] }> {
  const store = await Store.open(cfg.dbPath, { create: true });
  const pageSeconds: number[] = [];
  let last = performance.now();
  try {
    const s = await indexCorpus(store, {
      corpusDir: cfg.corpusDir,
      indexDir: cfg.indexDir,
      embedder: null,
      ocr: cfg.ocr,
      onProgress: (p) => {
        if (p.phase !== 'ocr') return;
        const now = performance.now();
        if (p.done > 0) pageSeconds.push((now - last) / 1000);
        last = now;
        if (p.done < p.total) process.stderr.write(`  OCR ${p.label}\n`);
      },
    });
    return { pageSeconds, errors: s.errors.map((e) => `${e.file}: ${e.reason}`) };
  } finally {
    await store.close();
  }
}

/** What an answer says, independent of the document ids: its outcome and the clause paths it cites. */
const gist = (a: Answer) => `${a.outcome} ${a.citations.map((c) => c.clauseId.split('#')[1]).join(',')}`;

async function docText(app: AppContext, docId: string): Promise<string> {
  return (await app.store.clausesOf(docId)).map((c) => c.text).join('\n');
}

async function main() {
  const stems = (process.env.PLANBOT_BENCH_PLANS ?? PLAN_STEMS.join(',')).split(',').filter(Boolean);
  const off: Semantic = { embedder: null, reason: 'benchmark: lexical-only' };
  console.log(`planbot OCR benchmark — ${os.cpus().length} cores, node ${process.version}, ${stems.length} plans, Tesseract "${loadConfig().ocr.lang}" at ${loadConfig().ocr.dpi} dpi`);

  const texts = Object.fromEntries(await Promise.all(stems.map(async (s) => [`${s}.txt`, await readFile(resourcePath('corpus', `${s}.txt`))] as const)));
  const scans: Record<string, Buffer> = {};
  let pages = 0;
  for (const s of stems) {
    const scan = await scanFromPlan(s, { dpi: 300 });
    scans[`${s}.pdf`] = scan.pdf;
    pages += scan.pngs.length;
  }
  const textHome = await home('text', texts);
  const scanHome = await home('scan', scans);
  await index(textHome);
  const t0 = performance.now();
  const scanned = await index(scanHome);
  const total = (performance.now() - t0) / 1000;
  for (const e of scanned.errors) console.log(`  skipped ${e}`);
  const per = scanned.pageSeconds.sort((a, b) => a - b);
  console.log(`OCR: ${pages} pages in ${total.toFixed(0)} s: ${(total / pages).toFixed(1)} s a page (median page ${per[Math.floor(per.length / 2)]?.toFixed(1)} s, slowest ${per[per.length - 1]?.toFixed(1)} s)`);

  const textApp = await openApp(textHome, { semantic: off });
  const scanApp = await openApp(scanHome, { semantic: off });
  try {
    for (const s of stems) {
      const acc = charAccuracy(await docText(scanApp, `${s}-pdf`), await docText(textApp, s));
      const [t, o] = [await textApp.store.clausesOf(s), await scanApp.store.clausesOf(`${s}-pdf`)];
      const samePaths = o.filter((c, i) => t[i]?.path === c.path).length;
      console.log(`  ${s}: char accuracy ${(100 * acc).toFixed(2)}%; clauses ${o.length} from the scan, ${t.length} from the text, ${samePaths} at the same place with the same id`);
    }
    const gold = JSON.parse(await readFile(resourcePath('test', 'eval', 'gold.json'), 'utf8')) as GoldItem[];
    const asked = gold.filter((g) => g.expectedClauses.some((c) => stems.includes(c.split('#')[0])));
    let same = 0;
    const differ: string[] = [];
    for (const g of asked) {
      const [a, b] = [await textApp.answerer.ask(g.question), await scanApp.answerer.ask(g.question)];
      if (gist(a) === gist(b)) same++;
      else differ.push(`${g.id}: text ${gist(a)} | scan ${gist(b)}`);
    }
    console.log(`same answer as the text version: ${same} of ${asked.length} evaluation questions citing these plans`);
    for (const d of differ) console.log(`  differs ${d}`);
  } finally {
    await textApp.close();
    await scanApp.close();
    await rm(textHome.home, { recursive: true, force: true });
    await rm(scanHome.home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
