// Zalo OA customer-service messages (POST /v3.0/oa/message/cs with the access_token header).
// Zalo answers HTTP 200 with an `error` code in the body; this module turns that into what the
// caller must do: nothing (sent), try again later (network, 5xx, rate limit), give up on this
// user for now (the interaction window is closed: the user must write to the OA first), or give
// up on the message (any other refusal). An invalid access token (-216) is refreshed once.
// A reply names the message it answers (recipient.message_id): Zalo counts it as a free reply
// only then; without it the message is proactive. Every call gives up after `timeoutMs`, or
// sooner when the caller's signal aborts (shutdown), and that is a `retry`.
import type { ZaloTokens } from './tokens.js';
import { ZaloAuthError } from './tokens.js';

export type ZaloSendResult =
  | { kind: 'sent'; messageId: string | null }
  /** maybeDelivered: the request went out but no answer came (timeout, stop): Zalo may have it. */
  | { kind: 'retry'; reason: string; afterMs?: number; maybeDelivered?: boolean }
  | { kind: 'window_closed'; reason: string }
  /** Zalo refused a proactive message: the month's quota is spent. */
  | { kind: 'quota_spent'; reason: string }
  | { kind: 'failed'; reason: string };

/** Zalo's codes for an invalid or expired access token. */
const TOKEN_INVALID = new Set([-216, -124]);
/**
 * Codes for a user the OA may not write to now: not following, or no interaction within the
 * window Zalo allows for customer-service messages. Kept in one table to adjust if Zalo
 * renumbers them.
 */
const WINDOW_CLOSED = new Set([-213, -230, -217]);
/** Codes for a proactive message the OA may not send now: quota spent, or an OA not verified. */
const QUOTA_SPENT = new Set([-211, -224]);
/** Codes for "too many requests": back off and retry. */
const RATE_LIMITED = new Set([-32, -240]);

interface CsAnswer {
  error?: number;
  message?: string;
  data?: { message_id?: string };
}

export interface ZaloClientOptions {
  apiRoot: string;
  tokens: ZaloTokens;
  fetch?: typeof fetch;
  /** Where template (ZNS) messages go. */
  templateApiRoot?: string;
  /** Each call gives up after this long (default 10 s). */
  timeoutMs?: number;
}

export interface SendOptions {
  /** The user's message this answers: the send then counts as a reply. */
  replyTo?: string | null;
  signal?: AbortSignal;
}

export const DEFAULT_ZALO_TIMEOUT_MS = 10_000;

export class ZaloClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly o: ZaloClientOptions) {
    this.fetch = o.fetch ?? fetch;
  }

  /** A customer-service text: a reply when `replyTo` names the user's message, else proactive. */
  sendText(userId: string, text: string, opts: SendOptions = {}): Promise<ZaloSendResult> {
    const recipient = opts.replyTo ? { user_id: userId, message_id: opts.replyTo } : { user_id: userId };
    return this.withToken((token) => this.post(`${this.o.apiRoot}/v3.0/oa/message/cs`, { recipient, message: { text } }, token, opts.signal));
  }

  /** A template (ZNS) message: the template's id and its parameters, to the OA's user. */
  sendTemplate(userId: string, templateId: string, data: Record<string, string>, trackingId: string, signal?: AbortSignal): Promise<ZaloSendResult> {
    const root = this.o.templateApiRoot ?? this.o.apiRoot;
    return this.withToken((token) => this.post(`${root}/message/template`, { user_id: userId, template_id: templateId, template_data: data, tracking_id: trackingId }, token, signal));
  }

  private async withToken(call: (token: string) => Promise<ZaloSendResult | { kind: 'token_invalid' }>): Promise<ZaloSendResult> {
    let token: string;
    try {
      token = await this.o.tokens.accessToken();
    } catch (err) {
      return { kind: 'retry', reason: (err as Error).message };
    }
    const first = await call(token);
    if (first.kind !== 'token_invalid') return first;
    try {
      token = await this.o.tokens.refresh();
    } catch (err) {
      return { kind: 'retry', reason: err instanceof ZaloAuthError ? err.message : String(err) };
    }
    const second = await call(token);
    return second.kind === 'token_invalid' ? { kind: 'retry', reason: 'Zalo refused the refreshed access token' } : second;
  }

  private async post(url: string, payload: unknown, token: string, signal?: AbortSignal): Promise<ZaloSendResult | { kind: 'token_invalid' }> {
    const timeout = AbortSignal.timeout(this.o.timeoutMs ?? DEFAULT_ZALO_TIMEOUT_MS);
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: token },
        body: JSON.stringify(payload),
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
    } catch (err) {
      const why = timeout.aborted ? `no answer within ${this.o.timeoutMs ?? DEFAULT_ZALO_TIMEOUT_MS} ms` : signal?.aborted ? 'stopped' : (err as Error).message;
      return { kind: 'retry', reason: `network: ${why}`, maybeDelivered: timeout.aborted || Boolean(signal?.aborted) };
    }
    if (res.status === 429) return { kind: 'retry', reason: 'HTTP 429', afterMs: 1000 * Number(res.headers.get('retry-after') ?? 1) };
    if (res.status >= 500) return { kind: 'retry', reason: `HTTP ${res.status}` };
    let body: CsAnswer;
    try {
      body = (await res.json()) as CsAnswer;
    } catch {
      if (timeout.aborted || signal?.aborted) return { kind: 'retry', reason: 'network: the answer was cut off', maybeDelivered: true };
      return { kind: 'failed', reason: `HTTP ${res.status} without JSON` };
    }
    const code = Number(body.error ?? (res.ok ? 0 : res.status));
    const why = `Zalo error ${code}: ${body.message ?? ''}`.trim();
    if (code === 0) return { kind: 'sent', messageId: body.data?.message_id ?? null };
    if (TOKEN_INVALID.has(code)) return { kind: 'token_invalid' };
    if (WINDOW_CLOSED.has(code)) return { kind: 'window_closed', reason: why };
    if (QUOTA_SPENT.has(code)) return { kind: 'quota_spent', reason: why };
    if (RATE_LIMITED.has(code)) return { kind: 'retry', reason: why, afterMs: 1000 };
    return { kind: 'failed', reason: why };
  }
}
