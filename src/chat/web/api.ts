// The web chat: its page (GET /, /static/*) and the JSON API behind it, on the shared HTTP
// server. POST /api/ask gives the answer object of `planbot ask --json` (with the logged
// question's id, for 👍/👎 at POST /api/feedback), or for a command the reply Telegram would give;
// GET /api/clause/<id> a clause with its breadcrumb and neighbours; the plans, their deadlines
// and the calendar feed are in plans.ts. Bodies are small and questions rate-limited per client; every error is JSON
// `{error}` with a message the page shows as it is.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppContext } from '../../app.js';
import { QuestionError, MAX_QUESTION_CHARS } from '../../answer/answerer.js';
import { clauseTitle } from '../../store/repository.js';
import { MAX_CLAUSE_ID_CHARS } from '../../store/clauseSuggestions.js';
import { resourcePath } from '../../paths.js';
import { HttpError, type HttpServer } from '../http.js';
import { TokenBucket } from '../../channels/tokenBucket.js';
import { systemClock, type Clock } from '../../channels/clock.js';
import { localCommand } from '../localCommands.js';
import { registerPlanRoutes } from './plans.js';
import { logWebQuestion, registerFeedbackRoute, webClientId } from './feedback.js';
import { webReply } from './webReply.js';
import { ASK_DEFAULTS } from '../../config.js';

export interface WebOptions {
  app: AppContext;
  http: HttpServer;
  logger?: Logger;
  clock?: Clock;
  /** Questions a minute per client (default 20; 0 lifts the limit), with a burst of `burst` (default 5). */
  questionsPerMinute?: number;
  burst?: number;
  /** The page's public address, for the calendar feed's links to clauses (default: the config's PLANBOT_PUBLIC_URL). */
  publicUrl?: string;
}

/**
 * The page's own files are all it loads (no inline script or style, nothing from elsewhere), it
 * may not be framed, and a browser never guesses a type: another site can neither frame the
 * chat nor run script in it.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const STATIC_FILES = new Set(['index.html', 'app.js', 'api.js', 'panel.js', 'reply.js', 'timeline.js', 'plans.js', 'style.css', 'icon.svg']);
const MAX_CLIENTS = 10_000;

/** Per-client token buckets; the oldest clients are forgotten past MAX_CLIENTS. */
class ClientLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
    private readonly burst: number,
  ) {}

  /** 0 when the client may ask now, else the seconds to wait. */
  take(client: string): number {
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size >= MAX_CLIENTS) this.buckets.delete(this.buckets.keys().next().value!);
      b = new TokenBucket(this.clock, this.perMinute / 60, this.burst);
      this.buckets.set(client, b);
    }
    if (b.tryTake()) return 0;
    return Math.max(1, Math.ceil(b.waitMs() / 1000));
  }
}

export function registerWebChat(o: WebOptions): void {
  const { app, http } = o;
  const clock = o.clock ?? systemClock;
  const perMinute = o.questionsPerMinute ?? ASK_DEFAULTS.perMinute;
  const limiter = perMinute > 0 ? new ClientLimiter(clock, perMinute, o.burst ?? ASK_DEFAULTS.burst) : null;
  const staticDir = resourcePath('src', 'chat', 'web', 'static');

  const serveStatic = async (name: string) => {
    if (!STATIC_FILES.has(name)) throw new HttpError(404, 'not found');
    const body = await readFile(path.join(staticDir, name));
    return { status: 200, headers: { ...PAGE_SECURITY_HEADERS, 'content-type': STATIC_TYPES[path.extname(name)], 'cache-control': 'no-cache' }, body };
  };
  http.route('GET', '/', () => serveStatic('index.html'));
  http.route('GET', '/static/*', (req) => serveStatic(req.rest));

  http.route(
    'POST',
    '/api/ask',
    async (req) => {
      const body = req.json<{ question?: unknown; doc?: unknown; year?: unknown; client?: unknown }>();
      if (!body || typeof body !== 'object' || typeof body.question !== 'string') throw new HttpError(400, 'gửi {"question": "..."}: câu hỏi là một chuỗi');
      if (body.question.length > MAX_QUESTION_CHARS) throw new HttpError(413, `câu hỏi dài ${body.question.length} ký tự; xin hỏi từng câu một (tối đa ${MAX_QUESTION_CHARS})`);
      const year = body.year === undefined || body.year === null || body.year === '' ? undefined : Number(body.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 1900 && year <= 2100)) throw new HttpError(400, 'year là một năm, ví dụ 2023');
      const wait = limiter?.take(req.client) ?? 0;
      if (wait) return { status: 429, headers: { 'retry-after': String(wait) }, body: { error: `bạn hỏi nhanh quá; thử lại sau ${wait} giây`, retryAfter: wait } };
      // "/hanchot", "/help", "/dieukhoan …" typed in the page are commands, answered as in Telegram.
      const command = await localCommand(app.store, body.question, new Date(clock.now()), 'web');
      if (command) return { status: 200, body: { command: true, reply: webReply(command) } };
      try {
        const answer = await app.answerer.ask(body.question, { docId: typeof body.doc === 'string' && body.doc ? body.doc : undefined, year });
        const questionId = await logWebQuestion(app.store, webClientId(body.client), body.question, answer);
        return { status: 200, body: { ...answer, questionId } };
      } catch (err) {
        if (err instanceof QuestionError) throw new HttpError(400, err.message);
        throw err;
      }
    },
    // JSON only: a plain form or text/plain post from another site's page (no CORS preflight) is refused.
    { maxBodyBytes: 16 * 1024, contentTypes: ['application/json'] },
  );

  http.route('GET', '/api/clause/*', async (req) => {
    let id: string;
    try {
      id = decodeURIComponent(req.rest);
    } catch {
      throw new HttpError(400, 'mã điều khoản không hợp lệ');
    }
    if (id.length > MAX_CLAUSE_ID_CHARS) throw new HttpError(400, `mã điều khoản dài ${id.length} ký tự; tối đa ${MAX_CLAUSE_ID_CHARS}`);
    const c = await app.store.getClause(id);
    if (!c) {
      const near = await app.store.suggestClauseIds(id);
      return { status: 404, body: { error: `không có điều khoản ${id}`, suggestions: near } };
    }
    const [doc, nav, children] = await Promise.all([app.store.getDocument(c.docId), app.store.neighbours(c), app.store.children(c.id)]);
    return {
      status: 200,
      body: {
        id: c.id,
        docId: c.docId,
        docName: doc?.shortName ?? c.docId,
        docTitle: doc?.title ?? c.docId,
        path: c.path,
        title: clauseTitle(c),
        heading: c.heading,
        breadcrumb: c.breadcrumb,
        text: c.text,
        parent: c.parentId,
        prev: nav.prev,
        next: nav.next,
        children: children.map((k) => ({ id: k.id, title: clauseTitle(k) })),
      },
    };
  });

  registerPlanRoutes({ app, http, clock, publicUrl: o.publicUrl ?? app.cfg.publicUrl });
  registerFeedbackRoute({ store: app.store, http });
}
