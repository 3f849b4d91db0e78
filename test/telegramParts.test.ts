// The Telegram adapter's pure parts: rendering and splitting, reading updates (group rules),
// retry decisions; and the polling loop's backoff against the fake Bot API.
import { describe, expect, it } from 'vitest';
import { Telegram, TelegramError } from 'telegraf';
import { renderReply, escapeHtml, TELEGRAM_TEXT_LIMIT } from '../src/channels/telegram/render.js';
import { readUpdate, stripMention } from '../src/chat/telegram/updates.js';
import { retryDelay, DEFAULT_RETRY, withRetry } from '../src/channels/telegram/send.js';
import { Poller } from '../src/chat/telegram/polling.js';
import { parseTelegramHtml, startFakeTelegram, messageUpdate, callbackUpdate } from './helpers/fakeTelegram.js';
import type { ChatReply } from '../src/channels/replies.js';
import type { Clock } from '../src/channels/throttle.js';

const reply = (...texts: string[]): ChatReply => ({ blocks: texts.map((text) => ({ text })), citations: [], buttons: [] });
const bot = { id: 77, username: 'planbot_test_bot' };

describe('renderReply', () => {
  it('escapes HTML, bolds titles, and keeps a plain twin with the same visible text', () => {
    const [m] = renderReply({ blocks: [{ text: 'A < B & C', style: 'title' }, { text: 'tỷ lệ <5% & >1%' }], citations: [], buttons: [] });
    expect(m.html).toBe('<b>A &lt; B &amp; C</b>\n\ntỷ lệ &lt;5% &amp; &gt;1%');
    expect(m.plain).toBe('A < B & C\n\ntỷ lệ <5% & >1%');
    expect(parseTelegramHtml(m.html)).toEqual({ text: m.plain });
    expect(escapeHtml('<b>')).toBe('&lt;b&gt;');
  });

  it('splits between blocks (clauses) when the whole does not fit', () => {
    const blocks = Array.from({ length: 6 }, (_, i) => `[${i + 1}] ${'đoạn trích dẫn '.repeat(80).trim()}`);
    const msgs = renderReply(reply(...blocks));
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) {
      expect(m.plain.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      // every message is whole blocks
      for (const part of m.plain.split('\n\n')) expect(blocks).toContain(part);
    }
    expect(msgs.map((m) => m.plain).join('\n\n')).toBe(blocks.join('\n\n'));
  });

  it('splits a block longer than the limit between lines, and a line between sentences', () => {
    const line = (n: number) => `- Dòng ${n}: ${'nội dung kế hoạch '.repeat(20).trim()}.`;
    const big = Array.from({ length: 40 }, (_, i) => line(i)).join('\n');
    const msgs = renderReply(reply('Tiêu đề', big), 1000);
    for (const m of msgs) expect(m.plain.length).toBeLessThanOrEqual(1000);
    const lines = msgs.flatMap((m) => m.plain.split('\n')).filter((l) => l && l !== 'Tiêu đề');
    expect(lines).toEqual(big.split('\n'));

    const sentence = 'Câu này dài vừa phải để thử cắt. ';
    const huge = sentence.repeat(200).trim();
    const cut = renderReply(reply(huge), 500);
    for (const m of cut) {
      expect(m.plain.length).toBeLessThanOrEqual(500);
      expect(m.plain.endsWith('.')).toBe(true);
    }
    expect(cut.map((m) => m.plain).join(' ')).toBe(huge);
  });

  it('renders an empty reply as no message', () => {
    expect(renderReply(reply('', '  '))).toEqual([]);
  });
});

describe('readUpdate', () => {
  it('reads private text, strips mentions, and follows group rules', () => {
    const priv = readUpdate(messageUpdate({ chatId: 5, text: 'xin chào' }) as never, bot);
    expect(priv).toMatchObject({ kind: 'input', input: { platform: 'telegram', chatId: '5', chatType: 'private', userId: '5', text: 'xin chào' } });
    const g = (text: string, extra = {}) => readUpdate(messageUpdate({ chatId: -9, chatType: 'group', from: { id: 3 }, text, ...extra }) as never, bot);
    expect(g('chuyện riêng')).toMatchObject({ kind: 'ignore' });
    expect(g('@planbot_test_bot chỉ tiêu mầm non?')).toMatchObject({ kind: 'input', input: { chatType: 'group', text: 'chỉ tiêu mầm non?' } });
    expect(g('chỉ tiêu mầm non, @PlanBot_Test_Bot?')).toMatchObject({ kind: 'input', input: { text: 'chỉ tiêu mầm non, ?' } });
    expect(g('/help')).toMatchObject({ kind: 'input', input: { text: '/help' } });
    expect(g('/help@planbot_test_bot')).toMatchObject({ kind: 'input', input: { text: '/help' } });
    expect(g('/dieukhoan@planbot_test_bot hong-bang-2023-2024#III.1')).toMatchObject({ kind: 'input', input: { text: '/dieukhoan hong-bang-2023-2024#III.1' } });
    expect(g('/help@other_bot')).toMatchObject({ kind: 'ignore' });
    expect(g('đúng rồi', { replyTo: { message_id: 1, from: { id: 77, is_bot: true, first_name: 'planbot' } } })).toMatchObject({ kind: 'input', input: { text: 'đúng rồi' } });
    expect(g('đúng rồi', { replyTo: { message_id: 1, from: { id: 78, is_bot: false, first_name: 'An' } } })).toMatchObject({ kind: 'ignore' });
  });

  it('reads media, documents, button presses, blocks, and ignores what is not for it', () => {
    expect(readUpdate(messageUpdate({ chatId: 5, extra: { voice: { file_id: 'v' } } }) as never, bot)).toMatchObject({ kind: 'input', input: { media: 'voice' } });
    expect(readUpdate(messageUpdate({ chatId: 5, extra: { document: { file_id: 'f1', file_name: 'kh.txt', file_size: 10 } } }) as never, bot)).toMatchObject({
      kind: 'document',
      file: { fileId: 'f1', fileName: 'kh.txt', size: 10 },
    });
    expect(readUpdate(callbackUpdate({ chatId: -9, chatType: 'group', from: { id: 3 }, data: 'k:abc' }) as never, bot)).toMatchObject({
      kind: 'callback',
      input: { chatId: '-9', chatType: 'group', userId: '3', callback: 'k:abc' },
    });
    expect(readUpdate({ update_id: 1, my_chat_member: { chat: { id: 5, type: 'private' }, new_chat_member: { status: 'kicked' } } }, bot)).toEqual({ kind: 'blocked', chatId: '5', reason: 'my_chat_member: kicked' });
    expect(readUpdate({ update_id: 2, message: { message_id: 1, chat: { id: 5, type: 'private' }, from: { id: 9, is_bot: true }, text: 'hi' } }, bot)).toMatchObject({ kind: 'ignore' });
    expect(readUpdate({ update_id: 3 }, bot)).toMatchObject({ kind: 'ignore' });
  });

  it('strips a mention given only as text (no entities)', () => {
    expect(stripMention('@planbot_test_bot  ai phụ trách?', undefined, bot)).toEqual({ text: 'ai phụ trách?', mentioned: true });
    expect(stripMention('gửi @someone khác', undefined, bot)).toEqual({ text: 'gửi @someone khác', mentioned: false });
  });
});

describe('retry rules', () => {
  const tg = (code: number, parameters?: Record<string, unknown>) => new TelegramError({ error_code: code, description: `e${code}`, parameters } as never);

  it('waits retry_after on 429, backs off on 5xx and network errors, gives up on other 4xx', () => {
    expect(retryDelay(tg(429, { retry_after: 7 }), 0, DEFAULT_RETRY)).toBe(7000);
    expect(retryDelay(tg(502), 0, DEFAULT_RETRY)).toBe(1000);
    expect(retryDelay(tg(502), 3, DEFAULT_RETRY)).toBe(8000);
    expect(retryDelay(tg(502), 20, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(retryDelay(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 1, DEFAULT_RETRY)).toBe(2000);
    expect(retryDelay(tg(400), 0, DEFAULT_RETRY)).toBeNull();
    expect(retryDelay(tg(403), 0, DEFAULT_RETRY)).toBeNull();
    expect(retryDelay(new TypeError('bug'), 0, DEFAULT_RETRY)).toBeNull();
  });

  it('stops after the last attempt and throws the error', async () => {
    const waits: number[] = [];
    const clock: Clock = { now: () => 0, sleep: async (ms) => void waits.push(ms) };
    let calls = 0;
    await expect(
      withRetry(
        'x',
        async () => {
          calls++;
          throw tg(500);
        },
        { clock, policy: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 } },
      ),
    ).rejects.toThrow('500');
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });
});

describe('Poller', () => {
  it('backs off exponentially when getUpdates fails, resets after a success, and hands updates over in order', async () => {
    const fake = await startFakeTelegram();
    const waits: number[] = [];
    const clock: Clock = { now: () => 0, sleep: async (ms) => void waits.push(ms) };
    const seen: number[] = [];
    try {
      fake.failNext('getUpdates', { network: true, count: 2 });
      fake.failNext('getUpdates', { status: 502 });
      const first = fake.pushUpdate(messageUpdate({ chatId: 1, text: 'a' }));
      const second = fake.pushUpdate(messageUpdate({ chatId: 1, text: 'b' }));
      const poller = new Poller(new Telegram(fake.token, { apiRoot: fake.apiRoot }), async (u) => {
        seen.push(u.update_id);
        if (u.update_id === first) throw new Error('a bad update');
      }, { clock, timeoutSec: 1 });
      poller.start();
      await fake.waitFor('getUpdates', (c) => c.status === 200 && Number(c.params.offset) === second + 1);
      await poller.stop();
      expect(waits).toEqual([1000, 2000, 4000]);
      expect(seen).toEqual([first, second]);
    } finally {
      await fake.close();
    }
  });

  it('stops for good on 401 (a wrong token)', async () => {
    const fake = await startFakeTelegram();
    try {
      const poller = new Poller(new Telegram('1:wrong', { apiRoot: fake.apiRoot }), async () => undefined, { timeoutSec: 1 });
      poller.start();
      await poller.finished();
      expect(poller.failure?.message).toMatch(/401/);
    } finally {
      await fake.close();
    }
  });
});
