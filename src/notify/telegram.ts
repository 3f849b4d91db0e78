// Reminders over the Telegram Bot API, through telegraf's `Telegram` client pointed at a
// configurable API root. HTML parse mode (escaped), an inline button that opens the cited clause
// (short callback keys from src/channels/callbacks.ts) and one that removes the subscription; a
// message Telegram cannot parse as HTML goes again as plain text. Telegram's answers become the
// sender's outcomes: 429 → retry_after, 403 → blocked, other 4xx → failed, 5xx and network → retry.
import { Telegram } from 'telegraf';
import type { Store } from '../store/repository.js';
import { callbackFor } from '../channels/callbacks.js';
import type { Channel, DeliveryOutcome, OutgoingReminder, RateLimits } from './channel.js';
import { renderReminder } from './render.js';

export const TELEGRAM_LIMITS: RateLimits = { perSecond: 30, burst: 3, perChatPerSecond: 1, perGroupPerMinute: 20 };

/** Buttons a message carries at most (one per listed clause, then unsubscribe). */
const MAX_BUTTONS = 10;

interface TelegramFailure {
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
}

/** A telegraf error (or any thrown value) → the sender's outcome. */
export function classifyTelegramError(err: unknown): DeliveryOutcome {
  const r = (err as TelegramFailure)?.response;
  const code = r?.error_code;
  if (typeof code !== 'number') return { status: 'retry', reason: `network: ${(err as Error)?.message ?? String(err)}` };
  const reason = `${code}: ${r?.description ?? 'no description'}`;
  if (code === 429) return { status: 'retry_after', seconds: r?.parameters?.retry_after ?? 5, reason };
  if (code === 403) return { status: 'blocked', reason };
  if (code >= 500) return { status: 'retry', reason };
  // 401/404: the token or API root is wrong, which is no fault of the message: keep it for later
  if (code === 401 || code === 404) return { status: 'retry', reason: `${reason} (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT)` };
  return { status: 'failed', reason };
}

const isHtmlError = (err: unknown) => (err as TelegramFailure)?.response?.error_code === 400 && /parse entities/i.test((err as TelegramFailure).response?.description ?? '');

export class TelegramReminderChannel implements Channel {
  readonly platform = 'telegram';
  readonly limits: RateLimits;
  private readonly telegram: Telegram;

  constructor(private readonly o: { token: string; apiRoot?: string; store: Store; limits?: Partial<RateLimits> }) {
    this.telegram = new Telegram(o.token, o.apiRoot ? { apiRoot: o.apiRoot } : {});
    this.limits = { ...TELEGRAM_LIMITS, ...o.limits };
  }

  async send(m: OutgoingReminder, signal: AbortSignal): Promise<DeliveryOutcome> {
    // Telegram answers go out at once from the bot (src/chat/telegram); only reminders come here.
    if (m.content.type === 'reply') return { status: 'failed', reason: 'Telegram replies are not sent through the outbox' };
    const content = m.content;
    const html = renderReminder(content, { today: m.today, resend: m.resend, style: 'html', buttons: true });
    const keyboard: { text: string; callback_data: string }[][] = [];
    try {
      for (const c of html.clauses.slice(0, MAX_BUTTONS - 1)) keyboard.push([{ text: `📄 ${c.label}`, callback_data: await callbackFor(this.o.store, { t: 'clause', id: c.clauseId }) }]);
      keyboard.push([{ text: '🔕 Ngừng nhận nhắc', callback_data: await callbackFor(this.o.store, { t: 'unsub', id: content.unsubscribe.subscriptionId }) }]);
    } catch (err) {
      return { status: 'retry', reason: `could not store the button keys: ${(err as Error).message}` };
    }
    const base = { chat_id: m.chatId, reply_markup: { inline_keyboard: keyboard }, link_preview_options: { is_disabled: true } };
    try {
      const res = await this.telegram.callApi('sendMessage', { ...base, text: html.text, parse_mode: 'HTML' }, { signal: signal as never });
      return { status: 'sent', messageId: String(res.message_id) };
    } catch (err) {
      if (!isHtmlError(err)) return classifyTelegramError(err);
    }
    try {
      const plain = renderReminder(content, { today: m.today, resend: m.resend, style: 'plain', buttons: true });
      const res = await this.telegram.callApi('sendMessage', { ...base, text: plain.text }, { signal: signal as never });
      return { status: 'sent', messageId: String(res.message_id) };
    } catch (err) {
      return classifyTelegramError(err);
    }
  }
}
