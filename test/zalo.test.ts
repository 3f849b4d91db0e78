// The Zalo OA channel end to end: signed webhooks over real HTTP into `planbot serve`'s server,
// replies through the outbox and the real sender and client to a fake Zalo on 127.0.0.1 that
// keeps Zalo's message rules, and the token pair rotating in the real SQLite store — including a
// crash between Zalo's answer and the write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/chat/serve.js';
import { loadConfig } from '../src/config.js';
import { Store } from '../src/store/repository.js';
import { ZaloTokens, ZaloAuthError } from '../src/channels/zalo/tokens.js';
import { OutboxStore } from '../src/store/outbox.js';
import { ZaloClient } from '../src/channels/zalo/client.js';
import { zaloMessages, ZALO_TEXT_LIMIT } from '../src/channels/zalo/render.js';
import { verifyZaloEvent } from '../src/channels/zalo/signature.js';
import type { ZaloChannel } from '../src/chat/zalo/channel.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { startFakeZalo, textEvent, type FakeZalo } from './helpers/fakeZalo.js';
import { memoryLogger } from './helpers/memoryLogger.js';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';

let h: IndexedHome;
let zalo: FakeZalo;
let server: RunningServer;
let channel: ZaloChannel;
let base: string;
const log = memoryLogger();

beforeAll(async () => {
  h = await makeIndexedHome('zalo');
  zalo = await startFakeZalo({ verified: true });
  const cfg = loadConfig({
    PLANBOT_HOME: h.home,
    PORT: '0',
    PLANBOT_WEB: 'off',
    ZALO_APP_ID: zalo.appId,
    ZALO_OA_SECRET_KEY: zalo.oaSecretKey,
    ZALO_APP_SECRET: zalo.appSecret,
    ZALO_ACCESS_TOKEN: zalo.current.accessToken,
    ZALO_REFRESH_TOKEN: zalo.current.refreshToken,
    ZALO_API_ROOT: zalo.root,
    ZALO_OAUTH_ROOT: zalo.root,
    ZALO_OA_VERIFIED: '1',
    PLANBOT_RETRY_BASE_MS: '300',
    PLANBOT_ADMINS: 'zalo:admin-1',
    ZALO_SENDS_PER_USER_PER_SECOND: '50',
    ZALO_SENDS_PER_SECOND: '100',
  });
  server = await startServer(cfg, { logger: log.logger });
  channel = server.ctx.zalo!;
  base = `http://127.0.0.1:${server.ctx.http.port}`;
});

afterAll(async () => {
  await server?.stop();
  await zalo?.close();
  await h?.dispose();
});

const post = (body: Buffer, headers: Record<string, string>) => fetch(`${base}/zalo/webhook`, { method: 'POST', body, headers });

async function untilAsync<T>(fn: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function until<T>(fn: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the Zalo webhook', () => {
  it('answers a signed question with the cited answer and a reply command per citation', async () => {
    const e = zalo.signedEvent(textEvent({ userId: 'u-1', text: 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024' }));
    const res = await post(e.body, e.headers);
    expect(res.status).toBe(200);
    const msgs = await until(() => zalo.sent('u-1').some((m) => m.text.includes('/clause')) && zalo.sent('u-1'));
    const text = zalo.sent('u-1').map((m) => m.text).join('\n');
    expect(text).toMatch(/dưới 1%/);
    expect(text).toContain('/clause hong-bang-2023-2024#III.1.1');
    for (const m of msgs) expect(m.text.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    // Sent as replies to the user's message: free, no quota spent.
    const msgId = JSON.parse(e.body.toString()).message.msg_id;
    expect(msgs.every((m) => m.kind === 'reply' && m.replyTo === msgId)).toBe(true);
    expect(zalo.oa.used).toBe(0);
  });

  it('opens a clause typed back as a reply command', async () => {
    const e = zalo.signedEvent(textEvent({ userId: 'u-2', text: '/clause hong-bang-2023-2024#IV.9' }));
    expect((await post(e.body, e.headers)).status).toBe(200);
    await until(() => zalo.sent('u-2').length > 0);
    expect(zalo.sent('u-2').map((m) => m.text).join('\n')).toMatch(/Công an quận/);
  });

  it('refuses forged, unsigned and stale deliveries with 401, acknowledges a repeated one without processing it again', async () => {
    const before = zalo.sent().length;
    const forged = zalo.signedEvent(textEvent({ userId: 'u-3', text: 'xin chào' }), { secret: 'not-the-secret' });
    expect((await post(forged.body, forged.headers)).status).toBe(401);
    const unsigned = zalo.signedEvent(textEvent({ userId: 'u-3', text: 'xin chào' }));
    expect((await post(unsigned.body, { 'content-type': 'application/json' })).status).toBe(401);
    // The body changed after signing: the mac is over the exact bytes.
    const tampered = zalo.signedEvent(textEvent({ userId: 'u-3', text: 'xin chào' }));
    expect((await post(Buffer.from(tampered.body.toString().replace('xin chào', 'tạm biệt')), tampered.headers)).status).toBe(401);
    const stale = zalo.signedEvent(textEvent({ userId: 'u-3', text: 'xin chào', timestamp: Date.now() - 6 * 60_000 }));
    expect((await post(stale.body, stale.headers)).status).toBe(401);

    const once = zalo.signedEvent(textEvent({ userId: 'u-4', text: '/huongdan', msgId: 'fixed-1' }));
    expect((await post(once.body, once.headers)).status).toBe(200);
    const again = await post(once.body, once.headers); // Zalo retrying: acknowledged, taken once
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await until(() => zalo.sent('u-4').length > 0);
    await channel.drained();
    const answered = zalo.sent('u-4').length;
    expect((await post(once.body, once.headers)).status).toBe(200); // and after it was answered
    await channel.drained();
    await new Promise((r) => setTimeout(r, 300));
    expect(zalo.sent('u-4')).toHaveLength(answered);
    expect(zalo.sent('u-3')).toHaveLength(0);
    expect(zalo.sent().length - before).toBe(zalo.sent('u-4').length);
    const refusals = log.lines.filter((l) => l.msg === 'Zalo webhook refused');
    expect(refusals.length).toBeGreaterThanOrEqual(4);
  });

  it('welcomes a new follower, explains a sticker in one line, and ignores events that need no reply', async () => {
    const follow = zalo.signedEvent({ event_name: 'follow', timestamp: String(Date.now()), follower: { id: 'u-5' }, oa_id: 'oa-1' });
    const sticker = zalo.signedEvent({ event_name: 'user_send_sticker', timestamp: String(Date.now()), sender: { id: 'u-6' }, message: { msg_id: 's-1' } });
    const seen = zalo.signedEvent({ event_name: 'user_seen_message', timestamp: String(Date.now()), sender: { id: 'u-7' }, message: { msg_ids: ['m1'] } });
    for (const e of [follow, sticker, seen]) expect((await post(e.body, e.headers)).status).toBe(200);
    await until(() => zalo.sent('u-5').length > 0 && zalo.sent('u-6').length > 0);
    await channel.drained();
    expect(zalo.sent('u-5').map((m) => m.text).join('\n')).toMatch(/planbot/);
    // A follow carries no message to reply to: the welcome is proactive (this OA is verified).
    expect(zalo.sent('u-5').every((m) => m.kind === 'proactive')).toBe(true);
    expect(zalo.sent('u-6')[0].kind).toBe('reply');
    expect(zalo.sent('u-6')).toHaveLength(1);
    expect(zalo.sent('u-6')[0].text.split('\n')).toHaveLength(1);
    expect(zalo.sent('u-7')).toHaveLength(0);
  });

  it('refreshes an access token Zalo no longer takes (-216), rotates the pair in SQLite, and resends', async () => {
    zalo.expireAccessToken();
    const e = zalo.signedEvent(textEvent({ userId: 'u-8', text: '/huongdan' }));
    expect((await post(e.body, e.headers)).status).toBe(200);
    await until(() => zalo.sent('u-8').length > 0);
    const stored = await server.ctx.app.store.zalo.tokens();
    expect(stored).toMatchObject({ accessToken: zalo.current.accessToken, refreshToken: zalo.current.refreshToken, state: 'ok', refreshingSince: null });
    expect(zalo.calls.filter((c) => c.path === '/v4/oa/access_token')).toHaveLength(1);
  });

  it('answers after a restart an event a crashed run had taken but not answered', async () => {
    const { ZaloChannel } = await import('../src/chat/zalo/channel.js');
    const { HttpServer } = await import('../src/chat/http.js');
    // What a run killed between the 200 and the answer leaves: the event in the inbox, open.
    const event = textEvent({ userId: 'u-11', text: '/clause hong-bang-2023-2024#IV.9', msgId: 'crash-1' });
    await server.ctx.app.store.chats.inboxAdd('zalo', 'user_send_text:crash-1', JSON.stringify(event));
    zalo.userWrote('u-11', 'crash-1');
    const restarted = new ZaloChannel({ appId: zalo.appId, oaSecretKey: zalo.oaSecretKey, appSecret: zalo.appSecret, accessToken: null, refreshToken: null, oauthRoot: zalo.root, core: server.ctx.core, store: server.ctx.app.store, http: new HttpServer(), onOutboxWritten: () => server.ctx.wakeSender?.() });
    await restarted.start();
    await until(() => zalo.sent('u-11').length > 0);
    await restarted.stop();
    expect(zalo.sent('u-11').map((m) => m.text).join('\n')).toMatch(/Công an quận/);
    expect(await server.ctx.app.store.chats.inboxOpen('zalo')).toEqual([]);
  });

  it('holds a reply Zalo refuses for a closed window, with the reason in the outbox, and does not retry it', async () => {
    zalo.closedWindows.add('u-9');
    const before = zalo.calls.filter((c) => c.path === '/v3.0/oa/message/cs' && c.body?.recipient?.user_id === 'u-9').length;
    const e = zalo.signedEvent(textEvent({ userId: 'u-9', text: '/huongdan' }));
    expect((await post(e.body, e.headers)).status).toBe(200);
    const outbox = new OutboxStore(server.ctx.app.store.db);
    const held = await untilAsync(async () => {
      const r = await outbox.list({ chatId: 'u-9' });
      return r.length > 0 && r.every((x) => x.status === 'held') && r;
    });
    expect(held[0].reason).toMatch(/-213/);
    await new Promise((r) => setTimeout(r, 300));
    // One attempt for the head reply; the others wait behind it, none loops.
    expect(zalo.calls.filter((c) => c.path === '/v3.0/oa/message/cs' && c.body?.recipient?.user_id === 'u-9').length - before).toBe(1);
    zalo.closedWindows.delete('u-9');
  });

  it('retries a reply after HTTP 500s with backoff, logging each retry with its reason, shown in the admin /stats', async () => {
    zalo.failUntil(Date.now() + 60_000);
    const e = zalo.signedEvent(textEvent({ userId: 'u-10', text: '/huongdan' }));
    expect((await post(e.body, e.headers)).status).toBe(200);
    await until(() => log.lines.filter((l) => l.msg === 'outbox send failed; it will be retried' && l.chatId === 'u-10').length >= 2, 30_000);
    const stats = await server.ctx.core.handle({ platform: 'zalo', chatId: 'admin-1', chatType: 'private', userId: 'admin-1', userName: null, text: '/stats' });
    const statsText = stats.replies.map((r) => r.blocks.map((b) => b.text).join('\n')).join('\n');
    expect(statsText).toMatch(/Đang thử lại \(Trả lời Zalo\) 1: HTTP 500/);
    expect(statsText).toMatch(/Trả lời Zalo: .*chờ gửi/);
    zalo.failUntil(0);
    await until(() => zalo.sent('u-10').length > 0, 30_000);
    const retries = log.lines.filter((l) => l.msg === 'outbox send failed; it will be retried' && l.chatId === 'u-10');
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.every((l) => /HTTP 500/.test(String(l.reason)))).toBe(true);
  });

  it('refuses webhooks with 503 once stopping begins (Zalo delivers them again), before the queues drain (last: it leaves the channel closed)', async () => {
    const e = zalo.signedEvent(textEvent({ userId: 'u-12', text: '/huongdan' }));
    channel.quiesce();
    const res = await post(e.body, e.headers);
    expect(res.status).toBe(503);
    expect(await server.ctx.app.store.chats.inboxOpen('zalo')).toEqual([]); // not taken: nothing to answer later
  });
});

describe('the token pair', () => {
  let dir: string;
  let store: Store;
  let fake: FakeZalo;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-zalo-tokens-'));
    store = await Store.open(path.join(dir, 'planbot.db'), { create: true });
    fake = await startFakeZalo({ verified: true }); // the test messages below are proactive
  });
  afterAll(async () => {
    await store?.close();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const tokens = (o: Partial<ConstructorParameters<typeof ZaloTokens>[0]> = {}) => new ZaloTokens({ store: store.zalo, appId: fake.appId, appSecret: fake.appSecret, oauthRoot: fake.root, ...o });

  it('refreshes ahead of expiry, and serializes concurrent refreshes into one', async () => {
    await tokens().init({ accessToken: fake.current.accessToken, refreshToken: fake.current.refreshToken });
    const t = tokens();
    const got = await Promise.all([t.refresh(), t.refresh(), t.refresh(), t.accessToken()]);
    expect(new Set(got).size).toBe(1);
    expect(fake.calls.filter((c) => c.path === '/v4/oa/access_token')).toHaveLength(1);
    expect(got[0]).toBe(fake.current.accessToken);
    // 24 h 56 min later the token (90 000 s) expires within the 5-minute margin: the next use refreshes.
    const later = tokens({ now: () => new Date(Date.now() + 89_800_000) });
    expect(await later.accessToken()).toBe(fake.current.accessToken);
    expect(fake.calls.filter((c) => c.path === '/v4/oa/access_token')).toHaveLength(2);
  });

  it('after a crash between Zalo’s new pair and its write, says plainly that re-authorization is needed; a new configured pair mends it', async () => {
    // The "crash": the request reaches Zalo (which rotates the pair), the answer is lost.
    const crashing: typeof fetch = async (input, init) => {
      await fetch(input, init);
      throw new Error('process killed');
    };
    await expect(tokens({ fetch: crashing }).refresh()).rejects.toThrow(ZaloAuthError);
    expect((await store.zalo.tokens())?.refreshingSince).not.toBeNull();

    const { logger, lines } = memoryLogger();
    const restarted = tokens({ logger });
    await restarted.init({ accessToken: null, refreshToken: null });
    const s = await restarted.status();
    expect(s.state).toBe('reauth_needed');
    expect(s.reason).toMatch(/re-authorize the Official Account/);
    expect(lines.some((l) => String(l.msg).includes('interrupted'))).toBe(true);
    await expect(restarted.accessToken()).rejects.toThrow(/re-authorize/);
    // A message attempt reports it instead of failing silently.
    const client = new ZaloClient({ apiRoot: fake.root, tokens: restarted });
    expect(await client.sendText('u-1', 'x')).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/re-authorize/) });

    // The administrator re-authorizes and configures the new pair.
    const mended = tokens();
    await mended.init({ accessToken: fake.current.accessToken, refreshToken: fake.current.refreshToken });
    expect((await mended.status()).state).toBe('ok');
    // The pair lives in SQLite, so every holder sees the mended one.
    expect(await client.sendText('u-1', 'x')).toMatchObject({ kind: 'sent' });
  });
});

describe('zaloMessages', () => {
  it('splits a long reply under 2000 characters between blocks and lines, losing nothing', () => {
    const blocks = Array.from({ length: 12 }, (_, i) => ({ text: `Khối ${i}: ${'nội dung điều khoản '.repeat(20)}`.trim() }));
    const parts = zaloMessages({ blocks, citations: [], buttons: [[{ text: '[1] HB §III.1.1', action: { t: 'clause', id: 'hong-bang-2023-2024#III.1.1' } }]] });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    const all = parts.join('\n\n');
    for (let i = 0; i < 12; i++) expect(all).toContain(`Khối ${i}:`);
    expect(parts[parts.length - 1]).toContain('[1] /clause hong-bang-2023-2024#III.1.1');
  });
});

describe('verifyZaloEvent', () => {
  it('needs the exact mac over app id, raw body, timestamp and OA secret', () => {
    const body = Buffer.from(JSON.stringify({ event_name: 'user_send_text', timestamp: '1700000000000', message: { msg_id: 'a' } }));
    const now = new Date(1700000000000 + 1000);
    const bad = verifyZaloEvent({ signature: 'mac=00', rawBody: body, appId: 'a', oaSecretKey: 's', now });
    expect(bad).toEqual({ ok: false, reason: 'wrong signature' });
    expect(verifyZaloEvent({ signature: undefined, rawBody: body, appId: 'a', oaSecretKey: 's', now })).toMatchObject({ ok: false });
  });
});
