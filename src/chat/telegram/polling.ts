// Long polling of getUpdates. Written here rather than telegraf's launch() because planbot needs
// what that loop does not give: exponential backoff on network failures (telegraf waits a fixed
// 5 s), an injectable clock, a stop that waits for the loop to end, and updates handed over one by
// one so a failing update is logged and the next one still runs.
import { TelegramError, type Telegram } from 'telegraf';
import type { Logger } from 'pino';
import { realClock, type Clock } from '../../channels/throttle.js';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from '../../channels/telegram/send.js';
import type { TgUpdate } from './updates.js';

export interface PollerOptions {
  /** Seconds Telegram holds a getUpdates request open when there is nothing new. */
  timeoutSec?: number;
  allowedUpdates?: string[];
  clock?: Clock;
  policy?: RetryPolicy;
  logger?: Logger;
}

export class Poller {
  private offset = 0;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  /** Set when polling ended for good (a wrong token). */
  failure: Error | null = null;

  constructor(
    private readonly telegram: Telegram,
    private readonly onUpdate: (u: TgUpdate) => Promise<void>,
    private readonly o: PollerOptions = {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves when the loop has ended (stopped, or refused for good). */
  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /** A sleep that ends early when polling stops. */
  private pause(ms: number): Promise<void> {
    const clock = this.o.clock ?? realClock;
    return new Promise((resolve) => {
      const done = () => resolve();
      this.abort.signal.addEventListener('abort', done, { once: true });
      void clock.sleep(ms).then(() => {
        this.abort.signal.removeEventListener('abort', done);
        resolve();
      });
    });
  }

  private async run(): Promise<void> {
    const policy = { ...DEFAULT_RETRY, maxDelayMs: 60_000, ...this.o.policy };
    let failures = 0;
    while (!this.stopped) {
      let updates: TgUpdate[];
      try {
        updates = (await this.telegram.callApi(
          'getUpdates',
          { timeout: this.o.timeoutSec ?? 50, offset: this.offset, allowed_updates: (this.o.allowedUpdates ?? []) as never },
          { signal: this.abort.signal as never },
        )) as unknown as TgUpdate[];
        failures = 0;
      } catch (err) {
        if (this.stopped) break;
        if (err instanceof TelegramError && err.code === 401) {
          this.failure = err;
          this.o.logger?.fatal({ err: err.message }, 'Telegram refused the bot token (401); polling stopped');
          break;
        }
        // 409: another instance polls, or a webhook is set; 429, 5xx, network: wait and retry.
        const delay = retryDelay(err, failures, policy) ?? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** failures);
        failures++;
        this.o.logger?.warn({ err: (err as Error).message, delayMs: delay }, 'getUpdates failed; retrying');
        await this.pause(delay);
        continue;
      }
      for (const u of updates) {
        this.offset = Math.max(this.offset, u.update_id + 1);
        try {
          await this.onUpdate(u);
        } catch (err) {
          this.o.logger?.error({ err, updateId: u.update_id }, 'update failed');
        }
      }
    }
  }
}
