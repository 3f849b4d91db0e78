// The chats planbot talks to, on any platform, and what they follow (schema 3), plus the chat
// core's memory (schema 4): the question log, feedback, and the payloads behind button keys.
// Used by the chat core and its adapters, the reminder planner and sender.
import type { Db } from './db.js';

export type ChatType = 'private' | 'group';
export type SubscriptionKind = 'agency' | 'doc' | 'all';
export type Vote = 'up' | 'down';

export interface ChatRef {
  platform: string;
  chatId: string;
}

export interface ChatInfo extends ChatRef {
  chatType: ChatType;
  userId: string | null;
  userName: string | null;
}

export interface ChatRow extends ChatInfo {
  active: boolean;
  inactiveReason: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export interface SubscriptionTarget {
  kind: SubscriptionKind;
  /** An agency key (src/facts/agencies.ts agencyKey), a document id, or '' for all. */
  target: string;
  /** As shown to the person: "Công an quận", "Hồng Bàng 2023-2024", "tất cả". */
  label: string;
  includeProgrammes?: boolean;
}

export interface Subscription extends ChatRef, Required<SubscriptionTarget> {
  id: number;
  createdAt: string;
}

/** A subscription with the chat it belongs to (for the reminder planner). */
export interface ActiveSubscription extends Subscription {
  chat: ChatRow;
}

export interface QuestionRecord extends ChatRef {
  userId: string | null;
  question: string;
  answer: string;
  lang: string | null;
  intent: string | null;
  abstained: boolean;
  /** The answer's citations as given (clauseId, quote, …). */
  citations: unknown[];
}

export interface LoggedQuestion extends QuestionRecord {
  id: number;
  askedAt: string;
}

export interface FeedbackRow extends ChatRef {
  id: number;
  userId: string;
  vote: Vote | null;
  comment: string | null;
  createdAt: string;
  /** The question the feedback is about, with its answer and citations (null when it was about none). */
  question: LoggedQuestion | null;
}

export interface ChatStats {
  questions: number;
  abstentions: number;
  feedback: { up: number; down: number; comments: number };
  /** Active chats with at least one subscription. */
  subscribers: number;
  subscriptions: number;
  chats: number;
}

interface ChatRecord {
  platform: string;
  chat_id: string;
  chat_type: string;
  user_id: string | null;
  user_name: string | null;
  active: number;
  inactive_reason: string | null;
  created_at: string;
  last_seen_at: string;
}

interface SubscriptionRecord {
  id: number;
  platform: string;
  chat_id: string;
  kind: string;
  target: string;
  label: string;
  include_programmes: number;
  created_at: string;
}

interface QuestionRow {
  id: number;
  platform: string;
  chat_id: string;
  user_id: string | null;
  question: string;
  answer: string;
  lang: string | null;
  intent: string | null;
  abstained: number;
  citations: string;
  asked_at: string;
}

const toChat = (r: ChatRecord): ChatRow => ({
  platform: r.platform,
  chatId: r.chat_id,
  chatType: r.chat_type === 'group' ? 'group' : 'private',
  userId: r.user_id,
  userName: r.user_name,
  active: r.active === 1,
  inactiveReason: r.inactive_reason,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

const toSubscription = (r: SubscriptionRecord): Subscription => ({
  id: r.id,
  platform: r.platform,
  chatId: r.chat_id,
  kind: r.kind as SubscriptionKind,
  target: r.target,
  label: r.label,
  includeProgrammes: r.include_programmes === 1,
  createdAt: r.created_at,
});

const toQuestion = (r: QuestionRow): LoggedQuestion => ({
  id: r.id,
  platform: r.platform,
  chatId: r.chat_id,
  userId: r.user_id,
  question: r.question,
  answer: r.answer,
  lang: r.lang,
  intent: r.intent,
  abstained: r.abstained === 1,
  citations: JSON.parse(r.citations) as unknown[],
  askedAt: r.asked_at,
});

export class ChatStore {
  /** `now` is injectable so tests (and the reminder planner's tests) control created_at. */
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  // ---- chats ----

  /** Records that a chat spoke (creating it on first contact); a chat that speaks again is reachable, so active. */
  async touchChat(c: ChatInfo): Promise<ChatRow> {
    const at = this.stamp();
    await this.db.run(
      `INSERT INTO chats (platform, chat_id, chat_type, user_id, user_name, active, inactive_reason, created_at, last_seen_at)
       VALUES (?,?,?,?,?,1,NULL,?,?)
       ON CONFLICT (platform, chat_id) DO UPDATE SET chat_type = excluded.chat_type, user_id = excluded.user_id,
         user_name = excluded.user_name, active = 1, inactive_reason = NULL, last_seen_at = excluded.last_seen_at`,
      [c.platform, c.chatId, c.chatType, c.userId, c.userName, at, at],
    );
    return (await this.getChat(c))!;
  }

  async getChat(c: ChatRef): Promise<ChatRow | undefined> {
    const r = await this.db.get<ChatRecord>('SELECT * FROM chats WHERE platform = ? AND chat_id = ?', [c.platform, c.chatId]);
    return r && toChat(r);
  }

  /** The platform says the chat cannot be reached (Telegram 403: blocked, kicked): no more reminders until it speaks again. */
  async markInactive(platform: string, chatId: string, reason: string): Promise<void> {
    await this.db.run('UPDATE chats SET active = 0, inactive_reason = ? WHERE platform = ? AND chat_id = ?', [reason, platform, chatId]);
  }

  // ---- subscriptions ----

  /** Adds a subscription (the chat must have been touched); `created` is false when it already existed. */
  async subscribe(platform: string, chatId: string, t: SubscriptionTarget): Promise<{ created: boolean; subscription: Subscription }> {
    const { changes } = await this.db.run(
      `INSERT INTO subscriptions (platform, chat_id, kind, target, label, include_programmes, created_at) VALUES (?,?,?,?,?,?,?)
       ON CONFLICT (platform, chat_id, kind, target) DO NOTHING`,
      [platform, chatId, t.kind, t.target, t.label, t.includeProgrammes ? 1 : 0, this.stamp()],
    );
    const r = await this.db.get<SubscriptionRecord>('SELECT * FROM subscriptions WHERE platform = ? AND chat_id = ? AND kind = ? AND target = ?', [platform, chatId, t.kind, t.target]);
    return { created: changes > 0, subscription: toSubscription(r!) };
  }

  /** Removes one subscription by kind and target, or by id; true when one was removed. */
  async unsubscribe(platform: string, chatId: string, which: { kind: SubscriptionKind; target: string } | { id: number }): Promise<boolean> {
    const { changes } =
      'id' in which
        ? await this.db.run('DELETE FROM subscriptions WHERE platform = ? AND chat_id = ? AND id = ?', [platform, chatId, which.id])
        : await this.db.run('DELETE FROM subscriptions WHERE platform = ? AND chat_id = ? AND kind = ? AND target = ?', [platform, chatId, which.kind, which.target]);
    return changes > 0;
  }

  /** Removes every subscription of a chat; returns how many there were. */
  async unsubscribeAll(platform: string, chatId: string): Promise<number> {
    return (await this.db.run('DELETE FROM subscriptions WHERE platform = ? AND chat_id = ?', [platform, chatId])).changes;
  }

  async subscriptionsOf(platform: string, chatId: string): Promise<Subscription[]> {
    const rows = await this.db.all<SubscriptionRecord>('SELECT * FROM subscriptions WHERE platform = ? AND chat_id = ? ORDER BY id', [platform, chatId]);
    return rows.map(toSubscription);
  }

  /** Every subscription of an active chat, with its chat; `platform` narrows to one platform. */
  async activeSubscriptions(platform?: string): Promise<ActiveSubscription[]> {
    const rows = await this.db.all<SubscriptionRecord & { [k: `c_${string}`]: unknown }>(
      `SELECT s.*, c.chat_type AS c_chat_type, c.user_id AS c_user_id, c.user_name AS c_user_name, c.active AS c_active,
              c.inactive_reason AS c_inactive_reason, c.created_at AS c_created_at, c.last_seen_at AS c_last_seen_at
         FROM subscriptions s JOIN chats c ON c.platform = s.platform AND c.chat_id = s.chat_id
        WHERE c.active = 1 ${platform ? 'AND s.platform = ?' : ''}
        ORDER BY s.platform, s.chat_id, s.id`,
      platform ? [platform] : [],
    );
    return rows.map((r) => ({
      ...toSubscription(r),
      chat: toChat({
        platform: r.platform,
        chat_id: r.chat_id,
        chat_type: r.c_chat_type as string,
        user_id: r.c_user_id as string | null,
        user_name: r.c_user_name as string | null,
        active: r.c_active as number,
        inactive_reason: r.c_inactive_reason as string | null,
        created_at: r.c_created_at as string,
        last_seen_at: r.c_last_seen_at as string,
      }),
    }));
  }

  // ---- questions and feedback ----

  async logQuestion(q: QuestionRecord): Promise<number> {
    const { lastID } = await this.db.run(
      `INSERT INTO question_log (platform, chat_id, user_id, question, answer, lang, intent, abstained, citations, asked_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
      [q.platform, q.chatId, q.userId, q.question, q.answer, q.lang, q.intent, q.abstained ? 1 : 0, JSON.stringify(q.citations), this.stamp()],
    );
    return lastID;
  }

  async getQuestion(id: number): Promise<LoggedQuestion | undefined> {
    const r = await this.db.get<QuestionRow>('SELECT * FROM question_log WHERE id = ?', [id]);
    return r && toQuestion(r);
  }

  /** The last question asked in a chat (what a bare /feedback comment is about). */
  /** The chat's last logged question; with `userId`, that person's (in a group, others ask too). */
  async lastQuestion(platform: string, chatId: string, userId?: string): Promise<LoggedQuestion | undefined> {
    const r = userId
      ? await this.db.get<QuestionRow>('SELECT * FROM question_log WHERE platform = ? AND chat_id = ? AND user_id = ? ORDER BY id DESC LIMIT 1', [platform, chatId, userId])
      : await this.db.get<QuestionRow>('SELECT * FROM question_log WHERE platform = ? AND chat_id = ? ORDER BY id DESC LIMIT 1', [platform, chatId]);
    return r && toQuestion(r);
  }

  /** A 👍/👎 on an answer: one vote per person and answer, the latest wins. */
  async vote(questionId: number, by: ChatRef & { userId: string }, vote: Vote): Promise<void> {
    await this.db.run(
      `INSERT INTO feedback (question_id, platform, chat_id, user_id, vote, comment, created_at) VALUES (?,?,?,?,?,NULL,?)
       ON CONFLICT (question_id, platform, user_id) WHERE vote IS NOT NULL DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at`,
      [questionId, by.platform, by.chatId, by.userId, vote, this.stamp()],
    );
  }

  /** A written comment, about a question when one is given. */
  async comment(questionId: number | null, by: ChatRef & { userId: string }, text: string): Promise<number> {
    const { lastID } = await this.db.run('INSERT INTO feedback (question_id, platform, chat_id, user_id, vote, comment, created_at) VALUES (?,?,?,?,NULL,?,?)', [
      questionId, by.platform, by.chatId, by.userId, text, this.stamp(),
    ]);
    return lastID;
  }

  /** All feedback, oldest first, each with its question, answer and citations. */
  async listFeedback(): Promise<FeedbackRow[]> {
    const rows = await this.db.all<{ f_id: number; f_platform: string; f_chat_id: string; f_user_id: string; vote: string | null; comment: string | null; created_at: string } & Partial<QuestionRow>>(
      `SELECT f.id AS f_id, f.platform AS f_platform, f.chat_id AS f_chat_id, f.user_id AS f_user_id, f.vote, f.comment, f.created_at, q.*
         FROM feedback f LEFT JOIN question_log q ON q.id = f.question_id ORDER BY f.id`,
    );
    return rows.map((r) => ({
      id: r.f_id,
      platform: r.f_platform,
      chatId: r.f_chat_id,
      userId: r.f_user_id,
      vote: r.vote as Vote | null,
      comment: r.comment,
      createdAt: r.created_at,
      question: r.id != null ? toQuestion(r as QuestionRow) : null,
    }));
  }

  async stats(): Promise<ChatStats> {
    const q = await this.db.get<{ n: number; abstained: number | null }>('SELECT count(*) AS n, sum(abstained) AS abstained FROM question_log');
    const f = await this.db.get<{ up: number | null; down: number | null; comments: number | null }>(
      `SELECT sum(vote = 'up') AS up, sum(vote = 'down') AS down, sum(comment IS NOT NULL) AS comments FROM feedback`,
    );
    const s = await this.db.get<{ subscribers: number; subscriptions: number }>(
      `SELECT count(DISTINCT s.platform || ':' || s.chat_id) AS subscribers, count(*) AS subscriptions
         FROM subscriptions s JOIN chats c ON c.platform = s.platform AND c.chat_id = s.chat_id WHERE c.active = 1`,
    );
    const c = await this.db.get<{ n: number }>('SELECT count(*) AS n FROM chats');
    return {
      questions: q?.n ?? 0,
      abstentions: q?.abstained ?? 0,
      feedback: { up: f?.up ?? 0, down: f?.down ?? 0, comments: f?.comments ?? 0 },
      subscribers: s?.subscribers ?? 0,
      subscriptions: s?.subscriptions ?? 0,
      chats: c?.n ?? 0,
    };
  }

  // ---- inbox ----

  /** Writes an incoming update; false when it was taken before (a redelivery). */
  async inboxAdd(platform: string, key: string, payload: string): Promise<boolean> {
    const r = await this.db.run('INSERT INTO chat_inbox (platform, update_key, payload, received_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING', [platform, key, payload, this.stamp()]);
    return r.changes === 1;
  }

  /** Marks an update answered (or given up on); done rows older than a day are forgotten. */
  async inboxDone(platform: string, key: string): Promise<void> {
    const now = this.now();
    await this.db.run('UPDATE chat_inbox SET done_at = ? WHERE platform = ? AND update_key = ?', [now.toISOString(), platform, key]);
    await this.db.run('DELETE FROM chat_inbox WHERE platform = ? AND done_at IS NOT NULL AND done_at < ?', [platform, new Date(now.getTime() - 86_400_000).toISOString()]);
  }

  /** Updates taken but not answered (a crash came between), oldest first. */
  async inboxOpen(platform: string): Promise<{ key: string; payload: string; receivedAt: string }[]> {
    const rows = await this.db.all<{ update_key: string; payload: string; received_at: string }>('SELECT update_key, payload, received_at FROM chat_inbox WHERE platform = ? AND done_at IS NULL ORDER BY received_at, rowid', [platform]);
    return rows.map((r) => ({ key: r.update_key, payload: r.payload, receivedAt: r.received_at }));
  }

  // ---- button payloads ----

  /** Stores a payload under a key; the same key always holds the same payload (keys are content hashes). */
  async putCallback(key: string, payload: string): Promise<void> {
    await this.db.run('INSERT INTO callback_keys (key, payload, created_at) VALUES (?,?,?) ON CONFLICT (key) DO NOTHING', [key, payload, this.stamp()]);
  }

  /** Stores several payloads in one statement (one write for a whole keyboard). */
  async putCallbacks(entries: { key: string; payload: string }[]): Promise<void> {
    const unique = [...new Map(entries.map((e) => [e.key, e])).values()];
    for (let i = 0; i < unique.length; i += 300) {
      const chunk = unique.slice(i, i + 300);
      const at = this.stamp();
      await this.db.run(
        `INSERT INTO callback_keys (key, payload, created_at) VALUES ${chunk.map(() => '(?,?,?)').join(',')} ON CONFLICT (key) DO NOTHING`,
        chunk.flatMap((e) => [e.key, e.payload, at]),
      );
    }
  }

  async getCallback(key: string): Promise<string | undefined> {
    return (await this.db.get<{ payload: string }>('SELECT payload FROM callback_keys WHERE key = ?', [key]))?.payload;
  }
}
