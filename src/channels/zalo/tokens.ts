// The Zalo OA access token and its rotating refresh token. An access token lasts about 25 h;
// it is refreshed ahead of expiry and whenever Zalo says it is invalid (-216). Each refresh
// spends the refresh token and returns a new pair, so: refreshes are serialized (one at a time
// per process), the refresh is marked in SQLite before the request, and the new pair replaces
// the old in one statement as soon as it arrives. A crash between Zalo's answer and that write
// leaves the mark; the next start retries with the stored refresh token and, if Zalo no longer
// takes it, says plainly that the OA must be re-authorized, instead of failing message by message.
import type { Logger } from 'pino';
import type { ZaloStore } from '../../store/zalo.js';

export class ZaloAuthError extends Error {}

export interface ZaloTokensOptions {
  store: ZaloStore;
  appId: string;
  appSecret: string | null;
  oauthRoot: string;
  fetch?: typeof fetch;
  now?: () => Date;
  logger?: Logger;
  /** Refresh this long before expiry. */
  marginMs?: number;
  /** How long another holder's refresh is waited for before its mark counts as a crash's. */
  otherRefreshMs?: number;
  /** A refresh request gives up after this long (default 10 s). */
  timeoutMs?: number;
  /** Sleeps between looks at the store while another holder refreshes. */
  sleep?: (ms: number) => Promise<void>;
}

interface OAuthAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: string | number;
  error?: number;
  error_name?: string;
  error_description?: string;
  message?: string;
}

const REAUTH = 'Zalo no longer accepts the stored refresh token: re-authorize the Official Account and set ZALO_REFRESH_TOKEN (and ZALO_ACCESS_TOKEN) to the new pair';

export class ZaloTokens {
  private inFlight: Promise<string> | null = null;
  private readonly now: () => Date;
  private readonly fetch: typeof fetch;

  constructor(private readonly o: ZaloTokensOptions) {
    this.now = o.now ?? (() => new Date());
    this.fetch = o.fetch ?? fetch;
  }

  /**
   * Seeds the configured pair when none is stored (or when the stored one was given up and the
   * administrator configured a new one), and finishes a refresh a crash interrupted.
   */
  async init(configured: { accessToken: string | null; refreshToken: string | null }): Promise<void> {
    const stored = await this.o.store.tokens();
    // Seeds when none is stored; a stored pair stays (it has rotated), encrypted now if a key is newly set.
    await this.o.store.seed(configured.accessToken, configured.refreshToken, null);
    if (stored?.state === 'reauth_needed' && configured.refreshToken && configured.refreshToken !== stored.refreshToken) {
      // The administrator re-authorized and configured the new pair.
      await this.o.store.saveRefreshed(configured.accessToken ?? '', configured.refreshToken, null);
    }
    const now = await this.o.store.tokens();
    if (now?.refreshingSince && now.state === 'ok') {
      this.o.logger?.warn({ since: now.refreshingSince }, 'a Zalo token refresh was interrupted; trying the stored refresh token again');
      await this.refresh({ takeOver: true }).catch(() => undefined); // its failure is recorded and reported by status()
    }
  }

  /** The pair another holder (a second connection or process) is refreshing: wait for it to land. */
  private async otherRefresh(spent: string): Promise<string> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const waitMs = this.o.otherRefreshMs ?? 60_000;
    for (let waited = 0; ; waited += 200) {
      const t = await this.o.store.tokens();
      if (t?.state === 'reauth_needed') throw new ZaloAuthError(t.reason ?? REAUTH);
      if (t?.refreshToken && t.refreshToken !== spent && t.accessToken) return t.accessToken;
      if (!t?.refreshingSince || waited >= waitMs) return this.doRefresh(true);
      await sleep(200);
    }
  }

  async status(): Promise<{ state: 'ok' | 'reauth_needed' | 'unconfigured'; reason: string | null }> {
    const t = await this.o.store.tokens();
    if (!t || (!t.accessToken && !t.refreshToken)) return { state: 'unconfigured', reason: 'no Zalo token is configured' };
    return { state: t.state, reason: t.reason };
  }

  /** A usable access token, refreshed first when it expires within the margin. */
  async accessToken(): Promise<string> {
    if (this.inFlight) return this.inFlight; // the token being fetched is the one to use
    const t = await this.o.store.tokens();
    if (!t) throw new ZaloAuthError('no Zalo token is configured');
    if (t.state === 'reauth_needed') throw new ZaloAuthError(t.reason ?? REAUTH);
    const expiring = t.expiresAt !== null && new Date(t.expiresAt).getTime() - this.now().getTime() < (this.o.marginMs ?? 5 * 60_000);
    if (t.accessToken && !expiring) return t.accessToken;
    if (!t.refreshToken) {
      if (t.accessToken) return t.accessToken;
      throw new ZaloAuthError('no Zalo refresh token is configured');
    }
    return this.refresh();
  }

  /**
   * Refreshes the pair; concurrent callers in this process share one refresh, and a refresh
   * another holder of the database began is waited for. `takeOver` ignores another's mark (at
   * start, where a mark is a crashed run's).
   */
  refresh(opts: { takeOver?: boolean } = {}): Promise<string> {
    this.inFlight ??= this.doRefresh(opts.takeOver ?? false).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async doRefresh(takeOver: boolean): Promise<string> {
    const t = await this.o.store.tokens();
    if (!t?.refreshToken) throw new ZaloAuthError('no Zalo refresh token is configured');
    const nowMs = this.now().getTime();
    const takeOverBefore = new Date(takeOver ? nowMs + 1 : nowMs - (this.o.otherRefreshMs ?? 60_000));
    if (!(await this.o.store.beginRefresh(t.refreshToken, takeOverBefore))) return this.otherRefresh(t.refreshToken);
    let res: Response;
    try {
      res = await this.fetch(`${this.o.oauthRoot}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.o.appSecret ?? '' },
        body: new URLSearchParams({ refresh_token: t.refreshToken, app_id: this.o.appId, grant_type: 'refresh_token' }),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      // Nothing is known of what Zalo did: the mark stays, and the next try reuses the same token.
      throw new ZaloAuthError(`the Zalo token refresh did not get through: ${(err as Error).message}`);
    }
    let body: OAuthAnswer;
    try {
      body = (await res.json()) as OAuthAnswer;
    } catch {
      throw new ZaloAuthError(`the Zalo token refresh answered HTTP ${res.status} without JSON`);
    }
    if (body.access_token && body.refresh_token) {
      const seconds = Number(body.expires_in ?? 90_000);
      const expiresAt = new Date(this.now().getTime() + (Number.isFinite(seconds) ? seconds : 90_000) * 1000).toISOString();
      await this.o.store.saveRefreshed(body.access_token, body.refresh_token, expiresAt);
      this.o.logger?.info({ expiresAt }, 'Zalo access token refreshed');
      return body.access_token;
    }
    if (res.status >= 500) throw new ZaloAuthError(`the Zalo token refresh failed with HTTP ${res.status}; will retry`);
    const why = `${REAUTH} (Zalo said: ${body.error ?? res.status} ${body.error_name ?? ''} ${body.error_description ?? body.message ?? ''})`.replace(/\s+/g, ' ').trim();
    await this.o.store.markReauthNeeded(why);
    this.o.logger?.error({ error: body.error, name: body.error_name }, why);
    throw new ZaloAuthError(why);
  }
}
