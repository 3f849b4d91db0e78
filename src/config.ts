// Environment → typed, validated configuration. The one place that reads process.env.
import { z } from 'zod';
import path from 'node:path';
import type { OcrSettings } from './corpus/formats/ocr.js';

const boolish = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** An optional setting where an empty value means unset. */
const optionalText = z.string().optional().transform((v) => (v?.trim() ? v.trim() : undefined));

/** What the HTTP server allows when nothing is set: short enough that slow clients cannot pile up, long enough for a 20 MB upload on a slow line. */
export const HTTP_DEFAULTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 2_000,
  maxConnectionsPerAddress: 100,
};

/** OCR of scans when nothing is set: Vietnamese at 300 dpi; 60 pages, 40 M pixels and 120 s a page at most. */
export const OCR_DEFAULTS = { lang: 'vie', dpi: 300, maxPages: 60, maxPixels: 40_000_000, pageSeconds: 120 };

/** Questions a minute per client on the web chat (0: no limit), and the burst allowed at once. */
export const ASK_DEFAULTS = { perMinute: 20, burst: 5 };

const EnvSchema = z.object({
  PLANBOT_HOME: z.string().optional(),
  PLANBOT_CORPUS_DIR: z.string().optional(),
  PLANBOT_INDEX_DIR: z.string().optional(),
  PLANBOT_MODEL: z.string().default('Xenova/multilingual-e5-small'),
  PLANBOT_MODEL_DIR: z.string().optional(),
  PLANBOT_ALLOW_DOWNLOAD: boolish,
  PLANBOT_REMINDER_OFFSETS: z
    .string()
    .default('30,7,1,0')
    .refine((s) => /^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/.test(s) && s.split(',').every((n) => Number(n) <= 366), 'expected days before the due date, comma-separated, each 0–366, such as 30,7,1,0')
    .transform((s) => [...new Set(s.split(',').map(Number))].sort((x, y) => y - x)),
  PLANBOT_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  PLANBOT_SEMANTIC: z.enum(['auto', 'off']).default('auto'),
  PLANBOT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLANBOT_LOG_FORMAT: z.enum(['auto', 'json', 'lines']).default('auto'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'expected a token from @BotFather, such as 123456:ABC-def').optional().or(z.literal('').transform(() => undefined)),
  TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal('').transform(() => undefined)),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'expected 1–256 characters A–Z, a–z, 0–9, _ or -').optional().or(z.literal('').transform(() => undefined)),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  PLANBOT_ADMINS: z.string().default(''),
  PLANBOT_ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || v.length >= 16, 'expected at least 16 characters (a random secret)'),
  ZALO_APP_ID: optionalText,
  ZALO_OA_SECRET_KEY: optionalText,
  ZALO_APP_SECRET: optionalText,
  ZALO_ACCESS_TOKEN: optionalText,
  ZALO_REFRESH_TOKEN: optionalText,
  ZALO_API_ROOT: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: z.url().default('https://oauth.zaloapp.com'),
  ZALO_OA_VERIFIED: boolish,
  ZALO_REPLIES_PER_MESSAGE: z.coerce.number().int().min(1).max(1000).default(8),
  ZALO_MONTHLY_QUOTA: z.coerce.number().int().min(0).max(10_000_000).default(1000),
  ZALO_REMINDER_TEMPLATE_ID: optionalText,
  ZALO_TEMPLATE_API_ROOT: z.url().default('https://business.openapi.zalo.me'),
  ZALO_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  ZALO_SENDS_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(10),
  ZALO_SENDS_PER_USER_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(1),
  PLANBOT_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  PLANBOT_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(15 * 60_000),
  PLANBOT_RETRY_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(8),
  PLANBOT_SECRET_KEY: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || v.length >= 16, 'expected at least 16 characters (a random secret)'),
  PLANBOT_WEB: z.enum(['on', 'off']).default('on'),
  PLANBOT_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal('').transform(() => undefined)),
  // The HTTP server's defences (src/chat/http.ts): how long a client may take, how many connections it may hold.
  PLANBOT_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(HTTP_DEFAULTS.headersTimeoutMs),
  PLANBOT_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(HTTP_DEFAULTS.requestTimeoutMs),
  PLANBOT_HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(HTTP_DEFAULTS.keepAliveTimeoutMs),
  PLANBOT_HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(HTTP_DEFAULTS.maxConnections),
  PLANBOT_HTTP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  PLANBOT_TRUST_PROXY: boolish,
  PLANBOT_ASK_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(ASK_DEFAULTS.perMinute),
  PLANBOT_ASK_BURST: z.coerce.number().int().min(1).max(1_000_000).default(ASK_DEFAULTS.burst),
  // Scans read by OCR (src/corpus/formats/ocr.ts): the programs, the model, and the bounds a scan must keep.
  PLANBOT_OCR: z.enum(['on', 'off']).default('on'),
  PLANBOT_TESSERACT: z.string().trim().min(1).default('tesseract'),
  PLANBOT_PDFTOPPM: z.string().trim().min(1).default('pdftoppm'),
  PLANBOT_OCR_LANG: z.string().regex(/^[A-Za-z_]+(\+[A-Za-z_]+)*$/, 'expected a Tesseract language such as vie or vie+eng').default(OCR_DEFAULTS.lang),
  PLANBOT_OCR_DPI: z.coerce.number().int().min(72).max(600).default(OCR_DEFAULTS.dpi),
  PLANBOT_OCR_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(OCR_DEFAULTS.maxPages),
  PLANBOT_OCR_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(1_000_000_000).default(OCR_DEFAULTS.maxPixels),
  PLANBOT_OCR_PAGE_SECONDS: z.coerce.number().int().min(5).max(3600).default(OCR_DEFAULTS.pageSeconds),
});


export interface HttpSettings {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** Behind a reverse proxy: the client is the address the proxy appended to X-Forwarded-For. */
  trustProxy: boolean;
}

export interface Config {
  home: string;
  corpusDir: string;
  indexDir: string;
  dbPath: string;
  model: string;
  modelDir: string | null;
  allowDownload: boolean;
  semantic: 'auto' | 'off';
  logLevel: string;
  /** auto: readable lines in a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'lines';
  /** Reminders: days before the due date (0 = on the day), and the hour in Asia/Ho_Chi_Minh they go at. */
  reminders: { offsets: number[]; hour: number };
  port: number;
  telegram: { token: string | null; webhookUrl: string | null; webhookSecret: string | null; apiRoot: string };
  /** Chat or user ids allowed to run admin commands: "123" on any platform, "telegram:123" on one. */
  admins: string[];
  /** Bearer token of the admin HTTP API (POST /api/documents); without it that API is off. */
  adminToken: string | null;
  /** Zalo OA; on when app id, OA secret key and a refresh or access token are set. */
  zalo: ZaloConfig;
  /** Retries of outbox sends (reminders, Zalo replies) after a network error or 5xx: first wait, cap, failures before giving up. */
  retry: { baseMs: number; maxMs: number; maxFailures: number };
  /** Key for secrets at rest (the Zalo token pair); null stores them unencrypted (said at start). */
  secretKey: string | null;
  /** The web chat page and its JSON API on PORT. */
  web: boolean;
  /** The web chat's address as officials reach it (links in calendar feeds); http://localhost:PORT by default. */
  publicUrl: string;
  http: HttpSettings;
  /** The web chat's per-client question limit; perMinute 0 lifts it. */
  askLimit: { perMinute: number; burst: number };
  /** Scans (PDFs without a text layer, images) read by Tesseract; off refuses them. */
  ocr: OcrSettings;
}

export interface ZaloConfig {
  appId: string | null;
  oaSecretKey: string | null;
  appSecret: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  apiRoot: string;
  oauthRoot: string;
  /** The OA is verified, so it may send proactive messages (ZALO_OA_VERIFIED). */
  verified: boolean;
  /** Free replies Zalo allows against one message of the person (8 at the time of writing). */
  repliesPerMessage: number;
  /** Proactive messages a month (Zalo's free allowance for a verified OA). */
  monthlyQuota: number;
  /** A template (ZNS) id: reminders outside the reply window go as template messages. */
  reminderTemplateId: string | null;
  templateApiRoot: string;
  /** Every call to Zalo gives up after this long. */
  timeoutMs: number;
  sendsPerSecond: number;
  sendsPerUserPerSecond: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`invalid setting ${first.path.join('.')}: ${first.message}`);
  }
  const e = parsed.data;
  // node:http refuses a header timeout longer than the whole request's.
  if (e.PLANBOT_HTTP_HEADERS_TIMEOUT_MS > e.PLANBOT_HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(`invalid setting PLANBOT_HTTP_HEADERS_TIMEOUT_MS: ${e.PLANBOT_HTTP_HEADERS_TIMEOUT_MS} is longer than PLANBOT_HTTP_REQUEST_TIMEOUT_MS (${e.PLANBOT_HTTP_REQUEST_TIMEOUT_MS})`);
  }
  const home = path.resolve(e.PLANBOT_HOME ?? process.cwd());
  const indexDir = path.resolve(home, e.PLANBOT_INDEX_DIR ?? 'index');
  const cfg: Config = {
    home,
    corpusDir: path.resolve(home, e.PLANBOT_CORPUS_DIR ?? 'corpus'),
    indexDir,
    dbPath: path.join(indexDir, 'planbot.db'),
    model: e.PLANBOT_MODEL,
    modelDir: e.PLANBOT_MODEL_DIR ? path.resolve(e.PLANBOT_MODEL_DIR) : null,
    allowDownload: e.PLANBOT_ALLOW_DOWNLOAD,
    semantic: e.PLANBOT_SEMANTIC,
    logLevel: e.PLANBOT_LOG_LEVEL,
    logFormat: e.PLANBOT_LOG_FORMAT,
    reminders: { offsets: e.PLANBOT_REMINDER_OFFSETS, hour: e.PLANBOT_REMINDER_HOUR },
    port: e.PORT,
    telegram: { token: e.TELEGRAM_BOT_TOKEN ?? null, webhookUrl: e.TELEGRAM_WEBHOOK_URL ?? null, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET ?? null, apiRoot: e.TELEGRAM_API_ROOT },
    admins: e.PLANBOT_ADMINS.split(',').map((x) => x.trim()).filter(Boolean),
    adminToken: e.PLANBOT_ADMIN_TOKEN ?? null,
    zalo: {
      appId: e.ZALO_APP_ID ?? null,
      oaSecretKey: e.ZALO_OA_SECRET_KEY ?? null,
      appSecret: e.ZALO_APP_SECRET ?? null,
      accessToken: e.ZALO_ACCESS_TOKEN ?? null,
      refreshToken: e.ZALO_REFRESH_TOKEN ?? null,
      apiRoot: e.ZALO_API_ROOT.replace(/\/+$/, ''),
      oauthRoot: e.ZALO_OAUTH_ROOT.replace(/\/+$/, ''),
      verified: e.ZALO_OA_VERIFIED,
      monthlyQuota: e.ZALO_MONTHLY_QUOTA,
      repliesPerMessage: e.ZALO_REPLIES_PER_MESSAGE,
      reminderTemplateId: e.ZALO_REMINDER_TEMPLATE_ID ?? null,
      templateApiRoot: e.ZALO_TEMPLATE_API_ROOT.replace(/\/+$/, ''),
      timeoutMs: e.ZALO_TIMEOUT_MS,
      sendsPerSecond: e.ZALO_SENDS_PER_SECOND,
      sendsPerUserPerSecond: e.ZALO_SENDS_PER_USER_PER_SECOND,
    },
    retry: { baseMs: e.PLANBOT_RETRY_BASE_MS, maxMs: Math.max(e.PLANBOT_RETRY_BASE_MS, e.PLANBOT_RETRY_MAX_MS), maxFailures: e.PLANBOT_RETRY_MAX_FAILURES },
    secretKey: e.PLANBOT_SECRET_KEY ?? null,
    web: e.PLANBOT_WEB === 'on',
    publicUrl: (e.PLANBOT_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    http: {
      headersTimeoutMs: e.PLANBOT_HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.PLANBOT_HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.PLANBOT_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.PLANBOT_HTTP_MAX_CONNECTIONS,
      // Behind a proxy every connection comes from the proxy: the per-address cap is then the global one unless set.
      maxConnectionsPerAddress: e.PLANBOT_HTTP_MAX_CONNECTIONS_PER_ADDRESS ?? (e.PLANBOT_TRUST_PROXY ? e.PLANBOT_HTTP_MAX_CONNECTIONS : HTTP_DEFAULTS.maxConnectionsPerAddress),
      trustProxy: e.PLANBOT_TRUST_PROXY,
    },
    askLimit: { perMinute: e.PLANBOT_ASK_PER_MINUTE, burst: e.PLANBOT_ASK_BURST },
    ocr: {
      enabled: e.PLANBOT_OCR === 'on',
      tesseract: e.PLANBOT_TESSERACT,
      pdftoppm: e.PLANBOT_PDFTOPPM,
      lang: e.PLANBOT_OCR_LANG,
      dpi: e.PLANBOT_OCR_DPI,
      maxPages: e.PLANBOT_OCR_MAX_PAGES,
      maxPixels: e.PLANBOT_OCR_MAX_PIXELS,
      pageSeconds: e.PLANBOT_OCR_PAGE_SECONDS,
    },
    ...overrides,
  };
  if (overrides.indexDir && !overrides.dbPath) cfg.dbPath = path.join(cfg.indexDir, 'planbot.db');
  return cfg;
}
