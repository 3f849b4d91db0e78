// The sender drains the outbox: one sender per database at a time (a lease row with expiry), the
// channel's rate limits (token buckets), at most `concurrency` sends in flight, and every row
// claimed (in_flight, committed) before its send and completed after. A crash between the two
// leaves the row in flight; the next lease holder sends it again, marked as a resend
// (at-least-once: Telegram has no idempotency key, so "sent but not recorded" cannot be told
// from "never sent", and a duplicate reminder costs less than a missed deadline).
// Zalo's chat replies are outbox rows too (kind 'reply'): the same claim, retries, resend mark
// and log; wake() sends them at once, even while a drain waits on slow sends. A send aborted by
// its timeout or by stop() may have reached the platform, so its next copy is marked as a resend.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/repository.js';
import { OutboxStore, type Completion, type DueRow } from '../store/outbox.js';
import type { Channel, DeliveryOutcome, OutboxContent } from './channel.js';
import type { Clock } from '../channels/clock.js';
import { RateLimiter } from './rateLimiter.js';
import { iso, vnDate } from './time.js';

export interface RetryPolicy {
  /** First wait after a network error or 5xx; doubles each time up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** Network errors and 5xx in a row before the row is marked failed. */
  maxFailures: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 15 * 60_000, maxFailures: 8 };

export interface SenderOptions {
  store: Store;
  outbox?: OutboxStore;
  channels: Channel[];
  clock: Clock;
  /** Sends in flight at once (a send waits on the platform's answer, ~50–300 ms for Telegram). */
  concurrency?: number;
  leaseTtlMs?: number;
  /** A send that has not answered by then is a network error (telegraf's own timeout is 500 s). */
  sendTimeoutMs?: number;
  retry?: RetryPolicy;
  /** Rows read from the outbox at a time. */
  batch?: number;
  /** How long run() sleeps when nothing is due and nothing wakes it. */
  idleMs?: number;
  logger?: Logger;
  /** Identifies this sender in the lease and the attempt log; unique per process by default. */
  owner?: string;
}

export interface DrainReport {
  /** False when another sender holds the lease: nothing was sent. */
  leased: boolean;
  reconciled: number;
  sent: number;
  retried: number;
  failed: number;
  blocked: number;
  held: number;
}

/** A promise and the function that resolves it. */
function kick(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Sender {
  readonly owner: string;
  private readonly outbox: OutboxStore;
  private readonly channels: Map<string, Channel>;
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly concurrency: number;
  private readonly leaseTtlMs: number;
  private readonly sendTimeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly batch: number;
  private readonly idleMs: number;
  private leaseUntil = 0;
  /** Chats found unreachable during this drain. */
  private readonly blocked = new Set<string>();
  private wakeUp: (() => void) | null = null;
  /** Resolved by wake(): a drain waiting on slow sends looks for new rows (a reply just written). */
  private kicked = kick();

  constructor(private readonly o: SenderOptions) {
    this.owner = o.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.outbox = o.outbox ?? new OutboxStore(o.store.db);
    this.channels = new Map(o.channels.map((c) => [c.platform, c]));
    for (const c of o.channels) this.limiters.set(c.platform, new RateLimiter(o.clock, c.limits));
    this.concurrency = Math.max(1, o.concurrency ?? 4);
    this.leaseTtlMs = o.leaseTtlMs ?? 30_000;
    this.sendTimeoutMs = o.sendTimeoutMs ?? 15_000;
    this.retry = o.retry ?? DEFAULT_RETRY;
    this.batch = o.batch ?? 500;
    this.idleMs = o.idleMs ?? 30_000;
  }

  /** Holds the lease (renewing it when a third of it is used); reconciles rows in flight when newly taken. */
  private async ensureLease(report: DrainReport): Promise<boolean> {
    const now = this.o.clock.now();
    if (now < this.leaseUntil - (this.leaseTtlMs * 2) / 3) return true;
    const r = await this.outbox.acquireLease({ owner: this.owner, pid: process.pid, host: os.hostname() }, now, this.leaseTtlMs, pidAlive);
    if (!r.held) {
      this.leaseUntil = 0;
      return false;
    }
    this.leaseUntil = now + this.leaseTtlMs;
    if (r.taken) {
      const n = await this.outbox.tx(() => this.outbox.reconcileInFlight(this.owner, iso(now)));
      report.reconciled += n;
      if (n) this.o.logger?.warn({ rows: n }, 'reminders left in flight by a stopped sender will be sent again');
    }
    return true;
  }

  /** Sends everything due now; returns when nothing more is due (or the signal aborts, or the lease is lost). */
  async drain(signal?: AbortSignal): Promise<DrainReport> {
    const report: DrainReport = { leased: false, reconciled: 0, sent: 0, retried: 0, failed: 0, blocked: 0, held: 0 };
    if (!(await this.ensureLease(report))) return report;
    report.leased = true;
    this.blocked.clear();
    await this.outbox.tx(() => this.outbox.releaseHeld(iso(this.o.clock.now())));
    const inFlight = new Set<Promise<void>>();
    const busy = new Set<number>();
    const platforms = [...this.channels.keys()];
    try {
      while (!signal?.aborted) {
        const rows = (await this.outbox.due(iso(this.o.clock.now()), platforms, this.batch)).filter((r) => !busy.has(r.id));
        if (rows.length === 0) {
          if (inFlight.size === 0) break;
          await Promise.race([...inFlight, this.kicked.promise]);
          continue;
        }
        // one queue a chat, oldest first; each turn sends to the chat whose limits free up first
        const queues = new Map<string, DueRow[]>();
        for (const r of rows) {
          const k = `${r.platform}:${r.chatId}`;
          queues.set(k, [...(queues.get(k) ?? []), r]);
        }
        while (queues.size && !signal?.aborted) {
          if (!(await this.ensureLease(report))) return report;
          if (inFlight.size >= this.concurrency) {
            await Promise.race(inFlight);
            continue;
          }
          let best: { k: string; wait: number } | null = null;
          for (const [k, q] of queues) {
            const wait = this.limiters.get(q[0].platform)!.waitMs(q[0].chatId, q[0].chatType);
            if (!best || wait < best.wait) best = { k, wait };
            if (wait === 0) break;
          }
          if (best!.wait > 0) {
            await this.o.clock.sleep(best!.wait, signal);
            continue;
          }
          const q = queues.get(best!.k)!;
          const row = q.shift()!;
          queues.delete(best!.k);
          if (q.length) queues.set(best!.k, q); // to the back: chats take turns, so none waits on its own limit while others could go
          this.limiters.get(row.platform)!.tryTake(row.chatId, row.chatType);
          busy.add(row.id);
          const p: Promise<void> = this.deliver(row, report, signal).then(
            () => {
              inFlight.delete(p);
              busy.delete(row.id);
            },
            (err) => {
              inFlight.delete(p);
              busy.delete(row.id);
              this.o.logger?.error({ err, outboxId: row.id }, 'reminder delivery failed unexpectedly');
            },
          );
          inFlight.add(p);
          for (const k of this.blocked) queues.delete(k); // their rows are stopped: no tokens for them
        }
        for (const l of this.limiters.values()) l.forgetIdle();
      }
    } finally {
      await Promise.allSettled([...inFlight]);
    }
    return report;
  }

  private async deliver(row: DueRow, report: DrainReport, stop?: AbortSignal): Promise<void> {
    const clock = this.o.clock;
    const startedAt = iso(clock.now());
    if (!(await this.outbox.claim(row.id, this.owner, startedAt))) return; // stopped, cancelled or taken meanwhile
    const channel = this.channels.get(row.platform)!;
    // A send ends at its timeout or when the sender stops (shutdown does not wait on a hanging API).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.sendTimeoutMs);
    const onStop = () => abort.abort();
    stop?.addEventListener('abort', onStop, { once: true });
    let outcome: DeliveryOutcome;
    try {
      outcome = await channel.send(
        { outboxId: row.id, platform: row.platform, chatId: row.chatId, chatType: row.chatType, content: JSON.parse(row.payload) as OutboxContent, replyTo: row.replyTo ?? null, today: vnDate(clock.now()), resend: row.resend },
        abort.signal,
      );
    } catch (err) {
      outcome = { status: 'retry', reason: `unexpected error: ${(err as Error).message}` };
    } finally {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    }
    const now = clock.now();
    const attempt = { ...row, attempts: row.attempts + 1 };
    let c: Completion;
    switch (outcome.status) {
      case 'sent':
        c = outcome;
        report.sent++;
        break;
      case 'retry':
        if (row.failures + 1 >= this.retry.maxFailures) {
          c = { status: 'failed', reason: `gave up after ${row.failures + 1} failed attempts; last: ${outcome.reason}` };
          report.failed++;
        } else {
          const wait = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** row.failures);
          c = { status: 'retry', event: 'retry', nextAttemptAt: iso(now + wait), reason: outcome.reason, countsAsFailure: true, resend: outcome.maybeDelivered };
          report.retried++;
        }
        break;
      case 'retry_after': {
        const until = now + Math.max(1, outcome.seconds) * 1000;
        this.limiters.get(row.platform)!.pauseUntil(until);
        c = { status: 'retry', event: 'retry_after', nextAttemptAt: iso(until), reason: outcome.reason, countsAsFailure: false };
        report.retried++;
        break;
      }
      case 'blocked':
        c = outcome;
        report.blocked++;
        break;
      case 'failed':
        c = outcome;
        report.failed++;
        break;
      case 'window_closed':
        c = { status: 'held', reason: outcome.reason, until: outcome.until === undefined ? undefined : iso(outcome.until) };
        report.held++;
        break;
    }
    await this.outbox.complete(attempt, this.owner, startedAt, iso(now), c);
    if (c.status === 'retry' || c.status === 'failed') {
      const where = { outboxId: row.id, kind: row.kind, platform: row.platform, chatId: row.chatId, attempt: attempt.attempts, reason: c.reason };
      if (c.status === 'retry') this.o.logger?.warn({ ...where, next: c.nextAttemptAt }, 'outbox send failed; it will be retried');
      else this.o.logger?.error(where, 'outbox send failed for good');
    }
    if (outcome.status === 'blocked') {
      this.blocked.add(`${row.platform}:${row.chatId}`);
      await this.o.store.chats.markInactive(row.platform, row.chatId, outcome.reason);
    }
  }

  /** Drains whenever something is due, until the signal aborts; wake() after planning cuts a sleep short. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let report: DrainReport | null = null;
      try {
        report = await this.drain(signal);
      } catch (err) {
        this.o.logger?.error({ err }, 'reminder sender failed; it tries again');
      }
      if (signal.aborted) break;
      const now = this.o.clock.now();
      let wait = this.idleMs;
      if (report?.leased) {
        const next = await this.outbox.nextDueAt([...this.channels.keys()]).catch(() => null);
        if (next) wait = Math.min(wait, Math.max(0, Date.parse(next) - now));
      } else wait = Math.min(wait, this.leaseTtlMs / 3);
      const woken = new AbortController();
      const onAbort = () => woken.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.wakeUp = () => woken.abort();
      await this.o.clock.sleep(Math.max(wait, 50), woken.signal);
      signal.removeEventListener('abort', onAbort);
      this.wakeUp = null;
    }
    await this.outbox.releaseLease(this.owner, this.o.clock.now()).catch(() => undefined);
  }

  /** Something may be due now (the planner wrote rows, a chat wrote a reply). */
  wake(): void {
    this.wakeUp?.();
    this.kicked.resolve();
    this.kicked = kick();
  }
}
