// What the sender asks of a chat platform: send one rendered reminder, say how it went, and
// declare the platform's rate limits. Telegram is src/notify/telegram.ts; a Zalo channel adds
// its own limits and answers `window_closed` when the 48-hour customer-care window is shut.
import type { ReminderContent } from './content.js';

/** A chat reply kept in the outbox (Zalo's), so an outage or a crash does not lose it. */
export interface ReplyContent {
  type: 'reply';
  text: string;
}

export type OutboxContent = ReminderContent | ReplyContent;

export type ChatKind = 'private' | 'group';

export interface OutgoingReminder {
  outboxId: number;
  platform: string;
  chatId: string;
  chatType: ChatKind;
  content: OutboxContent;
  /** The platform's id of the message a reply answers. */
  replyTo: string | null;
  /** The calendar day in Vietnam when it is sent ("còn 3 ngày" is counted from it). */
  today: string;
  /** A copy sent again after a crash left the first send's fate unknown. */
  resend: boolean;
}

export type DeliveryOutcome =
  /** Delivered; the platform's message id. */
  | { status: 'sent'; messageId: string }
  /** A network error or a server error (5xx): try again later with backoff. */
  | { status: 'retry'; reason: string; maybeDelivered?: boolean }
  /** The platform asked to wait (Telegram 429 `retry_after`). */
  | { status: 'retry_after'; seconds: number; reason: string }
  /** The chat cannot be reached any more (Telegram 403: blocked, kicked): the chat goes inactive, its rows stop. */
  | { status: 'blocked'; reason: string }
  /** The platform refused this message (other 4xx): it will never go as it is. */
  | { status: 'failed'; reason: string }
  /** The platform may only answer within a window after the person last wrote (Zalo, 48 hours): hold until they write again. */
  | { status: 'window_closed'; reason: string; until?: number };

export interface RateLimits {
  /** Messages a second over all chats, and how many may go back to back. */
  perSecond: number;
  burst: number;
  /** Messages a second to one chat. */
  perChatPerSecond: number;
  /** Messages a minute to one group chat (Telegram: 20). */
  perGroupPerMinute: number;
}

export interface Channel {
  readonly platform: string;
  readonly limits: RateLimits;
  /** Sends one reminder. Never throws for the platform's answers: they are outcomes. */
  send(message: OutgoingReminder, signal: AbortSignal): Promise<DeliveryOutcome>;
}
