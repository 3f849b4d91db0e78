// Reminders (and the Zalo replies kept in the outbox) inside `planbot serve`: croner runs the planner every minute (in Asia/Ho_Chi_Minh,
// with overrun protection so a slow plan never overlaps the next), and the sender drains the
// outbox in the background, woken after each plan. Start and stop together with the chat services.
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { Store } from '../store/repository.js';
import { OutboxStore } from '../store/outbox.js';
import type { Channel } from './channel.js';
import { systemClock, type Clock } from '../channels/clock.js';
import { planReminders, type PlanReport, type ReminderSettings } from './planner.js';
import { Sender, type SenderOptions } from './sender.js';
import { TelegramReminderChannel } from './telegram.js';
import { ZaloOutboxChannel } from './zalo.js';
import { VN_TIMEZONE } from './time.js';

export const PLAN_EVERY_MINUTE = '* * * * *';

export interface ReminderServiceOptions {
  store: Store;
  channels: Channel[];
  settings: ReminderSettings;
  clock?: Clock;
  logger?: Logger;
  sender?: Partial<Omit<SenderOptions, 'store' | 'channels' | 'clock' | 'logger'>>;
  /** croner pattern for the planner; every minute by default. */
  pattern?: string;
}

export class ReminderService {
  readonly sender: Sender;
  readonly outbox: OutboxStore;
  private job: Cron | null = null;
  private abort: AbortController | null = null;
  private running: Promise<void> | null = null;
  private readonly clock: Clock;

  constructor(private readonly o: ReminderServiceOptions) {
    this.clock = o.clock ?? systemClock;
    this.outbox = new OutboxStore(o.store.db);
    this.sender = new Sender({ ...o.sender, store: o.store, outbox: this.outbox, channels: o.channels, clock: this.clock, logger: o.logger });
  }

  /** Plans now and wakes the sender: what the scheduler runs each minute. */
  async tick(): Promise<PlanReport> {
    const report = await planReminders(this.o.store, this.outbox, this.clock.now(), this.o.settings);
    if (report.created || report.moved || report.updated || report.revived || report.cancelled) {
      this.o.logger?.info({ created: report.created, moved: report.moved, updated: report.updated, revived: report.revived, cancelled: report.cancelled }, 'reminders planned');
    }
    this.sender.wake();
    return report;
  }

  /** When the scheduler plans next (null when stopped). */
  nextPlanAt(): Date | null {
    return this.job?.nextRun() ?? null;
  }

  async start(): Promise<void> {
    if (this.job) return;
    await this.tick().catch((err) => this.o.logger?.error({ err }, 'reminder planning failed'));
    this.job = new Cron(this.o.pattern ?? PLAN_EVERY_MINUTE, { timezone: VN_TIMEZONE, protect: true } /* unnamed: croner's names are process-wide, and tests run several services */, async () => {
      await this.tick().catch((err) => this.o.logger?.error({ err }, 'reminder planning failed'));
    });
    this.abort = new AbortController();
    this.running = this.sender.run(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.job?.stop();
    this.job = null;
    this.abort?.abort();
    await this.running?.catch(() => undefined);
    this.running = null;
  }
}

const zaloConfigured = (cfg: Config) => Boolean(cfg.zalo.appId && cfg.zalo.oaSecretKey);

/** Whether any reminder channel is configured (keep in step with configuredChannels). */
export function anyChannelConfigured(cfg: Config): boolean {
  return !!cfg.telegram.token || zaloConfigured(cfg);
}

/** The channels configured: Telegram when TELEGRAM_BOT_TOKEN is set, Zalo when the OA is. */
export function configuredChannels(cfg: Config, store: Store): Channel[] {
  const out: Channel[] = [];
  if (cfg.telegram.token) out.push(new TelegramReminderChannel({ token: cfg.telegram.token, apiRoot: cfg.telegram.apiRoot, store }));
  if (zaloConfigured(cfg)) out.push(ZaloOutboxChannel.fromConfig({ ...cfg.zalo, appId: cfg.zalo.appId! }, store));
  return out;
}

/**
 * The reminder service for `planbot serve`, on its own connection to the database (its
 * transactions must not interleave with the chat core's). stop() also closes that connection.
 */
export async function startReminderService(cfg: Config, logger?: Logger): Promise<{ stop(): Promise<void>; service: ReminderService }> {
  const store = await Store.open(cfg.dbPath, { create: false, secretKey: cfg.secretKey });
  const channels = configuredChannels(cfg, store);
  if (channels.length === 0) logger?.info('reminders are planned but not sent: set TELEGRAM_BOT_TOKEN or the Zalo OA settings to send them');
  const service = new ReminderService({ store, channels, settings: cfg.reminders, logger, sender: { retry: cfg.retry, sendTimeoutMs: cfg.zalo.timeoutMs + 1000 } });
  await service.start();
  return {
    service,
    async stop() {
      await service.stop();
      await store.close();
    },
  };
}

/**
 * The reminder scheduler as a `planbot serve` service (src/chat/serve.ts SERVICES): started after
 * the chat channels, stopped before them; none when no channel could send (no bot token), as
 * the rows would only wait (`planbot notify` still plans them by hand).
 */
export function reminderServiceFactory(ctx: { cfg: Config; logger?: Logger; wakeSender?: () => void }): { name: string; start(): Promise<void>; stop(): Promise<void> } | null {
  if (!anyChannelConfigured(ctx.cfg)) return null;
  let running: { stop(): Promise<void>; service: ReminderService } | null = null;
  // The chat side writes replies to the outbox (Zalo) and calls this so they go at once.
  ctx.wakeSender = () => running?.service.sender.wake();
  return {
    name: 'reminders',
    async start() {
      running = await startReminderService(ctx.cfg, ctx.logger);
    },
    async stop() {
      await running?.stop();
      running = null;
    },
  };
}
