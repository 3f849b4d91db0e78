// Time as the reminder code sees it. Everything in src/notify takes a Clock, so tests run on a
// manual clock whose sleep() moves time forward at once instead of waiting.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time (at once when ms ≤ 0), or early when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** The system clock shifted so that it reads `startMs` now (`planbot notify --now`): time still passes. */
export function shiftedClock(startMs: number, base: Clock = systemClock): Clock {
  const delta = startMs - base.now();
  return { now: () => base.now() + delta, sleep: (ms, signal) => base.sleep(ms, signal) };
}

/** A clock that only moves when told to, or when someone sleeps on it (tests, bench planning). */
export class ManualClock implements Clock {
  constructor(private ms: number) {}

  now(): number {
    return this.ms;
  }

  set(ms: number): void {
    this.ms = ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  async sleep(ms: number): Promise<void> {
    if (ms > 0) this.ms += ms;
    // yield to I/O callbacks, as a real sleep would
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
