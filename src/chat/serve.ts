// `planbot serve` / `npm start`: index if needed, open the app, then run the services together —
// the shared HTTP server (when a channel has routes), the Telegram bot (when TELEGRAM_BOT_TOKEN is
// set) and whatever else plugs in below (the reminder scheduler) — until SIGINT/SIGTERM, then
// stop them in reverse order. Without a bot token the terminal chat is the main job.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openApp, type AppContext } from '../app.js';
import { makeLogger } from '../logger.js';
import { ChatCore } from './core.js';
import { Reindexer } from './admin.js';
import { uploadHandler } from './upload.js';
import { HttpServer } from './http.js';
import { TelegramChannel } from './telegram/bot.js';
import { reminderServiceFactory } from '../notify/scheduler.js';
import { documentUploadServiceFactory } from './web/upload.js';
import { zaloServiceFactory } from './zalo/service.js';
import { webChatServiceFactory } from './web/service.js';
import type { ZaloChannel } from './zalo/channel.js';

/** Something that runs for the life of the server. */
export interface Service {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops taking new work (webhooks) before any service stops, so shutdown drains a closed door. */
  quiesce?(): void;
}

/** What a service is built from. */
export interface ServeContext {
  cfg: Config;
  app: AppContext;
  logger: Logger;
  http: HttpServer;
  core: ChatCore;
  reindexer: Reindexer;
  /** The Telegram channel when a bot token is set (reminders send through it). */
  telegram: TelegramChannel | null;
  /** The Zalo channel when the OA is configured (set by its service factory, before the reminders'). */
  zalo?: ZaloChannel | null;
  /** Wakes the outbox sender (set by the reminder service): replies written to the outbox go at once. */
  wakeSender?: () => void;
  /** Tells the person who started planbot something worth seeing (the CLI prints it; tests need not). */
  announce?: (line: string) => void;
}

/** Builds a service, or returns null when its settings leave it off. */
export type ServiceFactory = (ctx: ServeContext) => Service | null | Promise<Service | null>;

/**
 * Services started after the chat channels, in this order, and stopped before them. The
 * reminder scheduler plugs in here (one import and one entry).
 */
export const SERVICES: ServiceFactory[] = [zaloServiceFactory, webChatServiceFactory, reminderServiceFactory, documentUploadServiceFactory];

export interface ServeOptions {
  /** Runs first: bring the index up to date (the CLI indexes with its progress bar). */
  index?: () => Promise<void>;
  /** The main job without a bot token: the terminal chat. Its end stops the server; it should end when `stop` aborts. */
  localChat?: (app: AppContext, stop: AbortSignal) => Promise<void>;
  /** Extra services (tests); added after SERVICES. */
  services?: ServiceFactory[];
  logger?: Logger;
  /** Where lines for the person who started planbot go (the web chat's address). */
  announce?: (line: string) => void;
  /** Options for the Telegram channel that tests set (clock, poll timeout). */
  telegram?: Partial<ConstructorParameters<typeof TelegramChannel>[0]>;
}

export interface RunningServer {
  ctx: ServeContext;
  services: Service[];
  /** Stops every service (reverse order) and closes the app; safe to call twice. */
  stop(): Promise<void>;
}

function httpService(http: HttpServer, port: number, logger: Logger): Service {
  return {
    name: 'http',
    async start() {
      const p = await http.listen(port);
      logger.info({ port: p }, 'HTTP server listening');
    },
    stop: () => http.close(),
  };
}

/** Opens the app and starts every service; the caller decides how long they run. */
export async function startServer(cfg: Config, opts: ServeOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? makeLogger(cfg);
  await opts.index?.();
  const app = await openApp(cfg);
  const http = new HttpServer({ logger, settings: cfg.http });
  const reindexer = new Reindexer(app.store, app.answerer, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: app.semantic.embedder, ocr: cfg.ocr });
  const core = new ChatCore({
    store: app.store,
    answerer: app.answerer,
    semantic: app.semantic,
    admins: cfg.admins,
    calendarUrl: cfg.web ? cfg.publicUrl : null,
    reindexer,
    upload: uploadHandler({ cfg, store: app.store, embedder: app.semantic.embedder }, reindexer),
    logger,
  });
  const t = cfg.telegram;
  const telegram = t.token
    ? new TelegramChannel({
        token: t.token,
        apiRoot: t.apiRoot,
        webhook: t.webhookUrl ? { url: t.webhookUrl, secret: t.webhookSecret ?? '' } : null,
        core,
        store: app.store,
        http,
        logger,
        ...opts.telegram,
      })
    : null;
  if (!telegram) logger.info('Telegram is off: set TELEGRAM_BOT_TOKEN (a token from @BotFather) to run the bot; TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET for webhook mode');

  const ctx: ServeContext = { cfg, app, logger, http, core, reindexer, telegram, announce: opts.announce };
  const later: Service[] = [];
  for (const f of [...SERVICES, ...(opts.services ?? [])]) {
    const s = await f(ctx);
    if (s) later.push(s);
  }
  // The HTTP server listens before Telegram is told the webhook URL; it starts only when a route needs it.
  const services = [...(http.hasRoutes() ? [httpService(http, cfg.port, logger)] : []), ...(telegram ? [telegram] : []), ...later];

  const started: Service[] = [];
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of started) s.quiesce?.();
      for (const s of [...started].reverse()) {
        await s.stop().catch((err) => logger.error({ err, service: s.name }, 'service failed to stop'));
      }
      await app.close();
    })());
  try {
    for (const s of services) {
      await s.start();
      started.push(s);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  // Questions asked meanwhile wait for the same reading, not a second one.
  const warming = performance.now();
  app.answerer
    .warm()
    .then(() => logger.info({ ms: Math.round(performance.now() - warming) }, 'plans read: ready for questions'))
    .catch((err) => logger.warn({ err }, 'reading the plans ahead of the first question failed; the first question reads them'));
  return { ctx, services, stop };
}

/** Runs until SIGINT/SIGTERM, or until the terminal chat ends (at a terminal, or when nothing else is served). */
export async function serve(cfg: Config, opts: ServeOptions = {}): Promise<void> {
  const server = await startServer(cfg, opts);
  const { logger } = server.ctx;
  const abort = new AbortController();
  const gotSignal = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signals > 1) process.exit(130); // a second Ctrl-C does not wait for the queues
    logger.info({ signal: sig }, 'stopping');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // Served to people elsewhere (a bot, the web chat): that is the main job, and it runs until a
    // signal; the terminal chat comes along only at a terminal, and /quit there stops everything.
    // Served to nobody else: the terminal chat is the main job (stdin closed ends it).
    const served = Boolean(server.ctx.telegram || server.ctx.zalo || server.ctx.http.port !== null);
    if (opts.localChat && (!served || process.stdin.isTTY)) await Promise.race([opts.localChat(server.ctx.app, abort.signal), gotSignal]);
    else await gotSignal;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await server.stop();
  }
}
