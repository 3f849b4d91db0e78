// The web chat's page and JSON API over real HTTP on 127.0.0.1, against the real app over an
// indexed copy of the five plans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../src/chat/http.js';
import { registerWebChat } from '../src/chat/web/api.js';
import { ManualClock } from '../src/channels/clock.js';
import { startServer } from '../src/chat/serve.js';
import { loadConfig } from '../src/config.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { memoryLogger } from './helpers/memoryLogger.js';

let h: IndexedHome;
let http: HttpServer;
let base: string;
const clock = new ManualClock(Date.parse('2023-12-01T03:00:00Z'));

beforeAll(async () => {
  h = await makeIndexedHome('web');
  http = new HttpServer();
  registerWebChat({ app: h.app, http, clock, questionsPerMinute: 6, burst: 3 });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await h?.dispose();
});

const ask = (body: unknown, raw?: string) => fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });

describe('the page', () => {
  it('serves the chat page and its own script and style, with nothing from outside', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<html lang="vi">/);
    expect(html).toMatch(/Nhập câu hỏi/);
    // Works offline: every script, style and icon comes from planbot itself.
    for (const m of html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"/g)) expect(m[1].startsWith('/static/')).toBe(true);
    // Links stay on this server (the calendar feed).
    for (const m of html.matchAll(/<a\b[^>]*href="([^"]+)"/g)) expect(m[1].startsWith('/')).toBe(true);
    const js = await fetch(`${base}/static/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const app = await js.text();
    expect(app).toMatch(/\/api\/ask/);
    // Each module the page imports is served too.
    const modules = [...app.matchAll(/from '\.\/([a-z]+\.js)'/g)].map((m) => m[1]);
    expect(modules.length).toBeGreaterThan(2);
    for (const m of modules) expect((await fetch(`${base}/static/${m}`)).status, m).toBe(200);
    expect((await fetch(`${base}/static/style.css`)).status).toBe(200);
  });

  it('serves no other file', async () => {
    expect((await fetch(`${base}/static/..%2Fapi.ts`)).status).toBe(404);
    expect((await fetch(`${base}/static/index.ts`)).status).toBe(404);
  });
});

describe('POST /api/ask', () => {
  it('answers with the object `planbot ask --json` prints', async () => {
    const res = await ask({ question: 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024' });
    expect(res.status).toBe(200);
    const a = await res.json();
    // The answer of `planbot ask --json`, with the id of the logged question its 👍/👎 refer to.
    expect(Object.keys(a).sort()).toEqual(['abstained', 'answer', 'citations', 'intent', 'lang', 'outcome', 'question', 'questionId']);
    expect(a.answer).toMatch(/dưới 1%/);
    expect(a.citations[0]).toMatchObject({ n: 1, clauseId: 'hong-bang-2023-2024#III.1.1', section: 'III.1.1' });
  });

  it('refuses bad input with a JSON message', async () => {
    clock.advance(60_000);
    const notJson = await ask(null, '{question: nope');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/JSON/);
    const noQuestion = await ask({ q: 'x' });
    expect(noQuestion.status).toBe(400);
    expect((await noQuestion.json()).error).toMatch(/question/);
    const long = await ask({ question: 'a'.repeat(1500) });
    expect(long.status).toBe(413);
    expect((await long.json()).error).toMatch(/từng câu một/);
    const huge = await ask(null, JSON.stringify({ question: 'a'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    const blank = await ask({ question: '   ' });
    expect(blank.status).toBe(400);
    expect((await blank.json()).error).toMatch(/empty/);
  });

  it('limits questions per client and says when to come back', async () => {
    clock.advance(60_000); // a full bucket
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask({ question: 'tỷ lệ bỏ học' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await ask({ question: 'tỷ lệ bỏ học' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(await limited.json()).toMatchObject({ retryAfter: 10 });
    clock.advance(10_000);
    expect((await ask({ question: 'tỷ lệ bỏ học' })).status).toBe(200);
  });
});

describe('GET /api/clause and /api/deadlines', () => {
  it('gives a clause with its breadcrumb, parent and neighbours', async () => {
    const res = await fetch(`${base}/api/clause/${encodeURIComponent('hong-bang-2023-2024#III.1.1')}`);
    expect(res.status).toBe(200);
    const c = await res.json();
    expect(c).toMatchObject({ id: 'hong-bang-2023-2024#III.1.1', docName: 'Hồng Bàng 2023-2024', path: 'III.1.1', parent: 'hong-bang-2023-2024#III.1' });
    expect(c.breadcrumb.length).toBeGreaterThan(0);
    expect(c.text).toMatch(/suy dinh dưỡng dưới 1%/);
    expect(c.next).toBe('hong-bang-2023-2024#III.1.2');
    const next = await (await fetch(`${base}/api/clause/${encodeURIComponent(c.next)}`)).json();
    expect(next.prev).toBe(c.id);
  });

  it('answers 404 with close matches for an unknown clause', async () => {
    const res = await fetch(`${base}/api/clause/${encodeURIComponent('hong-bang-2023-2024#III.1.9')}`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error).toMatch(/không có điều khoản/);
    expect(body.suggestions.length).toBeGreaterThan(0);
  });

  it('lists the dated tasks of the next days, programme periods left out', async () => {
    const res = await fetch(`${base}/api/deadlines?days=31`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.from).toBe('2023-12-01');
    expect(body.deadlines.some((d: { task: string }) => /Bạch Đằng/.test(d.task))).toBe(true);
    expect(body.deadlines.every((d: { kind: string; dueLast: string }) => d.kind !== 'programme_period' && d.dueLast >= '2023-12-01' && d.dueLast <= '2024-01-01')).toBe(true);
    expect((await fetch(`${base}/api/deadlines?days=abc`)).status).toBe(400);
  });
});

describe('planbot serve', () => {
  it('serves the web chat and the health check on PORT when no bot token is set', async () => {
    const server = await startServer(loadConfig({ PLANBOT_HOME: h.home, PORT: '0' }), { logger: memoryLogger().logger });
    try {
      const url = `http://127.0.0.1:${server.ctx.http.port}`;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/`)).text()).toMatch(/planbot/);
    } finally {
      await server.stop();
    }
  });
});
