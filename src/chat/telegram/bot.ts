// The Telegram channel: telegraf's bot over the chat core. Long polling by default; a webhook on
// the shared HTTP server when TELEGRAM_WEBHOOK_URL is set (its secret checked on every request).
// Each chat's messages are handled in order, one answer a second; button presses are acknowledged
// at once; one failing update is logged and never stops the bot.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Telegraf, TelegramError } from 'telegraf';
import { ConfigError } from '../../config.js';
import type { Logger } from 'pino';
import type { Store } from '../../store/repository.js';
import type { ChatCore, ChatInput } from '../core.js';
import { COMMANDS } from '../commands.js';
import { HttpError, type HttpServer, type HttpRequest, type HttpRequestHead, type HttpResult } from '../http.js';
import { textReply, type ChatReply } from '../../channels/replies.js';
import { ChatQueue, realClock, type Clock } from '../../channels/throttle.js';
import { Poller } from './polling.js';
import { TelegramSender, type RetryPolicy, type SendOutcome } from '../../channels/telegram/send.js';
import { readUpdate, type BotIdentity, type TgUpdate } from './updates.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'];
/** Telegram bots may download files up to 20 MB. */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export interface TelegramOptions {
  token: string;
  apiRoot: string;
  /** Webhook mode: the public URL Telegram posts to, and the secret it must send. */
  webhook?: { url: string; secret: string } | null;
  core: ChatCore;
  store: Store;
  /** Needed in webhook mode: the route is added to it. */
  http?: HttpServer;
  logger?: Logger;
  clock?: Clock;
  policy?: RetryPolicy;
  /** getUpdates long-poll timeout, seconds (default 50). */
  pollTimeoutSec?: number;
  /** Minimum time between two answers in one chat (default 1000 ms). */
  paceMs?: number;
  /** Messages one chat may have waiting for an answer (default 30); more are refused with a note, not held without bound. */
  maxQueuedPerChat?: number;
}

/** Said once a chat has more messages waiting than planbot holds for it. */
export const QUEUE_FULL = (n: number) => `planbot đang trả lời lần lượt ${n} tin nhắn của bạn (mỗi giây một câu). Tin nhắn vừa gửi chưa được nhận: xin gửi lại khi các câu trả lời đã đến.`;

const digest = (s: string) => createHash('sha256').update(s).digest();

export class TelegramChannel {
  readonly name = 'telegram';
  readonly bot: Telegraf;
  readonly sender: TelegramSender;
  private readonly queue: ChatQueue;
  private readonly log: Logger | undefined;
  private poller: Poller | null = null;
  private me: BotIdentity | null = null;
  private readonly seen = new Set<number>();
  /** Chats told their queue is full, until it drains. */
  private readonly toldFull = new Set<string>();

  constructor(private readonly o: TelegramOptions) {
    if (o.webhook && !o.webhook.secret) throw new ConfigError('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: a webhook without a secret would accept updates from anyone');
    if (o.webhook && !o.http) throw new ConfigError('webhook mode needs the HTTP server');
    this.log = o.logger?.child({ channel: 'telegram' });
    const clock = o.clock ?? realClock;
    // webhookReply off: every call is a real API call whose result (or error) planbot sees.
    this.bot = new Telegraf(o.token, { telegram: { apiRoot: o.apiRoot, webhookReply: false } });
    this.bot.use((ctx) => this.dispatch(ctx.update as unknown as TgUpdate));
    this.bot.catch((err, ctx) => this.log?.error({ err, updateId: ctx.update.update_id }, 'update failed'));
    this.sender = new TelegramSender(this.bot.telegram, o.store, { clock, policy: o.policy, logger: this.log });
    this.queue = new ChatQueue(o.paceMs ?? 1000, clock);
    // The secret is checked on the headers, before the body is read: a stranger's post costs nothing.
    if (o.webhook) o.http!.route('POST', new URL(o.webhook.url).pathname, (req) => this.onWebhook(req), { authorize: (head) => this.checkSecret(head) });
  }

  get mode(): 'webhook' | 'polling' {
    return this.o.webhook ? 'webhook' : 'polling';
  }

  get username(): string | null {
    return this.me?.username ?? null;
  }

  async start(): Promise<void> {
    const me = await this.sender.call('getMe', () => this.bot.telegram.getMe()).catch((err: unknown) => {
      if (err instanceof TelegramError && err.code === 401) throw new ConfigError('Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token from @BotFather');
      throw err;
    });
    this.bot.botInfo = me;
    this.me = { id: me.id, username: me.username };
    const commands = COMMANDS.filter((c) => !c.admin).map((c) => ({ command: c.names[0], description: c.description }));
    await this.bot.telegram.setMyCommands(commands).catch((err: Error) => this.log?.warn({ err: err.message }, 'could not set the command menu'));
    await this.replayInbox();
    if (this.o.webhook) {
      await this.sender.call('setWebhook', () => this.bot.telegram.setWebhook(this.o.webhook!.url, { secret_token: this.o.webhook!.secret, allowed_updates: ALLOWED_UPDATES as never }));
      this.log?.info({ bot: me.username, url: this.o.webhook.url }, 'Telegram bot started (webhook)');
    } else {
      await this.sender.call('deleteWebhook', () => this.bot.telegram.deleteWebhook());
      this.poller = new Poller(this.bot.telegram, (u) => this.bot.handleUpdate(u as never), {
        timeoutSec: this.o.pollTimeoutSec,
        allowedUpdates: ALLOWED_UPDATES,
        clock: this.o.clock,
        policy: this.o.policy,
        logger: this.log,
      });
      this.poller.start();
      this.log?.info({ bot: me.username }, 'Telegram bot started (long polling)');
    }
  }

  /** Stops taking updates, then lets the queued answers go out (for at most `drainMs`). */
  async stop(drainMs = 10_000): Promise<void> {
    await this.poller?.stop();
    this.poller = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)))]);
    clearTimeout(timer);
  }

  /** Resolves when every queued answer has been sent (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Sends a reply to a chat in that chat's turn (reminders use this). */
  send(chatId: string, reply: ChatReply): Promise<SendOutcome> {
    return this.queue.run(chatId, async () => {
      await this.queue.pace(chatId);
      return this.sender.send(chatId, reply);
    });
  }

  private checkSecret(head: HttpRequestHead): void {
    const got = head.headers[SECRET_HEADER];
    if (typeof got !== 'string' || !timingSafeEqual(digest(got), digest(this.o.webhook!.secret))) {
      this.log?.warn({ from: head.client, hasSecret: typeof got === 'string' }, 'webhook request with a wrong or missing secret; ignored');
      throw new HttpError(401, 'wrong or missing secret token');
    }
  }

  private async onWebhook(req: HttpRequest): Promise<HttpResult> {
    const update = req.json<TgUpdate>();
    if (!update || typeof update.update_id !== 'number') return { status: 400, body: { error: 'not a Telegram update' } };
    await this.bot.handleUpdate(update as never);
    return { status: 200 };
  }

  /**
   * Reads one update and queues its work. Returns once the update is in the SQLite inbox, before
   * Telegram hears it arrived (the next getUpdates offset, the webhook's 200); it is marked done
   * when answered, so a crash in between loses nothing (replayInbox answers it at the next start).
   */
  private async dispatch(u: TgUpdate): Promise<void> {
    if (!this.me) throw new Error('the Telegram channel is not started');
    // Telegram redelivers a webhook update it thinks failed; polling never repeats one.
    if (this.seen.has(u.update_id)) return;
    this.seen.add(u.update_id);
    if (this.seen.size > 2000) this.seen.delete(this.seen.values().next().value!);

    const inc = readUpdate(u, this.me);
    if (inc.kind === 'ignore') {
      this.log?.debug({ updateId: u.update_id, why: inc.why }, 'update ignored');
      return;
    }
    if (inc.kind === 'blocked') {
      await this.o.store.chats.markInactive('telegram', inc.chatId, inc.reason);
      return;
    }
    if (!(await this.o.store.chats.inboxAdd('telegram', this.inboxKey(u.update_id), JSON.stringify(u)))) return; // taken before a restart
    this.work(u.update_id, inc);
  }

  private inboxKey(updateId: number): string {
    return `${this.me!.id}:${updateId}`;
  }

  /** Answers, in the chat's turn, what the inbox holds unanswered from before a crash. */
  private async replayInbox(): Promise<number> {
    // Update ids count per bot: another token's open updates are not this bot's to answer.
    const open = (await this.o.store.chats.inboxOpen('telegram')).filter((r) => r.key.startsWith(`${this.me!.id}:`));
    for (const row of open) {
      const u = JSON.parse(row.payload) as TgUpdate;
      this.seen.add(u.update_id);
      const inc = readUpdate(u, this.me!);
      if (inc.kind === 'input' || inc.kind === 'document' || inc.kind === 'callback') this.work(u.update_id, inc);
      else await this.o.store.chats.inboxDone('telegram', row.key);
    }
    if (open.length) this.log?.warn({ count: open.length }, 'answering updates a previous run took but did not answer');
    return open.length;
  }

  private work(updateId: number, inc: Extract<ReturnType<typeof readUpdate>, { kind: 'input' | 'document' | 'callback' }>): void {
    const done = () => this.o.store.chats.inboxDone('telegram', this.inboxKey(updateId)).catch((err: Error) => this.log?.error({ err: err.message, updateId }, 'could not mark an update done'));
    switch (inc.kind) {
      case 'callback':
        void this.pressed(inc.input, inc.queryId)
          .catch((err) => this.log?.error({ err, updateId }, 'button press failed'))
          .finally(done);
        return;
      case 'document':
        return this.message({ ...inc.input, document: { fileName: inc.file.fileName, size: inc.file.size, download: () => this.download(inc.file.fileId, inc.file.size) } }, inc.messageId, done);
      case 'input':
        return this.message(inc.input, inc.messageId, done);
    }
  }

  private message(input: ChatInput, messageId: number, done: () => Promise<unknown>): void {
    const waiting = this.queue.pending(input.chatId);
    if (waiting >= (this.o.maxQueuedPerChat ?? 30)) {
      // Outside the queue, so the sender hears it now; said at most once while the queue is full.
      this.log?.warn({ chatId: input.chatId, waiting }, 'chat queue full; message refused');
      if (!this.toldFull.has(input.chatId)) {
        this.toldFull.add(input.chatId);
        void this.sender.send(input.chatId, textReply(QUEUE_FULL(waiting))).catch(() => undefined);
        void this.queue.run(input.chatId, async () => this.toldFull.delete(input.chatId));
      }
      void done();
      return;
    }
    void this.queue
      .run(input.chatId, async () => {
        await this.bot.telegram.sendChatAction(input.chatId, 'typing').catch((err: Error) => this.log?.debug({ err: err.message }, 'typing action failed'));
        const res = await this.o.core.handle(input);
        await this.deliver(input, res.replies, input.chatType === 'group' ? messageId : undefined);
        // Long work (a scan's OCR) answers when it ends, in the chat's turn then, not holding the queue now.
        res.later
          ?.then((replies) => this.queue.run(input.chatId, () => this.deliver(input, replies)))
          .catch((err) => this.log?.error({ err, chatId: input.chatId }, 'later reply failed'));
      })
      .catch((err) => this.log?.error({ err, chatId: input.chatId }, 'message failed'))
      .finally(done);
  }

  /** A button press: the core's answer first, the acknowledgement always, the replies in the chat's turn. */
  private async pressed(input: ChatInput, queryId: string): Promise<void> {
    let notice: string | undefined;
    let replies: ChatReply[] = [];
    try {
      const res = await this.o.core.handle(input);
      notice = res.notice;
      replies = res.replies;
    } finally {
      await this.sender
        .call('answerCallbackQuery', () => this.bot.telegram.answerCbQuery(queryId, notice?.slice(0, 200)))
        .catch((err: Error) => this.log?.warn({ err: err.message }, 'answerCallbackQuery failed'));
    }
    if (replies.length) await this.queue.run(input.chatId, () => this.deliver(input, replies)).catch((err) => this.log?.error({ err }, 'reply failed'));
  }

  private async deliver(input: ChatInput, replies: ChatReply[], replyTo?: number): Promise<void> {
    if (!replies.length) return;
    await this.queue.pace(input.chatId);
    for (const [i, r] of replies.entries()) {
      const out = await this.sender.send(input.chatId, r, { replyTo: i === 0 ? replyTo : undefined });
      if (!out.ok) break;
    }
  }

  private async download(fileId: string, size: number | undefined): Promise<Buffer> {
    if (size && size > MAX_DOWNLOAD_BYTES) throw new Error(`the file is ${(size / 2 ** 20).toFixed(1)} MB; Telegram lets bots download at most 20 MB`);
    const link = await this.sender.call('getFile', () => this.bot.telegram.getFileLink(fileId));
    const res = await this.sender.call('download', async () => {
      const r = await fetch(link);
      if (!r.ok) throw Object.assign(new Error(`file download failed: HTTP ${r.status}`), r.status >= 500 ? { code: 'ECONNRESET' } : {});
      return r;
    });
    return Buffer.from(await res.arrayBuffer());
  }
}
