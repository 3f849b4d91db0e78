// Zalo OA state: the access/refresh token pair and the webhook event ids already taken.
// The refresh token rotates on every use, so the new pair is written in one statement the
// moment it arrives, and a refresh under way is marked first: a crash between Zalo's answer
// and the write is then visible at the next start (see src/channels/zalo/tokens.ts).
import type { Db } from './db.js';

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

export class ZaloStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async tokens(): Promise<ZaloTokenRow | null> {
    const r = await this.db.get<Record>('SELECT * FROM zalo_tokens WHERE id = 1');
    if (!r) return null;
    return { accessToken: r.access_token, refreshToken: r.refresh_token, expiresAt: r.expires_at, refreshingSince: r.refreshing_since, state: r.state as ZaloTokenState, reason: r.reason };
  }

  /** Writes the configured pair when none is stored yet (a stored pair is newer: it has rotated). */
  async seed(accessToken: string | null, refreshToken: string | null, expiresAt: string | null): Promise<void> {
    await this.db.run('INSERT OR IGNORE INTO zalo_tokens (id, access_token, refresh_token, expires_at, updated_at) VALUES (1, ?, ?, ?, ?)', [accessToken, refreshToken, expiresAt, this.now().toISOString()]);
  }

  /**
   * Marks a refresh as begun with this refresh token. False when the stored token is another
   * (someone refreshed already) or another holder's refresh, begun after `takeOverBefore`, is
   * under way: two refreshes with one refresh token would lose the pair.
   */
  async beginRefresh(refreshToken: string, takeOverBefore: Date): Promise<boolean> {
    const at = this.now().toISOString();
    const r = await this.db.run('UPDATE zalo_tokens SET refreshing_since = ?, updated_at = ? WHERE id = 1 AND refresh_token = ? AND (refreshing_since IS NULL OR refreshing_since < ?)', [at, at, refreshToken, takeOverBefore.toISOString()]);
    return r.changes === 1;
  }

  /** The new pair, in one statement: the old refresh token is forgotten only as the new one is stored. */
  async saveRefreshed(accessToken: string, refreshToken: string, expiresAt: string | null): Promise<void> {
    await this.db.run("UPDATE zalo_tokens SET access_token = ?, refresh_token = ?, expires_at = ?, refreshing_since = NULL, state = 'ok', reason = NULL, updated_at = ? WHERE id = 1", [accessToken, refreshToken, expiresAt, this.now().toISOString()]);
  }

  async markReauthNeeded(reason: string): Promise<void> {
    await this.db.run("UPDATE zalo_tokens SET state = 'reauth_needed', reason = ?, refreshing_since = NULL, updated_at = ? WHERE id = 1", [reason, this.now().toISOString()]);
  }

  /** Records an event id; false when it was taken before (a replay or a duplicate delivery). */
  async takeEvent(eventId: string): Promise<boolean> {
    const r = await this.db.run('INSERT OR IGNORE INTO zalo_events (event_id, received_at) VALUES (?, ?)', [eventId, this.now().toISOString()]);
    return r.changes === 1;
  }

  /** Forgets event ids older than the given time: older events are refused as stale anyway. */
  async pruneEvents(before: Date): Promise<void> {
    await this.db.run('DELETE FROM zalo_events WHERE received_at < ?', [before.toISOString()]);
  }
}
