// Which kind of Zalo message a send must be, by Zalo's rules (README, "Zalo's message rules"):
// within 48 hours of a message of the person, a customer-service message that references that
// message is a reply (free, a few per message: the caller counts them); anything else is
// proactive, which only a verified OA may send, from a monthly quota; or a template (ZNS)
// message. Without either, a reminder is kept until the person writes again.

/** Zalo's reply window, counted from the person's message. */
export const REPLY_WINDOW_MS = 48 * 3_600_000;

/** Free replies Zalo allows against one message of the person (the next counts as proactive). */
export const REPLIES_PER_MESSAGE = 8;

export type ZaloMessageKind = 'reply' | 'proactive' | 'template' | 'keep';

export interface ZaloSendPolicy {
  /** The OA is verified (ZALO_OA_VERIFIED=1): it may send proactive messages. */
  verified: boolean;
  /** A template (ZNS) id for reminders outside the window, when one is registered. */
  templateId: string | null;
}

/**
 * How a message goes when it cannot be a reply (no message of the person in the window has a
 * free reply left): `quotaLeft` is false once the month's proactive quota is spent.
 */
export function kindWithoutReply(policy: ZaloSendPolicy, quotaLeft: boolean, isReminder: boolean): Exclude<ZaloMessageKind, 'reply'> {
  if (policy.verified && quotaLeft) return 'proactive';
  if (policy.templateId && isReminder) return 'template'; // a template carries a reminder's fields, not an answer
  return 'keep';
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
