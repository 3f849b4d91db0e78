// Which kind of Zalo message a send must be, by Zalo's rules (README, "Zalo's message rules"):
// within 48 hours of the person's last message, a customer-service message that references that
// message is a reply (free); anything else is proactive, which only a verified OA may send, from
// a monthly quota; or a template (ZNS) message. Without either, a reminder is kept until the
// person writes again. Pure: the caller reads the last message and the quota.

/** Zalo's reply window, counted from the person's last message. */
export const REPLY_WINDOW_MS = 48 * 3_600_000;

export type ZaloMessageKind = 'reply' | 'proactive' | 'template' | 'keep';

export interface ZaloSendPolicy {
  /** The OA is verified (ZALO_OA_VERIFIED=1): it may send proactive messages. */
  verified: boolean;
  /** A template (ZNS) id for reminders outside the window, when one is registered. */
  templateId: string | null;
}

export interface LastMessage {
  msgId: string | null;
  /** ISO time the person sent it. */
  at: string;
}

/** Whether a reply to the person's last message is still allowed at `now`, and to which message. */
export function replyTarget(last: LastMessage | null, now: number): string | null {
  if (!last?.msgId) return null;
  return now - Date.parse(last.at) < REPLY_WINDOW_MS ? last.msgId : null;
}

/** How a message planbot starts (a reminder) goes: `quotaLeft` is false once the month's proactive quota is spent. */
export function reminderKind(policy: ZaloSendPolicy, last: LastMessage | null, now: number, quotaLeft: boolean): { kind: ZaloMessageKind; replyTo: string | null } {
  const replyTo = replyTarget(last, now);
  if (replyTo) return { kind: 'reply', replyTo };
  if (policy.verified && quotaLeft) return { kind: 'proactive', replyTo: null };
  if (policy.templateId) return { kind: 'template', replyTo: null };
  return { kind: 'keep', replyTo: null };
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** The quota month in Vietnam ("2026-12"): Zalo renews the allowance at 00:00 on the 1st. */
export function quotaMonth(now: number): string {
  return new Date(now + VN_OFFSET_MS).toISOString().slice(0, 7);
}

/** The instant the next quota month begins (00:00 on the 1st, Vietnam time). */
export function nextQuotaMonth(now: number): number {
  const d = new Date(now + VN_OFFSET_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - VN_OFFSET_MS;
}
