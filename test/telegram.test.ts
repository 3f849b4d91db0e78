// The Telegram bot end to end: the real telegraf client, started by `startServer` as
// `planbot serve` does, against the fake Bot API on 127.0.0.1, over an indexed temp copy of the
// plans. The clock is a fake one (waits are recorded, not slept), so retry_after and the per-chat
// pace are checked without waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { rawRequest } from './helpers/rawHttp.js';
import { memoryLogger } from './helpers/memoryLogger.js';
import { startFakeTelegram, messageUpdate, callbackUpdate, parseTelegramHtml, type FakeTelegram, type FakeCall } from './helpers/fakeTelegram.js';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/chat/serve.js';
import { resolveCallback } from '../src/channels/callbacks.js';
import type { Clock } from '../src/channels/throttle.js';
import { Store } from '../src/store/repository.js';
import { scanFromPlan } from './helpers/scanFixtures.js';
import { RUN_OCR } from './helpers/ocrTools.js';

interface FakeClock extends Clock {
  sleeps: number[];
}

function fakeClock(): FakeClock {
  let t = Date.UTC(2023, 8, 1, 3);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    async sleep(ms) {
      sleeps.push(ms);
      t += ms;
    },
  };
}


const ADMIN = 4242;
let h: IndexedHome;

beforeAll(async () => {
  h = await makeIndexedHome('telegram');
});
afterAll(async () => {
  await h?.dispose();
});

interface Bot {
  fake: FakeTelegram;
  server: RunningServer;
  clock: FakeClock;
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

async function startBot(env: Record<string, string> = {}, fake?: FakeTelegram): Promise<Bot> {
  const f = fake ?? (await startFakeTelegram());
  const clock = fakeClock();
  const { logger, lines } = memoryLogger();
  const cfg = loadConfig({ PLANBOT_HOME: h.home, TELEGRAM_BOT_TOKEN: f.token, TELEGRAM_API_ROOT: f.apiRoot, PLANBOT_ADMINS: `telegram:${ADMIN}`, PORT: '0', ...env });
  const server = await startServer(cfg, { logger, telegram: { clock, pollTimeoutSec: 2 } });
  return {
    fake: f,
    server,
    clock,
    logs: lines,
    async stop() {
      await server.stop();
      if (!fake) await f.close();
    },
  };
}

const toChat = (id: number) => (c: FakeCall) => String(c.params.chat_id) === String(id) && c.status === 200;
const visible = (c: FakeCall) => (c.params.parse_mode === 'HTML' ? (parseTelegramHtml(c.params.text) as { text: string }).text : (c.params.text as string));
const keyboard = (c: FakeCall) => (c.params.reply_markup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][];

/** Waits until chat `id` has received `n` messages, and returns them. */
async function received(bot: Bot, id: number, n = 1): Promise<FakeCall[]> {
  // Real time, not a count of turns: an answer that takes a database write or two still arrives.
  const end = Date.now() + 10_000;
  while (bot.fake.sent(id).length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  await bot.server.ctx.telegram!.idle();
  return bot.fake.sent(id);
}

describe('Telegram bot (long polling)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('starts: getMe, command menu, webhook removed, then long polling', async () => {
    await bot.fake.waitFor('getUpdates');
    const methods = bot.fake.calls.map((c) => c.method);
    expect(methods.slice(0, 3)).toEqual(['getMe', 'setMyCommands', 'deleteWebhook']);
    const menu = bot.fake.calls.find((c) => c.method === 'setMyCommands')!.params.commands as { command: string }[];
    expect(menu.map((c) => c.command)).toEqual(expect.arrayContaining(['huongdan', 'dieukhoan', 'kehoach', 'hanchot', 'theodoi', 'huytheodoi', 'mysubs', 'gopy']));
    for (const c of menu) expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
    expect(bot.server.ctx.telegram!.mode).toBe('polling');
  });

  it('answers a question in HTML with citation buttons and 👍/👎, typing first', async () => {
    const q = 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024';
    const direct = await h.app.answerer.ask(q);
    bot.fake.pushUpdate(messageUpdate({ chatId: 101, text: q }));
    const [m] = await received(bot, 101);
    expect(m.params.parse_mode).toBe('HTML');
    expect(visible(m)).toBe(direct.answer.split(/\n{2,}/).join('\n\n'));
    const typing = bot.fake.calls.findIndex((c) => c.method === 'sendChatAction' && String(c.params.chat_id) === '101');
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(bot.fake.calls.indexOf(m));
    expect(bot.fake.calls[typing].params.action).toBe('typing');
    const rows = keyboard(m);
    const store = bot.server.ctx.app.store;
    const cites = rows.slice(0, -1).flat();
    expect(cites.length).toBe(direct.citations.length);
    for (const [i, b] of cites.entries()) {
      expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
      expect(await resolveCallback(store, b.callback_data)).toEqual({ t: 'clause', id: direct.citations[i].clauseId });
    }
    expect(rows[rows.length - 1].map((b) => b.text)).toEqual(['👍 Hữu ích', '👎 Chưa đúng']);
  });

  it('a citation button opens the clause, and the query is always answered', async () => {
    bot.fake.pushUpdate(messageUpdate({ chatId: 102, text: 'ai chịu trách nhiệm an ninh trường học?' }));
    const [answer] = await received(bot, 102);
    const button = keyboard(answer)[0][0];
    const target = (await resolveCallback(bot.server.ctx.app.store, button.callback_data)) as { id: string };
    const update = callbackUpdate({ chatId: 102, data: button.callback_data, messageId: answer.params.message_id });
    bot.fake.pushUpdate(update);
    const ack = await bot.fake.waitFor('answerCallbackQuery', (c) => c.params.callback_query_id === update.callback_query.id);
    expect(ack.status).toBe(200);
    const [, clause] = await received(bot, 102, 2);
    const row = (await bot.server.ctx.app.store.getClause(target.id))!;
    expect(visible(clause)).toContain(`§${row.path}`);
    expect(visible(clause)).toContain(row.text.split('\n')[0]);
    // a vote is acknowledged with a notice and no message
    const vote = keyboard(answer).at(-1)![0];
    const v = callbackUpdate({ chatId: 102, data: vote.callback_data });
    bot.fake.pushUpdate(v);
    const voteAck = await bot.fake.waitFor('answerCallbackQuery', (c) => c.params.callback_query_id === v.callback_query.id);
    expect(voteAck.params.text).toMatch(/👍/);
    // a button whose key is unknown: still answered, with a notice
    const stale = callbackUpdate({ chatId: 102, data: 'k:doesnotexist0000' });
    bot.fake.pushUpdate(stale);
    expect((await bot.fake.waitFor('answerCallbackQuery', (c) => c.params.callback_query_id === stale.callback_query.id)).params.text).toMatch(/không còn dùng được/);
    await bot.server.ctx.telegram!.idle();
    expect(bot.fake.sent(102)).toHaveLength(2);
  });

  it('answers every command, English names and Vietnamese aliases', async () => {
    const cases: [string, RegExp][] = [
      ['/start', /planbot trả lời câu hỏi/],
      ['/help', /planbot trả lời câu hỏi/],
      ['/huongdan', /planbot trả lời câu hỏi/],
      ['/clause hong-bang-2023-2024#III.1.1', /§III\.1\.1 Chỉ tiêu/],
      ['/dieukhoan hong-bang-2023-2024#III.1.1', /§III\.1\.1 Chỉ tiêu/],
      ['/docs', /Có \d+ kế hoạch/],
      ['/kehoach', /Có \d+ kế hoạch/],
      ['/deadlines', /hạn chót/i],
      ['/hanchot 7', /hạn chót/i],
      ['/subscribe tp-hcm-2023-2024', /Đã theo dõi các hạn chót của kế hoạch TP\.HCM 2023-2024/],
      ['/theodoi Công an quận', /Đã theo dõi các hạn chót giao cho Công an quận/],
      ['/mysubs', /Bạn đang theo dõi:\n• TP\.HCM 2023-2024[\s\S]*Công an quận/],
      ['/unsubscribe tp-hcm-2023-2024', /Đã thôi theo dõi các hạn chót của kế hoạch TP\.HCM/],
      ['/huytheodoi Công an quận', /Đã thôi theo dõi các hạn chót giao cho Công an quận/],
      ['/feedback thiếu số liệu', /Cảm ơn góp ý/],
      ['/gopy cần thêm kế hoạch 2024', /Cảm ơn góp ý/],
      ['/reindex', /chỉ dành cho quản trị viên/],
      ['/stats', /chỉ dành cho quản trị viên/],
    ];
    for (const [i, [text]] of cases.entries()) bot.fake.pushUpdate(messageUpdate({ chatId: 103, text: i % 3 === 0 ? text.replace(/^(\/\w+)/, `$1@${bot.fake.bot.username}`) : text }));
    const sent = await received(bot, 103, cases.length);
    expect(sent).toHaveLength(cases.length);
    for (const [i, [, re]] of cases.entries()) expect(visible(sent[i]), cases[i][0]).toMatch(re);
  });

  it('keeps subscriptions in SQLite, where reminders (and a reopened store) read them', async () => {
    bot.fake.pushUpdate(messageUpdate({ chatId: 104, text: '/theodoi hong-bang-2023-2024', from: { id: 104, first_name: 'Lan' } }));
    bot.fake.pushUpdate(messageUpdate({ chatId: 104, text: '/theodoi tất cả', from: { id: 104, first_name: 'Lan' } }));
    await received(bot, 104, 2);
    const other = await Store.open(h.cfg.dbPath, { create: false });
    try {
      const subs = (await other.chats.activeSubscriptions('telegram')).filter((s) => s.chatId === '104');
      expect(subs.map((s) => [s.kind, s.target, s.chat.userName])).toEqual([
        ['doc', 'hong-bang-2023-2024', 'Lan'],
        ['all', '', 'Lan'],
      ]);
    } finally {
      await other.close();
    }
    bot.fake.pushUpdate(messageUpdate({ chatId: 104, text: '/huytheodoi tất cả' }));
    await received(bot, 104, 3);
    expect(await bot.server.ctx.app.store.chats.subscriptionsOf('telegram', '104')).toEqual([]);
  });

  it('in groups answers commands, mentions and replies to the bot, and ignores the rest', async () => {
    const group = -100200;
    const me = bot.fake.bot;
    const u = (text: string, extra: Partial<Parameters<typeof messageUpdate>[0]> = {}) => messageUpdate({ chatId: group, chatType: 'supergroup', from: { id: 7, first_name: 'Hà' }, text, ...extra });
    bot.fake.pushUpdate(u('hôm nay họp lúc mấy giờ?')); // chatter: ignored
    bot.fake.pushUpdate(u('/help@some_other_bot')); // another bot's command: ignored
    bot.fake.pushUpdate(u(`@${me.username} chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024`));
    bot.fake.pushUpdate(u('/kehoach'));
    bot.fake.pushUpdate(u(`/dieukhoan@${me.username} hong-bang-2023-2024#III.1.1`));
    const botMessage = { message_id: 55, from: { id: me.id, is_bot: true, first_name: me.first_name, username: me.username } };
    bot.fake.pushUpdate(u('ai chịu trách nhiệm an ninh trường học?', { replyTo: botMessage }));
    bot.fake.pushUpdate(u('cảm ơn mọi người', { replyTo: { message_id: 56, from: { id: 8, is_bot: false, first_name: 'Minh' } } })); // a reply to someone else: ignored
    bot.fake.pushUpdate(u(`@${me.username}`)); // the bot's name alone: what it does
    // Updates are handled in order, so once the last one is answered the ignored ones were seen.
    const sent = await received(bot, group, 5);
    expect(sent.map(visible)).toEqual([
      expect.stringMatching(/dưới 1/),
      expect.stringMatching(/Có \d+ kế hoạch/),
      expect.stringMatching(/§III\.1\.1/),
      expect.stringMatching(/\[1\]/),
      expect.stringMatching(/Trong nhóm, hãy nhắc tên bot/),
    ]);
    // answers quote the asker's message in a group
    expect(sent[0].params.reply_parameters?.message_id).toBeTypeOf('number');
  });

  it('explains stickers, photos and voice in one line, and refuses an over-long message', async () => {
    bot.fake.pushUpdate(messageUpdate({ chatId: 105, extra: { sticker: { file_id: 's1' } } }));
    bot.fake.pushUpdate(messageUpdate({ chatId: 105, extra: { photo: [{ file_id: 'p1', width: 1, height: 1 }] } }));
    bot.fake.pushUpdate(messageUpdate({ chatId: 105, extra: { voice: { file_id: 'v1', duration: 2 } } }));
    bot.fake.pushUpdate(messageUpdate({ chatId: 105, text: 'a'.repeat(2001) }));
    const sent = await received(bot, 105, 4);
    for (const m of sent.slice(0, 3)) {
      expect(visible(m)).toMatch(/chỉ đọc tin nhắn chữ/);
      expect(visible(m).split('\n')).toHaveLength(1);
    }
    expect(visible(sent[3])).toMatch(/hỏi từng câu một/);
  });

  it('waits retry_after on 429 and sends again', async () => {
    bot.fake.failNext('sendMessage', { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } } });
    bot.clock.sleeps.length = 0;
    bot.fake.pushUpdate(messageUpdate({ chatId: 106, text: '/kehoach' }));
    const [m] = await received(bot, 106);
    expect(visible(m)).toMatch(/Có \d+ kế hoạch/);
    const attempts = bot.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === '106').map((c) => c.status);
    expect(attempts).toEqual([429, 200]);
    expect(bot.clock.sleeps).toContain(3000);
  });

  it('retries with backoff after a network failure', async () => {
    bot.fake.failNext('sendMessage', { network: true, count: 2 });
    bot.clock.sleeps.length = 0;
    bot.fake.pushUpdate(messageUpdate({ chatId: 107, text: '/kehoach' }));
    await received(bot, 107);
    const attempts = bot.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === '107').map((c) => c.status);
    expect(attempts).toEqual([0, 0, 200]);
    expect(bot.clock.sleeps.filter((s) => s >= 1000)).toEqual([1000, 2000]);
  });

  it('falls back to plain text when Telegram cannot parse the HTML', async () => {
    bot.fake.failNext('sendMessage', { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 3" } });
    bot.fake.pushUpdate(messageUpdate({ chatId: 108, text: '/dieukhoan hong-bang-2023-2024#III.1.1' }));
    const [m] = await received(bot, 108);
    const tries = bot.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === '108');
    expect(tries.map((c) => [c.status, c.params.parse_mode])).toEqual([
      [400, 'HTML'],
      [200, undefined],
    ]);
    expect(m.params.text).toBe(visible(tries[0]));
    expect(keyboard(m).length).toBeGreaterThan(0);
  });

  it('escapes text so that < and & in a plan reach the user as written', async () => {
    const store = bot.server.ctx.app.store;
    const ids = await store.allClauseIds();
    const clauses = [...(await store.getClauses(ids)).values()];
    const tricky = clauses.find((c) => /[<>&]/.test(c.text) && c.text.length < 3000);
    expect(tricky, 'a clause with <, > or & in the corpus').toBeDefined();
    bot.fake.pushUpdate(messageUpdate({ chatId: 109, text: `/dieukhoan ${tricky!.id}` }));
    const [m] = await received(bot, 109);
    expect(m.params.parse_mode).toBe('HTML');
    expect(visible(m)).toContain(tricky!.text.split('\n').find((l) => /[<>&]/.test(l))!.replace(/\t/g, ' | '));
  });

  it('splits a long clause under 4096 characters at line boundaries, buttons on the last part', async () => {
    const id = 'hong-bang-2023-2024#III.2.2';
    const clause = (await bot.server.ctx.app.store.getClause(id))!;
    expect(clause.text.length).toBeGreaterThan(4096);
    bot.fake.pushUpdate(messageUpdate({ chatId: 110, text: `/dieukhoan ${id}` }));
    await received(bot, 110, 2);
    const parts = bot.fake.sent(110);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) expect(visible(p).length).toBeLessThanOrEqual(4096);
    expect(parts.slice(0, -1).every((p) => !p.params.reply_markup)).toBe(true);
    expect(keyboard(parts.at(-1)!).length).toBeGreaterThan(0);
    const all = parts.map(visible).join('\n');
    for (const line of clause.text.split('\n')) expect(all).toContain(line.replace(/\t/g, ' | '));
    // each part ends where a line ends
    for (const p of parts.slice(0, -1)) expect(clause.text.replace(/\t/g, ' | ')).toContain(visible(p).split('\n').at(-1)!);
  });

  it('paces one answer a second per chat, queueing rather than dropping', async () => {
    bot.clock.sleeps.length = 0;
    const qs = ['/kehoach', '/dieukhoan hong-bang-2023-2024#III.1.1', '/mysubs'];
    for (const text of qs) bot.fake.pushUpdate(messageUpdate({ chatId: 111, text }));
    const sent = await received(bot, 111, 3);
    expect(sent.map(visible)).toEqual([expect.stringMatching(/Có \d+ kế hoạch/), expect.stringMatching(/§III\.1\.1/), expect.stringMatching(/chưa theo dõi gì/)]);
    const gaps = sent.slice(1).map((m, i) => m.at - sent[i].at);
    expect(gaps.every((g) => g >= 0)).toBe(true);
    expect(bot.clock.sleeps.filter((s) => s > 900 && s <= 1000).length).toBeGreaterThanOrEqual(2);
  });

  it('holds at most maxQueuedPerChat messages of one chat, says so once, and answers the rest', async () => {
    // A channel that holds two waiting messages per chat.
    const capped = await (async () => {
      const f = await startFakeTelegram();
      const clock = fakeClock();
      const { logger, lines } = memoryLogger();
      const cfg = loadConfig({ PLANBOT_HOME: h.home, TELEGRAM_BOT_TOKEN: f.token, TELEGRAM_API_ROOT: f.apiRoot, PORT: '0', PLANBOT_WEB: 'off' });
      const server = await startServer(cfg, { logger, telegram: { clock, pollTimeoutSec: 2, maxQueuedPerChat: 2 } });
      return { f, server, lines };
    })();
    try {
      await capped.f.waitFor('getUpdates');
      for (let i = 0; i < 6; i++) capped.f.pushUpdate(messageUpdate({ chatId: 222, text: '/kehoach' }));
      await capped.f.waitFor('sendMessage', (c) => String(c.params.chat_id) === '222' && /chưa được nhận/.test(String(c.params.text)), 10_000);
      await new Promise((r) => setTimeout(r, 50));
      await capped.server.ctx.telegram!.idle();
      const texts = capped.f.sent(222).map((c) => String(c.params.text));
      expect(texts.filter((t) => /chưa được nhận/.test(t))).toHaveLength(1);
      const answers = texts.filter((t) => /kế hoạch/.test(t) && !/chưa được nhận/.test(t));
      expect(answers.length).toBeGreaterThanOrEqual(2);
      expect(answers.length).toBeLessThan(6);
      expect(capped.lines.some((l) => l.msg === 'chat queue full; message refused')).toBe(true);
    } finally {
      await capped.server.stop();
      await capped.f.close();
    }
  });

  it('marks a chat inactive when Telegram says the bot was blocked (403)', async () => {
    const store = bot.server.ctx.app.store;
    bot.fake.pushUpdate(messageUpdate({ chatId: 112, text: '/theodoi tất cả' }));
    await received(bot, 112);
    bot.fake.failNext('sendMessage', { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    bot.fake.pushUpdate(messageUpdate({ chatId: 112, text: '/mysubs' }));
    await bot.fake.waitFor('sendMessage', (c) => String(c.params.chat_id) === '112' && c.status === 403);
    await bot.server.ctx.telegram!.idle();
    expect(await store.chats.getChat({ platform: 'telegram', chatId: '112' })).toMatchObject({ active: false, inactiveReason: 'Forbidden: bot was blocked by the user' });
    expect((await store.chats.activeSubscriptions()).some((s) => s.chatId === '112')).toBe(false);
  });

  it('one failing update never stops the bot', async () => {
    bot.fake.pushUpdate({ message: { message_id: 1, date: 0, text: 'no chat here' } });
    bot.fake.pushUpdate(messageUpdate({ chatId: 113, text: '/kehoach' }));
    const [m] = await received(bot, 113);
    expect(visible(m)).toMatch(/Có \d+ kế hoạch/);
    expect(bot.logs.some((l) => l.msg === 'update failed')).toBe(true);
  });

  it('hands an admin’s .txt upload to the indexer; refuses others without downloading', async () => {
    const text = ['KẾ HOẠCH', 'Thực hiện nhiệm vụ năm học 2025 - 2026 của trường thử nghiệm', 'I. CHỈ TIÊU', '- Tỷ lệ học sinh biết bơi đạt 90%.'].join('\n');
    const fileId = bot.fake.addFile(text, 'documents/file_1.txt');
    const doc = { document: { file_id: fileId, file_unique_id: 'u1', file_name: 'truong-thu-nghiem-2025-2026.txt', file_size: Buffer.byteLength(text) } };
    bot.fake.pushUpdate(messageUpdate({ chatId: 114, extra: doc }));
    const [refused] = await received(bot, 114);
    expect(visible(refused)).toMatch(/Chỉ quản trị viên/);
    expect(bot.fake.calls.some((c) => c.method === 'getFile')).toBe(false);
    bot.fake.pushUpdate(messageUpdate({ chatId: ADMIN, extra: doc }));
    const [ok] = await received(bot, ADMIN);
    expect(visible(ok)).toMatch(/Đã nhận và lập chỉ mục truong-thu-nghiem-2025-2026\.txt/);
    expect(bot.fake.calls.some((c) => c.method === 'getFile' && c.params.file_id === fileId)).toBe(true);
    bot.fake.pushUpdate(messageUpdate({ chatId: 115, text: 'tỷ lệ học sinh biết bơi' }));
    const [answer] = await received(bot, 115);
    expect(visible(answer)).toMatch(/90%/);
    // the admin's /stats works in Telegram too
    bot.fake.pushUpdate(messageUpdate({ chatId: ADMIN, text: '/stats' }));
    const [, stats] = await received(bot, ADMIN, 2);
    expect(visible(stats)).toMatch(/Thống kê planbot[\s\S]*Câu hỏi: \d+/);
  });

  it.skipIf(!RUN_OCR)('answers a scan at once ("Đang nhận dạng 1 trang…"), and sends the summary when its OCR is done (real Tesseract)', async () => {
    const { pngs } = await scanFromPlan('tp-hcm-2023-2024', { maxLines: 14, dpi: 300 });
    const fileId = bot.fake.addFile(pngs[0], 'documents/file_2.png');
    const doc = { document: { file_id: fileId, file_unique_id: 'u2', file_name: 'quyet-dinh-quet.png', file_size: pngs[0].length } };
    const before = bot.fake.sent(ADMIN).length;
    bot.fake.pushUpdate(messageUpdate({ chatId: ADMIN, extra: doc }));
    const [started] = (await received(bot, ADMIN, before + 1)).slice(before);
    expect(visible(started)).toMatch(/^Đang nhận dạng 1 trang… \(quyet-dinh-quet\.png là văn bản quét\)/);
    const done = await bot.fake.waitFor('sendMessage', (c) => toChat(ADMIN)(c) && /Đã nhận và lập chỉ mục quyet-dinh-quet\.png/.test(visible(c)), 240_000);
    expect(visible(done)).toMatch(/Văn bản quét, đọc bằng nhận dạng chữ \(OCR\)/);
  }, 300_000);
});

describe('Telegram bot across a restart', () => {
  it('buttons sent before a restart still work after it', async () => {
    const fake = await startFakeTelegram();
    try {
      let bot = await startBot({}, fake);
      fake.pushUpdate(messageUpdate({ chatId: 201, text: 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024' }));
      const [answer] = await received(bot, 201);
      const button = keyboard(answer)[0][0];
      await bot.stop();

      bot = await startBot({}, fake);
      try {
        const update = callbackUpdate({ chatId: 201, data: button.callback_data });
        fake.pushUpdate(update);
        await fake.waitFor('answerCallbackQuery', (c) => c.params.callback_query_id === update.callback_query.id);
        const [, clause] = await received(bot, 201, 2);
        expect(visible(clause)).toMatch(/§III\.1\.1 Chỉ tiêu/);
      } finally {
        await bot.stop();
      }
    } finally {
      await fake.close();
    }
  });
});

describe('Telegram bot (webhook)', () => {
  it('sets the webhook with its secret, takes updates with it, and refuses forged or missing secrets with 401', async () => {
    const bot = await startBot({ TELEGRAM_WEBHOOK_URL: 'https://planbot.example.org/telegram/hook', TELEGRAM_WEBHOOK_SECRET: 'Hook_secret-123' });
    try {
      expect(bot.server.ctx.telegram!.mode).toBe('webhook');
      expect(bot.fake.webhook()).toEqual({ url: 'https://planbot.example.org/telegram/hook', secret_token: 'Hook_secret-123' });
      expect(bot.fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
      const url = `http://127.0.0.1:${bot.server.ctx.http.port}/telegram/hook`;
      const post = (update: unknown, secret?: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, body: JSON.stringify(update) });

      const forged = await post({ update_id: 9001, ...messageUpdate({ chatId: 301, text: '/kehoach' }) }, 'wrong');
      expect(forged.status).toBe(401);
      const missing = await post({ update_id: 9002, ...messageUpdate({ chatId: 301, text: '/kehoach' }) });
      expect(missing.status).toBe(401);
      const ok = await post({ update_id: 9003, ...messageUpdate({ chatId: 302, text: '/kehoach' }) }, 'Hook_secret-123');
      expect(ok.status).toBe(200);
      const [m] = await received(bot, 302);
      expect(visible(m)).toMatch(/Có \d+ kế hoạch/);
      // the same update delivered twice is answered once
      expect((await post({ update_id: 9003, ...messageUpdate({ chatId: 302, text: '/kehoach' }) }, 'Hook_secret-123')).status).toBe(200);
      await bot.server.ctx.telegram!.idle();
      expect(bot.fake.sent(302)).toHaveLength(1);
      expect(bot.fake.sent(301)).toHaveLength(0);
      expect(bot.logs.filter((l) => l.msg === 'webhook request with a wrong or missing secret; ignored')).toHaveLength(2);
      const bad = await post('not json', 'Hook_secret-123');
      expect(bad.status).toBe(400);
      expect((await fetch(`http://127.0.0.1:${bot.server.ctx.http.port}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop();
    }
  });

  it('checks the secret before reading the body: a forged post announcing 1 MB is refused with none of it sent', async () => {
    const bot = await startBot({ TELEGRAM_WEBHOOK_URL: 'https://planbot.example.org/telegram/hook', TELEGRAM_WEBHOOK_SECRET: 'Hook_secret-123' });
    try {
      const port = bot.server.ctx.http.port!;
      const forged = await rawRequest(port, 'POST /telegram/hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: wrong\r\nContent-Length: 1048576');
      expect(forged.status).toBe(401);
      expect(forged.bodyBytesSent).toBe(0);
      const missing = await rawRequest(port, 'POST /telegram/hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576');
      expect(missing.status).toBe(401);
      expect(missing.bodyBytesSent).toBe(0);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop();
    }
  });

  it('refuses to start a webhook without a secret', async () => {
    const fake = await startFakeTelegram();
    try {
      await expect(startBot({ TELEGRAM_WEBHOOK_URL: 'https://planbot.example.org/telegram/hook' }, fake)).rejects.toThrow(/TELEGRAM_WEBHOOK_SECRET is not/);
    } finally {
      await fake.close();
    }
  });
});

describe('serve without a bot token', () => {
  it('runs no Telegram channel and says how to enable it', async () => {
    const { logger, lines } = memoryLogger();
    const server = await startServer(loadConfig({ PLANBOT_HOME: h.home, PORT: '0' }), { logger });
    try {
      expect(server.ctx.telegram).toBeNull();
      expect(server.services.map((s) => s.name)).not.toContain('telegram');
      expect(lines.some((l) => /set TELEGRAM_BOT_TOKEN/.test(String(l.msg)))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('a wrong token is a one-line configuration error', async () => {
    const fake = await startFakeTelegram();
    try {
      const cfg = loadConfig({ PLANBOT_HOME: h.home, TELEGRAM_BOT_TOKEN: '1:wrong', TELEGRAM_API_ROOT: fake.apiRoot, PORT: '0' });
      await expect(startServer(cfg, { logger: memoryLogger().logger })).rejects.toThrow(/Telegram refused TELEGRAM_BOT_TOKEN \(401/);
    } finally {
      await fake.close();
    }
  });
});
