// Zalo OA state: the access/refresh token pair (encrypted at rest when PLANBOT_SECRET_KEY is
// set, see tokenCipher.ts), the webhook event ids already taken (each with its inbox row, in one
// transaction), the last message of each person, the month's proactive-message count, and the
// notes a person has been given once.
// The refresh token rotates on every use, so the new pair is written in one statement the
// moment it arrives, and a refresh under way is marked first: a crash between Zalo's answer
// and the write is then visible at the next start (see src/channels/zalo/tokens.ts).
import type { Db } from './db.js';
import { tokenCipher, type TokenCipher } from './tokenCipher.js';

export type ZaloTokenState = 'ok' | 'reauth_needed';

export interface ZaloTokenRow {
  accessToken: string | null;
  refreshToken: string | null;
  /** ISO time the access token expires. */
  expiresAt: string | null;
  /** Set while a refresh is under way (ISO time it began). */
  refreshingSince: string | null;
  state: ZaloTokenState;
  reason: string | null;
}

interface Record {
  access_token: string | null;
  refresh_token: string | null;
  expires_at: string | null;
  refreshing_since: string | null;
  state: string;
  reason: string | null;
}

export type EventIntake = 'taken' | 'pending' | 'answered';

export class ZaloStore {
  private cipher: TokenCipher = tokenCipher(null);

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Encrypts the tokens from now on with this key (PLANBOT_SECRET_KEY); null stores them as they are. */
  useSecret(secret: string | null): void {
    this.cipher = tokenCipher(secret);
  }

  get encryptsTokens(): boolean {
    return this.cipher.encrypts;
  }

  async tokens(): Promise<ZaloTokenRow | null> {
    const r = await this.db.get<Record>('SELECT * FROM zalo_tokens WHERE id = 1');
    if (!r) return null;
    return { accessToken: this.cipher.open(r.access_token), refreshToken: this.cipher.open(r.refresh_token), expiresAt: r.expires_at, refreshingSince: r.refreshing_since, state: r.state as ZaloTokenState, reason: r.reason };
  }

  /**
   * Writes the configured pair when none is stored yet (a stored pair is newer: it has rotated);
   * a pair stored in plain text before a key was set is encrypted now.
   */
  async seed(accessToken: string | null, refreshToken: string | null, expiresAt: string | null): Promise<void> {
    await this.db.run('INSERT OR IGNORE INTO zalo_tokens (id, access_token, refresh_token, expires_at, updated_at) VALUES (1, ?, ?, ?, ?)', [this.cipher.seal(accessToken), this.cipher.seal(refreshToken), expiresAt, this.now().toISOString()]);
    if (!this.cipher.encrypts) return;
    await this.db.transaction(async () => {
      const r = await this.db.get<Record>('SELECT access_token, refresh_token FROM zalo_tokens WHERE id = 1');
      const plain = (v: string | null) => v !== null && !v.startsWith('enc:');
      if (r && (plain(r.access_token) || plain(r.refresh_token))) {
        await this.db.run('UPDATE zalo_tokens SET access_token = ?, refresh_token = ? WHERE id = 1', [this.cipher.seal(this.cipher.open(r.access_token)), this.cipher.seal(this.cipher.open(r.refresh_token))]);
      }
    });
  }

  /**
   * Marks a refresh as begun with this refresh token. False when the stored token is another
   * (someone refreshed already) or another holder's refresh, begun after `takeOverBefore`, is
   * under way: two refreshes with one refresh token would lose the pair. Compared after
   * decrypting (ciphertexts differ each time), inside one write transaction.
   */
  async beginRefresh(refreshToken: string, takeOverBefore: Date): Promise<boolean> {
    const at = this.now().toISOString();
    return this.db.transaction(async () => {
      const r = await this.db.get<Record>('SELECT refresh_token, refreshing_since FROM zalo_tokens WHERE id = 1');
      if (!r || this.cipher.open(r.refresh_token) !== refreshToken) return false;
      if (r.refreshing_since !== null && r.refreshing_since >= takeOverBefore.toISOString()) return false;
      await this.db.run('UPDATE zalo_tokens SET refreshing_since = ?, updated_at = ? WHERE id = 1', [at, at]);
      return true;
    });
  }

  /** The new pair, in one statement: the old refresh token is forgotten only as the new one is stored. */
  async saveRefreshed(accessToken: string, refreshToken: string, expiresAt: string | null): Promise<void> {
    await this.db.run("UPDATE zalo_tokens SET access_token = ?, refresh_token = ?, expires_at = ?, refreshing_since = NULL, state = 'ok', reason = NULL, updated_at = ? WHERE id = 1", [this.cipher.seal(accessToken), this.cipher.seal(refreshToken), expiresAt, this.now().toISOString()]);
  }

  async markReauthNeeded(reason: string): Promise<void> {
    await this.db.run("UPDATE zalo_tokens SET state = 'reauth_needed', reason = ?, refreshing_since = NULL, updated_at = ? WHERE id = 1", [reason, this.now().toISOString()]);
  }

  /** Records an event id; false when it was taken before (a replay or a duplicate delivery). */
  async takeEvent(eventId: string): Promise<boolean> {
    const r = await this.db.run('INSERT OR IGNORE INTO zalo_events (event_id, received_at) VALUES (?, ?)', [eventId, this.now().toISOString()]);
    return r.changes === 1;
  }

  /**
   * Takes a webhook event: its id and its inbox row in one transaction, so a crash leaves both or
   * neither. 'pending' when it was taken before and is not answered yet (Zalo retrying an event a
   * run took: it is answered from the inbox, once), 'answered' when it was.
   */
  async takeEventWithInbox(eventId: string, payload: string): Promise<EventIntake> {
    const at = this.now().toISOString();
    return this.db.transaction(async () => {
      const fresh = await this.db.run('INSERT OR IGNORE INTO zalo_events (event_id, received_at) VALUES (?, ?)', [eventId, at]);
      if (fresh.changes === 1) {
        await this.db.run('INSERT INTO chat_inbox (platform, update_key, payload, received_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING', ['zalo', eventId, payload, at]);
        return 'taken';
      }
      const row = await this.db.get<{ done_at: string | null }>("SELECT done_at FROM chat_inbox WHERE platform = 'zalo' AND update_key = ?", [eventId]);
      return row && row.done_at === null ? 'pending' : 'answered';
    });
  }

  /** The person's latest message, which a reply references and from which the 48-hour window runs. */
  async noteMessage(userId: string, msgId: string | null, at: Date): Promise<void> {
    if (msgId) await this.db.run('INSERT OR IGNORE INTO zalo_replies (user_id, msg_id, at) VALUES (?,?,?)', [userId, msgId, at.toISOString()]);
    await this.db.run(
      `INSERT INTO zalo_users (user_id, last_msg_id, last_msg_at) VALUES (?,?,?)
       ON CONFLICT (user_id) DO UPDATE SET last_msg_id = excluded.last_msg_id, last_msg_at = excluded.last_msg_at WHERE excluded.last_msg_at >= zalo_users.last_msg_at`,
      [userId, msgId, at.toISOString()],
    );
  }

  async lastMessage(userId: string): Promise<{ msgId: string | null; at: string } | null> {
    const r = await this.db.get<{ last_msg_id: string | null; last_msg_at: string }>('SELECT last_msg_id, last_msg_at FROM zalo_users WHERE user_id = ?', [userId]);
    return r ? { msgId: r.last_msg_id, at: r.last_msg_at } : null;
  }

  /**
   * Counts `units` replies against the person's message `msgId`: true when it was sent after
   * `since` (inside the window) and has that many of its `limit` free replies left.
   */
  async spendReplies(userId: string, msgId: string, units: number, limit: number, since: Date): Promise<boolean> {
    const r = await this.db.run('UPDATE zalo_replies SET used = used + ? WHERE user_id = ? AND msg_id = ? AND at > ? AND used + ? <= ?', [units, userId, msgId, since.toISOString(), units, limit]);
    return r.changes === 1;
  }

  async refundReplies(userId: string, msgId: string, units: number): Promise<void> {
    await this.db.run('UPDATE zalo_replies SET used = max(0, used - ?) WHERE user_id = ? AND msg_id = ?', [units, userId, msgId]);
  }

  /** Forgets reply counts of messages older than the window: no reply may reference them. */
  async pruneReplies(before: Date): Promise<void> {
    await this.db.run('DELETE FROM zalo_replies WHERE at < ?', [before.toISOString()]);
  }

  /** Counts `units` proactive messages against the month's quota; false (nothing counted) when it is spent. */
  async spendQuota(month: string, limit: number, units = 1): Promise<boolean> {
    if (units > limit) return false;
    const r = await this.db.run(
      `INSERT INTO zalo_quota (month, used) VALUES (?, ?) ON CONFLICT (month) DO UPDATE SET used = used + ? WHERE zalo_quota.used + ? <= ?`,
      [month, units, units, units, limit],
    );
    return r.changes === 1;
  }

  /** Gives back a unit counted for a message Zalo did not take. */
  async refundQuota(month: string, units = 1): Promise<void> {
    await this.db.run('UPDATE zalo_quota SET used = max(0, used - ?) WHERE month = ?', [units, month]);
  }

  async quotaUsed(month: string): Promise<number> {
    return (await this.db.get<{ used: number }>('SELECT used FROM zalo_quota WHERE month = ?', [month]))?.used ?? 0;
  }

  /** Records that a person was told something once; false when they were told before. */
  async tellOnce(chatId: string, notice: string): Promise<boolean> {
    const r = await this.db.run('INSERT OR IGNORE INTO zalo_notices (chat_id, notice, told_at) VALUES (?,?,?)', [chatId, notice, this.now().toISOString()]);
    return r.changes === 1;
  }

  /** Forgets a notice (its message was never built), so it is told next time. */
  async untell(chatId: string, notice: string): Promise<void> {
    await this.db.run('DELETE FROM zalo_notices WHERE chat_id = ? AND notice = ?', [chatId, notice]);
  }

  /** Forgets event ids older than the given time: older events are refused as stale anyway. */
  async pruneEvents(before: Date): Promise<void> {
    await this.db.run('DELETE FROM zalo_events WHERE received_at < ?', [before.toISOString()]);
  }
}
