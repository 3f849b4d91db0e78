// A fake Zalo platform on 127.0.0.1 (port 0): the Official Account API (customer-service
// messages) and the OAuth server (token refresh), for the real planbot Zalo client to run against
// through ZALO_API_ROOT / ZALO_OAUTH_ROOT. Like Zalo, it answers HTTP 200 with an `error` code,
// accepts only the current access token (-216 otherwise), and rotates the refresh token on every
// use: the old one is refused from then on. Users whose interaction window is closed are refused
// with -213. It keeps Zalo's message rules: a customer-service message that references a message
// the user sent within the last 48 hours (recipient.message_id) is a reply, and free; any other is
// proactive, refused unless the OA is verified and the month's quota is not spent; so is a 9th
// reply to one message (8 are free). Every user
// message it signs (signedEvent) starts that user's window. It can fail for a while (HTTP 500)
// or hang, to show what planbot does then. Template (ZNS) messages go to /message/template.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { zaloMac } from '../../src/channels/zalo/signature.js';

/** How the fake counted a message it took. */
export type ZaloKind = 'reply' | 'proactive' | 'template';

export interface ZaloCall {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  at: number;
}

export interface FakeZalo {
  /** ZALO_API_ROOT and ZALO_OAUTH_ROOT (one server serves both). */
  root: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  calls: ZaloCall[];
  /** Text messages accepted, optionally to one user. */
  sent(userId?: string): { userId: string; text: string; kind: ZaloKind; replyTo: string | null; at: number }[];
  /** Template messages accepted. */
  templates: { userId: string; templateId: string; data: Record<string, string>; trackingId: string }[];
  /** The OA is verified (may send proactive messages), and its proactive quota for the month. */
  oa: { verified: boolean; quota: number; used: number };
  /** Messages refused, with Zalo's code. */
  refused: { userId: string; code: number; why: string }[];
  /** The user wrote (a signed user event does this itself): the window opens from `at`. */
  userWrote(userId: string, msgId: string, at?: number): void;
  /** Message calls answer HTTP 500 until this time (ms since the epoch). */
  failUntil(ms: number): void;
  /** Message calls for these users (all when the set holds '*') never answer. */
  hanging: Set<string>;
  /** Each message call is answered after this long (a real API takes tens of milliseconds). */
  delayMs: number;
  /** The pair Zalo currently honours. */
  current: { accessToken: string; refreshToken: string };
  /** Makes the current access token invalid (as if it expired), so the next message gets -216. */
  expireAccessToken(): void;
  /** Users whose 48-hour window is closed. */
  closedWindows: Set<string>;
  /** The next n message calls answer HTTP 500. */
  failMessages(n: number): void;
  /** A webhook delivery signed as Zalo signs it: headers and the exact body bytes. */
  signedEvent(event: Record<string, unknown>, opts?: { secret?: string }): { body: Buffer; headers: Record<string, string> };
  close(): Promise<void>;
}

export async function startFakeZalo(opts: { appId?: string; appSecret?: string; oaSecretKey?: string; verified?: boolean; quota?: number } = {}): Promise<FakeZalo> {
  const appId = opts.appId ?? '4291763606161179100';
  const appSecret = opts.appSecret ?? 'app-secret-xyz';
  const oaSecretKey = opts.oaSecretKey ?? 'oa-secret-key-abc';
  let generation = 1;
  const current = { accessToken: 'access-1', refreshToken: 'refresh-1' };
  const calls: ZaloCall[] = [];
  const delivered: ReturnType<FakeZalo['sent']> = [];
  const closedWindows = new Set<string>();
  let failing = 0;
  let failingUntil = 0;
  const templates: FakeZalo['templates'] = [];
  const oa = { verified: opts.verified ?? false, quota: opts.quota ?? 1000, used: 0 };
  const refused: FakeZalo['refused'] = [];
  const hanging = new Set<string>();
  /** Per user: message id → when it was sent. */
  const userMessages = new Map<string, Map<string, number>>();
  const WINDOW_MS = 48 * 3_600_000;
  const REPLIES_PER_MESSAGE = 8;
  const repliesUsed = new Map<string, number>();
  const userWrote = (userId: string, msgId: string, at = Date.now()) => {
    if (!userMessages.has(userId)) userMessages.set(userId, new Map());
    userMessages.get(userId)!.set(msgId, at);
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => setTimeout(() => handle(req, res, parts), req.url?.includes('/message/') ? fake.delayMs : 0));
  });
  const handle = (req: http.IncomingMessage, res: http.ServerResponse, parts: Buffer[]) => {
    {
      const raw = Buffer.concat(parts).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      const isForm = String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
      let body: any = raw;
      try {
        body = isForm ? Object.fromEntries(new URLSearchParams(raw)) : raw ? JSON.parse(raw) : {};
      } catch {
        /* kept raw */
      }
      calls.push({ path: url.pathname, headers: req.headers, body, at: Date.now() });
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.method === 'POST' && url.pathname === '/v4/oa/access_token') {
        if (req.headers.secret_key !== appSecret) return answer(200, { error: -14002, error_name: 'Invalid app secret', error_description: 'secret_key is wrong' });
        if (body.app_id !== appId || body.grant_type !== 'refresh_token') return answer(200, { error: -14001, error_name: 'Invalid parameter' });
        if (body.refresh_token !== current.refreshToken) return answer(200, { error: -14014, error_name: 'Invalid refresh token', error_description: 'refresh token is invalid or used' });
        generation += 1;
        current.accessToken = `access-${generation}`;
        current.refreshToken = `refresh-${generation}`;
        return answer(200, { access_token: current.accessToken, refresh_token: current.refreshToken, expires_in: '90000' });
      }
      const isMessage = req.method === 'POST' && (url.pathname === '/v3.0/oa/message/cs' || url.pathname === '/message/template');
      if (isMessage) {
        const target = String(body?.recipient?.user_id ?? body?.user_id ?? '');
        if (hanging.has('*') || hanging.has(target)) return; // never answered; the client's timeout must end it
        if (failing > 0 || Date.now() < failingUntil) {
          if (failing > 0) failing -= 1;
          return answer(500, { error: -1, message: 'internal error' });
        }
        if (req.headers.access_token !== current.accessToken) return answer(200, { error: -216, message: 'Access token is invalid' });
      }
      const refuse = (userId: string, code: number, why: string) => {
        refused.push({ userId, code, why });
        return answer(200, { error: code, message: why });
      };
      if (req.method === 'POST' && url.pathname === '/message/template') {
        const userId = String(body?.user_id ?? '');
        if (!userId || !body?.template_id || typeof body?.template_data !== 'object') return refuse(userId, -201, 'Parameters are invalid');
        templates.push({ userId, templateId: String(body.template_id), data: body.template_data, trackingId: String(body.tracking_id ?? '') });
        return answer(200, { error: 0, message: 'Success', data: { msg_id: `t${templates.length}` } });
      }
      if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') {
        const userId = String(body?.recipient?.user_id ?? '');
        const replyTo = body?.recipient?.message_id ? String(body.recipient.message_id) : null;
        const text = body?.message?.text;
        if (!userId || typeof text !== 'string' || text.length === 0) return refuse(userId, -201, 'Parameters are invalid');
        if (text.length > 2000) return refuse(userId, -201, 'text is longer than 2000 characters');
        if (closedWindows.has(userId)) return refuse(userId, -213, 'User has not interacted with the OA in the allowed time');
        let kind: ZaloKind = 'proactive';
        if (replyTo) {
          const at = userMessages.get(userId)?.get(replyTo);
          if (at === undefined) return refuse(userId, -201, 'message_id is not a message of this user');
          if (Date.now() - at > WINDOW_MS) return refuse(userId, -230, 'the message replied to is older than 48 hours');
          const used = repliesUsed.get(`${userId}|${replyTo}`) ?? 0;
          // The 9th reply to one message counts as proactive, as Zalo counts it.
          if (used < REPLIES_PER_MESSAGE) {
            repliesUsed.set(`${userId}|${replyTo}`, used + 1);
            kind = 'reply';
          }
        }
        if (kind === 'proactive') {
          if (!oa.verified) return refuse(userId, -224, 'OA is not verified: proactive messages are not allowed');
          if (oa.used >= oa.quota) return refuse(userId, -211, 'Out of quota');
          oa.used += 1;
        }
        delivered.push({ userId, text, kind, replyTo, at: Date.now() });
        return answer(200, { error: 0, message: 'Success', data: { message_id: `m${delivered.length}`, user_id: userId, quota_type: kind === 'reply' ? 'reply' : 'sub_quota' } });
      }
      answer(404, { error: -404, message: 'not found' });
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeZalo = {
    delayMs: 0,
    root: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    oaSecretKey,
    calls,
    current,
    closedWindows,
    templates,
    oa,
    refused,
    hanging,
    userWrote,
    failUntil(ms) {
      failingUntil = ms;
    },
    sent: (userId) => delivered.filter((d) => userId === undefined || d.userId === userId),
    expireAccessToken() {
      current.accessToken = `expired-${generation}-${Date.now()}`;
    },
    failMessages(n) {
      failing = n;
    },
    signedEvent(event, o = {}) {
      const body = Buffer.from(JSON.stringify(event));
      const from = (event.sender as { id?: string } | undefined)?.id;
      const msgId = (event.message as { msg_id?: string } | undefined)?.msg_id;
      if (String(event.event_name).startsWith('user_send_') && from && msgId) userWrote(from, msgId, Number(event.timestamp));
      const ts = String(event.timestamp);
      return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${zaloMac(appId, body, ts, o.secret ?? oaSecretKey)}` } };
    },
    close: () =>
      new Promise<void>((resolve) => {
        hanging.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** A user_send_text event as Zalo sends it. */
export function textEvent(o: { userId: string; text: string; msgId?: string; timestamp?: number; appId?: string }): Record<string, unknown> {
  return {
    app_id: o.appId ?? '4291763606161179100',
    user_id_by_app: `app-${o.userId}`,
    event_name: 'user_send_text',
    timestamp: String(o.timestamp ?? Date.now()),
    sender: { id: o.userId },
    recipient: { id: 'oa-1' },
    message: { text: o.text, msg_id: o.msgId ?? `msg-${Math.random().toString(36).slice(2)}` },
  };
}
