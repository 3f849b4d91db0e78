// Pacing for chat platforms: a queue per chat (its messages are handled one after another, none
// dropped), a per-chat pace (one answer a second) and a global rate gate (Telegram: about 30
// messages a second overall). The clock is injectable so tests need not wait.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Spaces passes at least `intervalMs` apart, in the order they asked. */
export class RateGate {
  private next = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  async wait(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now);
  }
}

/** Tasks keyed by chat: one at a time per chat, in arrival order; chats do not wait for each other. */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly counts = new Map<string, number>();
  private readonly gates = new Map<string, RateGate>();

  constructor(
    private readonly paceMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Queues `task` behind the chat's earlier tasks; a failing task does not stop the ones after it. */
  run<T>(chat: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(chat) ?? Promise.resolve();
    const run = prev.then(task, task);
    const tail = run.catch(() => undefined);
    this.tails.set(chat, tail);
    this.counts.set(chat, (this.counts.get(chat) ?? 0) + 1);
    void tail.then(() => {
      const left = (this.counts.get(chat) ?? 1) - 1;
      if (left > 0) this.counts.set(chat, left);
      else {
        this.counts.delete(chat);
        this.tails.delete(chat);
        // The pace gate is kept while the chat may still be within its interval.
        if (this.gates.size > 10_000) this.gates.clear();
      }
    });
    return run;
  }

  /** Waits until the chat's previous answer is at least paceMs ago. */
  pace(chat: string): Promise<void> {
    let gate = this.gates.get(chat);
    if (!gate) {
      gate = new RateGate(this.paceMs, this.clock);
      this.gates.set(chat, gate);
    }
    return gate.wait();
  }

  /** Tasks queued or running, for one chat or all. */
  pending(chat?: string): number {
    if (chat !== undefined) return this.counts.get(chat) ?? 0;
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** Resolves when every task queued so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all([...this.tails.values()]);
  }
}
