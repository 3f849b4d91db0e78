// Environment → typed, validated configuration. The one place that reads process.env.
import * as v from 'valibot';
import path from 'node:path';
import type { OcrSettings } from './corpus/formats/ocr.js';

// Environment values are text: each setting reads its text, checks it, and gives its value.
const BOOLISH = ['0', '1', 'true', 'false', 'yes', 'no', ''] as const;
const boolish = v.optional(
  v.pipe(
    v.picklist(BOOLISH, `expected one of ${BOOLISH.filter(Boolean).join(', ')}`),
    v.transform((x) => x === '1' || x === 'true' || x === 'yes'),
  ),
  '',
);

/** An optional setting where an empty value means unset. */
const optionalText = v.pipe(v.optional(v.string()), v.transform((x) => (x?.trim() ? x.trim() : undefined)));

/** Optional text that must match when set; an empty value means unset. */
const optionalMatching = (re: RegExp, message: string) =>
  v.pipe(v.optional(v.string()), v.check((x) => !x || re.test(x), message), v.transform((x) => (x ? x : undefined)));

const isUrl = (x: string, protocols = /^[a-z][a-z0-9+.-]*:$/) => URL.canParse(x) && protocols.test(new URL(x).protocol);
const HTTP = /^https?:$/;
/** A URL, http or https when `web`; with a default when unset. */
const url = (fallback: string) => v.optional(v.pipe(v.string(), v.check((x) => isUrl(x), 'expected a URL')), fallback);
const optionalWebUrl = v.pipe(v.optional(v.string()), v.check((x) => !x || isUrl(x, HTTP), 'expected an http or https URL'), v.transform((x) => (x ? x : undefined)));

/** A whole number within bounds, as text; `fallback` when unset. */
const whole = (min: number, max: number) =>
  v.pipe(v.string(), v.transform(Number), v.number('expected a number'), v.integer('expected a whole number'), v.minValue(min, `expected at least ${min}`), v.maxValue(max, `expected at most ${max}`));
const int = (min: number, max: number, fallback: number) => v.optional(whole(min, max), String(fallback));
const optionalInt = (min: number, max: number) => v.optional(whole(min, max));
/** A number within bounds, as text. */
const num = (min: number, max: number, fallback: number) =>
  v.optional(v.pipe(v.string(), v.transform(Number), v.number('expected a number'), v.minValue(min, `expected at least ${min}`), v.maxValue(max, `expected at most ${max}`)), String(fallback));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) => v.optional(v.picklist(values, `expected one of ${values.join(', ')}`), fallback);
/** A secret: unset when empty, at least 16 characters when set. */
const secret = v.pipe(
  v.optional(v.string()),
  v.transform((x) => (x?.trim() ? x.trim() : undefined)),
  v.check((x) => x === undefined || x.length >= 16, 'expected at least 16 characters (a random secret)'),
);
const program = (fallback: string) => v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'expected a program name')), fallback);

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

const EnvSchema = v.object({
  PLANBOT_HOME: v.optional(v.string()),
  PLANBOT_CORPUS_DIR: v.optional(v.string()),
  PLANBOT_INDEX_DIR: v.optional(v.string()),
  PLANBOT_MODEL: v.optional(v.string(), 'Xenova/multilingual-e5-small'),
  PLANBOT_MODEL_DIR: v.optional(v.string()),
  PLANBOT_ALLOW_DOWNLOAD: boolish,
  PLANBOT_REMINDER_OFFSETS: v.pipe(
    v.optional(v.string(), '30,7,1,0'),
    v.check((x) => /^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/.test(x) && x.split(',').every((n) => Number(n) <= 366), 'expected days before the due date, comma-separated, each 0–366, such as 30,7,1,0'),
    v.transform((x) => [...new Set(x.split(',').map(Number))].sort((a, b) => b - a)),
  ),
  PLANBOT_REMINDER_HOUR: int(0, 23, 8),
  PLANBOT_SEMANTIC: oneOf(['auto', 'off'], 'auto'),
  PLANBOT_LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  PLANBOT_LOG_FORMAT: oneOf(['auto', 'json', 'lines'], 'auto'),
  PORT: int(0, 65535, 8080),
  TELEGRAM_BOT_TOKEN: optionalMatching(/^\d+:[\w-]+$/, 'expected a token from @BotFather, such as 123456:ABC-def'),
  TELEGRAM_WEBHOOK_URL: optionalWebUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalMatching(/^[A-Za-z0-9_-]{1,256}$/, 'expected 1–256 characters A–Z, a–z, 0–9, _ or -'),
  TELEGRAM_API_ROOT: url('https://api.telegram.org'),
  PLANBOT_ADMINS: v.optional(v.string(), ''),
  PLANBOT_ADMIN_TOKEN: secret,
  ZALO_APP_ID: optionalText,
  ZALO_OA_SECRET_KEY: optionalText,
  ZALO_APP_SECRET: optionalText,
  ZALO_ACCESS_TOKEN: optionalText,
  ZALO_REFRESH_TOKEN: optionalText,
  ZALO_API_ROOT: url('https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: url('https://oauth.zaloapp.com'),
  ZALO_OA_VERIFIED: boolish,
  ZALO_REPLIES_PER_MESSAGE: int(1, 1000, 8),
  ZALO_MONTHLY_QUOTA: int(0, 10_000_000, 1000),
  ZALO_REMINDER_TEMPLATE_ID: optionalText,
  ZALO_TEMPLATE_API_ROOT: url('https://business.openapi.zalo.me'),
  ZALO_TIMEOUT_MS: int(100, 120_000, 10_000),
  ZALO_SENDS_PER_SECOND: num(0.1, 1000, 10),
  ZALO_SENDS_PER_USER_PER_SECOND: num(0.1, 1000, 1),
  PLANBOT_RETRY_BASE_MS: int(10, 3_600_000, 5_000),
  PLANBOT_RETRY_MAX_MS: int(10, 86_400_000, 15 * 60_000),
  PLANBOT_RETRY_MAX_FAILURES: int(1, 1000, 8),
  PLANBOT_SECRET_KEY: secret,
  PLANBOT_WEB: oneOf(['on', 'off'], 'on'),
  PLANBOT_PUBLIC_URL: optionalWebUrl,
  // The HTTP server's defences (src/chat/http.ts): how long a client may take, how many connections it may hold.
  PLANBOT_HTTP_HEADERS_TIMEOUT_MS: int(1000, 600_000, HTTP_DEFAULTS.headersTimeoutMs),
  PLANBOT_HTTP_REQUEST_TIMEOUT_MS: int(1000, 3_600_000, HTTP_DEFAULTS.requestTimeoutMs),
  PLANBOT_HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000, HTTP_DEFAULTS.keepAliveTimeoutMs),
  PLANBOT_HTTP_MAX_CONNECTIONS: int(1, 1_000_000, HTTP_DEFAULTS.maxConnections),
  PLANBOT_HTTP_MAX_CONNECTIONS_PER_ADDRESS: optionalInt(1, 1_000_000),
  PLANBOT_TRUST_PROXY: boolish,
  PLANBOT_ASK_PER_MINUTE: int(0, 1_000_000, ASK_DEFAULTS.perMinute),
  PLANBOT_ASK_BURST: int(1, 1_000_000, ASK_DEFAULTS.burst),
  // Scans read by OCR (src/corpus/formats/ocr.ts): the programs, the model, and the bounds a scan must keep.
  PLANBOT_OCR: oneOf(['on', 'off'], 'on'),
  PLANBOT_TESSERACT: program('tesseract'),
  PLANBOT_PDFTOPPM: program('pdftoppm'),
  PLANBOT_OCR_LANG: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z_]+(\+[A-Za-z_]+)*$/, 'expected a Tesseract language such as vie or vie+eng')), OCR_DEFAULTS.lang),
  PLANBOT_OCR_DPI: int(72, 600, OCR_DEFAULTS.dpi),
  PLANBOT_OCR_MAX_PAGES: int(1, 1000, OCR_DEFAULTS.maxPages),
  PLANBOT_OCR_MAX_PIXELS: int(1_000_000, 1_000_000_000, OCR_DEFAULTS.maxPixels),
  PLANBOT_OCR_PAGE_SECONDS: int(5, 3600, OCR_DEFAULTS.pageSeconds),
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
  const parsed = v.safeParse(EnvSchema, env);
  if (!parsed.success) {
    const first = parsed.issues[0];
    throw new ConfigError(`invalid setting ${v.getDotPath(first) ?? '?'}: ${first.message}`);
  }
  const e = parsed.output;
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
