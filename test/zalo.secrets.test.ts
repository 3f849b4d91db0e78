// Tokens at rest: the database and its WAL/SHM files are created 0600 (and an older 0644 file is
// narrowed), the Zalo token pair is encrypted with AES-GCM under PLANBOT_SECRET_KEY (the
// plaintext is nowhere in the files, refreshes still work), and without a key `planbot serve`
// says at start that the tokens are stored unencrypted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/repository.js';
import { TokenCipherError } from '../src/store/tokenCipher.js';
import { ZaloTokens } from '../src/channels/zalo/tokens.js';
import { startServer } from '../src/chat/serve.js';
import { loadConfig } from '../src/config.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import { startFakeZalo, type FakeZalo } from './helpers/fakeZalo.js';
import { memoryLogger } from './helpers/memoryLogger.js';

const KEY = 'a-long-random-secret-for-tests-0123456789';
let dir: string;
let fake: FakeZalo;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-secrets-'));
  fake = await startFakeZalo();
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

const mode = async (f: string) => (await stat(f)).mode & 0o777;

describe('the database files', () => {
  it('are created 0600, WAL and shared-memory files too', async () => {
    const db = path.join(dir, 'new', 'planbot.db');
    const store = await Store.open(db, { create: true });
    try {
      await store.zalo.seed('a', 'b', null); // a write, so the WAL exists
      for (const f of [db, `${db}-wal`, `${db}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect(await mode(f), f).toBe(0o600);
      }
    } finally {
      await store.close();
    }
  });

  it('an existing world-readable database is narrowed to 0600 when opened', async () => {
    const db = path.join(dir, 'old.db');
    (await Store.open(db, { create: true })).close();
    await chmod(db, 0o644);
    const store = await Store.open(db, { create: false });
    await store.close();
    expect(await mode(db)).toBe(0o600);
  });
});

describe('the Zalo token pair with PLANBOT_SECRET_KEY', () => {
  it('is stored encrypted, nowhere in plain text, and still refreshes and rotates', async () => {
    const db = path.join(dir, 'enc.db');
    const store = await Store.open(db, { create: true, secretKey: KEY });
    try {
      await store.zalo.seed(fake.current.accessToken, fake.current.refreshToken, null);
      const raw = await store.db.get<{ access_token: string; refresh_token: string }>('SELECT access_token, refresh_token FROM zalo_tokens');
      expect(raw!.access_token).toMatch(/^enc:v1:/);
      expect(raw!.refresh_token).toMatch(/^enc:v1:/);
      expect(await store.zalo.tokens()).toMatchObject({ accessToken: fake.current.accessToken, refreshToken: fake.current.refreshToken });
      const tokens = new ZaloTokens({ store: store.zalo, appId: fake.appId, appSecret: fake.appSecret, oauthRoot: fake.root });
      const fresh = await tokens.refresh();
      expect(fresh).toBe(fake.current.accessToken);
      expect((await store.zalo.tokens())!.refreshToken).toBe(fake.current.refreshToken);
      await store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      for (const f of [db, `${db}-wal`]) {
        const bytes = existsSync(f) ? await readFile(f) : Buffer.alloc(0);
        expect(bytes.includes(Buffer.from(fake.current.accessToken)), f).toBe(false);
        expect(bytes.includes(Buffer.from(fake.current.refreshToken)), f).toBe(false);
      }
    } finally {
      await store.close();
    }
    // Without the key, or with another, the stored pair does not open, and says why.
    const noKey = await Store.open(db, { create: false });
    await expect(noKey.zalo.tokens()).rejects.toThrow(TokenCipherError);
    await expect(noKey.zalo.tokens()).rejects.toThrow(/set PLANBOT_SECRET_KEY/);
    await noKey.close();
    const otherKey = await Store.open(db, { create: false, secretKey: 'another-secret-of-enough-length' });
    await expect(otherKey.zalo.tokens()).rejects.toThrow(/do not open/);
    await otherKey.close();
  });

  it('a pair stored in plain text before the key was set is encrypted at the next start', async () => {
    const db = path.join(dir, 'later.db');
    const plain = await Store.open(db, { create: true });
    await plain.zalo.seed('plain-access', 'plain-refresh', null);
    await plain.close();
    const keyed = await Store.open(db, { create: false, secretKey: KEY });
    try {
      expect(await keyed.zalo.tokens()).toMatchObject({ accessToken: 'plain-access', refreshToken: 'plain-refresh' });
      await keyed.zalo.seed(null, null, null); // what ZaloTokens.init does at start
      const raw = await keyed.db.get<{ access_token: string }>('SELECT access_token FROM zalo_tokens');
      expect(raw!.access_token).toMatch(/^enc:v1:/);
      expect((await keyed.zalo.tokens())!.accessToken).toBe('plain-access');
    } finally {
      await keyed.close();
    }
  });
});

describe('planbot serve with the Zalo OA', () => {
  let h: IndexedHome;
  beforeAll(async () => {
    h = await makeIndexedHome('zalo-secrets');
  });
  afterAll(async () => {
    await h?.dispose();
  });
  const start = async (extra: Record<string, string>) => {
    const log = memoryLogger();
    const cfg = loadConfig({ PLANBOT_HOME: h.home, PORT: '0', PLANBOT_WEB: 'off', ZALO_APP_ID: fake.appId, ZALO_OA_SECRET_KEY: fake.oaSecretKey, ZALO_APP_SECRET: fake.appSecret, ZALO_ACCESS_TOKEN: fake.current.accessToken, ZALO_REFRESH_TOKEN: fake.current.refreshToken, ZALO_API_ROOT: fake.root, ZALO_OAUTH_ROOT: fake.root, ...extra });
    const server = await startServer(cfg, { logger: log.logger });
    await server.stop();
    return log.lines.filter((l) => /stored unencrypted/.test(String(l.msg)));
  };

  it('says at start that the tokens are stored unencrypted when PLANBOT_SECRET_KEY is not set, and not when it is', async () => {
    expect(await start({})).toHaveLength(1);
    expect(await start({ PLANBOT_SECRET_KEY: KEY })).toHaveLength(0);
    const raw = await h.app.store.db.get<{ access_token: string }>('SELECT access_token FROM zalo_tokens');
    expect(raw!.access_token).toMatch(/^enc:v1:/); // the second start encrypted the pair the first stored
  });
});

