// The fake Bot API itself, driven by telegraf's real client: what the other Telegram suites
// rely on (recording, long polling, failures, validation like Telegram's, files).
import { afterEach, describe, expect, it } from 'vitest';
import { Telegram, TelegramError } from 'telegraf';
import { startFakeTelegram, parseTelegramHtml, messageUpdate, FakeApiError, type FakeTelegram } from './helpers/fakeTelegram.js';

let fake: FakeTelegram | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function client(): Promise<{ fake: FakeTelegram; tg: Telegram }> {
  fake = await startFakeTelegram();
  return { fake, tg: new Telegram(fake.token, { apiRoot: fake.apiRoot }) };
}

describe('fake Telegram Bot API', () => {
  it('answers getMe and records sendMessage calls per chat', async () => {
    const { fake, tg } = await client();
    const me = await tg.getMe();
    expect(me.username).toBe(fake.bot.username);
    const m = await tg.sendMessage(42, 'Xin chào <b>bạn</b>', { parse_mode: 'HTML' });
    await tg.sendMessage(43, 'khác');
    expect(m.chat.id).toBe(42);
    expect(fake.sent(42).map((c) => c.params.text)).toEqual(['Xin chào <b>bạn</b>']);
    expect(fake.sent()).toHaveLength(2);
    expect(fake.calls.map((c) => c.method)).toEqual(['getMe', 'sendMessage', 'sendMessage']);
  });

  it('refuses a wrong token with 401', async () => {
    fake = await startFakeTelegram();
    const bad = new Telegram('999:wrong', { apiRoot: fake.apiRoot });
    await expect(bad.getMe()).rejects.toMatchObject({ code: 401 });
  });

  it('validates HTML, length and callback_data like Telegram', async () => {
    const { tg } = await client();
    await expect(tg.sendMessage(1, 'a < b', { parse_mode: 'HTML' })).rejects.toThrow(/can't parse entities/);
    await expect(tg.sendMessage(1, 'x'.repeat(4097))).rejects.toThrow(/message is too long/);
    await expect(tg.sendMessage(1, 'ok', { reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'x'.repeat(65) }]] } })).rejects.toThrow(/BUTTON_DATA_INVALID/);
    expect(parseTelegramHtml('<b>a &amp; b</b> &lt;3')).toEqual({ text: 'a & b <3' });
    expect(parseTelegramHtml('<b>open')).toHaveProperty('error');
  });

  it('fails the next calls as told: 429 with retry_after, then succeeds', async () => {
    const { fake, tg } = await client();
    fake.failNext('sendMessage', { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }, count: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await tg.sendMessage(5, 'hi').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TelegramError);
      expect((err as TelegramError).parameters?.retry_after).toBe(7);
    }
    await tg.sendMessage(5, 'hi');
    expect(fake.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([429, 429, 200]);
    expect(fake.sent(5)).toHaveLength(1);
  });

  it('drops the connection on a network failure', async () => {
    const { fake, tg } = await client();
    fake.failNext('sendChatAction', { network: true });
    await expect(tg.sendChatAction(5, 'typing')).rejects.toThrow();
    await expect(tg.sendChatAction(5, 'typing')).resolves.toBe(true);
  });

  it('long-polls getUpdates: waits for a pushed update, confirms by offset', async () => {
    const { fake, tg } = await client();
    const waiting = tg.callApi('getUpdates', { timeout: 5, offset: 0 });
    const id = fake.pushUpdate(messageUpdate({ chatId: 9, text: 'xin chào' }));
    const got = await waiting;
    expect(got.map((u) => u.update_id)).toEqual([id]);
    expect(await tg.callApi('getUpdates', { timeout: 0, offset: id + 1 })).toEqual([]);
  });

  it('refuses getUpdates while a webhook is set', async () => {
    const { fake, tg } = await client();
    await tg.setWebhook('https://bot.example.org/telegram', { secret_token: 's3cret' });
    expect(fake.webhook()).toEqual({ url: 'https://bot.example.org/telegram', secret_token: 's3cret' });
    await expect(tg.callApi('getUpdates', { timeout: 0 })).rejects.toMatchObject({ code: 409 });
    await tg.deleteWebhook();
    await expect(tg.callApi('getUpdates', { timeout: 0 })).resolves.toEqual([]);
  });

  it('serves files through getFile and the file path', async () => {
    const { fake, tg } = await client();
    const id = fake.addFile('Kế hoạch mới', 'documents/ke-hoach.txt');
    const link = await tg.getFileLink(id);
    const res = await fetch(link);
    expect(await res.text()).toBe('Kế hoạch mới');
  });

  it('runs a custom handler, and waitFor sees calls made later', async () => {
    const { fake, tg } = await client();
    fake.setHandler('editMessageText', () => {
      throw new FakeApiError(400, 'Bad Request: message is not modified');
    });
    const seen = fake.waitFor('editMessageText');
    await expect(tg.editMessageText(1, 1, undefined, 'x')).rejects.toThrow(/not modified/);
    expect((await seen).status).toBe(400);
  });
});
