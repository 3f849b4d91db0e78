// Reminders and chat replies over Zalo OA, from the outbox, through the client and rotating token
// pair in src/channels/zalo. Each send is the kind of message Zalo's rules allow at that moment
// (src/channels/zalo/kinds.ts): a reply referencing a message of the person while its 48 hours
// run and it has free replies left (counted in SQLite); else, for a verified OA, a proactive message counted against the month's quota
// in SQLite (held, not failed, until the month renews once it is spent); else a template (ZNS)
// message when a template is registered; else the row is held until the person writes again.
// Zalo has no buttons here, so the text carries `/clause <id>` reply commands; a text over
// Zalo's 2000 characters goes as several messages.
import type { Store } from '../store/repository.js';
import type { ZaloStore } from '../store/zalo.js';
import type { ZaloConfig } from '../config.js';
import { ZaloClient, type ZaloSendResult } from '../channels/zalo/client.js';
import { ZaloTokens } from '../channels/zalo/tokens.js';
import { ZALO_TEXT_LIMIT } from '../channels/zalo/render.js';
import { kindWithoutReply, nextQuotaMonth, quotaMonth, REPLIES_PER_MESSAGE, REPLY_WINDOW_MS, type ZaloSendPolicy } from '../channels/zalo/kinds.js';
import { plainMessages } from '../channels/split.js';
import type { Channel, DeliveryOutcome, OutgoingReminder, RateLimits } from './channel.js';
import type { ReminderContent } from './content.js';
import { renderReminder } from './render.js';

/** Zalo publishes quotas per OA rather than per second; these keep well inside them. */
export const ZALO_LIMITS: RateLimits = { perSecond: 10, burst: 3, perChatPerSecond: 1, perGroupPerMinute: 20 };

/** Said before a reply sent again after a crash left the first send's fate unknown. */
export const REPLY_RESEND_NOTE = '(Gửi lại sau một lần gián đoạn; nếu đã nhận tin này, xin bỏ qua.)';

export const KEPT_REASON = "outside Zalo's 48-hour reply window and no proactive or template message allowed: kept until the person writes again";

export interface ZaloOutboxOptions {
  client: ZaloClient;
  store: ZaloStore;
  policy: ZaloSendPolicy;
  /** Proactive messages a month. */
  monthlyQuota: number;
  /** Free replies against one message of the person (Zalo: 8). */
  repliesPerMessage?: number;
  limits?: Partial<RateLimits>;
  now?: () => number;
}

/** The template's parameters: what the reminder is about, by when, in which plan, which clause. */
export function templateParams(c: ReminderContent): Record<string, string> {
  const items = c.type === 'reminder' ? [c.item] : c.items;
  const first = items[0];
  const [y, m, d] = (first?.dueLast ?? '').split('-');
  return {
    task: c.type === 'reminder' ? c.item.task : `${items.length} việc: ${items.map((i) => i.task).join('; ')}`.slice(0, 400),
    due_date: first ? `${d}/${m}/${y}` : '',
    plan: first?.citation.doc ?? '',
    clause: first ? `${first.citation.section} /clause ${first.clauseId}` : '',
  };
}

export class ZaloOutboxChannel implements Channel {
  readonly platform = 'zalo';
  readonly limits: RateLimits;
  private readonly now: () => number;

  constructor(private readonly o: ZaloOutboxOptions) {
    this.limits = { ...ZALO_LIMITS, ...o.limits };
    this.now = o.now ?? Date.now;
  }

  /** A channel with its own token holder over the store (for `planbot notify` and the reminder service). */
  static fromConfig(z: ZaloConfig & { appId: string }, store: Store, fetchImpl?: typeof fetch): ZaloOutboxChannel {
    const tokens = new ZaloTokens({ store: store.zalo, appId: z.appId, appSecret: z.appSecret, oauthRoot: z.oauthRoot, fetch: fetchImpl, timeoutMs: z.timeoutMs });
    const client = new ZaloClient({ apiRoot: z.apiRoot, templateApiRoot: z.templateApiRoot, tokens, fetch: fetchImpl, timeoutMs: z.timeoutMs });
    return new ZaloOutboxChannel({
      client,
      store: store.zalo,
      policy: { verified: z.verified, templateId: z.reminderTemplateId },
      monthlyQuota: z.monthlyQuota,
      repliesPerMessage: z.repliesPerMessage,
      limits: { perSecond: z.sendsPerSecond, burst: Math.max(3, Math.ceil(z.sendsPerSecond / 10)), perChatPerSecond: z.sendsPerUserPerSecond },
    });
  }

  async send(m: OutgoingReminder, signal: AbortSignal): Promise<DeliveryOutcome> {
    const now = this.now();
    const last = await this.o.store.lastMessage(m.chatId);
    const isReply = m.content.type === 'reply';
    const parts = m.content.type === 'reply'
      ? [m.resend ? `${REPLY_RESEND_NOTE}\n${m.content.text}` : m.content.text]
      : plainMessages(renderReminder(m.content, { today: m.today, resend: m.resend, style: 'plain', buttons: false }).text.split(/\n{2,}/).map((t) => ({ text: t })), ZALO_TEXT_LIMIT - 20);
    // An answer references the message it answers, else (its replies used up) the person's latest;
    // a reminder their latest message. A follow (no message) has none: its welcome is proactive.
    const replyTo = await this.claimReplies(m.chatId, isReply ? [m.replyTo, last?.msgId ?? null] : [last?.msgId ?? null], parts.length, now);
    if (replyTo) {
      const { outcome, unused } = await this.parts(m, parts, { replyTo, signal });
      if (unused) await this.o.store.refundReplies(m.chatId, replyTo, unused);
      return outcome;
    }
    const reminder = m.content.type === 'reply' ? null : m.content;
    const kind = kindWithoutReply(this.o.policy, true, reminder !== null);
    if (kind === 'keep') return { status: 'window_closed', reason: KEPT_REASON };
    if (kind === 'template' && reminder) return this.template(m, reminder, signal);
    const spent = await this.proactive(m.chatId, parts, now, signal, m.outboxId);
    if (spent.status === 'window_closed' && reminder && this.o.policy.templateId) return this.template(m, reminder, signal); // quota spent: the template still may
    return spent;
  }

  /** The first of these messages of the person still in the window with `units` free replies left; they are counted as used. */
  private async claimReplies(chatId: string, candidates: (string | null)[], units: number, now: number): Promise<string | null> {
    const since = new Date(now - REPLY_WINDOW_MS);
    for (const msgId of new Set(candidates)) {
      if (msgId && (await this.o.store.spendReplies(chatId, msgId, units, this.o.repliesPerMessage ?? REPLIES_PER_MESSAGE, since))) return msgId;
    }
    return null;
  }

  /** Proactive parts, counted against the month's quota first (all parts or none), refunded when Zalo did not take them. */
  private async proactive(chatId: string, parts: string[], now: number, signal: AbortSignal, outboxId?: number): Promise<DeliveryOutcome> {
    const month = quotaMonth(now);
    const held: DeliveryOutcome = { status: 'window_closed', reason: `the month's ${this.o.monthlyQuota} proactive Zalo messages are spent: held until ${month} ends or the person writes`, until: nextQuotaMonth(now) };
    if (!(await this.o.store.spendQuota(month, this.o.monthlyQuota, parts.length))) return held;
    const { outcome, unused } = await this.parts({ chatId, outboxId: outboxId ?? 0 }, parts, { replyTo: null, signal });
    if (outcome.status === 'window_closed') return held; // Zalo counts differently from us: its word wins
    if (unused) await this.o.store.refundQuota(month, unused);
    return outcome;
  }

  private async template(m: OutgoingReminder, content: ReminderContent, signal: AbortSignal): Promise<DeliveryOutcome> {
    const r = await this.o.client.sendTemplate(m.chatId, this.o.policy.templateId!, templateParams(content), `planbot-outbox-${m.outboxId}`, signal);
    return outcomeOf(r, `zalo-${m.outboxId}`);
  }

  /**
   * Sends the parts in order; `unused` counts those Zalo surely did not take (given back to the
   * reply or quota count; a part that may have arrived is kept counted).
   */
  private async parts(m: Pick<OutgoingReminder, 'chatId' | 'outboxId'>, parts: string[], opts: { replyTo: string | null; signal: AbortSignal }): Promise<{ outcome: DeliveryOutcome; unused: number }> {
    let first: string | null = null;
    for (const [i, part] of parts.entries()) {
      const r = await this.o.client.sendText(m.chatId, part, opts);
      if (r.kind === 'sent') {
        first ??= r.messageId ?? `zalo-${m.outboxId}`;
        continue;
      }
      const unused = parts.length - i - (r.kind === 'retry' && r.maybeDelivered ? 1 : 0);
      // A later part failing must not make the sender resend the parts already delivered.
      if (i > 0) return { outcome: { status: 'failed', reason: `part ${i + 1} of ${parts.length} not sent: ${r.reason}` }, unused };
      return { outcome: outcomeOf(r), unused };
    }
    return { outcome: { status: 'sent', messageId: first ?? `zalo-${m.outboxId}` }, unused: 0 };
  }
}

/** The client's answer as the sender's outcome. */
function outcomeOf(r: ZaloSendResult, fallbackId = 'zalo'): DeliveryOutcome {
  switch (r.kind) {
    case 'sent':
      return { status: 'sent', messageId: r.messageId ?? fallbackId };
    case 'window_closed':
    case 'quota_spent':
      return { status: 'window_closed', reason: r.reason };
    case 'retry':
      return r.afterMs ? { status: 'retry_after', seconds: Math.ceil(r.afterMs / 1000), reason: r.reason } : { status: 'retry', reason: r.reason, maybeDelivered: r.maybeDelivered };
    case 'failed':
      return { status: 'failed', reason: r.reason };
  }
}
