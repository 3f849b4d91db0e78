// A channel's limits as token buckets: one over all chats, one per chat, and for groups one a
// minute on top (Telegram: 30/s overall, about 1/s per chat, 20/min per group). Chat buckets are
// made on first use and forgotten when full again, so memory follows the chats in the queue.
import type { Clock } from '../channels/clock.js';
import type { ChatKind, RateLimits } from './channel.js';
import { TokenBucket } from '../channels/tokenBucket.js';

export class RateLimiter {
  private readonly global: TokenBucket;
  private readonly chats = new Map<string, TokenBucket[]>();
  private pausedUntil = 0;

  constructor(
    private readonly clock: Clock,
    readonly limits: RateLimits,
  ) {
    this.global = new TokenBucket(clock, limits.perSecond, limits.burst);
  }

  private bucketsOf(chatId: string, kind: ChatKind): TokenBucket[] {
    let b = this.chats.get(chatId);
    if (!b) {
      b = [new TokenBucket(this.clock, this.limits.perChatPerSecond, 1)];
      if (kind === 'group') b.push(new TokenBucket(this.clock, this.limits.perGroupPerMinute / 60, 1));
      this.chats.set(chatId, b);
    }
    return b;
  }

  /** Milliseconds until a message to this chat may go, counting the overall limit and any pause. */
  waitMs(chatId: string, kind: ChatKind): number {
    const pause = Math.max(0, this.pausedUntil - this.clock.now());
    return Math.max(pause, this.global.waitMs(), ...this.bucketsOf(chatId, kind).map((b) => b.waitMs()));
  }

  /** Takes the tokens for one message to this chat; false (taking none) when it must wait. */
  tryTake(chatId: string, kind: ChatKind): boolean {
    if (this.waitMs(chatId, kind) > 0) return false;
    this.global.tryTake();
    for (const b of this.bucketsOf(chatId, kind)) b.tryTake();
    return true;
  }

  /** Everything waits until then (Telegram's 429 retry_after may be per chat or for the whole bot; it does not say). */
  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** Drops the buckets of chats that are full again (they would start full anyway). */
  forgetIdle(): void {
    for (const [id, buckets] of this.chats) if (buckets.every((b) => b.waitMs() === 0)) this.chats.delete(id);
  }
}
