// A fake Zalo platform on 127.0.0.1 (port 0): the Official Account API (customer-service
// messages) and the OAuth server (token refresh), for the real planbot Zalo client to run against
// through ZALO_API_ROOT / ZALO_OAUTH_ROOT. Like Zalo, it answers HTTP 200 with an `error` code,
// accepts only the current access token (-216 otherwise), and rotates the refresh token on every
// use: the old one is refused from then on. Users whose interaction window is closed are refused
// with -213. It can also sign webhook events the way Zalo does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { zaloMac } from '../../src/channels/zalo/signature.js';

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
  sent(userId?: string): { userId: string; text: string }[];
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

export async function startFakeZalo(opts: { appId?: string; appSecret?: string; oaSecretKey?: string } = {}): Promise<FakeZalo> {
  const appId = opts.appId ?? '4291763606161179100';
  const appSecret = opts.appSecret ?? 'app-secret-xyz';
  const oaSecretKey = opts.oaSecretKey ?? 'oa-secret-key-abc';
  let generation = 1;
  const current = { accessToken: 'access-1', refreshToken: 'refresh-1' };
  const calls: ZaloCall[] = [];
  const delivered: { userId: string; text: string }[] = [];
  const closedWindows = new Set<string>();
  let failing = 0;

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
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
      if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') {
        if (failing > 0) {
          failing -= 1;
          return answer(500, { error: -1, message: 'internal error' });
        }
        if (req.headers.access_token !== current.accessToken) return answer(200, { error: -216, message: 'Access token is invalid' });
        const userId = String(body?.recipient?.user_id ?? '');
        const text = body?.message?.text;
        if (!userId || typeof text !== 'string' || text.length === 0) return answer(200, { error: -201, message: 'Parameters are invalid' });
        if (text.length > 2000) return answer(200, { error: -201, message: 'text is longer than 2000 characters' });
        if (closedWindows.has(userId)) return answer(200, { error: -213, message: 'User has not interacted with the OA in the allowed time' });
        delivered.push({ userId, text });
        return answer(200, { error: 0, message: 'Success', data: { message_id: `m${delivered.length}`, user_id: userId } });
      }
      answer(404, { error: -404, message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    root: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    oaSecretKey,
    calls,
    current,
    closedWindows,
    sent: (userId) => delivered.filter((d) => userId === undefined || d.userId === userId),
    expireAccessToken() {
      current.accessToken = `expired-${generation}-${Date.now()}`;
    },
    failMessages(n) {
      failing = n;
    },
    signedEvent(event, o = {}) {
      const body = Buffer.from(JSON.stringify(event));
      const ts = String(event.timestamp);
      return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${zaloMac(appId, body, ts, o.secret ?? oaSecretKey)}` } };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
