// Deadline reminders to Zalo subscribers: the real planner over an indexed copy of the five plans,
// the real sender and Zalo channel, the fake Zalo on 127.0.0.1, a manual clock. Also: two holders
// of one database refreshing the token pair at once spend the refresh token only once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/repository.js';
import { OutboxStore } from '../src/store/outbox.js';
import { ManualClock } from '../src/channels/clock.js';
import { Sender } from '../src/notify/sender.js';
import { planReminders, DEFAULT_REMINDER_SETTINGS } from '../src/notify/planner.js';
import { ZaloOutboxChannel } from '../src/notify/zalo.js';
import { configuredChannels } from '../src/notify/scheduler.js';
import { ZaloTokens } from '../src/channels/zalo/tokens.js';
import { loadConfig } from '../src/config.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { startFakeZalo, type FakeZalo } from './helpers/fakeZalo.js';

const NOW = Date.parse('2023-12-24T01:00:00Z'); // 08:00 in Vietnam, 7 days before 31/12/2023

let h: IndexedHome;
let zalo: FakeZalo;
let store: Store;

beforeAll(async () => {
  h = await makeIndexedHome('zalo-reminders');
  zalo = await startFakeZalo();
  store = await Store.open(h.cfg.dbPath, { create: false });
  await store.zalo.seed(zalo.current.accessToken, zalo.current.refreshToken, null);
});
afterAll(async () => {
  await store?.close();
  await zalo?.close();
  await h?.dispose();
});

describe('reminders through Zalo', () => {
  it('delivers a due reminder with reply commands as a reply inside the 48-hour window, and keeps one outside it', async () => {
    for (const id of ['z-open', 'z-closed']) {
      await store.chats.touchChat({ platform: 'zalo', chatId: id, chatType: 'private', userId: id, userName: null });
      await store.chats.subscribe('zalo', id, { kind: 'doc', target: 'hong-bang-2023-2024', label: 'Hồng Bàng 2023-2024' });
    }
    // z-open wrote an hour ago; z-closed has not written within 48 hours.
    const wrote = Date.now() - 3_600_000;
    await store.zalo.noteMessage('z-open', 'open-msg', new Date(wrote));
    zalo.userWrote('z-open', 'open-msg', wrote);
    const outbox = new OutboxStore(store.db);
    await planReminders(store, outbox, NOW, DEFAULT_REMINDER_SETTINGS);
    const clock = new ManualClock(NOW);
    const cfg = loadConfig({ PLANBOT_HOME: h.home, ZALO_APP_ID: zalo.appId, ZALO_OA_SECRET_KEY: zalo.oaSecretKey, ZALO_APP_SECRET: zalo.appSecret, ZALO_API_ROOT: zalo.root, ZALO_OAUTH_ROOT: zalo.root });
    const channel = ZaloOutboxChannel.fromConfig({ ...cfg.zalo, appId: zalo.appId }, store);
    const report = await new Sender({ store, outbox, channels: [channel], clock }).drain();
    expect(report.sent).toBeGreaterThan(0);
    expect(report.held).toBeGreaterThan(0);

    const texts = zalo.sent('z-open').map((m) => m.text);
    const bachDang = texts.find((t) => /Bạch Đằng/.test(t));
    expect(bachDang).toBeDefined();
    expect(bachDang).toMatch(/31\/12\/2023/);
    expect(bachDang).toContain('/clause hong-bang-2023-2024#III.1.2');
    // A long summary goes as several messages; the last one ends with how to stop.
    expect(texts.join('\n')).toMatch(/\/unsubscribe|\/huytheodoi/);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(2000);
    expect(zalo.sent('z-open').every((m) => m.kind === 'reply' && m.replyTo === 'open-msg')).toBe(true);

    // Outside the window (OA not verified, no template): kept, never tried, no loop of retries.
    expect(zalo.sent('z-closed')).toHaveLength(0);
    const closedRows = await outbox.list({ chatId: 'z-closed' });
    expect(closedRows.length).toBeGreaterThan(0);
    const held = closedRows.filter((r) => r.status === 'held');
    expect(held.length).toBeGreaterThan(0);
    expect(closedRows.every((r) => r.status === 'held' || (r.status === 'pending' && r.sendAt > new Date(NOW).toISOString()))).toBe(true);
    expect(held[0].reason).toMatch(/kept until the person writes again/);
    const again = await new Sender({ store, outbox, channels: [channel], clock }).drain();
    expect(again.sent).toBe(0);
    expect(zalo.calls.filter((c) => c.path === '/v3.0/oa/message/cs' && c.body?.recipient?.user_id === 'z-closed')).toHaveLength(0);
  });

  it('is among the configured reminder channels when the OA is configured', () => {
    const cfg = loadConfig({ PLANBOT_HOME: h.home, ZALO_APP_ID: zalo.appId, ZALO_OA_SECRET_KEY: zalo.oaSecretKey, ZALO_API_ROOT: zalo.root, ZALO_OAUTH_ROOT: zalo.root });
    expect(configuredChannels(cfg, store).map((c) => c.platform)).toEqual(['zalo']);
  });

  it('spends the refresh token once when two connections refresh at the same moment', async () => {
    const other = await Store.open(h.cfg.dbPath, { create: false });
    try {
      const before = zalo.calls.filter((c) => c.path === '/v4/oa/access_token').length;
      const mk = (s: Store) => new ZaloTokens({ store: s.zalo, appId: zalo.appId, appSecret: zalo.appSecret, oauthRoot: zalo.root, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) });
      const [a, b] = await Promise.all([mk(store).refresh(), mk(other).refresh()]);
      expect(a).toBe(b);
      expect(a).toBe(zalo.current.accessToken);
      expect(zalo.calls.filter((c) => c.path === '/v4/oa/access_token').length - before).toBe(1);
      expect((await store.zalo.tokens())?.state).toBe('ok');
    } finally {
      await other.close();
    }
  });
});
