// The zalo-delivery migration rebuilds the outbox (a new CHECK for reply rows): on a database
// at the schema before it, with reminders sent and their attempt log, nothing is lost, the log
// still belongs to its rows (a deleted row takes its log with it), and replies can be stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../src/store/migrations.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-migrate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the zalo-delivery migration', () => {
  it('keeps the outbox rows and their attempt log, and takes reply rows', async () => {
    const db = await Db.open(path.join(dir, 'old.db'));
    await db.exec('PRAGMA foreign_keys = ON');
    const before = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE outbox_new'));
    expect(before).toBeGreaterThan(0);
    for (let v = 0; v < before; v++) await db.exec(MIGRATIONS[v]);
    await db.exec(`PRAGMA user_version = ${before}`);
    const at = '2023-12-24T01:00:00.000Z';
    await db.run(`INSERT INTO chats (platform, chat_id, chat_type, active, created_at, last_seen_at) VALUES ('zalo', 'u1', 'private', 1, ?, ?)`, [at, at]);
    await db.run(`INSERT INTO outbox (key, platform, chat_id, kind, send_at, payload, status, created_at, updated_at) VALUES ('k1', 'zalo', 'u1', 'reminder', ?, '{}', 'sent', ?, ?)`, [at, at, at]);
    const { lastID } = await db.run(`INSERT INTO outbox_attempts (outbox_id, attempt, at, event) VALUES (1, 1, ?, 'sent')`, [at]);
    expect(lastID).toBe(1);

    expect(await migrate(db)).toBe(SCHEMA_VERSION);
    expect(await db.get('SELECT key, status FROM outbox WHERE id = 1')).toEqual({ key: 'k1', status: 'sent' });
    expect(await db.all('SELECT outbox_id, event FROM outbox_attempts')).toEqual([{ outbox_id: 1, event: 'sent' }]);
    expect((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys).toBe(1);
    await db.run(`INSERT INTO outbox (key, platform, chat_id, kind, send_at, payload, status, created_at, updated_at, reply_to) VALUES ('k2', 'zalo', 'u1', 'reply', ?, '{}', 'pending', ?, ?, 'm1')`, [at, at, at]);
    await db.run('DELETE FROM outbox WHERE id = 1');
    expect(await db.all('SELECT * FROM outbox_attempts')).toEqual([]); // the log still points at the rebuilt table
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
    await db.close();
  });
});
