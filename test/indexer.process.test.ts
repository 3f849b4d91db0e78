// `planbot index` in another process while `planbot serve` answers under load: a large plan
// changed and a new plan added. The server answers everything (no 500, no SQLITE_BUSY), its
// Telegram webhook takes every update, and right after the indexer exits the new plan is
// answered by its name and the changed plan's new clauses open — no restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { startServer, type RunningServer } from '../src/chat/serve.js';
import { REPO } from './helpers/indexedHome.js';
import { memoryLogger } from './helpers/memoryLogger.js';
import { startFakeTelegram, messageUpdate, type FakeTelegram } from './helpers/fakeTelegram.js';
import { bigPlanText, BIG_PLAN_FILE, BIG_PLAN_ID } from './helpers/bigPlan.js';
import * as F from './helpers/planFixtures.js';

const BIG_BYTES = Number(process.env.PLANBOT_TEST_BIG_PLAN_BYTES ?? 3 * 1024 * 1024);
const SECRET = 'Index_test-secret';
const QUESTIONS = ['ai chịu trách nhiệm an ninh trường học ở Hồng Bàng', 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024', 'Khi nào trường Mầm non Bạch Đằng đạt chuẩn quốc gia?'];

let home: string;
let fake: FakeTelegram;
let server: RunningServer;
const log = memoryLogger('info');

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'planbot-index-proc-'));
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
  await writeFile(path.join(home, 'corpus', BIG_PLAN_FILE), bigPlanText(BIG_BYTES / 4, 1));
  const cfg0 = loadConfig({ PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off' });
  const store = await Store.open(cfg0.dbPath, { create: true });
  await indexCorpus(store, { corpusDir: cfg0.corpusDir, indexDir: cfg0.indexDir, embedder: null });
  await store.close();
  fake = await startFakeTelegram();
  const cfg = loadConfig({
    PLANBOT_HOME: home,
    PLANBOT_SEMANTIC: 'off',
    PORT: '0',
    PLANBOT_ASK_PER_MINUTE: '0',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://planbot.example.org/telegram/hook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  server = await startServer(cfg, { logger: log.logger });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fake?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

function runIndexer(): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PLANBOT_|TELEGRAM_|ZALO_)/.test(k)) env[k] = v;
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'index'], { cwd: home, env: { ...env, PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('planbot index in another process while planbot serve answers', () => {
  it('answers every request during the index, and answers from the new index right after it, without a restart', async () => {
    const base = `http://127.0.0.1:${server.ctx.http.port}`;
    const edition = async (n: number) => (await server.ctx.app.store.clausesOf(BIG_PLAN_ID)).filter((c) => c.heading.includes(`(lần ${n})`));
    expect((await edition(1)).length).toBeGreaterThan(0);
    // The changed large plan (more tasks, every heading changed) and a plan that is new.
    await writeFile(path.join(home, 'corpus', BIG_PLAN_FILE), bigPlanText(BIG_BYTES, 2));
    await writeFile(path.join(home, 'corpus', 'ca-mau-2021-2022.txt'), F.planText('ca-mau-2020-2021').replace(/2020 ?- ?2021/g, '2021-2022'));

    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    let indexing = true;
    let startedDuringIndex = 0;
    let updateId = 50_000;
    const webhookChats: number[] = [];
    // Web questions from four clients, and Telegram updates (each is a write: inbox, question log).
    const asker = async (k: number) => {
      for (let i = 0; indexing; i++) {
        if (indexing) startedDuringIndex++;
        const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTIONS[(i + k) % QUESTIONS.length] }) });
        await res.arrayBuffer();
        count(res.status);
      }
    };
    const telegram = async () => {
      while (indexing) {
        const chatId = 7000 + webhookChats.length;
        webhookChats.push(chatId);
        const res = await fetch(`${base}/telegram/hook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify({ ...messageUpdate({ chatId, text: QUESTIONS[chatId % QUESTIONS.length] }), update_id: updateId++ }),
        });
        await res.arrayBuffer();
        count(res.status);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(asker).concat(telegram()));
    const indexed = await runIndexer();
    indexing = false;
    await load;

    expect(indexed.code, indexed.stderr).toBe(0);
    // The load did overlap the index: every asker asked while it ran, and updates kept coming.
    expect(startedDuringIndex).toBeGreaterThanOrEqual(4);
    expect(webhookChats.length).toBeGreaterThanOrEqual(3);
    expect([...statuses.keys()]).toEqual([200]);

    // Right after: the new plan is answered, cited by its name (not its raw id) …
    const a = (await (await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'kế hoạch năm học 2021-2022 của Cà Mau' }) })).json()) as { citations: { docId: string; docTitle: string }[] };
    const cited = a.citations.find((c) => c.docId === 'ca-mau-2021-2022');
    expect(cited).toBeDefined();
    expect(cited!.docTitle).toBe((await server.ctx.app.store.getDocument('ca-mau-2021-2022'))!.title);
    expect(cited!.docTitle).not.toBe('ca-mau-2021-2022');
    // … and the changed plan's new edition opens, down to a task only the larger edition has.
    expect(await edition(1)).toEqual([]);
    const last = (await edition(2)).at(-1)!;
    const clause = await fetch(`${base}/api/clause/${encodeURIComponent(last.id)}`);
    expect(clause.status).toBe(200);
    expect(((await clause.json()) as { heading: string }).heading).toMatch(/lần 2/);

    // Every Telegram update taken during the index is answered.
    const end = Date.now() + 90_000;
    while (webhookChats.some((c) => fake.sent(c).length === 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(webhookChats.filter((c) => fake.sent(c).length === 0)).toEqual([]);
    expect(log.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  }, 240_000);
});
