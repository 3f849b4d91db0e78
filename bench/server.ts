// `npm run bench:server`: the capacity of `planbot serve`, measured against a real server process
// on 127.0.0.1 (the load generator is this process; no npm package needed: node:http with a
// keep-alive agent, closed loop, one request in flight per connection). Prints figures; asserts
// nothing. Settings: PLANBOT_BENCH_SECONDS (60), PLANBOT_BENCH_CONCURRENCY (8),
// PLANBOT_BENCH_IDLE (10 000 idle connections), PLANBOT_BENCH_BIG_PLAN_MB (10), PLANBOT_BENCH_ONLY (parts).
//
//   1. throughput, p50/p99 and server RSS over the run, question limit lifted
//   2. the same with PLANBOT_BENCH_IDLE idle connections held (caps and header timeout raised to allow it)
//   3. with the default caps: what becomes of those idle connections, and /healthz meanwhile
//   4. a slow-header client, an unauthenticated 20 MB upload at 1 MB/s, a 15 KB clause id
//   5. "did you mean" at 100 000 clauses: comparing with every id (before) and the indexed lookup (now)
//   6. `planbot index` of a changed large plan in another process while the server answers
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { resourcePath } from '../src/paths.js';
import { BENCH_QUESTIONS } from './questions.js';
import { rawRequest } from '../test/helpers/rawHttp.js';
import net from 'node:net';
import { bigPlanText, BIG_PLAN_FILE } from '../test/helpers/bigPlan.js';

const SECONDS = Number(process.env.PLANBOT_BENCH_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.PLANBOT_BENCH_CONCURRENCY ?? 8);
const IDLE = Number(process.env.PLANBOT_BENCH_IDLE ?? 10_000);
const BIG_PLAN_MB = Number(process.env.PLANBOT_BENCH_BIG_PLAN_MB ?? 10);
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
/** PLANBOT_BENCH_ONLY=3,6 runs only those parts. */
const ONLY = new Set((process.env.PLANBOT_BENCH_ONLY ?? '1,2,3,4,5,6').split(',').map((x) => x.trim()));

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

interface Served {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `planbot serve` over `home` as its own process; resolves once it prints its address. */
async function serve(home: string, env: Record<string, string>): Promise<Served> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PLANBOT_|TELEGRAM_|ZALO_)/.test(k) && k !== 'PORT') clean[k] = v;
  const child = spawn(process.execPath, [resourcePath('bin', 'planbot.js'), 'serve'], {
    cwd: home,
    env: { ...clean, PLANBOT_HOME: home, PORT: '0', PLANBOT_LOG_LEVEL: 'warn', PLANBOT_SEMANTIC: 'off', PLANBOT_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.end();
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const end = Date.now() + 120_000;
  for (;;) {
    const m = /web chat at http:\/\/localhost:(\d+)\//.exec(out);
    if (m) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      return {
        port: Number(m[1]),
        child,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > end) throw new Error(`planbot serve did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The server's resident memory now, from /proc (kB). */
async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

interface LoadResult {
  requests: number;
  seconds: number;
  statuses: Map<number, number>;
  latencies: number[];
  rssPeakKb: number;
  rssEndKb: number;
}

/** POST /api/ask from `concurrency` keep-alive connections, one question in flight on each, for `seconds`. */
async function askLoad(port: number, pid: number, seconds: number, concurrency: number, stop?: () => boolean): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let rssPeakKb = 0;
  const sampler = setInterval(() => void rssKb(pid).then((kb) => (rssPeakKb = Math.max(rssPeakKb, kb || 0))), 500);
  const started = performance.now();
  const until = started + seconds * 1000;
  const done = () => (stop ? stop() : performance.now() >= until);
  const one = (question: string) =>
    new Promise<number>((resolve) => {
      const body = JSON.stringify({ question });
      const req = http.request({ host: '127.0.0.1', port, path: '/api/ask', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; !done(); i += concurrency) {
        const t = performance.now();
        const status = await one(BENCH_QUESTIONS[i % BENCH_QUESTIONS.length]);
        latencies.push(performance.now() - t);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  clearInterval(sampler);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, seconds: (performance.now() - started) / 1000, statuses, latencies, rssPeakKb, rssEndKb: await rssKb(pid) };
}

function describeLoad(r: LoadResult): string {
  const st = [...r.statuses].map(([s, n]) => `${s === 0 ? 'failed' : s}×${n}`).join(', ');
  return `${(r.requests / r.seconds).toFixed(1)} answers/s over ${r.seconds.toFixed(0)} s (${st}); p50 ${ms(pct(r.latencies, 50))}, p99 ${ms(pct(r.latencies, 99))}; server RSS peak ${mib(r.rssPeakKb)}, at end ${mib(r.rssEndKb)}`;
}

async function healthz(port: number, localAddress?: string): Promise<{ status: number | null; ms: number }> {
  const a = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: bench', { timeoutMs: 30_000, localAddress });
  return { status: a.status, ms: a.ms };
}

/** Connections that send nothing, each remembering what the server answered before closing it (a 503 over a cap, a 408 at the header timeout). */
class IdleCrowd {
  readonly sockets: net.Socket[] = [];
  private readonly answers = new Map<net.Socket, string>();
  private readonly closed = new Set<net.Socket>();

  static async open(port: number, n: number): Promise<IdleCrowd> {
    const crowd = new IdleCrowd();
    await Promise.all(
      Array.from({ length: n }, () => new Promise<void>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => resolve());
        s.on('data', (d) => crowd.answers.set(s, (crowd.answers.get(s) ?? '') + d));
        s.on('error', () => resolve());
        s.on('close', () => crowd.closed.add(s));
        crowd.sockets.push(s);
      })),
    );
    return crowd;
  }

  get open(): number {
    return this.sockets.length - this.closed.size;
  }

  /** Closed sockets by what they were told: "503", "408", or "closed" with no answer. */
  outcomes(): string {
    const counts = new Map<string, number>();
    for (const s of this.closed) {
      const k = /^HTTP\/1\.1 (\d{3})/.exec(this.answers.get(s) ?? '')?.[1] ?? 'closed without an answer';
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none closed';
  }

  destroy(): void {
    for (const s of this.sockets) s.destroy();
  }
}

/** The "did you mean" of before this change: edit distance against every clause id. */
function compareWithEveryId(id: string, all: string[]): string[] {
  const distance = (a: string, b: string) => {
    const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = dp[0];
      dp[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = dp[j];
        dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return dp[b.length];
  };
  const want = id.toLowerCase();
  return all.map((x) => ({ x, d: distance(want, x.toLowerCase()) })).filter((e) => e.d <= Math.max(3, Math.floor(want.length / 5))).sort((a, b) => a.d - b.d).slice(0, 3).map((e) => e.x);
}

async function suggestionsAtScale(say: (s: string) => void, dir: string, corpusDb: string): Promise<void> {
  {
    // The corpus itself, as the issue measured it: one 15 KB id.
    const store = await Store.open(corpusDb, { create: false });
    const all = await store.allClauseIds();
    const id15k = `hong-bang-2023-2024#${'III.1.'.repeat(2500)}`;
    let t = performance.now();
    compareWithEveryId(id15k, all);
    const before = performance.now() - t;
    t = performance.now();
    await store.suggestClauseIds(id15k);
    say(`suggestions for a 15 KB id at ${all.length} clauses: comparing with every id ${ms(before)} of blocked event loop; now refused before any lookup: ${ms(performance.now() - t)}`);
    await store.close();
  }
  const clauses = 100_000;
  const docs = 500;
  const store = await Store.open(path.join(dir, 'suggest.db'), { create: true });
  try {
    await store.db.transaction(async () => {
      for (let d = 0; d < docs; d++) {
        const docId = `phuong-${d}-2023-2024`;
        await store.db.run("INSERT INTO documents (doc_id, file, hash, title, short_name, clause_count, indexed_at) VALUES (?, ?, 'x', ?, ?, ?, '')", [docId, `${docId}.txt`, docId, docId, clauses / docs]);
        const rows = Array.from({ length: clauses / docs }, (_, i) => [`${docId}#${['I', 'II', 'III', 'IV'][i % 4]}.${Math.floor(i / 4) + 1}`, docId, `${['I', 'II', 'III', 'IV'][i % 4]}.${Math.floor(i / 4) + 1}`, i]);
        for (let i = 0; i < rows.length; i += 100) {
          const batch = rows.slice(i, i + 100);
          await store.db.run(`INSERT INTO clauses (clause_id, doc_id, path, label, heading, body, kind, ord, depth, line_start, line_end, breadcrumb, text_hash) VALUES ${batch.map(() => "(?, ?, ?, '', '', '', 'section', ?, 1, 0, 0, '', '')").join(',')}`, batch.flat());
        }
      }
    });
    const all = await store.allClauseIds();
    const typo = 'phuong-217-2023-2O24#III.12';
    const long200 = `phuong-217-2023-2024#${'III.1.'.repeat(30)}`.slice(0, 200);
    const time = async (f: () => unknown, n = 20) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) await f();
      return (performance.now() - t) / n;
    };
    say(`suggestions at ${all.length} clauses, a typo (${typo.length} chars): comparing with every id ${ms(await time(() => compareWithEveryId(typo, all), 3))}, indexed lookup ${ms(await time(() => store.suggestClauseIds(typo)))} → ${(await store.suggestClauseIds(typo)).join(', ')}`);
    say(`suggestions at ${all.length} clauses, a 200-char id: comparing with every id ${ms(await time(() => compareWithEveryId(long200, all), 1))}, indexed lookup ${ms(await time(() => store.suggestClauseIds(long200)))}`);
    const id15k = `phuong-217-2023-2024#${'III.1.'.repeat(2500)}`;
    const few = all.slice(0, 200);
    say(`a 15 KB id compared with every id costs ${ms(await time(() => compareWithEveryId(id15k, few), 1) * (all.length / few.length))} at ${all.length} clauses (extrapolated from 200); now refused before any lookup: ${ms(await time(() => store.suggestClauseIds(id15k)))}`);
  } finally {
    await store.close();
  }
}

/** Writes a body at about `bytesPerSecond`; resolves with the ms until the status line came and the bytes sent by then. */
async function throttledUpload(port: number, totalBytes: number, bytesPerSecond: number): Promise<{ status: number | null; ms: number; sent: number }> {
  const chunk = 16 * 1024;
  const a = await rawRequest(port, `POST /api/documents?name=plan.txt HTTP/1.1\r\nHost: bench\r\nContent-Type: text/plain\r\nContent-Length: ${totalBytes}`, {
    bodyBytes: totalBytes,
    chunkBytes: chunk,
    chunkEveryMs: (1000 * chunk) / bytesPerSecond,
    timeoutMs: 60_000,
  });
  return { status: a.status, ms: a.ms, sent: a.bodyBytesSent };
}

async function indexBesideServer(say: (s: string) => void, home: string): Promise<void> {
  const big = path.join(home, 'corpus', BIG_PLAN_FILE);
  const runIndex = () =>
    new Promise<{ seconds: number; code: number | null }>((resolve) => {
      const t = performance.now();
      const clean: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) if (!/^(PLANBOT_|TELEGRAM_|ZALO_)/.test(k)) clean[k] = v;
      const child = spawn(process.execPath, [resourcePath('bin', 'planbot.js'), 'index'], { cwd: home, env: { ...clean, PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off' }, stdio: 'ignore' });
      child.on('exit', (code) => resolve({ seconds: (performance.now() - t) / 1000, code }));
    });
  await writeFile(big, bigPlanText(BIG_PLAN_MB * 1024 * 1024, 1));
  const alone = await runIndex();
  say(`index of a new ${BIG_PLAN_MB} MB plan, no server: ${alone.seconds.toFixed(1)} s`);
  const server = await serve(home, { PLANBOT_ASK_PER_MINUTE: '0' });
  try {
    await writeFile(big, bigPlanText(BIG_PLAN_MB * 1024 * 1024, 2));
    let indexing = true;
    const load = askLoad(server.port, server.child.pid!, 0, CONCURRENCY, () => !indexing);
    const beside = await runIndex();
    indexing = false;
    const r = await load;
    say(`index of the changed ${BIG_PLAN_MB} MB plan beside the server under load: ${beside.seconds.toFixed(1)} s (exit ${beside.code}); the server meanwhile: ${describeLoad(r)}`);
    // The same load once the index is done: what answering from a corpus with that plan costs anyway.
    say(`the same load after the index, the ${BIG_PLAN_MB} MB plan in the corpus: ${describeLoad(await askLoad(server.port, server.child.pid!, Math.min(SECONDS, 20), CONCURRENCY))}`);
  } finally {
    await server.stop();
  }
}

export async function benchServer(say: (s: string) => void): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'planbot-bench-server-'));
  try {
    await cp(resourcePath('corpus'), path.join(home, 'corpus'), { recursive: true });
    const cfg = loadConfig({ PLANBOT_HOME: home });
    const store = await Store.open(cfg.dbPath, { create: true });
    const s = await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
    await store.close();
    say(`planbot serve capacity — ${os.cpus().length} cores, node ${process.version}, ${s.clauses} clauses, lexical-only, ${CONCURRENCY} connections asking, question limit lifted`);

    // 1 and 2: plain load, then with idle connections held (caps and the header timeout raised so they stay).
    if (ONLY.has('1') || ONLY.has('2')) await loadParts(say, home);
    if (ONLY.has('3') || ONLY.has('4')) await defaultParts(say, home);
    if (ONLY.has('5')) await suggestionsAtScale((l) => say(`5. ${l}`), home, cfg.dbPath);
    if (ONLY.has('6')) await indexBesideServer((l) => say(`6. ${l}`), home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function loadParts(say: (s: string) => void, home: string): Promise<void> {
  {
    const held = await serve(home, {
      PLANBOT_ASK_PER_MINUTE: '0',
      PLANBOT_HTTP_MAX_CONNECTIONS: String(IDLE + 1000),
      PLANBOT_HTTP_MAX_CONNECTIONS_PER_ADDRESS: String(IDLE + 1000),
      PLANBOT_HTTP_HEADERS_TIMEOUT_MS: String((SECONDS + 120) * 1000),
      PLANBOT_HTTP_REQUEST_TIMEOUT_MS: String((SECONDS + 180) * 1000),
    });
    try {
      say(`server RSS at rest: ${mib(await rssKb(held.child.pid!))}`);
      say(`1. ${describeLoad(await askLoad(held.port, held.child.pid!, SECONDS, CONCURRENCY))}`);
      const idle = await IdleCrowd.open(held.port, IDLE);
      await new Promise((r) => setTimeout(r, 1000));
      say(`2. with ${idle.open} of ${IDLE} idle connections held: server RSS ${mib(await rssKb(held.child.pid!))} before load; /healthz in ${ms((await healthz(held.port)).ms)}`);
      say(`   ${describeLoad(await askLoad(held.port, held.child.pid!, SECONDS, CONCURRENCY))}; idle still open: ${idle.open}`);
      idle.destroy();
    } finally {
      await held.stop();
    }
  }
}

/** 3 and 4: the default caps and timeouts. */
async function defaultParts(say: (s: string) => void, home: string): Promise<void> {
  {
    const defaults = await serve(home, {});
    try {
      const t = performance.now();
      const idle = await IdleCrowd.open(defaults.port, IDLE);
      await new Promise((r) => setTimeout(r, 2000));
      const same = await healthz(defaults.port);
      const other = await healthz(defaults.port, '127.0.0.2');
      say(`3. defaults, ${IDLE} idle connections from 127.0.0.1: after 2 s ${idle.open} open (held, or waiting in the kernel's accept queue), closed: ${idle.outcomes()}`);
      say(`   /healthz from 127.0.0.1 (over its cap): ${same.status} in ${ms(same.ms)}; from 127.0.0.2: ${other.status} in ${ms(other.ms)}`);
      // Wait until nothing more is closed for a while after the header timeout.
      let last = -1;
      let still = 0;
      while (performance.now() - t < 120_000 && still < 8) {
        await new Promise((r) => setTimeout(r, 2000));
        still = idle.open === last ? still + 1 : 0;
        last = idle.open;
      }
      say(`   after ${((performance.now() - t) / 1000).toFixed(0)} s: closed by the server: ${idle.outcomes()}; still open on this side only: ${idle.open} (connects the kernel's full accept queue never passed to the server); /healthz then ${(await healthz(defaults.port)).status}`);
      idle.destroy();

      const slow = await rawRequest(defaults.port, 'GET /healthz HTTP/1.1\r\nHost: bench\r\nX-Slow: 1', { endHead: false, timeoutMs: 120_000 });
      say(`4. a slow-header client is answered ${slow.status} and closed after ${(slow.ms / 1000).toFixed(1)} s`);
      const up = await throttledUpload(defaults.port, 20 * 1024 * 1024, 1024 * 1024);
      say(`   an unauthenticated 20 MB upload at 1 MB/s is answered ${up.status} after ${ms(up.ms)}, with ${(up.sent / 1024).toFixed(0)} KiB of its body sent`);
      const long = await rawRequest(defaults.port, `GET /api/clause/${encodeURIComponent(`hong-bang-2023-2024#${'III.1.'.repeat(2500)}`)} HTTP/1.1\r\nHost: bench`);
      say(`   a 15 KB clause id is answered ${long.status} in ${ms(long.ms)}`);
    } finally {
      await defaults.stop();
    }
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('bench', 'server.js'));
if (isMain) {
  benchServer((line) => console.log(line)).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
