// `npm run bench:scale`: planbot over a province's worth of distinct plans. Each copy of the five
// plans gets a place name of its own (in its header, title and text), so no two are versions of
// one plan and all stay live in retrieval. Prints, per size: index time fresh and with one plan
// changed, ask p50/p95 over the benchmark mix, peak RSS and database size. Asserts nothing.
// PLANBOT_BENCH_SIZES=5,250,2500 (plans) sets the sizes.
import { mkdtemp, readdir, rm, stat, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type Semantic } from '../src/app.js';
import { BENCH_QUESTIONS } from './questions.js';
import { writeScaleCorpus, scaleConfig, indexScale as index } from './scaleCorpus.js';

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const sizes = (process.env.PLANBOT_BENCH_SIZES ?? '5,250,2500').split(',').map(Number).filter((n) => n > 0);
  const off: Semantic = { embedder: null, reason: 'benchmark: lexical-only' };
  console.log(`planbot scale benchmark — ${os.cpus().length} cores, node ${process.version}, ${BENCH_QUESTIONS.length} questions, lexical-only, distinct plans`);
  for (const plans of sizes) {
    const cfg = scaleConfig(await mkdtemp(path.join(os.tmpdir(), `planbot-scale-${plans}-`)));
    await writeScaleCorpus(cfg.corpusDir, plans);
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
