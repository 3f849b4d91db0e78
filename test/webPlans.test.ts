// The web chat's plan views over real HTTP on 127.0.0.1, against the real app over the five plans:
// the plan list, the deadlines window around today (filtered by plan and agency), the
// iCalendar feed read back with ical.js, commands typed in the box, asking within a plan or
// a year, and 👍/👎 stored in SQLite as Telegram's are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { HttpServer } from '../src/chat/http.js';
import { registerWebChat } from '../src/chat/web/api.js';
import { ManualClock } from '../src/channels/clock.js';
import { calendarDeadlines } from '../src/chat/calendar.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { sqliteRows } from './helpers/sqliteRows.js';

const PUBLIC = 'https://planbot.example.vn';
let h: IndexedHome;
let http: HttpServer;
let base: string;
const clock = new ManualClock(Date.parse('2023-11-01T03:00:00Z'));
const CLIENT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

beforeAll(async () => {
  h = await makeIndexedHome('web-plans', { PLANBOT_PUBLIC_URL: `${PUBLIC}/` });
  http = new HttpServer();
  registerWebChat({ app: h.app, http, clock, questionsPerMinute: 0 });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await h?.dispose();
});

const ask = async (body: Record<string, unknown>) => {
  const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

const rows = <T>(sql: string, params: unknown[] = []) => sqliteRows<T>(h.cfg.dbPath, sql, params);

describe('GET /api/docs', () => {
  it('lists the indexed plans with title, issuer, years and clause count', async () => {
    const { docs } = await (await fetch(`${base}/api/docs`)).json();
    const stored = await h.app.store.listDocuments();
    expect(docs.map((d: { docId: string }) => d.docId)).toEqual(stored.map((d) => d.docId));
    const hb = docs.find((d: { docId: string }) => d.docId === 'hong-bang-2023-2024');
    expect(hb).toMatchObject({ shortName: 'Hồng Bàng 2023-2024', issuer: 'UBND quận Hồng Bàng', schoolYear: '2023-2024', years: [2023, 2024] });
    expect(hb.clauses).toBe(stored.find((d) => d.docId === 'hong-bang-2023-2024')!.clauseCount);
    expect(hb.title).toMatch(/Kế hoạch/);
  });
});

describe('GET /api/deadlines for the timeline', () => {
  it('gives the window around today with the days before it, today named', async () => {
    const body = await (await fetch(`${base}/api/deadlines?past=60&days=90`)).json();
    expect(body).toMatchObject({ today: '2023-11-01', from: '2023-09-02', to: '2024-01-30' });
    const ids = body.deadlines.map((d: { id: string }) => d.id);
    // 10/09/2023 is before today (overdue), 15/01/2024 ahead.
    expect(body.deadlines.some((d: { dueLast: string }) => d.dueLast === '2023-09-10')).toBe(true);
    expect(body.deadlines.some((d: { dueLast: string }) => d.dueLast === '2024-01-15')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(body.deadlines.every((d: { dueLast: string; kind: string }) => d.dueLast >= body.from && d.dueLast <= body.to && d.kind !== 'programme_period')).toBe(true);
  });

  it('filters by plan and by agency', async () => {
    const byDoc = await (await fetch(`${base}/api/deadlines?past=60&days=400&doc=tp-hcm-2023-2024`)).json();
    expect(byDoc.deadlines.length).toBeGreaterThan(0);
    expect(byDoc.deadlines.every((d: { docId: string }) => d.docId === 'tp-hcm-2023-2024')).toBe(true);
    const all = await (await fetch(`${base}/api/deadlines?past=60&days=400`)).json();
    const byAgency = await (await fetch(`${base}/api/deadlines?past=60&days=400&agency=${encodeURIComponent('Sở Giáo dục và Đào tạo')}`)).json();
    expect(byAgency.deadlines.length).toBeGreaterThan(0);
    expect(byAgency.deadlines.length).toBeLessThan(all.deadlines.length);
    expect(byAgency.deadlines.every((d: { responsible: string | null }) => d.responsible !== null)).toBe(true);
  });

  it('refuses a bad window and names the plans for an unknown one', async () => {
    expect((await fetch(`${base}/api/deadlines?past=-3`)).status).toBe(400);
    const res = await fetch(`${base}/api/deadlines?doc=nope-2023`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/hong-bang-2023-2024/);
  });
});

describe('GET /api/deadlines.ics', () => {
  const events = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));

  it('serves every dated task as text/calendar, each event linking to its clause in the page', async () => {
    const res = await fetch(`${base}/api/deadlines.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('planbot — hạn chót');
    const dated = calendarDeadlines(await h.app.store.facts.listDeadlines({ kinds: ['deadline', 'school_year_task', 'scheduled_event', 'recurring'] }));
    const got = events(text);
    expect(got.length).toBe(dated.length);
    expect(got.length).toBeGreaterThan(10);
    const byUid = new Map(dated.map((d) => [`${d.id}@planbot`, d]));
    for (const e of got) {
      const d = byUid.get(e.uid)!;
      expect(e.startDate.toString()).toBe(d.dueLast);
      expect(e.component.getFirstPropertyValue('url')).toBe(`${PUBLIC}/#clause=${encodeURIComponent(d.clauseId)}`);
    }
  });

  it('applies the plan and agency filters, and names them in the calendar', async () => {
    const doc = await (await fetch(`${base}/api/deadlines.ics?doc=tp-hcm-2023-2024`)).text();
    const docEvents = events(doc);
    expect(docEvents.length).toBeGreaterThan(0);
    expect(docEvents.every((e) => e.uid.startsWith('tp-hcm-2023-2024#'))).toBe(true);
    expect(new ICAL.Component(ICAL.parse(doc)).getFirstPropertyValue('x-wr-calname')).toBe('planbot — hạn chót (tp-hcm-2023-2024)');
    const agency = 'Cơ sở giáo dục trên địa bàn Thành phố';
    const byAgency = events(await (await fetch(`${base}/api/deadlines.ics?agency=${encodeURIComponent(agency)}`)).text());
    expect(byAgency.length).toBeGreaterThan(0);
    expect(byAgency.length).toBeLessThan(events(await (await fetch(`${base}/api/deadlines.ics`)).text()).length);
    for (const e of byAgency) expect(e.description).toContain(`Đơn vị: ${agency}`);
    expect((await fetch(`${base}/api/deadlines.ics?doc=nope`)).status).toBe(404);
  });
});

describe('commands typed in the web chat', () => {
  it('answers /hanchot, /help and /dieukhoan as commands, not as questions', async () => {
    const due = await ask({ question: '/hanchot 90' });
    expect(due.status).toBe(200);
    expect(due.body.command).toBe(true);
    expect(due.body.reply.blocks[0].text).toMatch(/^Hạn chót trong 90 ngày tới \(01\/11\/2023/);
    expect(due.body.reply.buttons.some((b: { clause?: string }) => b.clause?.startsWith('hong-bang-2023-2024#'))).toBe(true);
    const help = await ask({ question: '/help' });
    expect(help.body.command).toBe(true);
    expect(help.body.reply.blocks.map((b: { text: string }) => b.text).join('\n')).toMatch(/ô bên dưới/);
    const clause = await ask({ question: '/dieukhoan hong-bang-2023-2024#III.1.1' });
    expect(clause.body.reply.blocks.map((b: { text: string }) => b.text).join('\n')).toMatch(/suy dinh dưỡng dưới 1%/);
    const docs = await ask({ question: '/docs' });
    expect(docs.body.reply.buttons.map((b: { doc?: string }) => b.doc)).toContain('hong-bang-2023-2024');
    const unknown = await ask({ question: '/khongco' });
    expect(unknown.body.reply.blocks[0].text).toMatch(/không có lệnh \/khongco/);
    for (const r of [due, help, clause, docs, unknown]) {
      expect(r.body).not.toHaveProperty('outcome');
      expect(JSON.stringify(r.body)).not.toMatch(/do not say|Kế hoạch không nêu/);
    }
  });
});

describe('asking within one plan or one year', () => {
  it('passes doc and year to the answerer', async () => {
    const q = 'xây dựng trường đạt chuẩn quốc gia';
    const inDoc = await ask({ question: q, doc: 'hong-bang-2023-2024' });
    expect(inDoc.body.citations.length).toBeGreaterThan(0);
    expect(inDoc.body.citations.every((c: { docId: string }) => c.docId === 'hong-bang-2023-2024')).toBe(true);
    const inYear = await ask({ question: q, year: 2021 });
    const years = new Map((await h.app.store.listDocuments()).map((d) => [d.docId, [d.yearStart, d.yearEnd]]));
    expect(inYear.body.citations.length).toBeGreaterThan(0);
    for (const c of inYear.body.citations) {
      const [start, end] = years.get(c.docId)!;
      expect(start! <= 2021 && 2021 <= end!).toBe(true);
    }
    expect((await ask({ question: q, year: 'next year' })).status).toBe(400);
  });
});

describe('👍/👎 under web answers', () => {
  it('logs the question and stores the vote, one per person and answer, the latest winning', async () => {
    const a = await ask({ question: 'ai chịu trách nhiệm an ninh trường học ở Hồng Bàng', client: CLIENT });
    expect(typeof a.body.questionId).toBe('number');
    const [logged] = await rows<{ platform: string; chat_id: string; question: string; answer: string }>('SELECT * FROM question_log WHERE id = ?', [a.body.questionId]);
    expect(logged).toMatchObject({ platform: 'web', chat_id: CLIENT, question: 'ai chịu trách nhiệm an ninh trường học ở Hồng Bàng', answer: a.body.answer });
    const vote = (v: string, client = CLIENT, question = a.body.questionId) =>
      fetch(`${base}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, vote: v, client }) });
    expect((await vote('down')).status).toBe(200);
    expect((await vote('up')).status).toBe(200);
    const votes = await rows<{ vote: string; platform: string; user_id: string }>('SELECT * FROM feedback WHERE question_id = ?', [a.body.questionId]);
    expect(votes).toEqual([expect.objectContaining({ vote: 'up', platform: 'web', user_id: CLIENT })]);
    // Another browser cannot vote on this answer, nor anyone on an unknown one or with a bad vote.
    expect((await vote('down', 'ffffffffffffffffffffffffffffffff')).status).toBe(404);
    expect((await vote('down', CLIENT, 987654)).status).toBe(404);
    expect((await vote('maybe')).status).toBe(400);
    expect((await rows('SELECT * FROM feedback WHERE question_id = ?', [a.body.questionId])).length).toBe(1);
  });
});
