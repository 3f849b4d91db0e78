// The reminder sender against the fake Telegram Bot API on 127.0.0.1, on a manual clock: message
// format and buttons, rate limits (30/s overall, 1/s a chat, 20/min a group), retries with backoff
// for network errors and 5xx, retry_after for 429, 403 → chat inactive and its rows stopped,
// other 4xx → failed with the reason, the HTML fallback, the attempt log, the sender lease (two
// senders at once, takeover after expiry with reconciliation), and a channel with a closed window.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/repository.js';
import { OutboxStore, type PlannedRow } from '../src/store/outbox.js';
import { resolveCallback } from '../src/channels/callbacks.js';
import { ManualClock } from '../src/channels/clock.js';
import { Sender } from '../src/notify/sender.js';
import { TelegramReminderChannel } from '../src/notify/telegram.js';
import type { Channel, DeliveryOutcome, OutgoingReminder } from '../src/notify/channel.js';
import type { ReminderContent, ReminderItem } from '../src/notify/content.js';
import { startFakeTelegram, type FakeTelegram } from './helpers/fakeTelegram.js';

const T0 = Date.parse('2023-12-24T01:00:00Z'); // 08:00 in Vietnam

let tmp = '';
let tg: FakeTelegram;
let store: Store;
let outbox: OutboxStore;
let clock: ManualClock;
let caseNo = 0;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'planbot-notify-sender-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  tg = await startFakeTelegram();
  store = await Store.open(path.join(tmp, `case-${++caseNo}`, 'planbot.db'), { create: true });
  outbox = new OutboxStore(store.db);
  clock = new ManualClock(T0);
});
afterEach(async () => {
  await store.close();
  await tg.close();
});

function item(n: number, over: Partial<ReminderItem> = {}): ReminderItem {
  return {
    deadlineId: `hong-bang-2023-2024#III.${n}@1`, docId: 'hong-bang-2023-2024', clauseId: `hong-bang-2023-2024#III.${n}`,
    task: `Xây dựng trường số ${n} đạt chuẩn quốc gia <ngay> & đúng hạn`, dueLast: '2023-12-31', dueText: 'năm 2023', responsible: 'Phòng GD&ĐT',
    citation: { doc: 'Hồng Bàng 2023-2024', section: `§III.${n}`, heading: 'Chỉ tiêu', quote: `Xây dựng trường số ${n} đạt chuẩn quốc gia trong năm 2023.` }, ...over,
  };
}

async function chat(id: string, type: 'private' | 'group' = 'private') {
  await store.chats.touchChat({ platform: 'telegram', chatId: id, chatType: type, userId: id, userName: null });
}

/** n reminders to a chat, due at T0. Returns their outbox ids. */
async function rows(chatId: string, n: number, start = 1, sendAt = T0): Promise<number[]> {
  const ids: number[] = [];
  await outbox.tx(async () => {
    for (let i = start; i < start + n; i++) {
      const content: ReminderContent = { type: 'reminder', offsetDays: 7, item: item(i), unsubscribe: { subscriptionId: 1, command: '/unsubscribe hong-bang-2023-2024' } };
      const p: PlannedRow = { key: `telegram:${chatId}|reminder|r${i}|2023-12-31|-7d`, platform: 'telegram', chatId, kind: 'reminder', deadlineId: item(i).deadlineId, docId: 'hong-bang-2023-2024', offsetDays: 7, dueLast: '2023-12-31', sendAt: new Date(sendAt).toISOString(), payload: JSON.stringify(content) };
      await outbox.insert(p, new Date(T0).toISOString());
    }
  });
  const all = await outbox.list({ chatId });
  return all.map((r) => r.id).slice(-n);
}

const channel = (limits = {}) => new TelegramReminderChannel({ token: tg.token, apiRoot: tg.apiRoot, store, limits });
const sender = (o: Partial<ConstructorParameters<typeof Sender>[0]> = {}) => new Sender({ store, outbox, channels: [channel()], clock, ...o });

/** Records the manual clock's time at which the fake server got each message. */
function stampSends(): { chatId: string; at: number; text: string }[] {
  const log: { chatId: string; at: number; text: string }[] = [];
  let id = 1;
  tg.setHandler('sendMessage', (params) => {
    log.push({ chatId: String(params.chat_id), at: clock.now(), text: String(params.text) });
    return { message_id: id++, date: 0, chat: { id: params.chat_id }, text: params.text };
  });
  return log;
}

describe('sending', () => {
  it('a reminder: task, due date dd/mm/yyyy, agency, citation, a button opening the clause, the /unsubscribe footer; recorded as sent once', async () => {
    await chat('42');
    const [id] = await rows('42', 1);
    const report = await sender().drain();
    expect(report).toMatchObject({ leased: true, sent: 1, retried: 0, failed: 0 });
    const [call] = tg.sent('42');
    const text = String(call.params.text);
    expect(call.params.parse_mode).toBe('HTML');
    expect(text).toContain('Nhắc hạn: còn 7 ngày');
    expect(text).toContain('Xây dựng trường số 1 đạt chuẩn quốc gia &lt;ngay&gt; &amp; đúng hạn');
    expect(text).toContain('31/12/2023 (năm 2023)');
    expect(text).toContain('Phòng GD&amp;ĐT');
    expect(text).toContain('Hồng Bàng 2023-2024, §III.1 Chỉ tiêu');
    expect(text).toContain('/unsubscribe hong-bang-2023-2024');
    const buttons = call.params.reply_markup.inline_keyboard.flat();
    expect(await resolveCallback(store, buttons[0].callback_data)).toEqual({ t: 'clause', id: 'hong-bang-2023-2024#III.1' });
    expect(await resolveCallback(store, buttons[1].callback_data)).toEqual({ t: 'unsub', id: 1 });
    const row = await outbox.get(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, messageId: expect.any(String) });
    expect((await outbox.attempts(id)).map((a) => a.event)).toEqual(['sent']);
    // draining again sends nothing
    expect(await sender().drain()).toMatchObject({ sent: 0 });
    expect(tg.sent('42')).toHaveLength(1);
  });

  it('rows not yet due wait; a due row of an inactive chat is not sent', async () => {
    await chat('1');
    await chat('2');
    await rows('1', 1, 1, T0 + 3_600_000);
    await rows('2', 1);
    await store.chats.markInactive('telegram', '2', 'test');
    expect(await sender().drain()).toMatchObject({ sent: 0 });
    clock.advance(3_600_000);
    expect(await sender().drain()).toMatchObject({ sent: 1 });
    expect(tg.sent('1')).toHaveLength(1);
    expect(tg.sent('2')).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('30 messages a second overall (a burst of 3), one a second to a chat, 20 a minute to a group', async () => {
    for (let c = 0; c < 60; c++) await chat(`p${c}`);
    for (let c = 0; c < 60; c++) await rows(`p${c}`, 2, 1);
    await chat('g1', 'group');
    await rows('g1', 5, 1);
    const report = await sender({ concurrency: 4 }).drain();
    expect(report.sent).toBe(125);
    expect(tg.sent()).toHaveLength(125);
    // when each send started (its claim, right after its tokens were taken), on the sender's clock
    const starts = new Map<number, number>();
    for (const a of await outbox.attempts()) if (a.event === 'sent') starts.set(a.outboxId, Date.parse(a.at));
    const byChat = new Map<string, number[]>();
    for (const r of await outbox.list({ status: 'sent' })) byChat.set(r.chatId, [...(byChat.get(r.chatId) ?? []), starts.get(r.id)!].sort((a, b) => a - b));
    for (const [id, ts] of byChat) {
      const minGap = id === 'g1' ? 3000 : 1000;
      for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1], id).toBeGreaterThanOrEqual(minGap);
    }
    const ts = [...starts.values()].sort((a, b) => a - b);
    for (let i = 0; i < ts.length; i++) expect(ts.filter((t) => t >= ts[i] && t < ts[i] + 1000).length).toBeLessThanOrEqual(33);
    // sustained at the limit, not below: after a burst of 3, one send every 1/30 s (the group's last sends, 3 s apart, trail on)
    const n = 120;
    expect(ts[n] - ts[0]).toBeGreaterThanOrEqual(((n - 2) / 30) * 1000 - 50);
    expect(ts[n] - ts[0]).toBeLessThan(((n - 2) / 30) * 1000 + 100);
    expect(ts[ts.length - 1] - ts[0]).toBeGreaterThanOrEqual(4 * 3000); // the group: 5 sends, 3 s apart
  });
});

describe('what Telegram answers', () => {
  it('5xx and network errors: retried with doubling backoff, each attempt logged, then sent', async () => {
    await chat('5');
    const [id] = await rows('5', 1);
    tg.failNext('sendMessage', { status: 502 });
    tg.failNext('sendMessage', { network: true });
    const s = sender();
    expect(await s.drain()).toMatchObject({ sent: 0, retried: 1 });
    expect(await outbox.get(id)).toMatchObject({ status: 'pending', nextAttemptAt: new Date(T0 + 5_000).toISOString(), failures: 1 });
    expect(await s.drain()).toMatchObject({ sent: 0 }); // not before its time
    clock.advance(5_000);
    expect(await s.drain()).toMatchObject({ retried: 1 });
    expect(await outbox.get(id)).toMatchObject({ status: 'pending', nextAttemptAt: new Date(T0 + 5_000 + 10_000).toISOString(), failures: 2 });
    clock.advance(10_000);
    expect(await s.drain()).toMatchObject({ sent: 1 });
    const log = await outbox.attempts(id);
    expect(log.map((a) => [a.event, a.attempt])).toEqual([['retry', 1], ['retry', 2], ['sent', 3]]);
    expect(log[0].detail).toMatch(/^502/);
    expect(log[1].detail).toMatch(/^network/);
    expect(tg.sent('5')).toHaveLength(1);
  });

  it('gives up after the configured number of failures, with the last reason', async () => {
    await chat('6');
    const [id] = await rows('6', 1);
    tg.failNext('sendMessage', { status: 500, count: 3 });
    const s = sender({ retry: { baseMs: 1000, maxMs: 2000, maxFailures: 3 } });
    for (let i = 0; i < 3; i++) {
      await s.drain();
      clock.advance(2000);
    }
    expect(await outbox.get(id)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/gave up after 3 failed attempts; last: 500/) });
  });

  it('429: waits retry_after (everything pauses), then sends; it does not count as a failure', async () => {
    await chat('7');
    await chat('8');
    const [a] = await rows('7', 1);
    await rows('8', 1);
    tg.failNext('sendMessage', { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } } });
    const report = await sender({ concurrency: 1 }).drain();
    expect(report).toMatchObject({ sent: 2, retried: 1 });
    expect(await outbox.get(a)).toMatchObject({ status: 'sent', failures: 0, attempts: 2 });
    const log = await outbox.attempts();
    expect(log.filter((x) => x.outboxId === a).map((x) => x.event)).toEqual(['retry_after', 'sent']);
    // nothing at all went in the 3 s Telegram asked for
    const sentAt = log.filter((x) => x.event === 'sent').map((x) => Date.parse(x.at));
    expect(sentAt.every((t) => t >= T0 + 3000)).toBe(true);
    expect(tg.sent()).toHaveLength(2);
  });

  it('403: the chat becomes inactive and all its rows stop; other chats go on', async () => {
    await chat('9');
    await chat('10');
    const blockedIds = await rows('9', 3);
    await rows('10', 2);
    tg.failNext('sendMessage', { status: 403 });
    const report = await sender({ concurrency: 1 }).drain();
    expect(report).toMatchObject({ blocked: 1, sent: 2 });
    expect(await store.chats.getChat({ platform: 'telegram', chatId: '9' })).toMatchObject({ active: false, inactiveReason: expect.stringMatching(/403/) });
    for (const id of blockedIds) expect(await outbox.get(id)).toMatchObject({ status: 'stopped', reason: expect.stringMatching(/bot was blocked/) });
    expect(tg.sent('10')).toHaveLength(2);
    expect(tg.sent('9')).toHaveLength(0);
  });

  it('another 4xx: the row fails with Telegram’s reason and is never tried again', async () => {
    await chat('11');
    const [id] = await rows('11', 1);
    tg.failNext('sendMessage', { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } });
    expect(await sender().drain()).toMatchObject({ failed: 1 });
    expect(await outbox.get(id)).toMatchObject({ status: 'failed', reason: '400: Bad Request: chat not found' });
    clock.advance(86_400_000);
    expect(await sender().drain()).toMatchObject({ sent: 0, failed: 0 });
  });

  it('HTML that Telegram cannot parse goes again as plain text', async () => {
    await chat('12');
    const [id] = await rows('12', 1);
    tg.failNext('sendMessage', { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: can't parse entities: Unsupported start tag" } });
    expect(await sender().drain()).toMatchObject({ sent: 1 });
    const [call] = tg.sent('12');
    expect(call.params.parse_mode).toBeUndefined();
    expect(String(call.params.text)).toContain('<ngay> & đúng hạn');
    expect(await outbox.get(id)).toMatchObject({ status: 'sent' });
  });
});

describe('one sender at a time', () => {
  it('two senders on two connections drain concurrently: every reminder goes exactly once', async () => {
    for (let c = 0; c < 40; c++) {
      await chat(`c${c}`);
      await rows(`c${c}`, 1);
    }
    const other = await Store.open(store.db.file, { create: false });
    try {
      const a = sender({ concurrency: 2 });
      const b = new Sender({ store: other, channels: [new TelegramReminderChannel({ token: tg.token, apiRoot: tg.apiRoot, store: other })], clock, concurrency: 2 });
      const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
      expect(ra.sent + rb.sent).toBe(40);
      expect([ra.leased, rb.leased].filter(Boolean)).toHaveLength(1);
      const perChat = new Map<string, number>();
      for (const c of tg.sent()) perChat.set(String(c.params.chat_id), (perChat.get(String(c.params.chat_id)) ?? 0) + 1);
      expect(perChat.size).toBe(40);
      expect([...perChat.values()].every((n) => n === 1)).toBe(true);
      expect((await outbox.lease())!.owner).toBe(ra.leased ? a.owner : b.owner);
    } finally {
      await other.close();
    }
  });

  it('an expired lease is taken over; rows the old sender left in flight are sent again, marked as resends', async () => {
    await chat('20');
    const [id] = await rows('20', 1);
    // a sender on another machine took the lease and claimed the row, then vanished
    expect((await outbox.acquireLease({ owner: 'old', pid: 1, host: 'elsewhere' }, T0, 30_000, () => true)).held).toBe(true);
    expect(await outbox.claim(id, 'old', new Date(T0).toISOString())).toBe(true);
    expect(await sender().drain()).toMatchObject({ leased: false, sent: 0 });
    clock.advance(30_001);
    const report = await sender().drain();
    expect(report).toMatchObject({ leased: true, reconciled: 1, sent: 1 });
    expect(String(tg.sent('20')[0].params.text)).toContain('Gửi lại sau một lần gián đoạn');
    expect((await outbox.attempts(id)).map((a) => a.event)).toEqual(['reconciled', 'sent']);
    expect(await outbox.get(id)).toMatchObject({ status: 'sent', attempts: 2, resend: true });
  });

  it('a lease of a process on this host that no longer runs is taken at once', async () => {
    await chat('21');
    await rows('21', 1);
    expect((await outbox.acquireLease({ owner: 'dead', pid: 999_999_999, host: os.hostname() }, T0, 30_000, () => false)).held).toBe(true);
    expect(await sender().drain()).toMatchObject({ leased: true, sent: 1 });
  });
});

describe('other channels', () => {
  it('a channel whose window is closed (Zalo’s 48 hours) holds the row until the chat speaks again', async () => {
    await store.chats.touchChat({ platform: 'zalo', chatId: 'z1', chatType: 'private', userId: 'z1', userName: null });
    clock = new ManualClock(Date.now() + 1); // held rows are compared with the chat store's wall-clock last_seen_at
    const content: ReminderContent = { type: 'reminder', offsetDays: 1, item: item(1), unsubscribe: { subscriptionId: 1, command: '/unsubscribe all' } };
    await outbox.tx(() => outbox.insert({ key: 'zalo:z1|reminder|x|2023-12-31|-1d', platform: 'zalo', chatId: 'z1', kind: 'reminder', deadlineId: 'x', docId: 'd', offsetDays: 1, dueLast: '2023-12-31', sendAt: new Date(clock.now()).toISOString(), payload: JSON.stringify(content) }, new Date(clock.now()).toISOString()));
    const got: OutgoingReminder[] = [];
    let open = false;
    const zalo: Channel = {
      platform: 'zalo',
      limits: { perSecond: 10, burst: 1, perChatPerSecond: 1, perGroupPerMinute: 20 },
      async send(m): Promise<DeliveryOutcome> {
        got.push(m);
        return open ? { status: 'sent', messageId: 'z-1' } : { status: 'window_closed', reason: 'the 48-hour window is closed' };
      },
    };
    const s = new Sender({ store, outbox, channels: [zalo], clock });
    expect(await s.drain()).toMatchObject({ held: 1 });
    expect((await outbox.list({ chatId: 'z1' }))[0]).toMatchObject({ status: 'held' });
    expect(await s.drain()).toMatchObject({ sent: 0, held: 0 });
    await new Promise((r) => setTimeout(r, 5)); // last_seen_at is wall-clock time in the chat store
    await store.chats.touchChat({ platform: 'zalo', chatId: 'z1', chatType: 'private', userId: 'z1', userName: null });
    open = true;
    expect(await s.drain()).toMatchObject({ sent: 1 });
    expect(got).toHaveLength(2);
  });
});
