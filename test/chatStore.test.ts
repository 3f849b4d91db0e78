// ChatStore over a real SQLite file: chats, subscriptions, question log, feedback, stats and
// button keys, and that all of it is still there when the file is opened again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/repository.js';
import { callbackFor, callbacksFor, callbackKey, resolveCallback } from '../src/channels/callbacks.js';

let dir: string;
let store: Store;
const dbPath = () => path.join(dir, 'planbot.db');

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-chats-'));
  store = await Store.open(dbPath(), { create: true });
});
afterEach(async () => {
  await store.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const alice = { platform: 'telegram', chatId: '101', chatType: 'private' as const, userId: '101', userName: 'Alice' };
const group = { platform: 'telegram', chatId: '-500', chatType: 'group' as const, userId: '102', userName: 'Bình' };

describe('ChatStore', () => {
  it('upserts chats and reactivates a chat that speaks again', async () => {
    const first = await store.chats.touchChat(alice);
    expect(first).toMatchObject({ chatId: '101', active: true, userName: 'Alice' });
    await store.chats.markInactive('telegram', '101', '403: bot was blocked by the user');
    expect(await store.chats.getChat(alice)).toMatchObject({ active: false, inactiveReason: '403: bot was blocked by the user' });
    const again = await store.chats.touchChat({ ...alice, userName: 'Alice N.' });
    expect(again).toMatchObject({ active: true, inactiveReason: null, userName: 'Alice N.', createdAt: first.createdAt });
  });

  it('subscribes once per target, lists, unsubscribes, and keeps it across a reopen', async () => {
    await store.chats.touchChat(alice);
    const a = await store.chats.subscribe('telegram', '101', { kind: 'agency', target: 'cong an quan', label: 'Công an quận' });
    const again = await store.chats.subscribe('telegram', '101', { kind: 'agency', target: 'cong an quan', label: 'Công an quận' });
    expect(a.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.subscription.id).toBe(a.subscription.id);
    await store.chats.subscribe('telegram', '101', { kind: 'doc', target: 'hong-bang-2023-2024', label: 'Hồng Bàng 2023-2024' });
    await store.close();
    store = await Store.open(dbPath(), { create: false });
    const subs = await store.chats.subscriptionsOf('telegram', '101');
    expect(subs.map((s) => [s.kind, s.target])).toEqual([
      ['agency', 'cong an quan'],
      ['doc', 'hong-bang-2023-2024'],
    ]);
    expect(await store.chats.unsubscribe('telegram', '101', { kind: 'agency', target: 'cong an quan' })).toBe(true);
    expect(await store.chats.unsubscribe('telegram', '101', { kind: 'agency', target: 'cong an quan' })).toBe(false);
    expect(await store.chats.unsubscribeAll('telegram', '101')).toBe(1);
    expect(await store.chats.subscriptionsOf('telegram', '101')).toEqual([]);
  });

  it('refuses a subscription for a chat it has never seen', async () => {
    await expect(store.chats.subscribe('telegram', '999', { kind: 'all', target: '', label: 'tất cả' })).rejects.toThrow(/FOREIGN KEY/);
  });

  it('lists active subscriptions with their chats, leaving out inactive chats', async () => {
    await store.chats.touchChat(alice);
    await store.chats.touchChat(group);
    await store.chats.subscribe('telegram', '101', { kind: 'all', target: '', label: 'tất cả' });
    await store.chats.subscribe('telegram', '-500', { kind: 'doc', target: 'tp-hcm-2023-2024', label: 'TP.HCM 2023-2024' });
    let active = await store.chats.activeSubscriptions();
    expect(active.map((s) => [s.chatId, s.kind, s.chat.chatType])).toEqual([
      ['-500', 'doc', 'group'],
      ['101', 'all', 'private'],
    ]);
    await store.chats.markInactive('telegram', '-500', 'kicked');
    active = await store.chats.activeSubscriptions('telegram');
    expect(active.map((s) => s.chatId)).toEqual(['101']);
    expect(await store.chats.activeSubscriptions('zalo')).toEqual([]);
  });

  it('logs questions, keeps one vote per person and answer, and counts everything in stats', async () => {
    await store.chats.touchChat(alice);
    await store.chats.touchChat(group);
    await store.chats.subscribe('telegram', '101', { kind: 'all', target: '', label: 'tất cả' });
    const citations = [{ n: 1, clauseId: 'hong-bang-2023-2024#III.1.1', quote: 'Tỷ lệ trẻ suy dinh dưỡng dưới 1%' }];
    const q1 = await store.chats.logQuestion({ platform: 'telegram', chatId: '101', userId: '101', question: 'chỉ tiêu suy dinh dưỡng', answer: 'Theo …', lang: 'vi', intent: 'target', abstained: false, citations });
    const q2 = await store.chats.logQuestion({ platform: 'telegram', chatId: '-500', userId: '102', question: 'bóng đá', answer: 'Kế hoạch không nêu…', lang: 'vi', intent: 'general', abstained: true, citations: [] });
    const by = { platform: 'telegram', chatId: '101', userId: '101' };
    await store.chats.vote(q1, by, 'up');
    await store.chats.vote(q1, by, 'down'); // changed their mind: still one vote
    await store.chats.vote(q2, { platform: 'telegram', chatId: '-500', userId: '102' }, 'down');
    await store.chats.comment(q1, by, 'thiếu trích dẫn mầm non');
    expect((await store.chats.lastQuestion('telegram', '101'))?.id).toBe(q1);
    const fb = await store.chats.listFeedback();
    expect(fb).toHaveLength(3);
    expect(fb[0]).toMatchObject({ vote: 'down', question: { id: q1, question: 'chỉ tiêu suy dinh dưỡng', citations } });
    expect(fb[2]).toMatchObject({ vote: null, comment: 'thiếu trích dẫn mầm non', question: { id: q1 } });
    expect(await store.chats.stats()).toEqual({
      questions: 2,
      abstentions: 1,
      feedback: { up: 0, down: 2, comments: 1 },
      subscribers: 1,
      subscriptions: 1,
      chats: 2,
    });
  });
});

describe('callback keys', () => {
  it('fit in 64 bytes, are stable for the same payload, and resolve after a reopen', async () => {
    const payload = { t: 'clause' as const, id: 'thanh-xuan-2021-2022#II.3.2.1' };
    const data = await callbackFor(store, payload);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(await callbackFor(store, payload)).toBe(data);
    expect(data).toBe(`k:${callbackKey(payload)}`);
    const long = { t: 'ask' as const, q: 'Ai chịu trách nhiệm bảo đảm an ninh, an toàn trường học trên địa bàn quận Hồng Bàng năm học 2023-2024?' };
    const longData = await callbackFor(store, long);
    expect(Buffer.byteLength(longData)).toBeLessThanOrEqual(64);
    await store.close();
    store = await Store.open(dbPath(), { create: false });
    expect(await resolveCallback(store, data)).toEqual(payload);
    expect(await resolveCallback(store, longData)).toEqual(long);
    expect(await resolveCallback(store, 'k:unknownkey000000')).toBeNull();
    expect(await resolveCallback(store, 'something else')).toBeNull();
  });

  it('a whole keyboard is stored at once, in order, duplicates once', async () => {
    const payloads = [
      { t: 'clause' as const, id: 'a#I' },
      { t: 'vote' as const, qid: 3, v: 'up' as const },
      { t: 'clause' as const, id: 'a#I' },
    ];
    const data = await callbacksFor(store, payloads);
    expect(data).toEqual(await Promise.all(payloads.map((p) => callbackFor(store, p))));
    expect(data[0]).toBe(data[2]);
    for (const [i, d] of data.entries()) expect(await resolveCallback(store, d)).toEqual(payloads[i]);
    expect(await callbacksFor(store, [])).toEqual([]);
  });
});
