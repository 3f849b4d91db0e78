// Reminders over Zalo OA customer-service messages, through the same client and rotating token
// pair as the chat channel (src/channels/zalo). Zalo has no buttons here, so the text carries
// `/clause <id>` reply commands; a text over Zalo's 2000 characters goes as several messages.
// Zalo's answers become the sender's outcomes; a closed interaction window is `window_closed`,
// held until the person writes again, never retried in a loop.
import type { Store } from '../store/repository.js';
import { ZaloClient } from '../channels/zalo/client.js';
import { ZaloTokens } from '../channels/zalo/tokens.js';
import { ZALO_TEXT_LIMIT } from '../channels/zalo/render.js';
import { plainMessages } from '../channels/split.js';
import type { Channel, DeliveryOutcome, OutgoingReminder, RateLimits } from './channel.js';
import { renderReminder } from './render.js';

/** Zalo publishes quotas per OA rather than per second; these keep well inside them. */
export const ZALO_LIMITS: RateLimits = { perSecond: 10, burst: 3, perChatPerSecond: 1, perGroupPerMinute: 20 };

export class ZaloReminderChannel implements Channel {
  readonly platform = 'zalo';
  readonly limits: RateLimits;

  constructor(private readonly o: { client: ZaloClient; limits?: Partial<RateLimits> }) {
    this.limits = { ...ZALO_LIMITS, ...o.limits };
  }

  /** A channel with its own token holder over the store (for `planbot notify` outside `serve`). */
  static fromConfig(z: { appId: string; appSecret: string | null; apiRoot: string; oauthRoot: string }, store: Store, fetchImpl?: typeof fetch): ZaloReminderChannel {
    const tokens = new ZaloTokens({ store: store.zalo, appId: z.appId, appSecret: z.appSecret, oauthRoot: z.oauthRoot, fetch: fetchImpl });
    return new ZaloReminderChannel({ client: new ZaloClient({ apiRoot: z.apiRoot, tokens, fetch: fetchImpl }) });
  }

  async send(m: OutgoingReminder): Promise<DeliveryOutcome> {
    const text = renderReminder(m.content, { today: m.today, resend: m.resend, style: 'plain', buttons: false }).text;
    const parts = plainMessages(text.split(/\n{2,}/).map((t) => ({ text: t })), ZALO_TEXT_LIMIT - 20);
    let first: string | null = null;
    for (const [i, part] of parts.entries()) {
      const r = await this.o.client.sendText(m.chatId, part);
      if (r.kind === 'sent') {
        first ??= r.messageId ?? `zalo-${m.outboxId}`;
        continue;
      }
      // A later part failing must not make the sender resend the parts already delivered.
      if (i > 0) return { status: 'failed', reason: `part ${i + 1} of ${parts.length} not sent: ${r.reason}` };
      if (r.kind === 'window_closed') return { status: 'window_closed', reason: r.reason };
      if (r.kind === 'retry') return r.afterMs ? { status: 'retry_after', seconds: Math.ceil(r.afterMs / 1000), reason: r.reason } : { status: 'retry', reason: r.reason };
      return { status: 'failed', reason: r.reason };
    }
    return { status: 'sent', messageId: first ?? `zalo-${m.outboxId}` };
  }
}
