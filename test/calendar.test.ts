// The deadlines as an iCalendar feed, read back with ical.js (an independent RFC 5545 parser):
// the pure rules (escaping, folding at 75 octets), then the feed of the five plans, `planbot
// deadlines --ics` as a child process, and UIDs that survive re-indexing a changed plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ICAL from 'ical.js';
import { calendarDeadlines, deadlinesCalendar, escapeText, foldLine } from '../src/chat/calendar.js';
import { indexCorpus } from '../src/search/indexer.js';
import { Store } from '../src/store/repository.js';
import { makeIndexedHome, REPO, type IndexedHome } from './helpers/indexedHome.js';

describe('iCalendar text rules', () => {
  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b; c, d\ne')).toBe('a\\\\b\\; c\\, d\\ne');
  });

  it('folds lines at 75 octets without cutting a Vietnamese character', () => {
    const line = `SUMMARY:${'Đảm bảo an ninh trường học, '.repeat(12)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  });
});

describe('the feed of the five plans', () => {
  let h: IndexedHome;
  beforeAll(async () => {
    h = await makeIndexedHome('calendar', { PLANBOT_PUBLIC_URL: 'https://planbot.example.vn/' });
  });
  afterAll(async () => {
    await h?.dispose();
  });

  const feed = async () => {
    const list = await h.app.store.facts.listDeadlines({});
    const names = new Map((await h.app.store.listDocuments()).map((d) => [d.docId, d.shortName]));
    const text = deadlinesCalendar(list, { webUrl: h.cfg.publicUrl, now: new Date('2026-12-02T03:00:00Z'), planName: (id) => names.get(id) ?? id, name: 'planbot — hạn chót' });
    return { list, text };
  };

  it('has one all-day event per task that falls on a day, as an RFC 5545 parser reads it', async () => {
    const { list, text } = await feed();
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const dated = calendarDeadlines(list);
    expect(dated.length).toBeGreaterThan(10);
    expect(events.length).toBe(dated.length);
    const byUid = new Map(dated.map((d) => [`${d.id}@planbot`, d]));
    for (const e of events) {
      const d = byUid.get(e.uid)!;
      expect(d).toBeDefined();
      expect(e.startDate.isDate).toBe(true);
      expect(e.startDate.toString()).toBe(d.dueLast);
      expect(e.endDate.toJSDate().getTime() - e.startDate.toJSDate().getTime()).toBe(86_400_000);
      expect(d.task.startsWith(e.summary.replace(/…$/, ''))).toBe(true);
      expect(e.description).toContain(d.quote);
      expect(e.description).toContain(d.responsible ?? 'kế hoạch không nêu');
      const url = e.component.getFirstPropertyValue('url') as string;
      expect(url).toBe(`https://planbot.example.vn/#clause=${encodeURIComponent(d.clauseId)}`);
    }
    // UIDs are unique: a calendar app keeps one event per UID.
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('keeps each task’s UID when a plan is changed and indexed again, so the event is updated', async () => {
    const before = new Set(calendarDeadlines(await h.app.store.facts.listDeadlines({ docId: 'hong-bang-2023-2024' })).map((d) => d.id));
    const file = path.join(h.cfg.corpusDir, 'hong-bang-2023-2024.txt');
    // An edit far from the dated tasks: a sentence added at the end of the plan.
    await writeFile(file, `${await readFile(file, 'utf8')}\nKế hoạch này được phổ biến đến toàn thể cán bộ, giáo viên.\n`);
    const store = await Store.open(h.cfg.dbPath, { create: false });
    try {
      const r = await indexCorpus(store, { corpusDir: h.cfg.corpusDir, indexDir: h.cfg.indexDir, embedder: null });
      expect(r.changed).toEqual(['hong-bang-2023-2024']);
      const after = new Set(calendarDeadlines(await store.facts.listDeadlines({ docId: 'hong-bang-2023-2024' })).map((d) => d.id));
      expect(before.size).toBeGreaterThan(0);
      expect([...after].sort()).toEqual([...before].sort());
    } finally {
      await store.close();
    }
  });

  it('is what `planbot deadlines --ics` prints, filters included', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'deadlines', '--ics', ...args], {
        cwd: h.home,
        env: { PATH: process.env.PATH, PLANBOT_HOME: h.home, PLANBOT_LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const all = run([]);
    expect(all.status).toBe(0);
    const events = new ICAL.Component(ICAL.parse(all.stdout)).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(10);
    const one = run(['--doc', 'tp-hcm-2023-2024']);
    const cal = new ICAL.Component(ICAL.parse(one.stdout));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('planbot — hạn chót (tp-hcm-2023-2024)');
    const uids = cal.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid') as string);
    expect(uids.length).toBeGreaterThan(0);
    for (const u of uids) expect(u.startsWith('tp-hcm-2023-2024#')).toBe(true);
  });
});
