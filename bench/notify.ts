// `npm run bench`, reminders: N reminders (PLANBOT_BENCH_REMINDERS, default 10 000) through the
// real sender and Telegram client against the fake Bot API on 127.0.0.1, at Telegram's limits
// (30/s overall, 1/s a chat). Prints the sustained rate against the configured limit and the
// peak RSS while sending. Prints figures; asserts nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/repository.js';
import { OutboxStore } from '../src/store/outbox.js';
import { Sender } from '../src/notify/sender.js';
import { TelegramReminderChannel, TELEGRAM_LIMITS } from '../src/notify/telegram.js';
import { systemClock } from '../src/channels/clock.js';
import type { ReminderContent } from '../src/notify/content.js';
import { startFakeTelegram } from '../test/helpers/fakeTelegram.js';

export async function benchReminders(say: (s: string) => void): Promise<void> {
  const total = Number(process.env.PLANBOT_BENCH_REMINDERS ?? 10_000);
  const chats = Math.max(1, Math.round(total / 10));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-bench-notify-'));
  const tg = await startFakeTelegram();
  const store = await Store.open(path.join(dir, 'planbot.db'), { create: true });
  try {
    const outbox = new OutboxStore(store.db);
    const at = new Date().toISOString();
    for (let c = 0; c < chats; c++) await store.chats.touchChat({ platform: 'telegram', chatId: String(10_000 + c), chatType: 'private', userId: String(c), userName: null });
    await outbox.tx(async () => {
      for (let i = 0; i < total; i++) {
        const chatId = String(10_000 + (i % chats));
        const content: ReminderContent = {
          type: 'reminder', offsetDays: 7,
          item: {
            deadlineId: `bench#${i}@1`, docId: 'hong-bang-2023-2024', clauseId: `hong-bang-2023-2024#III.${i % 40}`,
            task: 'Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia vào cuối năm 2023', dueLast: '2023-12-31', dueText: 'tháng 12/2023', responsible: 'Phòng GD&ĐT',
            citation: { doc: 'Hồng Bàng 2023-2024', section: `§III.${i % 40}`, heading: 'Chỉ tiêu', quote: 'Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia vào cuối năm 2023.' },
          },
          unsubscribe: { subscriptionId: 1, command: '/unsubscribe hong-bang-2023-2024' },
        };
        await outbox.insert({ key: `bench|${i}`, platform: 'telegram', chatId, kind: 'reminder', deadlineId: `bench#${i}@1`, docId: 'hong-bang-2023-2024', offsetDays: 7, dueLast: '2023-12-31', sendAt: at, payload: JSON.stringify(content) }, at);
      }
    });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const rssBefore = process.memoryUsage().rss;
    const sender = new Sender({ store, outbox, channels: [new TelegramReminderChannel({ token: tg.token, apiRoot: tg.apiRoot, store })], clock: systemClock });
    const t = performance.now();
    const report = await sender.drain();
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const stamps = tg.sent().map((c) => c.at).sort((a, b) => a - b);
    const { perSecond, burst } = TELEGRAM_LIMITS;
    if (process.env.PLANBOT_BENCH_GAPS) {
      const gaps = stamps.slice(1).map((t, i) => [t - stamps[i], i + 1]).sort((a, b) => b[0] - a[0]).slice(0, 8);
      say(`largest gaps (ms, at message): ${gaps.map(([g, i]) => `${g}@${i}`).join(' ')}`);
    }
    const sustained = (stamps.length - burst) / ((stamps[stamps.length - 1] - stamps[0]) / 1000);
    say(`reminders: ${report.sent}/${total} sent to ${chats} chats in ${seconds.toFixed(1)} s; sustained ${sustained.toFixed(2)} messages/s against a limit of ${perSecond}/s (burst ${burst}); ${report.retried} retried, ${report.failed} failed`);
    say(`reminders: RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before sending, peak ${(peak / 2 ** 20).toFixed(0)} MiB while sending`);
  } finally {
    await store.close();
    await tg.close();
    await rm(dir, { recursive: true, force: true });
  }
}
