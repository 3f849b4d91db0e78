// A fake Telegram Bot API on 127.0.0.1 (port 0) for tests: the real telegraf client runs against
// it through `apiRoot`. It records every call, long-polls getUpdates over a queue of pushed
// updates, keeps the messages it "sent" (for editMessageText), serves files for getFile, and
// fails on request (failNext) the way Telegram does: 429 with parameters.retry_after, 403 for a
// blocked bot, 400 for HTML it cannot parse, 5xx, or a dropped connection.
//
// It checks what Telegram checks, so tests catch what Telegram would reject: text of 1–4096
// characters after entity parsing, parse_mode HTML with only Telegram's tags and entities,
// callback_data of 1–64 bytes, getUpdates refused (409) while a webhook is set.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCall {
  method: string;
  params: Record<string, any>;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status the fake answered with (200 for success). */
  status: number;
}

export interface FailSpec {
  /** HTTP status and error_code; ignored when `network` is set. */
  status?: number;
  /** The JSON body to answer with; default `{ok: false, error_code: status, description}` (+ retry_after 1 for 429). */
  body?: unknown;
  /** How many calls in a row fail; default 1. */
  count?: number;
  /** Drop the connection without an answer (the client sees a network error). */
  network?: boolean;
}

/** Thrown by a setHandler function to answer with a Bot API error. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

export type FakeHandler = (params: Record<string, any>, call: FakeCall) => unknown;

export interface FakeTelegram {
  /** Pass as telegraf's `telegram.apiRoot` (TELEGRAM_API_ROOT). */
  apiRoot: string;
  token: string;
  /** The bot's own user, as getMe returns it. */
  bot: { id: number; is_bot: true; first_name: string; username: string };
  calls: FakeCall[];
  /** Successful sendMessage calls, optionally to one chat. */
  sent(chatId?: number | string): FakeCall[];
  /** Queues an update for getUpdates; returns its update_id (assigned when missing). */
  pushUpdate(update: Record<string, any>): number;
  failNext(method: string, spec: FailSpec): void;
  /** Custom behaviour for a method (null restores the default): return the result, or throw FakeApiError. */
  setHandler(method: string, fn: FakeHandler | null): void;
  /** Makes a file downloadable through getFile; returns its file_id. */
  addFile(content: Buffer | string, filePath?: string): string;
  /** Resolves with the first call (already made or to come) of `method` matching `pred`. */
  waitFor(method: string, pred?: (c: FakeCall) => boolean, timeoutMs?: number): Promise<FakeCall>;
  /** The URL and secret of the webhook set, if any. */
  webhook(): { url: string; secret_token?: string } | null;
  close(): Promise<void>;
}

const ERRORS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests: retry after 1',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`fake telegram ${status}`);
  }
}

const fail = (status: number, description: string, parameters?: Record<string, unknown>) =>
  new ApiFailure(status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });

// ---- what Telegram validates ----

const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote', 'tg-emoji']);
const ENTITY = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/;

/** The visible text of an HTML message, or an error like Telegram's "can't parse entities". */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = '';
  for (let i = 0; i < html.length; ) {
    const ch = html[i];
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { error: `Can't find end of the entity starting at byte offset ${i}` };
      const tag = html.slice(i + 1, end).trim();
      const closing = tag.startsWith('/');
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0].toLowerCase();
      if (!HTML_TAGS.has(name)) return { error: `Unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (stack.pop() !== name) return { error: `Unexpected end tag at byte offset ${i}` };
      } else stack.push(name);
      i = end + 1;
    } else if (ch === '&') {
      const m = ENTITY.exec(html.slice(i));
      if (!m) return { error: `Unsupported entity at byte offset ${i}` };
      const e = m[1];
      text += e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      i += m[0].length;
    } else {
      text += ch;
      i++;
    }
  }
  if (stack.length) return { error: `Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"` };
  return { text };
}

function checkMarkup(markup: unknown): void {
  const m = typeof markup === 'string' ? JSON.parse(markup) : markup;
  for (const row of (m as { inline_keyboard?: { text?: string; callback_data?: string }[][] })?.inline_keyboard ?? []) {
    for (const b of row) {
      if (!b.text) throw fail(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
      if (b.callback_data !== undefined && (Buffer.byteLength(b.callback_data) < 1 || Buffer.byteLength(b.callback_data) > 64)) {
        throw fail(400, 'Bad Request: BUTTON_DATA_INVALID');
      }
    }
  }
}

function visibleText(params: Record<string, any>): string {
  const raw = params.text;
  if (typeof raw !== 'string' || raw.length === 0) throw fail(400, 'Bad Request: message text is empty');
  let text = raw;
  if (String(params.parse_mode ?? '').toUpperCase() === 'HTML') {
    const parsed = parseTelegramHtml(raw);
    if ('error' in parsed) throw fail(400, `Bad Request: can't parse entities: ${parsed.error}`);
    text = parsed.text;
  }
  if (text.trim().length === 0) throw fail(400, 'Bad Request: message text is empty');
  if (text.length > 4096) throw fail(400, 'Bad Request: message is too long');
  return text;
}

// ---- request parsing ----

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function parseParams(req: http.IncomingMessage, body: Buffer, url: URL): Record<string, any> {
  const params: Record<string, any> = Object.fromEntries(url.searchParams);
  const type = String(req.headers['content-type'] ?? '');
  if (body.length === 0) return params;
  if (type.includes('application/json')) return { ...params, ...JSON.parse(body.toString('utf8')) };
  if (type.includes('application/x-www-form-urlencoded')) return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  return { ...params, _raw: body };
}

export async function startFakeTelegram(opts: { token?: string } = {}): Promise<FakeTelegram> {
  const token = opts.token ?? '123456:TEST-token_fake';
  const bot = { id: 7000001, is_bot: true as const, first_name: 'planbot', username: 'planbot_test_bot' };
  const calls: FakeCall[] = [];
  const failures = new Map<string, FailSpec[]>();
  const handlers = new Map<string, FakeHandler>();
  const files = new Map<string, { path: string; content: Buffer }>();
  const messages = new Map<string, { message_id: number; chat: { id: number | string }; text: string }>();
  const waiters: { method: string; pred: (c: FakeCall) => boolean; resolve: (c: FakeCall) => void }[] = [];
  let updates: Record<string, any>[] = [];
  let pollers: { offset: number; limit: number; respond: (u: Record<string, any>[]) => void }[] = [];
  // Like Telegram's, update ids of a new bot start at an arbitrary number, not at 1.
  let nextUpdateId = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  let nextMessageId = 1;
  let webhook: { url: string; secret_token?: string } | null = null;
  let closed = false;

  const record = (c: FakeCall) => {
    calls.push(c);
    for (const w of [...waiters]) {
      if (w.method === c.method && w.pred(c)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(c);
      }
    }
  };

  const pending = (offset: number, limit: number) => {
    updates = updates.filter((u) => u.update_id >= offset); // a higher offset confirms the earlier ones
    return updates.slice(0, limit);
  };

  const wakePollers = () => {
    for (const p of [...pollers]) {
      const batch = pending(p.offset, p.limit);
      if (batch.length) {
        pollers = pollers.filter((x) => x !== p);
        p.respond(batch);
      }
    }
  };

  const sendLike = (params: Record<string, any>) => {
    if (params.chat_id === undefined || params.chat_id === '') throw fail(400, 'Bad Request: chat_id is empty');
    const text = visibleText(params);
    if (params.reply_markup) checkMarkup(params.reply_markup);
    return text;
  };

  async function defaultResult(method: string, params: Record<string, any>, res: http.ServerResponse, call: FakeCall): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'getUpdates': {
        if (webhook) throw fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = Number(params.offset ?? 0);
        const limit = Number(params.limit ?? 100);
        const now = pending(offset, limit);
        const timeout = Number(params.timeout ?? 0);
        if (now.length || timeout <= 0 || closed) return now;
        record(call); // a waiting long poll is visible at once
        return new Promise((resolve) => {
          const p = { offset, limit, respond: resolve };
          pollers.push(p);
          const timer = setTimeout(() => {
            pollers = pollers.filter((x) => x !== p);
            resolve([]);
          }, timeout * 1000);
          timer.unref();
          res.on('close', () => {
            clearTimeout(timer);
            pollers = pollers.filter((x) => x !== p);
          });
        });
      }
      case 'sendMessage': {
        const text = sendLike(params);
        const message_id = nextMessageId++;
        const chat = { id: params.chat_id };
        messages.set(`${params.chat_id}:${message_id}`, { message_id, chat, text });
        return { message_id, date: Math.floor(Date.now() / 1000), chat, from: bot, text };
      }
      case 'editMessageText': {
        const text = sendLike(params);
        const m = messages.get(`${params.chat_id}:${params.message_id}`);
        if (!m) throw fail(400, 'Bad Request: message to edit not found');
        if (m.text === text && !params.reply_markup) throw fail(400, 'Bad Request: message is not modified');
        m.text = text;
        return { message_id: m.message_id, date: Math.floor(Date.now() / 1000), chat: m.chat, from: bot, text };
      }
      case 'answerCallbackQuery':
        if (!params.callback_query_id) throw fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        return true;
      case 'sendChatAction':
        if (!params.chat_id || !params.action) throw fail(400, 'Bad Request: chat_id or action is empty');
        return true;
      case 'setWebhook':
        webhook = params.url ? { url: String(params.url), ...(params.secret_token ? { secret_token: String(params.secret_token) } : {}) } : null;
        if (params.drop_pending_updates) updates = [];
        return true;
      case 'deleteWebhook':
        webhook = null;
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') updates = [];
        return true;
      case 'getWebhookInfo':
        return { url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: webhook ? updates.length : 0 };
      case 'getFile': {
        const f = files.get(String(params.file_id));
        if (!f) throw fail(400, 'Bad Request: invalid file_id');
        return { file_id: params.file_id, file_unique_id: `u${params.file_id}`, file_size: f.content.length, file_path: f.path };
      }
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'deleteMessage':
        return true;
      default:
        throw fail(404, 'Not Found: method not found');
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const f = fileMatch[1] === token ? [...files.values()].find((x) => x.path === decodeURIComponent(fileMatch[2])) : undefined;
      if (!f) {
        res.writeHead(404).end('Not Found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.content.length });
      res.end(f.content);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = m[2];
    let call: FakeCall | null = null;
    try {
      const params = parseParams(req, await readBody(req), url);
      for (const k of ['reply_markup', 'allowed_updates']) if (typeof params[k] === 'string' && /^[[{]/.test(params[k])) params[k] = JSON.parse(params[k]);
      call = { method, params, at: Date.now(), status: 200 };
      if (m[1] !== token) throw fail(401, 'Unauthorized');
      const queue = failures.get(method);
      const f = queue?.[0];
      if (f) {
        f.count = (f.count ?? 1) - 1;
        if (f.count <= 0) queue.shift();
        if (f.network) {
          call.status = 0;
          record(call);
          req.socket.destroy();
          return;
        }
        const status = f.status ?? 500;
        throw new ApiFailure(status, f.body ?? { ok: false, error_code: status, description: ERRORS[status] ?? 'Error', ...(status === 429 ? { parameters: { retry_after: 1 } } : {}) });
      }
      const custom = handlers.get(method);
      let result: unknown;
      try {
        result = custom ? await custom(params, call) : await defaultResult(method, params, res, call);
      } catch (err) {
        if (err instanceof FakeApiError) throw fail(err.status, err.description, err.parameters);
        throw err;
      }
      if (!calls.includes(call)) record(call);
      reply(200, { ok: true, result });
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : fail(500, `fake telegram: ${(err as Error).message}`);
      if (call) {
        call.status = failure.status;
        record(call);
      }
      reply(failure.status, failure.body);
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot,
    calls,
    sent: (chatId) => calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && (chatId === undefined || String(c.params.chat_id) === String(chatId))),
    pushUpdate(update) {
      const u = { ...update };
      if (typeof u.update_id !== 'number') u.update_id = nextUpdateId++;
      else nextUpdateId = Math.max(nextUpdateId, u.update_id + 1);
      updates.push(u);
      wakePollers();
      return u.update_id;
    },
    failNext(method, spec) {
      const list = failures.get(method) ?? [];
      list.push({ ...spec, count: spec.count ?? 1 });
      failures.set(method, list);
    },
    setHandler(method, fn) {
      if (fn) handlers.set(method, fn);
      else handlers.delete(method);
    },
    addFile(content, filePath) {
      const id = `file${files.size + 1}`;
      files.set(id, { path: filePath ?? `documents/${id}.dat`, content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
      return id;
    },
    waitFor(method, pred = () => true, timeoutMs = 10_000) {
      const done = calls.find((c) => c.method === method && pred(c));
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const w = { method, pred, resolve: (c: FakeCall) => (clearTimeout(timer), resolve(c)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`fake telegram: no ${method} call matching within ${timeoutMs} ms; calls: ${calls.map((c) => `${c.method}(${c.status})`).join(', ')}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    webhook: () => webhook,
    async close() {
      closed = true;
      for (const p of pollers) p.respond([]);
      pollers = [];
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- updates as Telegram sends them ----

let updateMessageId = 100_000;

export interface UserSpec {
  id: number;
  first_name?: string;
  username?: string;
}

/** Entities Telegram would attach: a leading /command and @mentions. */
function entitiesOf(text: string): { type: string; offset: number; length: number }[] {
  const out: { type: string; offset: number; length: number }[] = [];
  const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  if (cmd) out.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
  for (const m of text.matchAll(/(^|[^\w/])@([A-Za-z0-9_]{5,32})/g)) out.push({ type: 'mention', offset: m.index! + m[1].length, length: m[2].length + 1 });
  return out;
}

/** A message update. `chatType` other than private makes a group chat with id `chatId`. */
export function messageUpdate(o: {
  chatId: number;
  text?: string;
  from?: UserSpec;
  chatType?: 'private' | 'group' | 'supergroup';
  replyTo?: { message_id: number; from: { id: number; is_bot: boolean; first_name: string; username?: string } };
  extra?: Record<string, unknown>;
}): Record<string, any> {
  const from = { is_bot: false, first_name: 'Cán bộ', ...(o.from ?? { id: o.chatId }) };
  const chatType = o.chatType ?? 'private';
  const chat = chatType === 'private' ? { id: o.chatId, type: 'private', first_name: from.first_name } : { id: o.chatId, type: chatType, title: 'Tổ công tác' };
  const message: Record<string, any> = { message_id: updateMessageId++, date: Math.floor(Date.now() / 1000), chat, from, ...(o.extra ?? {}) };
  if (o.text !== undefined) {
    message.text = o.text;
    const entities = entitiesOf(o.text);
    if (entities.length) message.entities = entities;
  }
  if (o.replyTo) message.reply_to_message = { ...o.replyTo, date: message.date, chat };
  return { message };
}

/** A callback query update, as when a user taps an inline button under a message the bot sent. */
export function callbackUpdate(o: { chatId: number; data: string; from?: UserSpec; messageId?: number; chatType?: 'private' | 'group' | 'supergroup' }): Record<string, any> {
  const from = { is_bot: false, first_name: 'Cán bộ', ...(o.from ?? { id: o.chatId }) };
  const chatType = o.chatType ?? 'private';
  const chat = chatType === 'private' ? { id: o.chatId, type: 'private', first_name: from.first_name } : { id: o.chatId, type: chatType, title: 'Tổ công tác' };
  return {
    callback_query: {
      id: `cq${updateMessageId++}`,
      from,
      chat_instance: `ci${o.chatId}`,
      data: o.data,
      message: { message_id: o.messageId ?? 1, date: Math.floor(Date.now() / 1000), chat, text: '…' },
    },
  };
}
