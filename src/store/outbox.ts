// The reminder outbox (schema: see the "outbox" migration): one row per subscriber × deadline ×
// offset, plus one-off summaries and weekly digests, each under a unique key so planning twice
// writes nothing new. The sender claims a row (in_flight) before sending and records the
// outcome after; rows left in flight by a crash are reconciled by the next lease holder. Every
// attempt and every planning change (moved, cancelled, revived) is logged in outbox_attempts.
// One lease row says which sender may send. Chat replies that must survive an outage (Zalo's)
// are rows here too (kind 'reply'): they get the same claim, retry, resend and log.
import type { Db } from './db.js';

export type OutboxKind = 'reminder' | 'summary' | 'digest' | 'reply';
export type OutboxStatus = 'pending' | 'in_flight' | 'sent' | 'failed' | 'stopped' | 'cancelled' | 'held';

/** A row the planner wants to exist. */
export interface PlannedRow {
  key: string;
  platform: string;
  chatId: string;
  kind: OutboxKind;
  deadlineId: string | null;
  docId: string | null;
  offsetDays: number | null;
  dueLast: string | null;
  /** ISO instant (UTC) from which it may be sent. */
  sendAt: string;
  /** JSON of the ReminderContent (src/notify/content.ts), or of a reply's text. */
  payload: string;
  /** The platform's id of the message a reply answers (Zalo counts it as a reply only then). */
  replyTo?: string | null;
}

/** A row of the outbox: what was planned, and how sending it went. */
export interface OutboxRow extends PlannedRow {
  id: number;
  status: OutboxStatus;
  attempts: number;
  failures: number;
  nextAttemptAt: string | null;
  resend: boolean;
  claimedBy: string | null;
  messageId: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  /** A held row goes back to pending at this time (a monthly quota renews), or when its chat writes. */
  heldUntil: string | null;
  /** When a held row was released because its chat wrote again. */
  releasedAt: string | null;
}

/** A row due to send, with what the sender needs to know about its chat. */
export interface DueRow extends OutboxRow {
  chatType: 'private' | 'group';
}

export interface AttemptRow {
  outboxId: number;
  attempt: number;
  at: string;
  event: string;
  detail: string | null;
  sender: string | null;
}

export interface Lease {
  owner: string;
  pid: number;
  host: string;
  acquiredAt: string;
  expiresAt: string;
}

/** How a send ended, as the store records it. */
export type Completion =
  | { status: 'sent'; messageId: string }
  /** resend: the platform may have the message already, so the next copy says it is sent again. */
  | { status: 'retry'; event: 'retry' | 'retry_after'; nextAttemptAt: string; reason: string; countsAsFailure: boolean; resend?: boolean }
  | { status: 'failed'; reason: string }
  | { status: 'blocked'; reason: string }
  | { status: 'held'; reason: string; until?: string };

interface OutboxRecord {
  id: number;
  key: string;
  platform: string;
  chat_id: string;
  kind: string;
  deadline_id: string | null;
  doc_id: string | null;
  offset_days: number | null;
  due_last: string | null;
  send_at: string;
  payload: string;
  status: string;
  attempts: number;
  failures: number;
  next_attempt_at: string | null;
  resend: number;
  claimed_by: string | null;
  message_id: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  reply_to: string | null;
  held_until: string | null;
  released_at: string | null;
}

const toRow = (r: OutboxRecord): OutboxRow => ({
  id: r.id,
  key: r.key,
  platform: r.platform,
  chatId: r.chat_id,
  kind: r.kind as OutboxKind,
  deadlineId: r.deadline_id,
  docId: r.doc_id,
  offsetDays: r.offset_days,
  dueLast: r.due_last,
  sendAt: r.send_at,
  payload: r.payload,
  status: r.status as OutboxStatus,
  attempts: r.attempts,
  failures: r.failures,
  nextAttemptAt: r.next_attempt_at,
  resend: r.resend === 1,
  claimedBy: r.claimed_by,
  messageId: r.message_id,
  reason: r.reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
  replyTo: r.reply_to,
  heldUntil: r.held_until,
  releasedAt: r.released_at,
});

export const SENDER_LEASE = 'reminder-sender';

export class OutboxStore {
  /** Transactions of this store run one at a time: sqlite3 connections are not re-entrant. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Db) {}

  /** Runs fn in one transaction, after any other transaction of this store has finished. */
  tx<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.db.transaction(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ---- planning ----

  /** Rows the planner may still change: pending, held or cancelled reminders. */
  async mutableReminders(): Promise<OutboxRow[]> {
    const rows = await this.db.all<OutboxRecord>(`SELECT * FROM outbox WHERE kind = 'reminder' AND status IN ('pending', 'held', 'cancelled')`);
    return rows.map(toRow);
  }

  /** Which of these keys exist already, whatever their status. */
  async existingKeys(keys: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = await this.db.all<{ key: string }>(`SELECT key FROM outbox WHERE key IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of rows) out.add(r.key);
    }
    return out;
  }

  /** Call inside tx(). */
  async insert(p: PlannedRow, at: string): Promise<void> {
    await this.db.run(
      `INSERT INTO outbox (key, platform, chat_id, kind, deadline_id, doc_id, offset_days, due_last, send_at, payload, status, created_at, updated_at, reply_to)
       VALUES (?,?,?,?,?,?,?,?,?,?,'pending',?,?,?)`,
      [p.key, p.platform, p.chatId, p.kind, p.deadlineId, p.docId, p.offsetDays, p.dueLast, p.sendAt, p.payload, at, at, p.replyTo ?? null],
    );
  }

  /** Writes a reply unless its key is there already (the same event answered again after a crash). Call inside a transaction. */
  async insertReply(p: PlannedRow, at: string): Promise<boolean> {
    const { changes } = await this.db.run(
      `INSERT OR IGNORE INTO outbox (key, platform, chat_id, kind, send_at, payload, status, created_at, updated_at, reply_to)
       VALUES (?,?,?,'reply',?,?,'pending',?,?,?)`,
      [p.key, p.platform, p.chatId, p.sendAt, p.payload, at, at, p.replyTo ?? null],
    );
    return changes === 1;
  }

  /** Re-points a pending, held or cancelled row at what the planner now wants (a moved date, new wording, revived). Call inside tx(). */
  async replan(id: number, p: PlannedRow, at: string, event: 'moved' | 'updated' | 'revived', detail: string): Promise<void> {
    await this.db.run(
      `UPDATE outbox SET key = ?, due_last = ?, send_at = ?, payload = ?, status = 'pending', reason = NULL, next_attempt_at = NULL, updated_at = ?
        WHERE id = ? AND status IN ('pending', 'held', 'cancelled')`,
      [p.key, p.dueLast, p.sendAt, p.payload, at, id],
    );
    await this.log(id, 0, at, event, detail, null);
  }

  /** Call inside tx(). */
  async cancel(id: number, reason: string, at: string): Promise<void> {
    await this.db.run(`UPDATE outbox SET status = 'cancelled', reason = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'held')`, [reason, at, id]);
    await this.log(id, 0, at, 'cancelled', reason, null);
  }

  // ---- sending ----

  /**
   * Rows that may be sent at `now`: pending, due, not waiting for a retry, of an active chat on one
   * of `platforms`. Replies first (someone is waiting), each only once the chat's earlier replies
   * are settled (a held one is released when the chat writes), so the parts of an answer arrive
   * in order even across retries and holds; then reminders a
   * chat's new message released, newest due date first; then the rest, oldest first.
   */
  async due(now: string, platforms: string[], limit: number): Promise<DueRow[]> {
    if (platforms.length === 0) return [];
    const rows = await this.db.all<OutboxRecord & { chat_type: string }>(
      `SELECT o.*, c.chat_type FROM outbox o JOIN chats c ON c.platform = o.platform AND c.chat_id = o.chat_id
        WHERE o.status = 'pending' AND o.send_at <= ? AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
          AND c.active = 1 AND o.platform IN (${platforms.map(() => '?').join(',')})
          AND (o.kind <> 'reply' OR NOT EXISTS (
            SELECT 1 FROM outbox e WHERE e.platform = o.platform AND e.chat_id = o.chat_id AND e.kind = 'reply'
              AND e.status IN ('pending', 'in_flight', 'held') AND e.id < o.id))
        ORDER BY o.kind = 'reply' DESC, o.released_at IS NOT NULL DESC, CASE WHEN o.released_at IS NOT NULL THEN o.due_last END DESC, o.send_at, o.id LIMIT ?`,
      [now, now, ...platforms, limit],
    );
    return rows.map((r) => ({ ...toRow(r), chatType: r.chat_type === 'group' ? 'group' : 'private' }));
  }

  /** When the next pending row becomes sendable (for the sender to sleep until then), or null. */
  async nextDueAt(platforms: string[]): Promise<string | null> {
    if (platforms.length === 0) return null;
    const r = await this.db.get<{ at: string | null }>(
      `SELECT min(max(o.send_at, coalesce(o.next_attempt_at, o.send_at))) AS at FROM outbox o JOIN chats c ON c.platform = o.platform AND c.chat_id = o.chat_id
        WHERE o.status = 'pending' AND c.active = 1 AND o.platform IN (${platforms.map(() => '?').join(',')})`,
      platforms,
    );
    return r?.at ?? null;
  }

  /**
   * Marks a row in flight, in one statement, only if it is still pending and `owner` holds an
   * unexpired sender lease: a sender that lost its lease cannot claim. True when claimed.
   */
  async claim(id: number, owner: string, now: string): Promise<boolean> {
    const { changes } = await this.db.run(
      `UPDATE outbox SET status = 'in_flight', claimed_by = ?, attempts = attempts + 1, updated_at = ?
        WHERE id = ? AND status = 'pending'
          AND EXISTS (SELECT 1 FROM sender_lease WHERE name = ? AND owner = ? AND expires_at > ?)`,
      [owner, now, id, SENDER_LEASE, owner, now],
    );
    return changes === 1;
  }

  /** Records how a claimed send ended, with its attempt log entry; a blocked chat stops all its rows. */
  async complete(row: { id: number; platform: string; chatId: string; attempts: number }, owner: string, startedAt: string, at: string, c: Completion): Promise<void> {
    await this.tx(async () => {
      const mine = `id = ? AND status = 'in_flight' AND claimed_by = ?`;
      switch (c.status) {
        case 'sent':
          await this.db.run(`UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, reason = NULL, updated_at = ? WHERE ${mine}`, [c.messageId, at, at, row.id, owner]);
          break;
        case 'retry':
          await this.db.run(
            `UPDATE outbox SET status = 'pending', next_attempt_at = ?, failures = failures + ?, reason = ?, resend = max(resend, ?), updated_at = ? WHERE ${mine}`,
            [c.nextAttemptAt, c.countsAsFailure ? 1 : 0, c.reason, c.resend ? 1 : 0, at, row.id, owner],
          );
          break;
        case 'failed':
          await this.db.run(`UPDATE outbox SET status = ?, reason = ?, updated_at = ? WHERE ${mine}`, [c.status, c.reason, at, row.id, owner]);
          break;
        case 'held':
          await this.db.run(`UPDATE outbox SET status = 'held', reason = ?, held_until = ?, released_at = NULL, updated_at = ? WHERE ${mine}`, [c.reason, c.until ?? null, at, row.id, owner]);
          break;
        case 'blocked':
          await this.db.run(`UPDATE outbox SET status = 'stopped', reason = ?, updated_at = ? WHERE ${mine}`, [c.reason, at, row.id, owner]);
          await this.stopChatRows(row.platform, row.chatId, `chat unreachable: ${c.reason}`, at);
          break;
      }
      const detail = c.status === 'sent' ? `message ${c.messageId}` : c.status === 'retry' ? `${c.reason}; next attempt ${c.nextAttemptAt}` : c.status === 'held' && c.until ? `${c.reason}; held until ${c.until}` : c.reason;
      await this.log(row.id, row.attempts, startedAt, c.status === 'retry' ? c.event : c.status, detail, owner);
    });
  }

  /** Stops every pending or held row of a chat (it cannot be reached). Call inside tx(). */
  async stopChatRows(platform: string, chatId: string, reason: string, at: string): Promise<number> {
    const rows = await this.db.all<{ id: number }>(`SELECT id FROM outbox WHERE platform = ? AND chat_id = ? AND status IN ('pending', 'held')`, [platform, chatId]);
    for (const r of rows) {
      await this.db.run(`UPDATE outbox SET status = 'stopped', reason = ?, updated_at = ? WHERE id = ?`, [reason, at, r.id]);
      await this.log(r.id, 0, at, 'stopped', reason, null);
    }
    return rows.length;
  }

  /**
   * Held rows of chats that have spoken since (the window is open again: released_at set, for the
   * newest-first order), and held rows whose hold has run out (a quota renewed): pending again.
   */
  async releaseHeld(at: string): Promise<number> {
    const spoke = await this.db.run(
      `UPDATE outbox SET status = 'pending', reason = NULL, held_until = NULL, released_at = ?, updated_at = ?
        WHERE status = 'held' AND EXISTS (SELECT 1 FROM chats c WHERE c.platform = outbox.platform AND c.chat_id = outbox.chat_id AND c.last_seen_at > outbox.updated_at)`,
      [at, at],
    );
    const renewed = await this.db.run(`UPDATE outbox SET status = 'pending', reason = NULL, held_until = NULL, updated_at = ? WHERE status = 'held' AND held_until IS NOT NULL AND held_until <= ?`, [at, at]);
    return spoke.changes + renewed.changes;
  }

  /** Rows being retried or given up on, grouped by why (for /stats), the commonest first. */
  async troubles(limit = 5): Promise<{ kind: OutboxKind; state: 'retry' | 'failed'; reason: string; n: number }[]> {
    return this.db.all(
      `SELECT kind, CASE WHEN status = 'failed' THEN 'failed' ELSE 'retry' END AS state, coalesce(reason, '') AS reason, count(*) AS n FROM outbox
        WHERE status = 'failed' OR (status IN ('pending', 'in_flight') AND failures > 0)
        GROUP BY kind, state, reason ORDER BY n DESC LIMIT ?`,
      [limit],
    );
  }

  /** How many rows of each kind are in each status (for /stats). */
  async countsByKind(): Promise<{ kind: OutboxKind; status: OutboxStatus; n: number }[]> {
    return this.db.all<{ kind: OutboxKind; status: OutboxStatus; n: number }>('SELECT kind, status, count(*) AS n FROM outbox GROUP BY kind, status ORDER BY kind, status');
  }

  /**
   * After taking over the lease: rows left in flight by a sender that died. Whether the platform
   * got them is unknown (Telegram has no idempotency key), so they go back to pending marked as
   * resends: at-least-once. Call inside tx().
   */
  async reconcileInFlight(owner: string, at: string): Promise<number> {
    const rows = await this.db.all<{ id: number; attempts: number; claimed_by: string | null }>(`SELECT id, attempts, claimed_by FROM outbox WHERE status = 'in_flight'`);
    for (const r of rows) {
      await this.db.run(`UPDATE outbox SET status = 'pending', resend = 1, claimed_by = NULL, updated_at = ? WHERE id = ?`, [at, r.id]);
      await this.log(r.id, r.attempts, at, 'reconciled', `left in flight by ${r.claimed_by ?? 'an unknown sender'}; its delivery is unknown, so it is sent again`, owner);
    }
    return rows.length;
  }

  // ---- lease ----

  /**
   * Takes or renews the sender lease. Taken when free, expired, already ours, or held by a
   * process on this host that no longer exists. Returns whether we hold it and whether it was
   * newly taken (the caller then reconciles rows left in flight).
   */
  async acquireLease(me: { owner: string; pid: number; host: string }, now: number, ttlMs: number, alive: (pid: number) => boolean): Promise<{ held: boolean; taken: boolean; holder: Lease | null }> {
    return this.tx(async () => {
      const r = await this.db.get<{ owner: string; pid: number; host: string; acquired_at: string; expires_at: string }>('SELECT * FROM sender_lease WHERE name = ?', [SENDER_LEASE]);
      const nowIso = new Date(now).toISOString();
      const expires = new Date(now + ttlMs).toISOString();
      if (r && r.owner === me.owner) {
        await this.db.run('UPDATE sender_lease SET expires_at = ? WHERE name = ? AND owner = ?', [expires, SENDER_LEASE, me.owner]);
        return { held: true, taken: false, holder: null };
      }
      const free = !r || r.expires_at <= nowIso || (r.host === me.host && !alive(r.pid));
      if (!free) return { held: false, taken: false, holder: { owner: r.owner, pid: r.pid, host: r.host, acquiredAt: r.acquired_at, expiresAt: r.expires_at } };
      await this.db.run(
        `INSERT INTO sender_lease (name, owner, pid, host, acquired_at, expires_at) VALUES (?,?,?,?,?,?)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
        [SENDER_LEASE, me.owner, me.pid, me.host, nowIso, expires],
      );
      return { held: true, taken: true, holder: null };
    });
  }

  /** Gives the lease up (a clean stop), so the next sender need not wait for it to expire. */
  async releaseLease(owner: string, now: number): Promise<void> {
    await this.tx(() => this.db.run('UPDATE sender_lease SET expires_at = ? WHERE name = ? AND owner = ?', [new Date(now).toISOString(), SENDER_LEASE, owner]));
  }

  async lease(): Promise<Lease | null> {
    const r = await this.db.get<{ owner: string; pid: number; host: string; acquired_at: string; expires_at: string }>('SELECT * FROM sender_lease WHERE name = ?', [SENDER_LEASE]);
    return r ? { owner: r.owner, pid: r.pid, host: r.host, acquiredAt: r.acquired_at, expiresAt: r.expires_at } : null;
  }

  // ---- reading ----

  async list(filter: { status?: OutboxStatus; kind?: OutboxKind; chatId?: string } = {}): Promise<OutboxRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) where.push('status = ?') && params.push(filter.status);
    if (filter.kind) where.push('kind = ?') && params.push(filter.kind);
    if (filter.chatId) where.push('chat_id = ?') && params.push(filter.chatId);
    const rows = await this.db.all<OutboxRecord>(`SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY send_at, id`, params);
    return rows.map(toRow);
  }

  async get(id: number): Promise<OutboxRow | undefined> {
    const r = await this.db.get<OutboxRecord>('SELECT * FROM outbox WHERE id = ?', [id]);
    return r && toRow(r);
  }

  async counts(): Promise<Partial<{ [s in OutboxStatus]: number }>> {
    const rows = await this.db.all<{ status: OutboxStatus; n: number }>('SELECT status, count(*) AS n FROM outbox GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  async attempts(outboxId?: number): Promise<AttemptRow[]> {
    const rows = await this.db.all<{ outbox_id: number; attempt: number; at: string; event: string; detail: string | null; sender: string | null }>(
      `SELECT * FROM outbox_attempts ${outboxId === undefined ? '' : 'WHERE outbox_id = ?'} ORDER BY id`,
      outboxId === undefined ? [] : [outboxId],
    );
    return rows.map((r) => ({ outboxId: r.outbox_id, attempt: r.attempt, at: r.at, event: r.event, detail: r.detail, sender: r.sender }));
  }

  private async log(outboxId: number, attempt: number, at: string, event: string, detail: string | null, sender: string | null): Promise<void> {
    await this.db.run('INSERT INTO outbox_attempts (outbox_id, attempt, at, event, detail, sender) VALUES (?,?,?,?,?,?)', [outboxId, attempt, at, event, detail, sender]);
  }
}
