// Zalo's message kinds, against the fake Zalo that keeps the rules (reply window, reply reference,
// verified OA, monthly quota): reminders go as replies inside the window, as proactive messages
// for a verified OA (counted in SQLite, held when the quota is spent — also mid-batch — and sent
// when the month renews or the person writes), as template messages when a template is set, and
// otherwise are kept and delivered, newest due first, when the person writes; /mysubs and the
// subscription reply say so once. Also: a full per-user queue is told once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/repository.js';
import { OutboxStore } from '../src/store/outbox.js';
import { ManualClock } from '../src/channels/clock.js';
import { Sender } from '../src/notify/sender.js';
import { planReminders, DEFAULT_REMINDER_SETTINGS } from '../src/notify/planner.js';
import { KEPT_REASON, ZaloOutboxChannel } from '../src/notify/zalo.js';
import type { ReminderContent } from '../src/notify/content.js';
import { ZaloClient } from '../src/channels/zalo/client.js';
import { ZaloTokens } from '../src/channels/zalo/tokens.js';
import { nextQuotaMonth, quotaMonth } from '../src/channels/zalo/kinds.js';
import { startServer, type RunningServer } from '../src/chat/serve.js';
import { ZaloChannel, REMINDERS_KEPT_NOTE } from '../src/chat/zalo/channel.js';
import { HttpServer } from '../src/chat/http.js';
import { QUEUE_FULL } from '../src/chat/telegram/bot.js';
import { textReply } from '../src/channels/replies.js';
import type { ChatCore } from '../src/chat/core.js';
import { loadConfig } from '../src/config.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { startFakeZalo, textEvent, type FakeZalo } from './helpers/fakeZalo.js';
import { until } from './helpers/planbotProcess.js';

// 08:00 in Vietnam, 7 days before 31/12/2023: the sender's and the channel's clock.
const NOW = Date.parse('2023-12-24T01:00:00Z');

let h: IndexedHome;
let store: Store;
let zalo: FakeZalo;
let caseNo = 0;

beforeAll(async () => {
  h = await makeIndexedHome('zalo-kinds');
  store = await Store.open(h.cfg.dbPath, { create: false });
});
afterAll(async () => {
  await zalo?.close();
  await store?.close();
  await h?.dispose();
});

/** A fresh fake Zalo, its token pair stored. */
async function freshZalo(): Promise<FakeZalo> {
  await zalo?.close();
  zalo = await startFakeZalo();
  await store.db.run('DELETE FROM zalo_tokens');
  await store.zalo.seed(zalo.current.accessToken, zalo.current.refreshToken, null);
  caseNo++;
  return zalo;
}

function channel(clock: ManualClock, policy: { verified: boolean; templateId: string | null }, monthlyQuota = 1000): ZaloOutboxChannel {
  const tokens = new ZaloTokens({ store: store.zalo, appId: zalo.appId, appSecret: zalo.appSecret, oauthRoot: zalo.root });
  const client = new ZaloClient({ apiRoot: zalo.root, templateApiRoot: zalo.root, tokens });
  return new ZaloOutboxChannel({ client, store: store.zalo, policy, monthlyQuota, now: () => clock.now(), limits: { perSecond: 500, burst: 50, perChatPerSecond: 100 } });
}

/** n users, each with one due single-part reminder (due dates a day apart, the latest first). */
async function dueReminders(users: string[], perUser = 1): Promise<void> {
  const outbox = new OutboxStore(store.db);
  const at = new Date(NOW - 60_000).toISOString();
  for (const u of users) await store.chats.touchChat({ platform: 'zalo', chatId: u, chatType: 'private', userId: u, userName: null });
  await outbox.tx(async () => {
    for (const u of users)
      for (let i = 0; i < perUser; i++) {
        const dueLast = `2023-12-${String(25 + i).padStart(2, '0')}`;
        const content: ReminderContent = {
          type: 'reminder', offsetDays: 1,
          item: { deadlineId: `d${i}`, docId: 'hong-bang-2023-2024', clauseId: 'hong-bang-2023-2024#III.1.2', task: `Việc ${i} của ${u}`, dueLast, dueText: null, responsible: 'Phòng GD&ĐT', citation: { doc: 'Hồng Bàng 2023-2024', section: '§III.1.2', heading: 'Chỉ tiêu', quote: `Việc ${i}.` } },
          unsubscribe: { subscriptionId: 1, command: '/unsubscribe all' },
        };
        await outbox.insert({ key: `zalo:${u}|reminder|d${i}|${dueLast}|-1d`, platform: 'zalo', chatId: u, kind: 'reminder', deadlineId: `d${i}`, docId: 'hong-bang-2023-2024', offsetDays: 1, dueLast, sendAt: at, payload: JSON.stringify(content) }, at);
      }
  });
}

const rowsOf = async (u: string) => new OutboxStore(store.db).list({ chatId: u });

/** The person writes: Zalo opens the window from the message, planbot notes it (as the webhook does). */
async function writes(u: string, msgId: string, clock: ManualClock): Promise<void> {
  zalo.userWrote(u, msgId);
  await store.zalo.noteMessage(u, msgId, new Date(clock.now()));
  await store.chats.touchChat({ platform: 'zalo', chatId: u, chatType: 'private', userId: u, userName: null });
}

describe('reminders by message kind', () => {
  beforeEach(async () => {
    await freshZalo();
  });
  it('inside the 48-hour window: a reply referencing the person’s last message, free', async () => {
    const clock = new ManualClock(NOW);
    const u = `r${caseNo}`;
    await dueReminders([u]);
    await writes(u, `${u}-msg`, clock);
    const report = await new Sender({ owner: 'kinds-test', store, channels: [channel(clock, { verified: false, templateId: null })], clock }).drain();
    expect(report.sent).toBe(1);
    expect(zalo.sent(u)).toMatchObject([{ kind: 'reply', replyTo: `${u}-msg` }]);
    expect(zalo.oa.used).toBe(0);
  });

  it('a verified OA: proactive, counted in SQLite; the quota running out mid-batch holds the rest (none failed) until the month renews', async () => {
    const clock = new ManualClock(NOW);
    zalo.oa.verified = true;
    zalo.oa.quota = 5;
    const users = Array.from({ length: 12 }, (_, i) => `p${caseNo}-${i}`);
    await dueReminders(users);
    const ch = channel(clock, { verified: true, templateId: null }, 5);
    const report = await new Sender({ owner: 'kinds-test', store, channels: [ch], clock, concurrency: 4 }).drain();
    expect(report).toMatchObject({ sent: 5, held: 7, failed: 0 });
    expect(zalo.sent().filter((m) => users.includes(m.userId)).every((m) => m.kind === 'proactive')).toBe(true);
    expect(zalo.refused).toEqual([]); // planbot never spent what it did not have
    expect(await store.zalo.quotaUsed(quotaMonth(NOW))).toBe(5);
    const held = (await Promise.all(users.map(rowsOf))).flat().filter((r) => r.status === 'held');
    expect(held).toHaveLength(7);
    expect(held.every((r) => /proactive Zalo messages are spent/.test(r.reason ?? '') && r.heldUntil === new Date(nextQuotaMonth(NOW)).toISOString())).toBe(true);

    // Still the same month: nothing more goes.
    expect((await new Sender({ owner: 'kinds-test', store, channels: [ch], clock }).drain()).sent).toBe(0);
    // A new month: Zalo renews the quota, the held ones go.
    zalo.oa.used = 0;
    clock.set(nextQuotaMonth(NOW) + 8 * 3_600_000);
    const renewed = await new Sender({ owner: 'kinds-test', store, channels: [ch], clock }).drain();
    expect(renewed.sent).toBe(5);
    expect(renewed.held).toBe(2);
    expect(await store.zalo.quotaUsed(quotaMonth(clock.now()))).toBe(5);
  });

  it('a template id set: template (ZNS) messages with the task, due date, plan and clause', async () => {
    const clock = new ManualClock(NOW);
    const u = `t${caseNo}`;
    await store.chats.touchChat({ platform: 'zalo', chatId: u, chatType: 'private', userId: u, userName: null });
    await store.chats.subscribe('zalo', u, { kind: 'doc', target: 'hong-bang-2023-2024', label: 'Hồng Bàng 2023-2024' });
    const outbox = new OutboxStore(store.db);
    await planReminders(store, outbox, NOW, DEFAULT_REMINDER_SETTINGS);
    await new Sender({ owner: 'kinds-test', store, outbox, channels: [channel(clock, { verified: false, templateId: 'tpl-9001' })], clock }).drain();
    const sentRows = (await rowsOf(u)).filter((r) => r.status === 'sent');
    expect(sentRows.length).toBeGreaterThan(0);
    expect(zalo.sent(u)).toHaveLength(0);
    const mine = zalo.templates.filter((t) => t.userId === u);
    expect(mine.length).toBe(sentRows.length);
    expect(new Set(mine.map((t) => t.trackingId)).size).toBe(mine.length);
    const bachDang = mine.find((t) => /Bạch Đằng/.test(t.data.task));
    expect(bachDang).toBeDefined();
    expect(bachDang!).toMatchObject({ templateId: 'tpl-9001', data: { due_date: '31/12/2023', plan: expect.stringMatching(/Hồng Bàng/), clause: expect.stringMatching(/^§[IVX.\d]+ \/clause hong-bang-2023-2024#/) } });
    for (const t of mine) expect(Object.keys(t.data).sort()).toEqual(['clause', 'due_date', 'plan', 'task']);
  });

  it('neither: kept, never tried, and delivered newest due first as replies when the person writes', async () => {
    const clock = new ManualClock(NOW);
    const u = `k${caseNo}`;
    await dueReminders([u], 3);
    const ch = channel(clock, { verified: false, templateId: null });
    const report = await new Sender({ owner: 'kinds-test', store, channels: [ch], clock }).drain();
    expect(report).toMatchObject({ sent: 0, held: 3 });
    expect((await rowsOf(u)).every((r) => r.status === 'held' && r.reason === KEPT_REASON)).toBe(true);
    expect(zalo.calls.filter((c) => c.body?.recipient?.user_id === u)).toHaveLength(0);

    clock.advance(60_000);
    await writes(u, `${u}-back`, clock);
    const after = await new Sender({ owner: 'kinds-test', store, channels: [ch], clock, concurrency: 1 }).drain();
    expect(after.sent).toBe(3);
    const got = zalo.sent(u);
    expect(got.every((m) => m.kind === 'reply' && m.replyTo === `${u}-back`)).toBe(true);
    expect(got.map((m) => /Việc (\d)/.exec(m.text)?.[1])).toEqual(['2', '1', '0']); // due 27, 26, 25 December
  });

  it('a message’s free replies are spent: the rest wait for the next message (none goes as a 9th, proactive, reply)', async () => {
    const clock = new ManualClock(NOW);
    const u = `c${caseNo}`;
    await dueReminders([u], 6);
    await dueReminders([`${u}-b`], 6);
    await writes(u, `${u}-1`, clock);
    const ch = channel(clock, { verified: false, templateId: null });
    // Six reminders kept for another person, six for this one: a reminder each, then two
    // answers of 1 message share the 8 free replies of this person's message.
    const first = await new Sender({ owner: 'kinds-test', store, channels: [ch], clock, concurrency: 1 }).drain();
    expect(first.sent).toBe(6);
    const outbox = new OutboxStore(store.db);
    const at = new Date(clock.now()).toISOString();
    for (let i = 0; i < 4; i++) await outbox.tx(() => outbox.insertReply({ key: `zalo:${u}|reply|e${i}|0`, platform: 'zalo', chatId: u, kind: 'reply', deadlineId: null, docId: null, offsetDays: null, dueLast: null, sendAt: at, payload: JSON.stringify({ type: 'reply', text: `trả lời ${i}` }), replyTo: `${u}-1` }, at));
    const second = await new Sender({ owner: 'kinds-test', store, channels: [ch], clock, concurrency: 1 }).drain();
    expect(second.sent).toBe(2); // 6 + 2 = the 8 free replies of that message
    // the next answer waits, and the one behind it waits on it
    const answers = (await rowsOf(u)).filter((r) => r.kind === 'reply').map((r) => r.status);
    expect(answers).toEqual(['sent', 'sent', 'held', 'pending']);
    expect(zalo.sent(u).every((m) => m.kind === 'reply')).toBe(true);
    expect(zalo.refused).toEqual([]);
    // A new message: 8 more free replies; the held answers go, in order.
    clock.advance(60_000);
    await writes(u, `${u}-2`, clock);
    const third = await new Sender({ owner: 'kinds-test', store, channels: [ch], clock, concurrency: 1 }).drain();
    expect(third.sent).toBe(2);
    expect(zalo.sent(u).filter((m) => m.text.startsWith('trả lời')).map((m) => [m.text, m.replyTo])).toEqual([
      ['trả lời 0', `${u}-1`], ['trả lời 1', `${u}-1`], ['trả lời 2', `${u}-2`], ['trả lời 3', `${u}-2`],
    ]);
    expect(zalo.sent(`${u}-b`)).toHaveLength(0); // the other person has not written: kept
  });
});

describe('what a Zalo subscriber is told about reminders, and a full queue', () => {
  let server: RunningServer;
  let base: string;
  let z: FakeZalo;
  beforeAll(async () => {
    z = await freshZalo();
    const cfg = loadConfig({
      PLANBOT_HOME: h.home, PORT: '0', PLANBOT_WEB: 'off',
      ZALO_APP_ID: z.appId, ZALO_OA_SECRET_KEY: z.oaSecretKey, ZALO_APP_SECRET: z.appSecret, ZALO_ACCESS_TOKEN: z.current.accessToken, ZALO_REFRESH_TOKEN: z.current.refreshToken,
      ZALO_API_ROOT: z.root, ZALO_OAUTH_ROOT: z.root, ZALO_SENDS_PER_USER_PER_SECOND: '50', ZALO_SENDS_PER_SECOND: '100',
    });
    server = await startServer(cfg, {});
    base = `http://127.0.0.1:${server.ctx.http.port}`;
  });
  afterAll(async () => {
    await server?.stop();
  });
  const zalo = { signedEvent: (e: Record<string, unknown>) => z.signedEvent(e), sent: (u: string) => z.sent(u) };
  const post = (e: { body: Buffer; headers: Record<string, string> }) => fetch(`${base}/zalo/webhook`, { method: 'POST', body: e.body, headers: e.headers });

  it('the subscription reply and /mysubs say once that reminders wait for the next message', async () => {
    const u = 'note-1';
    const first = zalo.signedEvent(textEvent({ userId: u, text: '/theodoi hong-bang-2023-2024' }));
    expect((await post(first)).status).toBe(200);
    await until(() => zalo.sent(u).some((m) => m.text === REMINDERS_KEPT_NOTE), 20_000, 'the note');
    const mysubs = zalo.signedEvent(textEvent({ userId: u, text: '/mysubs' }));
    expect((await post(mysubs)).status).toBe(200);
    const msgId = JSON.parse(mysubs.body.toString()).message.msg_id;
    await until(() => zalo.sent(u).some((m) => m.replyTo === msgId), 20_000, 'the /mysubs reply');
    await server.ctx.zalo!.drained();
    expect(zalo.sent(u).filter((m) => m.text === REMINDERS_KEPT_NOTE)).toHaveLength(1);
    expect(zalo.sent(u).every((m) => m.kind === 'reply')).toBe(true);
  });
}, 60_000);

describe('a full per-user queue', () => {
  it('refuses the events beyond it and tells the user once, as a reply', async () => {
    const z = await freshZalo();
    const http = new HttpServer();
    const slow: Pick<ChatCore, 'handle'> = { handle: async () => (await new Promise((r) => setTimeout(r, 300)), { replies: [textReply('đã trả lời')] }) };
    const ch = new ZaloChannel({ appId: z.appId, oaSecretKey: z.oaSecretKey, appSecret: z.appSecret, accessToken: z.current.accessToken, refreshToken: z.current.refreshToken, oauthRoot: z.root, core: slow as ChatCore, store, http, maxQueuedPerUser: 3 });
    const port = await http.listen(0, '127.0.0.1');
    try {
      const u = 'full-1';
      const list = Array.from({ length: 10 }, (_, i) => z.signedEvent(textEvent({ userId: u, text: `câu ${i}`, msgId: `full-${i}` })));
      const statuses = await Promise.all(list.map((e) => fetch(`http://127.0.0.1:${port}/zalo/webhook`, { method: 'POST', body: e.body, headers: e.headers }).then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);
      await ch.drained();
      const rows = await new OutboxStore(store.db).list({ chatId: u });
      const texts = rows.map((r) => JSON.parse(r.payload).text as string);
      expect(texts.filter((t) => t === 'đã trả lời')).toHaveLength(3);
      expect(texts.filter((t) => t === QUEUE_FULL(3))).toHaveLength(1); // told once, not seven times
      expect(await store.chats.inboxOpen('zalo')).toEqual([]); // nothing left dangling
    } finally {
      await ch.stop();
      await http.close();
    }
  });
});
