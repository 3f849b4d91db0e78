// The Zalo Official Account channel: POST /zalo/webhook on the shared HTTP server. Each delivery
// is verified (signature over the raw bytes, freshness, event id not seen before) before
// anything else; a refused one gets 401 and a log line, and is never processed. An accepted
// one is written to the inbox (answered after a crash by the next start), answered 200 at
// once, so Zalo does not retry, and handled afterwards, one event at a
// time per user so replies keep their order. Replies go out through the customer-service
// endpoint, split under 2000 characters, with reply commands where Telegram would show buttons.
import type { Logger } from 'pino';
import type { Store } from '../../store/repository.js';
import type { ChatCore, ChatInput } from '../core.js';
import type { HttpServer } from '../http.js';
import { verifyZaloEvent, MAX_EVENT_AGE_MS, type ZaloEvent } from '../../channels/zalo/signature.js';
import { ZaloTokens } from '../../channels/zalo/tokens.js';
import { ZaloClient, type ZaloSendResult } from '../../channels/zalo/client.js';
import { zaloMessages } from '../../channels/zalo/render.js';

export interface ZaloChannelOptions {
  appId: string;
  oaSecretKey: string;
  appSecret: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  apiRoot: string;
  oauthRoot: string;
  core: ChatCore;
  store: Store;
  http: HttpServer;
  logger?: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Events one user may have waiting (default 30); more are dropped and logged, not held without bound. */
  maxQueuedPerUser?: number;
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

export class ZaloChannel {
  readonly name = 'zalo';
  readonly tokens: ZaloTokens;
  readonly client: ZaloClient;
  private readonly now: () => Date;
  /** Per user: the tail of its event chain. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, number>();
  private lastPrune = 0;

  constructor(private readonly o: ZaloChannelOptions) {
    this.now = o.now ?? (() => new Date());
    this.tokens = new ZaloTokens({ store: o.store.zalo, appId: o.appId, appSecret: o.appSecret, oauthRoot: o.oauthRoot, fetch: o.fetch, now: this.now, logger: o.logger });
    this.client = new ZaloClient({ apiRoot: o.apiRoot, tokens: this.tokens, fetch: o.fetch });
    o.http.route('POST', ZALO_WEBHOOK_PATH, (req) => this.receive(req.headers['x-zevent-signature'], req.rawBody), { maxBodyBytes: 256 * 1024 });
  }

  async start(): Promise<void> {
    await this.tokens.init({ accessToken: this.o.accessToken, refreshToken: this.o.refreshToken });
    await this.replayInbox();
    const s = await this.tokens.status();
    if (s.state === 'ok') this.o.logger?.info(`Zalo OA webhook at ${ZALO_WEBHOOK_PATH}`);
    else this.o.logger?.error({ state: s.state }, `Zalo cannot send: ${s.reason}`);
  }

  /** Waits for the events already accepted to be handled. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  /** Handles one delivery; resolves to the HTTP answer (processing continues after it). */
  async receive(signature: string | string[] | undefined, rawBody: Buffer): Promise<{ status: number; body: unknown }> {
    const v = verifyZaloEvent({ signature: Array.isArray(signature) ? signature[0] : signature, rawBody, appId: this.o.appId, oaSecretKey: this.o.oaSecretKey, now: this.now() });
    if (!v.ok) {
      this.o.logger?.warn({ reason: v.reason }, 'Zalo webhook refused');
      return { status: 401, body: { error: v.reason } };
    }
    if (!(await this.o.store.zalo.takeEvent(v.eventId))) {
      this.o.logger?.warn({ eventId: v.eventId }, 'Zalo webhook refused: replayed event');
      return { status: 401, body: { error: 'replayed event' } };
    }
    await this.prune();
    // In the inbox before the 200: a crash before the answer leaves it for the next start.
    await this.o.store.chats.inboxAdd('zalo', v.eventId, rawBody.toString('utf8'));
    this.enqueue(v.event, v.eventId);
    return { status: 200, body: { ok: true } };
  }

  private async prune(): Promise<void> {
    const t = this.now().getTime();
    if (t - this.lastPrune < 60_000) return;
    this.lastPrune = t;
    await this.o.store.zalo.pruneEvents(new Date(t - 2 * MAX_EVENT_AGE_MS));
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
    if (open.length) this.o.logger?.warn({ count: open.length }, 'handling Zalo events a previous run took but did not answer');
  }

  private enqueue(event: ZaloEvent, eventId: string): void {
    const done = () => this.o.store.chats.inboxDone('zalo', eventId).catch((err: Error) => this.o.logger?.error({ err: err.message, eventId }, 'could not mark a Zalo event done'));
    const userId = event.sender?.id ?? event.follower?.id ?? event.user_id_by_app ?? 'unknown';
    const waiting = this.waiting.get(userId) ?? 0;
    if (waiting >= (this.o.maxQueuedPerUser ?? 30)) {
      this.o.logger?.warn({ userId, waiting }, 'Zalo queue full; event dropped');
      void done();
      return;
    }
    this.waiting.set(userId, waiting + 1);
    const tail = this.queues.get(userId) ?? Promise.resolve();
    const next = tail
      .then(() => this.handle(userId, event))
      .catch((err) => this.o.logger?.error({ err, event: event.event_name }, 'Zalo event failed'))
      .finally(async () => {
        await done();
        const left = (this.waiting.get(userId) ?? 1) - 1;
        if (left > 0) this.waiting.set(userId, left);
        else this.waiting.delete(userId);
        if (this.queues.get(userId) === next) this.queues.delete(userId);
      });
    this.queues.set(userId, next);
  }

  private async handle(userId: string, event: ZaloEvent): Promise<void> {
    const base = { platform: 'zalo', chatId: userId, chatType: 'private' as const, userId, userName: null };
    let input: ChatInput | null = null;
    if (event.event_name === 'user_send_text') input = { ...base, text: event.message?.text ?? '' };
    else if (event.event_name === 'follow') input = { ...base, text: '/huongdan' };
    else if (event.event_name === 'unfollow') {
      await this.o.store.chats.markInactive('zalo', userId, 'unfollowed the OA');
      return;
    } else if (MEDIA_EVENTS[event.event_name]) input = { ...base, media: MEDIA_EVENTS[event.event_name] };
    if (!input) return; // events that need no reply (seen, reactions, OA-side events)
    const response = await this.o.core.handle(input);
    for (const reply of response.replies) for (const text of zaloMessages(reply)) await this.deliver(userId, text);
  }

  /** Sends one text, retrying once for a passing failure; the outcome is logged either way. */
  async deliver(userId: string, text: string): Promise<ZaloSendResult> {
    let r = await this.client.sendText(userId, text);
    if (r.kind === 'retry') r = await this.client.sendText(userId, text);
    if (r.kind !== 'sent') this.o.logger?.warn({ userId, outcome: r.kind, reason: r.reason }, 'Zalo message not sent');
    return r;
  }
}
