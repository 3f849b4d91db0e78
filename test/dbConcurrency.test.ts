// Two connections to one SQLite file, as `planbot serve` has (the chat core's and the reminder
// service's). While one holds the write lock, many writes queued on the other must not take all
// of libuv's threads: the holder still commits at once and every queued write then succeeds.
// (With sqlite3's parallel mode they filled the pool, the COMMIT could not run, and the writes
// failed with SQLITE_BUSY after busy_timeout.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../src/store/db.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-dbconc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(file: string): Promise<Db> {
  const db = await Db.open(file);
  await db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 3000;');
  return db;
}

describe('Db over two connections', () => {
  it('a lock holder commits while the other connection has more queued writes than the thread pool has threads', async () => {
    const file = path.join(dir, 'x.db');
    const a = await open(file);
    const b = await open(file);
    try {
      await a.exec('CREATE TABLE t (who TEXT, n INTEGER)');
      await a.exec('BEGIN IMMEDIATE');
      const queued = Array.from({ length: 12 }, (_, n) => b.run('INSERT INTO t VALUES (?, ?)', ['b', n]).then(() => 'ok', (e: Error) => e.message));
      // give B's writes time to reach SQLite and wait on the lock
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      await a.run('INSERT INTO t VALUES (?, ?)', ['a', 0]);
      await a.exec('COMMIT');
      const commitMs = performance.now() - started;
      expect(await Promise.all(queued)).toEqual(Array(12).fill('ok'));
      expect(commitMs).toBeLessThan(2500); // not held until B's busy_timeout (3 s) ran out
      expect((await a.get<{ n: number }>('SELECT count(*) AS n FROM t'))!.n).toBe(13);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
