// The platform-neutral chat core over an indexed temp copy of the five plans: every command,
// questions with citation and feedback buttons, buttons pressed (through their SQLite keys),
// subscriptions round-tripped through SQLite, admin rules, uploads. No platform involved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { ChatCore, EXAMPLE_QUESTIONS, CHAT_TEXT_LIMIT, type ChatInput } from '../src/chat/core.js';
import { Reindexer } from '../src/chat/admin.js';
import { uploadHandler } from '../src/chat/upload.js';
import { callbackFor } from '../src/channels/callbacks.js';
import { replyText, type ChatReply, type Button } from '../src/channels/replies.js';
import { todayInVietnam } from '../src/chat/views.js';
import { Store } from '../src/store/repository.js';
import { agencyKey } from '../src/facts/index.js';

let h: IndexedHome;
let core: ChatCore;
let store: Store;
// 2023-09-01 10:00 in Hà Nội: inside the school years of two plans, so deadlines are upcoming.
let now = new Date('2023-09-01T03:00:00Z');
const ADMIN = '900';

beforeAll(async () => {
  h = await makeIndexedHome('chatcore');
  store = h.app.store;
  const reindexer = new Reindexer(store, h.app.answerer, { corpusDir: h.cfg.corpusDir, indexDir: h.cfg.indexDir, embedder: null });
  core = new ChatCore({
    store,
    answerer: h.app.answerer,
    semantic: h.app.semantic,
    admins: [`telegram:${ADMIN}`],
    reindexer,
    upload: uploadHandler({ cfg: h.cfg, store, embedder: null }, reindexer),
    now: () => now,
  });
});
afterAll(async () => {
  await h?.dispose();
});

const chat = (chatId: string, extra: Partial<ChatInput> = {}): ChatInput => ({ platform: 'telegram', chatId, chatType: 'private', userId: chatId, userName: `user ${chatId}`, ...extra });

async function say(chatId: string, text: string, extra: Partial<ChatInput> = {}): Promise<ChatReply> {
  const res = await core.handle(chat(chatId, { ...extra, text }));
  expect(res.replies).toHaveLength(1);
  return res.replies[0];
}

async function press(chatId: string, b: Button) {
  return core.handle(chat(chatId, { callback: await callbackFor(store, b.action) }));
}

const allButtons = (r: ChatReply) => r.buttons.flat();

describe('questions', () => {
  it('answers plain text as `planbot ask` does, with citation buttons and 👍/👎, and logs it', async () => {
    const q = 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024';
    const direct = await h.app.answerer.ask(q);
    const r = await say('1', q);
    expect(replyText(r)).toBe(direct.answer.split(/\n{2,}/).join('\n\n'));
    expect(r.citations.map((c) => c.clauseId)).toEqual(direct.citations.map((c) => c.clauseId));
    expect(r.citations.length).toBeGreaterThan(0);
    const citeButtons = allButtons(r).filter((b) => b.action.t === 'clause');
    expect(citeButtons.map((b) => (b.action as { id: string }).id)).toEqual(direct.citations.map((c) => c.clauseId));
    const votes = r.buttons[r.buttons.length - 1];
    expect(votes.map((b) => b.action)).toEqual([
      { t: 'vote', qid: r.questionId, v: 'up' },
      { t: 'vote', qid: r.questionId, v: 'down' },
    ]);
    const logged = await store.chats.getQuestion(r.questionId!);
    expect(logged).toMatchObject({ question: q, answer: direct.answer, abstained: direct.abstained, chatId: '1' });
    expect(logged!.citations).toEqual(JSON.parse(JSON.stringify(direct.citations)));
  });

  it('a citation button opens the cited clause', async () => {
    const r = await say('1', 'ai chịu trách nhiệm an ninh trường học?');
    const b = allButtons(r).find((x) => x.action.t === 'clause')!;
    const id = (b.action as { id: string }).id;
    const opened = await press('1', b);
    const clause = (await store.getClause(id))!;
    expect(replyText(opened.replies[0])).toContain(clause.text.split('\n')[0]);
    expect(opened.replies[0].blocks[0].text).toContain(`§${clause.path}`);
  });

  it('says so when the plans do not answer', async () => {
    const r = await say('1', 'giá vé máy bay đi Paris bao nhiêu?');
    const logged = await store.chats.getQuestion(r.questionId!);
    expect(logged?.abstained).toBe(true);
    expect(replyText(r)).toMatch(/Kế hoạch không nêu/);
  });

  it('refuses a message over the limit without asking, and handles media with one line', async () => {
    const before = (await store.chats.stats()).questions;
    const r = await say('2', `${'chỉ tiêu '.repeat(Math.ceil(CHAT_TEXT_LIMIT / 9))}?`);
    expect(replyText(r)).toMatch(/hỏi từng câu một/);
    expect((await store.chats.stats()).questions).toBe(before);
    const m = await core.handle(chat('2', { media: 'sticker' }));
    expect(m.replies.map(replyText)).toEqual([expect.stringMatching(/chỉ đọc tin nhắn chữ/)]);
    expect((await core.handle(chat('2', { text: '   ' }))).replies).toEqual([]);
  });
});

describe('commands', () => {
  it('/start, /help and /huongdan explain in Vietnamese with three tap-to-ask examples that get answers', async () => {
    for (const cmd of ['/start', '/help', '/huongdan']) {
      const r = await say('3', cmd);
      expect(replyText(r)).toMatch(/planbot trả lời câu hỏi về kế hoạch nhiệm vụ năm học/);
      expect(allButtons(r).map((b) => b.action)).toEqual(EXAMPLE_QUESTIONS.map((q) => ({ t: 'ask', q })));
    }
    const r = await say('3', '/help');
    for (const b of allButtons(r)) {
      const answered = await press('3', b);
      expect(answered.replies[0].citations.length).toBeGreaterThan(0);
      expect((await store.chats.getQuestion(answered.replies[0].questionId!))?.abstained).toBe(false);
    }
  });

  it('/clause and /dieukhoan show the clause with its breadcrumb and buttons to parent, previous and next', async () => {
    const id = 'hong-bang-2023-2024#III.1.2';
    const c = (await store.getClause(id))!;
    const nav = await store.neighbours(c);
    for (const cmd of ['/clause', '/dieukhoan']) {
      const r = await say('4', `${cmd} ${id}`);
      expect(r.blocks[0]).toMatchObject({ style: 'title' });
      expect(r.blocks[0].text).toContain(['Hồng Bàng 2023-2024', ...c.breadcrumb].join(' › '));
      const targets = allButtons(r).map((b) => b.action);
      expect(targets).toContainEqual({ t: 'clause', id: c.parentId });
      if (nav.prev && nav.prev !== c.parentId) expect(targets).toContainEqual({ t: 'clause', id: nav.prev });
      expect(targets).toContainEqual({ t: 'clause', id: nav.next });
    }
  });

  it('/clause with a wrong id suggests close ones; a bare path finds it in every plan; no id explains', async () => {
    const typo = await say('4', '/clause hong-bang-2023-2024#III.1.9');
    expect(replyText(typo)).toMatch(/Không có điều khoản/);
    expect(allButtons(typo).length).toBeGreaterThan(0);
    const bare = await say('4', '/clause III.1.1');
    const withPath = (await store.allClauseIds()).filter((x) => x.endsWith('#III.1.1'));
    expect(allButtons(bare).map((b) => (b.action as { id: string }).id).sort()).toEqual(withPath.slice(0, 3).sort());
    expect(replyText(await say('4', '/dieukhoan'))).toMatch(/Gõ mã điều khoản/);
  });

  it('/docs and /kehoach list the plans; a plan button lists its parts, a part button opens it', async () => {
    const docs = await store.listDocuments();
    const r = await say('5', '/kehoach');
    expect(allButtons(r).map((b) => b.action)).toEqual(docs.map((d) => ({ t: 'doc', id: d.docId })));
    for (const d of docs) expect(replyText(r)).toContain(d.shortName);
    const parts = await press('5', allButtons(r)[1]);
    const top = (await store.clausesOf(docs[1].docId)).filter((c) => c.parentId === null);
    expect(allButtons(parts.replies[0]).map((b) => b.action)).toEqual(top.map((c) => ({ t: 'clause', id: c.id })));
    const opened = await press('5', allButtons(parts.replies[0])[1]);
    expect(opened.replies[0].blocks[0].text).toContain(`§${top[1].path}`);
    expect(replyText(await say('5', '/docs'))).toBe(replyText(r));
  });

  it('/deadlines and /hanchot list what is due from today, with citations and clause buttons', async () => {
    const from = todayInVietnam(now);
    expect(from).toBe('2023-09-01');
    const expected = await store.facts.listDeadlines({ from, to: '2023-10-01', kinds: ['deadline', 'school_year_task', 'scheduled_event', 'recurring'] });
    expect(expected.length).toBeGreaterThan(0);
    const r = await say('6', '/deadlines');
    const items = r.blocks[1].text.split('\n').filter((l) => l.startsWith('• '));
    expect(items).toHaveLength(Math.min(expected.length, 15));
    expect(new Set(r.citations.map((c) => c.clauseId))).toEqual(new Set(expected.slice(0, 15).map((d) => d.clauseId)));
    expect(allButtons(r).map((b) => b.action)).toEqual(r.citations.map((c) => ({ t: 'clause', id: c.clauseId })));
    for (const c of r.citations) expect((await store.getClause(c.clauseId))!.text).toContain(c.quote);

    const longer = await say('6', '/hanchot 120');
    const in120 = await store.facts.listDeadlines({ from, to: '2023-12-30', kinds: ['deadline', 'school_year_task', 'scheduled_event', 'recurring'] });
    expect(replyText(longer)).toContain(`trong 120 ngày tới`);
    expect(longer.blocks[1].text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(Math.min(in120.length, 15));
    expect(replyText(await say('6', '/hanchot abc'))).toMatch(/Số ngày phải là một số nguyên/);
    expect(replyText(await say('6', '/hanchot 0'))).toMatch(/Số ngày phải là một số nguyên/);
  });

  it('says when nothing is due in the window', async () => {
    const saved = now;
    now = new Date('2031-01-01T03:00:00Z');
    try {
      expect(replyText(await say('6', '/hanchot'))).toMatch(/Không có hạn chót nào trong 30 ngày tới[\s\S]*không nêu hạn chót nào sau hôm nay/);
    } finally {
      now = saved;
    }
  });

  it('an unknown command points to /huongdan', async () => {
    expect(replyText(await say('7', '/xyz'))).toMatch(/không có lệnh \/xyz.*\/huongdan/);
  });
});

describe('subscriptions', () => {
  it('round-trips through SQLite: plan, all, agency, ambiguous name with buttons, /mysubs, unsubscribe', async () => {
    const id = '10';
    expect(replyText(await say(id, '/mysubs'))).toMatch(/chưa theo dõi gì/);
    expect(replyText(await say(id, '/theodoi hong-bang-2023-2024'))).toMatch(/Đã theo dõi các hạn chót của kế hoạch Hồng Bàng 2023-2024/);
    expect(replyText(await say(id, '/subscribe hong-bang-2023-2024'))).toMatch(/đã theo dõi .* từ trước/);
    await say(id, '/theodoi tất cả');
    expect(replyText(await say(id, '/theodoi Công an quận'))).toMatch(/giao cho Công an quận/);

    // "công an" names both Công an quận and Công an Thành phố: planbot asks which.
    const ask = await say(id, '/theodoi công an');
    const choices = allButtons(ask);
    expect(choices.map((b) => b.text).sort()).toEqual(['Công an Thành phố', 'Công an quận']);
    const city = choices.find((b) => b.text === 'Công an Thành phố')!;
    expect(replyText((await press(id, city)).replies[0])).toMatch(/Đã theo dõi các hạn chót giao cho Công an Thành phố/);

    // What is stored is what the reminder planner reads, and it survives reopening the file.
    const reopened = await Store.open(h.cfg.dbPath, { create: false });
    try {
      const subs = await reopened.chats.subscriptionsOf('telegram', id);
      expect(subs.map((s) => [s.kind, s.target])).toEqual([
        ['doc', 'hong-bang-2023-2024'],
        ['all', ''],
        ['agency', agencyKey('Công an quận')],
        ['agency', agencyKey('Công an Thành phố')],
      ]);
      expect((await reopened.chats.activeSubscriptions()).filter((s) => s.chatId === id)).toHaveLength(4);
    } finally {
      await reopened.close();
    }

    const mine = await say(id, '/mysubs');
    expect(allButtons(mine).map((b) => b.action.t)).toEqual(['unsub', 'unsub', 'unsub', 'unsub']);
    expect(replyText(await say(id, '/huytheodoi Công an quận'))).toMatch(/Đã thôi theo dõi các hạn chót giao cho Công an quận/);
    const byButton = await press(id, allButtons(mine)[0]);
    expect(replyText(byButton.replies[0])).toMatch(/Đã thôi theo dõi các hạn chót của kế hoạch Hồng Bàng/);
    expect(replyText(await say(id, '/unsubscribe nothing-like-this'))).toMatch(/Bạn không theo dõi/);
    expect(replyText(await say(id, '/huytheodoi tất cả'))).toMatch(/Đã thôi theo dõi cả 2 mục/);
    expect(await store.chats.subscriptionsOf('telegram', id)).toEqual([]);
  });

  it('explains an empty /theodoi and an unknown name', async () => {
    expect(replyText(await say('11', '/theodoi'))).toMatch(/\/theodoi Công an quận/);
    expect(replyText(await say('11', '/theodoi Bộ Ngoại giao Sao Hỏa'))).toMatch(/Không thấy đơn vị hay kế hoạch nào/);
    expect(await store.chats.subscriptionsOf('telegram', '11')).toEqual([]);
  });
});

describe('feedback', () => {
  it('stores 👍/👎 and /feedback comments with the question, answer and citations', async () => {
    const r = await say('20', 'Ai chịu trách nhiệm an ninh trường học?');
    const [up, down] = r.buttons[r.buttons.length - 1];
    expect((await press('20', up)).notice).toMatch(/👍/);
    expect((await press('20', down)).notice).toMatch(/👎/);
    expect(replyText(await say('20', '/gopy thiếu trích dẫn của Hồng Bàng'))).toMatch(/Đã lưu cùng câu hỏi/);
    expect(replyText(await say('20', '/feedback'))).toMatch(/Gõ góp ý sau lệnh/);
    const mine = (await store.chats.listFeedback()).filter((f) => f.chatId === '20');
    expect(mine.map((f) => [f.vote, f.comment])).toEqual([
      ['down', null],
      [null, 'thiếu trích dẫn của Hồng Bàng'],
    ]);
    for (const f of mine) {
      expect(f.question).toMatchObject({ id: r.questionId, question: 'Ai chịu trách nhiệm an ninh trường học?', answer: replyText(r) });
      expect(f.question!.citations.map((c) => (c as { clauseId: string }).clauseId)).toEqual(r.citations.map((c) => c.clauseId));
    }
  });

  it('in a group, a /gopy comment goes with the commenter’s own last question', async () => {
    const group = (userId: string, text: string) => core.handle(chat('-500', { chatType: 'group', userId, text }));
    await group('31', 'Ai chịu trách nhiệm an ninh trường học?');
    await group('32', 'tỷ lệ học sinh bỏ học THCS');
    const saved = await group('31', '/gopy câu trả lời đúng');
    expect(replyText(saved.replies[0])).toMatch(/Ai chịu trách nhiệm an ninh trường học/);
    const f = (await store.chats.listFeedback()).find((x) => x.comment === 'câu trả lời đúng');
    expect(f?.question?.question).toBe('Ai chịu trách nhiệm an ninh trường học?');
  });

  it('a button whose key is unknown gets a notice, not an error', async () => {
    const res = await core.handle(chat('20', { callback: 'k:AAAAAAAAAAAAAAAA' }));
    expect(res.replies).toEqual([]);
    expect(res.notice).toMatch(/không còn dùng được/);
  });
});

describe('admin', () => {
  it('refuses /stats and /reindex politely to others, in private and in groups', async () => {
    for (const cmd of ['/stats', '/reindex', '/thongke']) {
      expect(replyText(await say('30', cmd))).toMatch(/chỉ dành cho quản trị viên/);
      expect(replyText(await say('-30', cmd, { chatType: 'group', userId: '31' }))).toMatch(/chỉ dành cho quản trị viên/);
    }
  });

  it('/stats gives the counts from the store and the last index time', async () => {
    const s = await store.chats.stats();
    const r = await say(ADMIN, '/stats');
    const text = replyText(r);
    expect(text).toContain(`Câu hỏi: ${s.questions}; không trả lời được (kế hoạch không nêu): ${s.abstentions}`);
    expect(text).toContain(`👍 ${s.feedback.up}, 👎 ${s.feedback.down}, ý kiến viết ${s.feedback.comments}`);
    expect(text).toContain(`Người theo dõi: ${s.subscribers} chat, ${s.subscriptions} mục theo dõi`);
    expect(text).toMatch(/lập lần cuối \d/);
    // an admin in a group, by user id
    expect(replyText(await say('-31', '/stats', { chatType: 'group', userId: ADMIN }))).toContain('Câu hỏi:');
  });

  it('/reindex re-reads corpus/ into the open store and answers from the new text', async () => {
    const file = path.join(h.cfg.corpusDir, 'hong-bang-2023-2024.txt');
    const original = await readFile(file);
    try {
      expect(replyText(await say(ADMIN, '/reindex'))).toMatch(/không đổi 5/);
      const edited = original.toString('utf8').replace('Tỷ lệ trẻ suy dinh dưỡng dưới 1 %', 'Tỷ lệ trẻ suy dinh dưỡng dưới 0,8%');
      expect(edited).not.toBe(original.toString('utf8'));
      await writeFile(file, edited);
      expect(replyText(await say(ADMIN, '/reindex'))).toMatch(/đổi 1[\s\S]*hong-bang-2023-2024/);
      expect(replyText(await say('32', 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024'))).toContain('0,8%');
    } finally {
      await writeFile(file, original);
      await say(ADMIN, '/reindex');
    }
  });
});

describe('uploads', () => {
  const plan = [
    'UỶ BAN NHÂN DÂN QUẬN THỬ NGHIỆM',
    'KẾ HOẠCH',
    'Thực hiện nhiệm vụ năm học 2024 - 2025',
    'I. MỤC TIÊU',
    '1. Chỉ tiêu',
    '- Tỷ lệ học sinh bơi an toàn đạt 95% trước ngày 30 tháng 5 năm 2025.',
    'II. TỔ CHỨC THỰC HIỆN',
    '1. Phòng Giáo dục và Đào tạo',
    '- Chủ trì tổ chức dạy bơi cho học sinh.',
  ].join('\n');

  it('an admin’s document is handed to the indexer and becomes answerable; others are refused without a download', async () => {
    let downloads = 0;
    const doc = { fileName: 'ke-hoach-thu-nghiem.txt', download: async () => (downloads++, Buffer.from(plan, 'utf8')) };
    const refused = await core.handle(chat('40', { document: doc }));
    expect(replyText(refused.replies[0])).toMatch(/Chỉ quản trị viên/);
    expect(downloads).toBe(0);
    const ok = await core.handle(chat(ADMIN, { document: doc }));
    expect(downloads).toBe(1);
    const text = replyText(ok.replies[0]);
    expect(text).toMatch(/Đã nhận và lập chỉ mục ke-hoach-thu-nghiem\.txt/);
    expect(await store.getDocument('ke-hoach-thu-nghiem')).toBeDefined();
    const a = await say('41', 'tỷ lệ học sinh bơi an toàn');
    expect(a.citations.map((c) => c.docId)).toContain('ke-hoach-thu-nghiem');
  });

  it('a file the indexer refuses gets its reason, and nothing is indexed', async () => {
    const before = (await store.listDocuments()).length;
    const bad = await core.handle(chat(ADMIN, { document: { fileName: 'photo.jpg', download: async () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]) } }));
    expect(replyText(bad.replies[0])).toMatch(/^Không nhận tệp photo\.jpg: /);
    expect((await store.listDocuments()).length).toBe(before);
  });
});
