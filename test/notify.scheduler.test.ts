// The reminder service of `planbot serve`: croner plans every minute in Asia/Ho_Chi_Minh, the
// sender drains in the background, start and stop together (the lease is given up on stop).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatStore } from '../src/store/chats.js';
import { OutboxStore } from '../src/store/outbox.js';
import { loadConfig } from '../src/config.js';
import { shiftedClock } from '../src/channels/clock.js';
import { ReminderService, reminderServiceFactory } from '../src/notify/scheduler.js';
import { TelegramReminderChannel } from '../src/notify/telegram.js';
import { startFakeTelegram, type FakeTelegram } from './helpers/fakeTelegram.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

let home: IndexedHome;
let tg: FakeTelegram;

beforeAll(async () => {
  home = await makeIndexedHome('notify-scheduler');
  tg = await startFakeTelegram();
  const chats = new ChatStore(home.app.store.db, () => new Date('2023-09-01T02:00:00Z'));
  await chats.touchChat({ platform: 'telegram', chatId: '88', chatType: 'private', userId: '88', userName: null });
  await chats.subscribe('telegram', '88', { kind: 'doc', target: 'tp-hcm-2023-2024', label: 'TP.HCM 2023-2024' });
});
afterAll(async () => {
  await tg?.close();
  await home?.dispose();
});

describe('the reminder service', () => {
  it('plans at start and then every minute (croner, Vietnam time), sends in the background, stops cleanly', async () => {
    const store = home.app.store;
    // the sender's clock reads 08:00 on 08/01/2024 in Vietnam: the "15/01/2024" report is 7 days away
    const clock = shiftedClock(Date.parse('2024-01-08T01:00:00Z'));
    const service = new ReminderService({ store, channels: [new TelegramReminderChannel({ token: tg.token, apiRoot: tg.apiRoot, store })], settings: { offsets: [30, 7, 1, 0], hour: 8 }, clock });
    await service.start();
    try {
      const call = await tg.waitFor('sendMessage', (c) => String(c.params.chat_id) === '88' && String(c.params.text).includes('15/01/2024'));
      expect(String(call.params.text)).toContain('còn 7 ngày');
      const next = service.nextPlanAt()!;
      expect(next.getUTCSeconds()).toBe(0);
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
      expect((await new OutboxStore(store.db).lease())!.owner).toBe(service.sender.owner);
    } finally {
      await service.stop();
    }
    expect(service.nextPlanAt()).toBeNull();
    const lease = await new OutboxStore(store.db).lease();
    expect(Date.parse(lease!.expiresAt)).toBeLessThanOrEqual(clock.now());
  });

  it('as a serve service: none without a bot token; with one it starts on its own connection, plans, and stops', async () => {
    const cfg = loadConfig({ PLANBOT_HOME: home.home, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot });
    expect(reminderServiceFactory({ cfg: loadConfig({ PLANBOT_HOME: home.home }) })).toBeNull(); // no bot token: nothing could send
    const svc = reminderServiceFactory({ cfg })!;
    expect(svc.name).toBe('reminders');
    await svc.start();
    const lease = await new OutboxStore(home.app.store.db).lease();
    expect(lease!.pid).toBe(process.pid);
    await svc.stop();
    expect(Date.parse((await new OutboxStore(home.app.store.db).lease())!.expiresAt)).toBeLessThanOrEqual(Date.now());
  });
});
