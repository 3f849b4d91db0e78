// A token bucket on an injected clock. Libraries looked at (limiter, bottleneck,
// rate-limiter-flexible) read Date.now() and set their own timers, so tests would have to sleep;
// this one only does arithmetic on the time it is given, and says when the next token comes.
import type { Clock } from './clock.js';

export class TokenBucket {
  private tokens: number;
  private at: number;

  /** `ratePerSecond` tokens a second, at most `capacity` saved up (the burst). */
  constructor(
    private readonly clock: Clock,
    readonly ratePerSecond: number,
    readonly capacity: number,
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) throw new Error(`a token bucket needs a positive rate and a capacity of at least 1 (got ${ratePerSecond}/s, ${capacity})`);
    this.tokens = capacity;
    this.at = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.at) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.ratePerSecond) / 1000);
      this.at = now;
    }
  }

  /** Milliseconds until a token is there (0 when one is there now). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  /** Takes a token if there is one. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
