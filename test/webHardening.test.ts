// The web chat against hostile or unlucky clients, over real HTTP on 127.0.0.1 and the real app:
// the page's security headers, JSON-only questions, the question limit as set (lifted, or per
// client behind a proxy), huge clause ids refused at once and suggestions that stay cheap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../src/chat/http.js';
import { registerWebChat } from '../src/chat/web/api.js';
import { startServer } from '../src/chat/serve.js';
import { loadConfig } from '../src/config.js';
import { MAX_CLAUSE_ID_CHARS } from '../src/store/clauseSuggestions.js';
import { clauseView } from '../src/chat/views.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { memoryLogger } from './helpers/memoryLogger.js';

let h: IndexedHome;
const servers: HttpServer[] = [];
beforeAll(async () => {
  h = await makeIndexedHome('web-hardening');
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await h?.dispose();
});

async function web(o: { perMinute?: number; burst?: number; trustProxy?: boolean } = {}): Promise<string> {
  const http = new HttpServer({ settings: { trustProxy: o.trustProxy ?? false } });
  registerWebChat({ app: h.app, http, questionsPerMinute: o.perMinute, burst: o.burst });
  servers.push(http);
  return `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
}

const ask = (base: string, headers: Record<string, string> = {}, body = JSON.stringify({ question: 'ai chịu trách nhiệm an ninh trường học ở Hồng Bàng' })) =>
  fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('browser hardening', () => {
  it('sends a Content-Security-Policy that allows only the page’s own files, and forbids framing and sniffing', async () => {
    const base = await web();
    for (const p of ['/', '/static/app.js', '/static/style.css']) {
      const res = await fetch(`${base}${p}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, p).toMatch(/default-src 'none'/);
      expect(csp, p).toMatch(/script-src 'self'(;|$)/); // no 'unsafe-inline', no other origin
      expect(csp, p).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // The page itself has no inline script or style, so the policy does not break it.
    const html = await (await fetch(`${base}/`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle="|\son[a-z]+="/);
  });

  it('takes questions only as application/json: a text/plain or form post from another page is 415', async () => {
    const base = await web();
    const body = JSON.stringify({ question: 'ai chịu trách nhiệm an ninh trường học ở Hồng Bàng' });
    expect((await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status).toBe(415);
    expect((await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'question=x' })).status).toBe(415);
    expect((await ask(base)).status).toBe(200);
  });
});

describe('question limits as set', () => {
  it('lifted (PLANBOT_ASK_PER_MINUTE=0): many questions from one client are all answered', async () => {
    const base = await web({ perMinute: 0 });
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await ask(base)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('behind a trusted proxy each official has a bucket of their own, keyed on the address the proxy appended', async () => {
    const base = await web({ perMinute: 1, burst: 2, trustProxy: true });
    const a = { 'x-forwarded-for': '10.0.0.1' };
    const b = { 'x-forwarded-for': '10.0.0.2' };
    expect([(await ask(base, a)).status, (await ask(base, a)).status, (await ask(base, a)).status]).toEqual([200, 200, 429]);
    expect((await ask(base, b)).status).toBe(200);
    // A client cannot pick a fresh bucket by writing its own X-Forwarded-For: the proxy's entry is the last one.
    expect((await ask(base, { 'x-forwarded-for': '9.9.9.9, 10.0.0.1' })).status).toBe(429);
  });

  it('without a trusted proxy X-Forwarded-For does not make a new client', async () => {
    const base = await web({ perMinute: 1, burst: 1 });
    expect((await ask(base, { 'x-forwarded-for': '10.0.0.1' })).status).toBe(200);
    expect((await ask(base, { 'x-forwarded-for': '10.0.0.2' })).status).toBe(429);
  });

  it('planbot serve reads the limits and the proxy setting from the environment', async () => {
    const server = await startServer(loadConfig({ PLANBOT_HOME: h.home, PORT: '0', PLANBOT_ASK_PER_MINUTE: '1', PLANBOT_ASK_BURST: '1', PLANBOT_TRUST_PROXY: '1' }), { logger: memoryLogger().logger });
    try {
      const base = `http://127.0.0.1:${server.ctx.http.port}`;
      expect((await ask(base, { 'x-forwarded-for': '10.1.0.1' })).status).toBe(200);
      expect((await ask(base, { 'x-forwarded-for': '10.1.0.1' })).status).toBe(429);
      expect((await ask(base, { 'x-forwarded-for': '10.1.0.2' })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('clause ids', () => {
  it('refuses an id over the limit with 400 at once, on the web and in chat', async () => {
    const base = await web();
    const huge = `hong-bang-2023-2024#${'III.1.'.repeat(2500)}`; // 15 KB
    const res = await fetch(`${base}/api/clause/${encodeURIComponent(huge)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(new RegExp(`tối đa ${MAX_CLAUSE_ID_CHARS}`));
    const reply = await clauseView(h.app.store, huge);
    expect(reply.blocks.map((b) => b.text).join('\n')).toMatch(new RegExp(`tối đa ${MAX_CLAUSE_ID_CHARS} ký tự`));
    expect(reply.buttons ?? []).toEqual([]);
  });

  it('suggests ids for a typo in the path, in the plan’s name, in the case, and for a bare path', async () => {
    const s = h.app.store;
    expect(await s.suggestClauseIds('hong-bang-2023-2024#III.1.9')).toContain('hong-bang-2023-2024#III.1.1');
    expect(await s.suggestClauseIds('hpng-bamg-2023-2024#III.1.1')).toContain('hong-bang-2023-2024#III.1.1');
    expect((await s.suggestClauseIds('HONG-BANG-2023-2024#iii.1.1'))[0]).toBe('hong-bang-2023-2024#III.1.1');
    // A path several plans have: every one of them, in plan order.
    const withII1 = (await s.allClauseIds()).filter((id) => id.endsWith('#II.1')).sort();
    expect(withII1.length).toBeGreaterThan(1);
    expect(await s.suggestClauseIds('?#II.1', 10)).toEqual(withII1.slice(0, 10));
    expect(await s.suggestClauseIds('x'.repeat(MAX_CLAUSE_ID_CHARS + 1))).toEqual([]);
  });

  it('looks suggestions up through indexes, not by reading every clause', async () => {
    const plan = async (sql: string, params: unknown[]) => (await h.app.store.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join(' | ');
    expect(await plan('SELECT clause_id FROM clauses WHERE lower(clause_id) >= ? ORDER BY lower(clause_id) LIMIT 8', ['hong'])).toMatch(/USING INDEX clauses_lower_id/);
    expect(await plan('SELECT clause_id FROM clauses WHERE lower(clause_id) < ? ORDER BY lower(clause_id) DESC LIMIT 8', ['hong'])).toMatch(/USING INDEX clauses_lower_id/);
    expect(await plan('SELECT clause_id FROM clauses WHERE lower(path) = lower(?) ORDER BY doc_id, ord LIMIT 20', ['III.1'])).toMatch(/USING INDEX clauses_lower_path/);
  });
});
