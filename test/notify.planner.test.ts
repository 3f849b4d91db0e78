// The reminder planner: which deadlines a subscription covers, when each reminder goes (offsets,
// 08:00 Asia/Ho_Chi_Minh, month and year ends, dates known only to the month, quarter or year),
// late subscribers, catch-up after downtime, the Monday digest; then, on a real indexed copy of
// the plans in SQLite: planning twice writes nothing, and a changed plan re-plans its reminders.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyKey, type Deadline } from '../src/facts/index.js';
import { parseVietnameseDate } from '../src/facts/vietnameseDates.js';
import type { ActiveSubscription } from '../src/store/chats.js';
import { ChatStore } from '../src/store/chats.js';
import type { DocumentRow } from '../src/store/repository.js';
import { Store } from '../src/store/repository.js';
import { OutboxStore } from '../src/store/outbox.js';
import { indexCorpus } from '../src/search/indexer.js';
import { planReminders, planRows, digestKey, type PlanInput } from '../src/notify/planner.js';
import type { ReminderContent } from '../src/notify/content.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

const SETTINGS = { offsets: [30, 7, 1, 0], hour: 8 };
const vn = (s: string) => Date.parse(`${s}+07:00`); // "2023-12-20T09:00" in Vietnam

function deadline(id: string, dueLast: string, over: Partial<Deadline> = {}): Deadline {
  return {
    id: `plan-2023-2024#${id}@1`, docId: 'plan-2023-2024', clauseId: `plan-2023-2024#${id}`, task: `Việc ${id}`,
    responsible: null, responsibleKeys: [], due: dueLast, dueLast, precision: 'day', kind: 'deadline', recurrence: null,
    dateText: dueLast, quote: `Việc ${id} trước ${dueLast}`, ...over,
  };
}

let subId = 0;
function sub(createdAt: string, over: Partial<ActiveSubscription> = {}): ActiveSubscription {
  const chatId = over.chatId ?? '100';
  return {
    id: ++subId, platform: 'telegram', chatId, kind: 'all', target: '', label: 'tất cả', includeProgrammes: false, createdAt: new Date(vn(createdAt)).toISOString(),
    chat: { platform: 'telegram', chatId, chatType: 'private', userId: chatId, userName: null, active: true, inactiveReason: null, createdAt: '', lastSeenAt: '' },
    ...over,
  };
}

const DOC = { docId: 'plan-2023-2024', shortName: 'Kế hoạch 2023-2024', yearStart: 2023, yearEnd: 2024, schoolYear: '2023-2024' } as DocumentRow;

function plan(now: string, subscriptions: ActiveSubscription[], deadlines: Deadline[], over: Partial<PlanInput> = {}) {
  return planRows({ now: vn(now), settings: SETTINGS, subscriptions, deadlines, documents: [DOC], clauses: new Map(), written: new Set(), ...over });
}
const times = (rows: ReturnType<typeof plan>, kind = 'reminder') => rows.filter((r) => r.kind === kind).map((r) => `${r.offsetDays}:${r.sendAt}`);

describe('when reminders go', () => {
  it('30, 7 and 1 days before and on the day, at 08:00 in Vietnam (01:00 UTC), across a year end', () => {
    const rows = plan('2023-11-01T09:00', [sub('2023-10-01T00:00')], [deadline('I.1', '2024-01-01')]);
    expect(times(rows)).toEqual(['30:2023-12-02T01:00:00.000Z', '7:2023-12-25T01:00:00.000Z', '1:2023-12-31T01:00:00.000Z', '0:2024-01-01T01:00:00.000Z']);
  });

  it('across a month end in a leap year', () => {
    const rows = plan('2024-01-01T09:00', [sub('2023-10-01T00:00')], [deadline('I.2', '2024-03-01')]);
    expect(times(rows)).toEqual(['30:2024-01-31T01:00:00.000Z', '7:2024-02-23T01:00:00.000Z', '1:2024-02-29T01:00:00.000Z', '0:2024-03-01T01:00:00.000Z']);
  });

  it('the reminder hour and offsets are settings; the hour is Vietnam time whatever the server zone', () => {
    const rows = planRows({ now: vn('2023-11-01T09:00'), settings: { offsets: [3, 0], hour: 0 }, subscriptions: [sub('2023-10-01T00:00')], deadlines: [deadline('I.3', '2023-12-01')], documents: [DOC], clauses: new Map(), written: new Set() });
    // midnight in Vietnam is 17:00 UTC the day before
    expect(times(rows)).toEqual(['3:2023-11-27T17:00:00.000Z', '0:2023-11-30T17:00:00.000Z']);
  });

  it('a date known only to the month, quarter, year or school year is taken as its last day', () => {
    const cases: [string, string][] = [
      ['hoàn thành trong tháng 11/2023', '2023-11-30'],
      ['báo cáo trong quý IV/2023', '2023-12-31'],
      ['đạt chuẩn trong năm 2023', '2023-12-31'],
      ['đạt chuẩn vào cuối năm 2023', '2023-12-31'],
      ['hoàn thành trong năm học 2023 - 2024', '2024-05-31'],
    ];
    for (const [phrase, last] of cases) {
      const d = parseVietnameseDate(phrase, { schoolYear: '2023-2024' });
      expect(d, phrase).not.toBeNull();
      const rows = plan('2023-09-05T09:00', [sub('2023-09-01T00:00')], [deadline('II.1', d!.dueLast!, { due: d!.iso, precision: d!.precision })]);
      const onTheDay = rows.find((r) => r.offsetDays === 0)!;
      expect(onTheDay.dueLast, phrase).toBe(last);
      expect(onTheDay.sendAt, phrase).toBe(new Date(vn(`${last}T08:00`)).toISOString());
      const content = JSON.parse(onTheDay.payload) as ReminderContent;
      if (content.type === 'reminder') expect(content.item.dueText, phrase).not.toBeNull(); // the plan's own precision is kept for the message
    }
  });
});

describe('what a subscription covers', () => {
  const gddt = deadline('III.1', '2023-12-15', { responsible: 'Phòng GD&ĐT', responsibleKeys: [agencyKey('Phòng GD&ĐT')] });
  const police = deadline('III.2', '2023-12-15', { responsible: 'Công an quận', responsibleKeys: [agencyKey('Công an quận')] });
  const other = { ...deadline('I.1', '2023-12-15'), id: 'other-2023-2024#I.1@1', docId: 'other-2023-2024', clauseId: 'other-2023-2024#I.1' };
  const programme = deadline('II.3', '2025-12-31', { kind: 'programme_period', due: '2021/2025', precision: 'year' });
  const all = [gddt, police, other, programme];
  const covered = (s: ActiveSubscription) => [...new Set(plan('2023-11-01T09:00', [s], all).map((r) => r.deadlineId))].sort();

  it('an agency subscription matches its deadlines, aliases included', () => {
    expect(covered(sub('2023-10-01T00:00', { kind: 'agency', target: agencyKey('phòng Giáo dục và Đào tạo'), label: 'Phòng GDĐT' }))).toEqual([gddt.id]);
    expect(covered(sub('2023-10-01T00:00', { kind: 'agency', target: agencyKey('cong an'), label: 'cong an' }))).toEqual([police.id]);
  });

  it('a plan subscription matches that plan; all matches every deadline; programme periods only when asked for', () => {
    expect(covered(sub('2023-10-01T00:00', { kind: 'doc', target: 'other-2023-2024' }))).toEqual([other.id]);
    expect(covered(sub('2023-10-01T00:00'))).toEqual([gddt.id, police.id, other.id].sort());
    expect(covered(sub('2023-10-01T00:00', { includeProgrammes: true }))).toEqual([gddt.id, police.id, other.id, programme.id].sort());
  });

  it('one chat with two subscriptions covering a deadline gets one reminder per offset', () => {
    const rows = plan('2023-11-01T09:00', [sub('2023-10-01T00:00', { chatId: '7' }), sub('2023-10-02T00:00', { chatId: '7', kind: 'doc', target: 'plan-2023-2024' })], [gddt]);
    expect(rows.filter((r) => r.kind === 'reminder')).toHaveLength(4);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});

describe('late subscribers, downtime and overdue items', () => {
  const soon = deadline('IV.1', '2023-12-31');
  const overdue = deadline('IV.2', '2023-12-10');

  it('a late subscriber gets only the reminders still ahead, plus one summary of what is already due', () => {
    const s = sub('2023-12-20T10:00');
    const rows = plan('2023-12-20T10:01', [s], [soon, overdue]);
    expect(times(rows)).toEqual(['7:2023-12-24T01:00:00.000Z', '1:2023-12-30T01:00:00.000Z', '0:2023-12-31T01:00:00.000Z']);
    const summaries = rows.filter((r) => r.kind === 'summary');
    expect(summaries).toHaveLength(1);
    const c = JSON.parse(summaries[0].payload) as ReminderContent;
    expect(c.type === 'summary' && c.items.map((i) => i.deadlineId)).toEqual([soon.id, overdue.id]);
    // once written, never again
    expect(plan('2023-12-20T10:02', [s], [soon, overdue], { written: new Set([summaries[0].key]) }).filter((r) => r.kind === 'summary')).toEqual([]);
  });

  it('a subscriber with nothing due yet gets no summary', () => {
    expect(plan('2023-10-01T10:00', [sub('2023-10-01T09:59')], [soon]).filter((r) => r.kind === 'summary')).toEqual([]);
  });

  it('after downtime only the latest passed reminder is still sent, and only until the due day ends', () => {
    const s = sub('2023-11-01T00:00');
    expect(times(plan('2023-12-26T15:00', [s], [soon]))).toEqual(['7:2023-12-24T01:00:00.000Z', '1:2023-12-30T01:00:00.000Z', '0:2023-12-31T01:00:00.000Z']);
    expect(times(plan('2023-12-31T23:59', [s], [soon]))).toEqual(['0:2023-12-31T01:00:00.000Z']);
    expect(times(plan('2024-01-01T00:00', [s], [soon]))).toEqual([]);
    expect(plan('2023-12-26T15:00', [s], [soon]).filter((r) => r.kind === 'summary')).toEqual([]);
  });

  it('overdue items appear in the Monday 08:00 digest, once a week, until the plan’s school year ends', () => {
    const s = sub('2023-11-01T00:00');
    expect(plan('2024-01-08T07:59', [s], [overdue]).filter((r) => r.kind === 'digest')).toEqual([]);
    const monday = plan('2024-01-08T08:00', [s], [overdue]).filter((r) => r.kind === 'digest');
    expect(monday.map((r) => [r.key, r.sendAt])).toEqual([[digestKey('telegram', '100', '2024-01-08'), '2024-01-08T01:00:00.000Z']]);
    // later that week: the same digest (same key), not a new one
    expect(plan('2024-01-12T10:00', [s], [overdue]).filter((r) => r.kind === 'digest').map((r) => r.key)).toEqual([monday[0].key]);
    expect(plan('2024-01-12T10:00', [s], [overdue], { written: new Set([monday[0].key]) }).filter((r) => r.kind === 'digest')).toEqual([]);
    expect(plan('2024-05-27T09:00', [s], [overdue]).filter((r) => r.kind === 'digest')).toHaveLength(1);
    expect(plan('2024-06-03T09:00', [s], [overdue]).filter((r) => r.kind === 'digest')).toEqual([]); // school year 2023-2024 ended 31/05/2024
  });
});

// ---------------------------------------------------------------- on a real store

describe('planning into the outbox (SQLite)', () => {
  let home: IndexedHome;
  let store: Store;
  let outbox: OutboxStore;

  beforeAll(async () => {
    home = await makeIndexedHome('notify-planner');
    store = await Store.open(home.cfg.dbPath, { create: false });
    outbox = new OutboxStore(store.db);
    const chats = new ChatStore(store.db, () => new Date(vn('2023-09-05T09:00')));
    await chats.touchChat({ platform: 'telegram', chatId: '501', chatType: 'private', userId: '501', userName: 'A' });
    await chats.subscribe('telegram', '501', { kind: 'doc', target: 'hong-bang-2023-2024', label: 'Hồng Bàng 2023-2024' });
    await chats.touchChat({ platform: 'telegram', chatId: '502', chatType: 'group', userId: '9', userName: 'B' });
    await chats.subscribe('telegram', '502', { kind: 'agency', target: agencyKey('Sở GD&ĐT'), label: 'Sở GD&ĐT' });
  });
  afterAll(async () => {
    await store?.close();
    await home?.dispose();
  });

  it('writes one row per subscriber × deadline × offset; planning again writes nothing new', async () => {
    const now = vn('2023-09-05T09:01');
    const first = await planReminders(store, outbox, now, SETTINGS);
    const hb = (await store.facts.listDeadlines({ docId: 'hong-bang-2023-2024' })).filter((d) => d.kind !== 'programme_period' && d.dueLast! >= '2023-09-05');
    const rows501 = await outbox.list({ chatId: '501', kind: 'reminder' });
    expect(new Set(rows501.map((r) => r.deadlineId))).toEqual(new Set(hb.map((d) => d.id)));
    expect(rows501.length).toBeGreaterThanOrEqual(hb.length * 3);
    expect(first.created).toBe((await outbox.list()).length);
    const sgd = await outbox.list({ chatId: '502', kind: 'reminder' });
    const sgdDeadlines = await store.facts.listDeadlines({ agency: 'Sở GD&ĐT' });
    expect(sgd.length).toBeGreaterThan(0);
    expect(sgd.every((r) => sgdDeadlines.some((d) => d.id === r.deadlineId))).toBe(true);
    const again = await planReminders(store, outbox, now + 60_000, SETTINGS);
    expect(again).toMatchObject({ created: 0, moved: 0, updated: 0, revived: 0, cancelled: 0 });
  });

  it('a dry run reports the same changes and writes nothing', async () => {
    const before = await outbox.list();
    const chats = new ChatStore(store.db, () => new Date(vn('2023-09-06T09:00')));
    await chats.touchChat({ platform: 'telegram', chatId: '503', chatType: 'private', userId: '503', userName: 'C' });
    const { subscription } = await chats.subscribe('telegram', '503', { kind: 'doc', target: 'tp-hcm-2023-2024', label: 'TP.HCM' });
    const dry = await planReminders(store, outbox, vn('2023-09-06T09:01'), SETTINGS, { dryRun: true });
    expect(dry.created).toBeGreaterThan(0);
    expect(await outbox.list()).toEqual(before);
    const real = await planReminders(store, outbox, vn('2023-09-06T09:01'), SETTINGS);
    expect(real.changes.map((c) => c.key)).toEqual(dry.changes.map((c) => c.key));
    await chats.unsubscribe('telegram', '503', { id: subscription.id });
    const after = await planReminders(store, outbox, vn('2023-09-06T09:02'), SETTINGS);
    // its pending reminders and its summary, not yet sent, are cancelled
    expect(real.changes.filter((c) => c.kind === 'summary')).toHaveLength(1);
    expect(after.cancelled).toBe(real.created);
    expect(after.changes.filter((c) => c.kind === 'reminder').every((c) => c.detail === 'no subscription of this chat covers it any more')).toBe(true);
    expect(after.changes.filter((c) => c.kind === 'summary').map((c) => c.detail)).toEqual(['the subscription was removed']);
  });

  it('re-indexing a changed plan: a moved date moves its pending rows, a vanished deadline cancels them', async () => {
    const file = path.join(home.cfg.corpusDir, 'hong-bang-2023-2024.txt');
    const text = await readFile(file, 'utf8');
    const moved = 'Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia vào cuối năm 2023.';
    const gone = 'Xây dựng trường tiểu học Nguyễn Trãi đạt chuẩn quốc gia trong năm 2023.';
    expect(text).toContain(moved);
    expect(text).toContain(gone);
    const before = await outbox.list({ chatId: '501', kind: 'reminder', status: 'pending' });
    const bachDang = before.filter((r) => r.deadlineId === 'hong-bang-2023-2024#III.1.2@4');
    const nguyenTrai = before.filter((r) => r.deadlineId === 'hong-bang-2023-2024#III.2.2@1');
    expect(bachDang.length).toBe(4);
    expect(nguyenTrai.length).toBe(4);

    await writeFile(file, text.replace(moved, 'Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia trong tháng 3/2024.').replace(gone, 'Xây dựng trường tiểu học Nguyễn Trãi đạt chuẩn quốc gia.'));
    const s = await indexCorpus(store, { corpusDir: home.cfg.corpusDir, indexDir: home.cfg.indexDir, embedder: null });
    expect(s.changed).toContain('hong-bang-2023-2024');
    const report = await planReminders(store, outbox, vn('2023-09-07T09:00'), SETTINGS);
    expect(report.moved).toBe(4);
    expect(report.cancelled).toBe(4);
    const movedRows = await Promise.all(bachDang.map((r) => outbox.get(r.id)));
    expect(movedRows.map((r) => [r!.status, r!.dueLast, r!.sendAt])).toEqual(
      [30, 7, 1, 0].map((o) => ['pending', '2024-03-31', new Date(vn(`2024-03-${String(31 - o).padStart(2, '0')}T08:00`)).toISOString()]),
    );
    for (const r of nguyenTrai) expect(await outbox.get(r.id)).toMatchObject({ status: 'cancelled', reason: 'the deadline is no longer in the plan' });
    expect((await outbox.attempts(bachDang[0].id)).map((a) => a.event)).toEqual(['moved']);
    const again = await planReminders(store, outbox, vn('2023-09-07T09:01'), SETTINGS);
    expect(again).toMatchObject({ created: 0, moved: 0, updated: 0, cancelled: 0 });
  });
});
