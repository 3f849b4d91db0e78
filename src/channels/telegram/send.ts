// Sending to Telegram without losing messages: 429 waits the retry_after Telegram gives, network
// failures and 5xx retry with exponential backoff, HTML that Telegram cannot parse is sent again
// as plain text, and 403 (the bot was blocked or removed) marks the chat inactive.
import { TelegramError, type Telegram } from 'telegraf';
import type { Logger } from 'pino';
import type { Store } from '../../store/repository.js';
import { callbacksFor } from '../callbacks.js';
import type { Button, ChatReply } from '../replies.js';
import { realClock, RateGate, type Clock } from '../throttle.js';
import { renderReply } from './render.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

export function isNetworkError(err: unknown): boolean {
  const e = err as { name?: string; code?: string; errno?: string; type?: string };
  return e?.name === 'FetchError' || NETWORK_CODES.has(e?.code ?? '') || NETWORK_CODES.has(e?.errno ?? '');
}

/** How long to wait before trying again, or null when the error is not worth retrying. */
export function retryDelay(err: unknown, attempt: number, policy: RetryPolicy): number | null {
  if (err instanceof TelegramError) {
    if (err.code === 429) return Math.max(1, Number(err.parameters?.retry_after ?? 1)) * 1000;
    if (err.code < 500) return null;
  } else if (!isNetworkError(err)) return null;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

export async function withRetry<T>(what: string, fn: () => Promise<T>, o: { clock?: Clock; policy?: RetryPolicy; logger?: Logger } = {}): Promise<T> {
  const clock = o.clock ?? realClock;
  const policy = o.policy ?? DEFAULT_RETRY;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = attempt + 1 < policy.attempts ? retryDelay(err, attempt, policy) : null;
      if (delay === null) throw err;
      o.logger?.warn({ what, attempt: attempt + 1, delayMs: delay, err: (err as Error).message }, 'telegram call failed; retrying');
      await clock.sleep(delay);
    }
  }
}

export type SendOutcome = { ok: true; messageIds: number[] } | { ok: false; blocked: boolean; error: string };

const cantParse = (err: unknown) => err instanceof TelegramError && err.code === 400 && /can't parse entities|unsupported start tag|can't find end/i.test(err.description);

export interface SenderOptions {
  clock?: Clock;
  policy?: RetryPolicy;
  logger?: Logger;
  /** Overall pace (Telegram allows about 30 messages a second). */
  globalGate?: RateGate;
}

export class TelegramSender {
  private readonly clock: Clock;
  private readonly gate: RateGate;

  constructor(
    private readonly telegram: Telegram,
    private readonly store: Store,
    private readonly o: SenderOptions = {},
  ) {
    this.clock = o.clock ?? realClock;
    this.gate = o.globalGate ?? new RateGate(34, this.clock);
  }

  /** Any Bot API call, with the retry rules above. */
  call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(what, fn, { clock: this.clock, policy: this.o.policy, logger: this.o.logger });
  }

  async keyboard(buttons: Button[][]): Promise<{ inline_keyboard: { text: string; callback_data: string }[][] } | undefined> {
    const rows = buttons.filter((r) => r.length);
    if (!rows.length) return undefined;
    const data = await callbacksFor(this.store, rows.flat().map((b) => b.action));
    let i = 0;
    return { inline_keyboard: rows.map((row) => row.map((b) => ({ text: b.text, callback_data: data[i++] }))) };
  }

  /** Sends a reply as one or more messages (buttons under the last); `replyTo` quotes the asker's message in groups. */
  async send(chatId: string, reply: ChatReply, opts: { replyTo?: number } = {}): Promise<SendOutcome> {
    const messages = renderReply(reply);
    if (messages.length === 0) return { ok: true, messageIds: [] };
    const markup = await this.keyboard(reply.buttons);
    const ids: number[] = [];
    try {
      for (const [i, m] of messages.entries()) {
        const extra = {
          link_preview_options: { is_disabled: true },
          ...(i === messages.length - 1 && markup ? { reply_markup: markup } : {}),
          ...(i === 0 && opts.replyTo ? { reply_parameters: { message_id: opts.replyTo, allow_sending_without_reply: true } } : {}),
        };
        await this.gate.wait();
        let sent;
        try {
          sent = await this.call('sendMessage', () => this.telegram.sendMessage(chatId, m.html, { ...extra, parse_mode: 'HTML' }));
        } catch (err) {
          if (!cantParse(err)) throw err;
          this.o.logger?.warn({ chatId, err: (err as Error).message }, 'Telegram rejected the HTML; sending plain text');
          sent = await this.call('sendMessage', () => this.telegram.sendMessage(chatId, m.plain, extra));
        }
        ids.push(sent.message_id);
      }
      return { ok: true, messageIds: ids };
    } catch (err) {
      const blocked = err instanceof TelegramError && err.code === 403;
      if (blocked) await this.store.chats.markInactive('telegram', chatId, (err as TelegramError).description);
      this.o.logger?.error({ chatId, err: (err as Error).message, blocked }, 'could not send a reply');
      return { ok: false, blocked, error: (err as Error).message };
    }
  }
}
