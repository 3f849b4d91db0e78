// Zalo OA customer-service messages (POST /v3.0/oa/message/cs with the access_token header).
// Zalo answers HTTP 200 with an `error` code in the body; this module turns that into what the
// caller must do: nothing (sent), try again later (network, 5xx, rate limit), give up on this
// user for now (the interaction window is closed: the user must write to the OA first), or give
// up on the message (any other refusal). An invalid access token (-216) is refreshed once.
import type { ZaloTokens } from './tokens.js';
import { ZaloAuthError } from './tokens.js';

export type ZaloSendResult =
  | { kind: 'sent'; messageId: string | null }
  | { kind: 'retry'; reason: string; afterMs?: number }
  | { kind: 'window_closed'; reason: string }
  | { kind: 'failed'; reason: string };

/** Zalo's codes for an invalid or expired access token. */
const TOKEN_INVALID = new Set([-216, -124]);
/**
 * Codes for a user the OA may not write to now: not following, or no interaction within the
 * window Zalo allows for customer-service messages. Kept in one table to adjust if Zalo
 * renumbers them.
 */
const WINDOW_CLOSED = new Set([-213, -230, -217]);
/** Codes for "too many requests": back off and retry. */
const RATE_LIMITED = new Set([-32, -240]);

interface CsAnswer {
  error?: number;
  message?: string;
  data?: { message_id?: string };
}

export class ZaloClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly o: { apiRoot: string; tokens: ZaloTokens; fetch?: typeof fetch }) {
    this.fetch = o.fetch ?? fetch;
  }

  async sendText(userId: string, text: string): Promise<ZaloSendResult> {
    let token: string;
    try {
      token = await this.o.tokens.accessToken();
    } catch (err) {
      return { kind: 'retry', reason: (err as Error).message };
    }
    const first = await this.post(userId, text, token);
    if (first.kind !== 'token_invalid') return first;
    try {
      token = await this.o.tokens.refresh();
    } catch (err) {
      return { kind: 'retry', reason: err instanceof ZaloAuthError ? err.message : String(err) };
    }
    const second = await this.post(userId, text, token);
    return second.kind === 'token_invalid' ? { kind: 'retry', reason: 'Zalo refused the refreshed access token' } : second;
  }

  private async post(userId: string, text: string, token: string): Promise<ZaloSendResult | { kind: 'token_invalid' }> {
    let res: Response;
    try {
      res = await this.fetch(`${this.o.apiRoot}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: token },
        body: JSON.stringify({ recipient: { user_id: userId }, message: { text } }),
      });
    } catch (err) {
      return { kind: 'retry', reason: `network: ${(err as Error).message}` };
    }
    if (res.status === 429) return { kind: 'retry', reason: 'HTTP 429', afterMs: 1000 * Number(res.headers.get('retry-after') ?? 1) };
    if (res.status >= 500) return { kind: 'retry', reason: `HTTP ${res.status}` };
    let body: CsAnswer;
    try {
      body = (await res.json()) as CsAnswer;
    } catch {
      return { kind: 'failed', reason: `HTTP ${res.status} without JSON` };
    }
    const code = Number(body.error ?? (res.ok ? 0 : res.status));
    const why = `Zalo error ${code}: ${body.message ?? ''}`.trim();
    if (code === 0) return { kind: 'sent', messageId: body.data?.message_id ?? null };
    if (TOKEN_INVALID.has(code)) return { kind: 'token_invalid' };
    if (WINDOW_CLOSED.has(code)) return { kind: 'window_closed', reason: why };
    if (RATE_LIMITED.has(code)) return { kind: 'retry', reason: why, afterMs: 1000 };
    return { kind: 'failed', reason: why };
  }
}
