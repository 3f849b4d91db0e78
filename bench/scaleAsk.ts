// Ask latency against a home built once by bench/scaleCorpus.ts (the 2 500-plan index takes
// minutes to build; questions are measured against it many times).
//   node dist/bench/scaleAsk.js DIR
// PLANBOT_BENCH_ROUNDS=n timed rounds over the mix (2); PLANBOT_BENCH_SQL=1 prints time per
// statement (summed over the timed rounds); PLANBOT_BENCH_SLOWEST=n lists the n slowest
// questions by their index in bench/questions.ts.
import path from 'node:path';
import { openApp, type Semantic } from '../src/app.js';
import { BENCH_QUESTIONS } from './questions.js';
import { scaleConfig } from './scaleCorpus.js';

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node dist/bench/scaleAsk.js DIR');
  const rounds = Number(process.env.PLANBOT_BENCH_ROUNDS ?? 2);
  const slowest = Number(process.env.PLANBOT_BENCH_SLOWEST ?? 0);
  const cfg = scaleConfig(path.resolve(dir));
  const off: Semantic = { embedder: null, reason: 'benchmark: lexical-only' };
  const t0 = performance.now();
  const app = await openApp(cfg, { semantic: off });
  const opened = performance.now() - t0;
  const sql = new Map<string, { n: number; ms: number }>();
  let timing = false;
  if (process.env.PLANBOT_BENCH_SQL === '1') {
    app.store.db.profile((text, ms) => {
      if (!timing) return;
      const key = text.replace(/\s+/g, ' ').slice(0, 140);
      const e = sql.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += ms;
      sql.set(key, e);
    });
  }
  const times: number[] = [];
  const perQuestion = BENCH_QUESTIONS.map(() => 0);
  let first = 0;
  try {
    const tf = performance.now();
    await app.answerer.ask(BENCH_QUESTIONS[0]);
    first = performance.now() - tf;
    for (const q of BENCH_QUESTIONS) await app.answerer.ask(q); // warm
    timing = true;
    for (let r = 0; r < rounds; r++) {
      for (const [i, q] of BENCH_QUESTIONS.entries()) {
        const t = performance.now();
        await app.answerer.ask(q);
        const ms = performance.now() - t;
        times.push(ms);
        perQuestion[i] = Math.max(perQuestion[i], ms);
      }
    }
  } finally {
    await app.close();
  }
  times.sort((a, b) => a - b);
  const clauses = times.length;
  console.log(
    `${cfg.home}: open ${opened.toFixed(0)} ms, first question ${first.toFixed(0)} ms; ask p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, max ${times[clauses - 1].toFixed(1)} ms over ${clauses}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
  if (slowest > 0) {
    const order = perQuestion.map((ms, i) => ({ i, ms })).sort((a, b) => b.ms - a.ms).slice(0, slowest);
    console.log(`slowest (question index: worst ms): ${order.map((o) => `${o.i}: ${o.ms.toFixed(0)}`).join(', ')}`);
  }
  if (sql.size) {
    const total = [...sql.values()].reduce((a, e) => a + e.ms, 0);
    console.log(`SQL ${total.toFixed(0)} ms in all over the timed rounds (${times.reduce((a, b) => a + b, 0).toFixed(0)} ms asking):`);
    for (const [k, e] of [...sql.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(`  ${e.ms.toFixed(0).padStart(7)} ms ${String(e.n).padStart(6)}× ${k}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
