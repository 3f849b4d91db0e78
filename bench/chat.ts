// Telegram round trip, measured: the real bot (startServer, long polling, real clock) against the
// fake Bot API on 127.0.0.1. Latency from an update being available to the answer being sent, for
// questions from many chats at once (the overall ~30 messages/s gate applies) and several from one
// chat (one answer a second applies). Prints figures; asserts nothing.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { resourcePath } from '../src/paths.js';
import { startServer } from '../src/chat/serve.js';
import { startFakeTelegram, messageUpdate } from '../test/helpers/fakeTelegram.js';
import { BENCH_QUESTIONS } from './questions.js';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function benchTelegram(say: (s: string) => void, chats = 60): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'planbot-bench-chat-'));
  await cp(resourcePath('corpus'), path.join(home, 'corpus'), { recursive: true });
  const fake = await startFakeTelegram();
  const cfg = loadConfig({ PLANBOT_HOME: home, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, PORT: '0' });
  const store = await Store.open(cfg.dbPath, { create: true });
  await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
  await store.close();
  const server = await startServer(cfg, { logger: pino({ level: 'silent' }) });
  try {
    await fake.waitFor('getUpdates');
    const roundTrip = async (items: { chatId: number; text: string }[]): Promise<{ times: number[]; seconds: number }> => {
      const started = performance.now();
      const pushedAt = new Map<number, number>();
      const done = items.map(({ chatId, text }, i) => {
        const n = items.slice(0, i).filter((x) => x.chatId === chatId).length; // this chat's n-th answer
        return fake.waitFor('sendMessage', (c) => String(c.params.chat_id) === String(chatId) && c.status === 200 && fake.sent(chatId).indexOf(c) === n, 120_000).then((c) => c.at - pushedAt.get(chatId)!);
      });
      for (const it of items) {
        if (!pushedAt.has(it.chatId)) pushedAt.set(it.chatId, Date.now());
        fake.pushUpdate(messageUpdate({ chatId: it.chatId, text: it.text }));
      }
      const times = (await Promise.all(done)).sort((a, b) => a - b);
      return { times, seconds: (performance.now() - started) / 1000 };
    };
    const many = await roundTrip(Array.from({ length: chats }, (_, i) => ({ chatId: 10_000 + i, text: BENCH_QUESTIONS[i % BENCH_QUESTIONS.length] })));
    const apologies = fake.sent().filter((c) => /planbot gặp lỗi/.test(String(c.params.text))).length;
    say(`telegram, ${chats} questions from ${chats} chats at once: update→answer p50 ${pct(many.times, 50)} ms, p95 ${pct(many.times, 95)} ms; all answered in ${many.seconds.toFixed(2)} s (${(chats / many.seconds).toFixed(1)} answers/s, ${apologies} failed)`);
    const one = await roundTrip(BENCH_QUESTIONS.slice(0, 5).map((text) => ({ chatId: 20_000, text })));
    say(`telegram, 5 questions sent together in one chat: last answered after ${one.times[one.times.length - 1]} ms (paced at one answer a second)`);
  } finally {
    await server.stop();
    await fake.close();
    await rm(home, { recursive: true, force: true });
  }
}
