// The Zalo Official Account channel: POST /zalo/webhook on the shared HTTP server. Each delivery
// is verified (signature over the raw bytes, freshness) before anything else; a refused one gets
// 401 and a log line, and is never processed. An accepted one is taken in one transaction (its
// event id and its inbox row), then answered 200, so a crash on either side of the 200 leaves
// it for the next start; Zalo's retry of an event already taken is acknowledged (200) and not
// taken twice. Events are handled one at a time per user, so replies keep their order; a reply
// is not sent from here but written to the outbox (with the inbox row marked done, in one
// transaction), and the outbox sender delivers it with retries and backoff, as it does
// reminders, so an outage of Zalo's API loses nothing. While stopping, webhooks get 503 (Zalo
// tries again later) before the queues drain.
import type { Logger } from 'pino';
import type { Store } from '../../store/repository.js';
import { OutboxStore } from '../../store/outbox.js';
import type { ChatCore, ChatInput } from '../core.js';
import type { HttpServer } from '../http.js';
import { parseCommand } from '../commands.js';
import { verifyZaloEvent, MAX_EVENT_AGE_MS, type ZaloEvent } from '../../channels/zalo/signature.js';
import { ZaloTokens } from '../../channels/zalo/tokens.js';
import { zaloMessages } from '../../channels/zalo/render.js';
import { REPLY_WINDOW_MS, type ZaloSendPolicy } from '../../channels/zalo/kinds.js';
import { QUEUE_FULL } from '../telegram/bot.js';

export interface ZaloChannelOptions {
  appId: string;
  oaSecretKey: string;
  appSecret: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  oauthRoot: string;
  /** How reminders may reach people (said once to a subscriber when they are kept for the next message). */
  verified?: boolean;
  reminderTemplateId?: string | null;
  timeoutMs?: number;
  core: ChatCore;
  store: Store;
  http: HttpServer;
  logger?: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Events one user may have waiting (default 30); more are refused, and the user is told once. */
  maxQueuedPerUser?: number;
  /** Called after replies are written to the outbox, so the sender sends them now. */
  onOutboxWritten?: () => void;
}

const MEDIA_EVENTS: Record<string, ChatInput['media']> = {
  user_send_image: 'photo',
  user_send_gif: 'photo',
  user_send_sticker: 'sticker',
  user_send_audio: 'voice',
  user_send_video: 'video',
  user_send_file: 'other',
  user_send_location: 'other',
  user_send_link: 'other',
  user_send_business_card: 'other',
};

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';

/** Told once to a subscriber whose reminders Zalo will not let planbot send outside the reply window. */
export const REMINDERS_KEPT_NOTE =
  'Lưu ý về Zalo: planbot chỉ được nhắn bạn trong 48 giờ sau tin nhắn gần nhất của bạn. Nhắc hạn đến hạn ngoài khoảng đó được giữ lại và gửi (hạn mới nhất trước) ngay khi bạn nhắn planbot lần sau.';
const KEPT_NOTICE = 'reminders-kept';

/** Commands whose reply says how reminders reach a Zalo user. */
const SUBSCRIPTION_COMMANDS = new Set(['subscribe', 'mysubs']);

const userOf = (e: ZaloEvent) => e.sender?.id ?? e.follower?.id ?? e.user_id_by_app ?? 'unknown';

export class ZaloChannel {
  readonly name = 'zalo';
  readonly tokens: ZaloTokens;
  private readonly now: () => Date;
  private readonly outbox: OutboxStore;
  /** Per user: the tail of its event chain. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, number>();
  /** Events queued in this process (an event taken just as the inbox is replayed is queued once). */
  private readonly queued = new Set<string>();
  /** Users told their queue is full, until it drains. */
  private readonly toldFull = new Set<string>();
  private closing = false;
  /** The inbox of earlier runs is queued: an open event not queued now is one whose handling failed. */
  private replayed = false;
  private lastPrune = 0;

  constructor(private readonly o: ZaloChannelOptions) {
    this.now = o.now ?? (() => new Date());
    this.outbox = new OutboxStore(o.store.db);
    this.tokens = new ZaloTokens({ store: o.store.zalo, appId: o.appId, appSecret: o.appSecret, oauthRoot: o.oauthRoot, fetch: o.fetch, now: this.now, logger: o.logger, timeoutMs: o.timeoutMs });
    o.http.route('POST', ZALO_WEBHOOK_PATH, (req) => this.receive(req.headers['x-zevent-signature'], req.rawBody), { maxBodyBytes: 256 * 1024 });
  }

  private get policy(): ZaloSendPolicy {
    return { verified: this.o.verified ?? false, templateId: this.o.reminderTemplateId ?? null };
  }

  async start(): Promise<void> {
    if (!this.o.store.zalo.encryptsTokens) this.o.logger?.warn('Zalo tokens are stored unencrypted in the database: set PLANBOT_SECRET_KEY to encrypt them (AES-GCM)');
    await this.tokens.init({ accessToken: this.o.accessToken, refreshToken: this.o.refreshToken });
    await this.replayInbox();
    const s = await this.tokens.status();
    if (s.state === 'ok') this.o.logger?.info(`Zalo OA webhook at ${ZALO_WEBHOOK_PATH}`);
    else this.o.logger?.error({ state: s.state }, `Zalo cannot send: ${s.reason}`);
  }

  /** Stops taking webhooks (503: Zalo delivers them again later); events already taken still drain. */
  quiesce(): void {
    this.closing = true;
  }

  /** Waits until every event taken so far is handled (its replies in the outbox). */
  async drained(): Promise<void> {
    while (this.queues.size) await Promise.allSettled([...this.queues.values()]);
  }

  /** Stops taking webhooks, then waits for the events already taken to be handled. */
  async stop(): Promise<void> {
    this.quiesce();
    await this.drained();
  }

  /** Handles one delivery; resolves to the HTTP answer (processing continues after it). */
  async receive(signature: string | string[] | undefined, rawBody: Buffer): Promise<{ status: number; body: unknown }> {
    if (this.closing) return { status: 503, body: { error: 'planbot is stopping; deliver again later' } };
    const v = verifyZaloEvent({ signature: Array.isArray(signature) ? signature[0] : signature, rawBody, appId: this.o.appId, oaSecretKey: this.o.oaSecretKey, now: this.now() });
    if (!v.ok) {
      this.o.logger?.warn({ reason: v.reason }, 'Zalo webhook refused');
      return { status: 401, body: { error: v.reason } };
    }
    await this.prune();
    // The event id and its inbox row in one transaction, before the 200.
    const intake = await this.o.store.zalo.takeEventWithInbox(v.eventId, rawBody.toString('utf8'));
    // Taken now, or taken before but neither queued nor answered (its handling failed): handle it.
    if (intake === 'taken' || (intake === 'pending' && this.replayed && !this.queued.has(v.eventId))) this.enqueue(v.event, v.eventId);
    else this.o.logger?.info({ eventId: v.eventId, intake }, intake === 'pending' ? 'Zalo delivered again an event taken but not yet answered; it is answered once' : 'Zalo delivered again an event already answered');
    return { status: 200, body: { ok: true, ...(intake === 'taken' ? {} : { duplicate: true }) } };
  }

  private async prune(): Promise<void> {
    const t = this.now().getTime();
    if (t - this.lastPrune < 60_000) return;
    this.lastPrune = t;
    await this.o.store.zalo.pruneEvents(new Date(t - 2 * MAX_EVENT_AGE_MS));
    await this.o.store.zalo.pruneReplies(new Date(t - 2 * REPLY_WINDOW_MS));
  }

  /** Handles, in order, the events a previous run took but did not finish. */
  private async replayInbox(): Promise<void> {
    const open = await this.o.store.chats.inboxOpen('zalo');
    for (const row of open) {
      let event: ZaloEvent;
      try {
        event = JSON.parse(row.payload) as ZaloEvent;
      } catch {
        await this.o.store.chats.inboxDone('zalo', row.key);
        continue;
      }
      this.enqueue(event, row.key);
    }
    this.replayed = true;
    if (open.length) this.o.logger?.warn({ count: open.length }, 'handling Zalo events a previous run took but did not answer');
  }

  private enqueue(event: ZaloEvent, eventId: string): void {
    if (this.queued.has(eventId)) return;
    const userId = userOf(event);
    const waiting = this.waiting.get(userId) ?? 0;
    if (waiting >= (this.o.maxQueuedPerUser ?? 30)) {
      this.o.logger?.warn({ userId, waiting }, 'Zalo queue full; event refused');
      const tell = !this.toldFull.has(userId);
      if (tell) {
        this.toldFull.add(userId);
        void this.chain(userId, async () => void this.toldFull.delete(userId)); // told again only once the queue has drained
      }
      void this.writeReplies(userId, eventId, tell ? [QUEUE_FULL(waiting)] : [], event.message?.msg_id ?? null).catch((err: Error) => this.o.logger?.error({ err: err.message, eventId }, 'could not settle a refused Zalo event'));
      return;
    }
    this.queued.add(eventId);
    this.waiting.set(userId, waiting + 1);
    void this.chain(userId, () => this.handle(userId, event, eventId))
      .catch((err) => this.o.logger?.error({ err, event: event.event_name }, 'Zalo event failed; it stays in the inbox for the next start'))
      .finally(() => {
        this.queued.delete(eventId);
        const left = (this.waiting.get(userId) ?? 1) - 1;
        if (left > 0) this.waiting.set(userId, left);
        else this.waiting.delete(userId);
      });
  }

  /** Runs work after the user's earlier events. */
  private chain(userId: string, work: () => Promise<void>): Promise<void> {
    const tail = this.queues.get(userId) ?? Promise.resolve();
    const next = tail.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(userId, settled);
    void settled.then(() => {
      if (this.queues.get(userId) === settled) this.queues.delete(userId);
    });
    return next;
  }

  private async handle(userId: string, event: ZaloEvent, eventId: string): Promise<void> {
    const msgId = event.message?.msg_id ?? null;
    const base = { platform: 'zalo', chatId: userId, chatType: 'private' as const, userId, userName: null };
    let input: ChatInput | null = null;
    if (event.event_name === 'user_send_text') input = { ...base, text: event.message?.text ?? '' };
    else if (event.event_name === 'follow') input = { ...base, text: '/huongdan' };
    else if (event.event_name === 'unfollow') await this.o.store.chats.markInactive('zalo', userId, 'unfollowed the OA');
    else if (MEDIA_EVENTS[event.event_name]) input = { ...base, media: MEDIA_EVENTS[event.event_name] };
    if (!input) return this.writeReplies(userId, eventId, [], null); // events that need no reply (seen, reactions, OA-side events)
    // The 48-hour window runs from the person's own message, and a reply references it.
    if (event.event_name.startsWith('user_send_')) await this.o.store.zalo.noteMessage(userId, msgId, new Date(Number(event.timestamp)));
    const response = await this.o.core.handle(input);
    const texts = response.replies.flatMap((r) => zaloMessages(r));
    if (input.text && (await this.tellRemindersKept(userId, input.text))) texts.push(REMINDERS_KEPT_NOTE);
    await this.writeReplies(userId, eventId, texts, msgId);
  }

  /** When reminders can only wait for the person's next message, the subscription reply and /mysubs say so, once. */
  private async tellRemindersKept(userId: string, text: string): Promise<boolean> {
    if (this.policy.verified || this.policy.templateId) return false;
    const name = parseCommand(text)?.spec?.name;
    if (!name || !SUBSCRIPTION_COMMANDS.has(name)) return false;
    return this.o.store.zalo.tellOnce(userId, KEPT_NOTICE);
  }

  /** The event's replies into the outbox and its inbox row done, in one transaction; then the sender is woken. */
  private async writeReplies(userId: string, eventId: string, texts: string[], replyTo: string | null): Promise<void> {
    const at = this.now().toISOString();
    if (texts.length) await this.o.store.chats.touchChat({ platform: 'zalo', chatId: userId, chatType: 'private', userId, userName: null }); // the outbox row needs its chat
    await this.o.store.db.transaction(async () => {
      for (const [i, text] of texts.entries()) {
        await this.outbox.insertReply({ key: `zalo:${userId}|reply|${eventId}|${i}`, platform: 'zalo', chatId: userId, kind: 'reply', deadlineId: null, docId: null, offsetDays: null, dueLast: null, sendAt: at, payload: JSON.stringify({ type: 'reply', text }), replyTo }, at);
      }
      await this.o.store.chats.inboxDone('zalo', eventId);
    });
    if (texts.length) this.o.onOutboxWritten?.();
  }
}
