// Two connections to one SQLite file, as `planbot serve` has (the chat core's and the reminder
// service's). While one holds the write lock, many writes queued on the other must not take all
// of libuv's threads: the holder still commits at once and every queued write then succeeds.
// (With sqlite3's parallel mode they filled the pool, the COMMIT could not run, and the writes
// failed with SQLITE_BUSY after busy_timeout.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Db, BUSY_WAIT_MS } from '../src/store/db.js';
import sqlite3 from 'sqlite3';

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

// `planbot index` in another process holds the write lock for a while. The server's connection
// waits for it briefly inside SQLite and otherwise on timers, so its reads go on meanwhile and
// its write goes through once the lock is free.
describe('Db while another connection holds the write lock', () => {
  async function openShortWait(file: string, forMs?: number): Promise<Db> {
    const db = await Db.open(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, forMs === undefined ? undefined : { forMs, firstDelayMs: 10, maxDelayMs: 50 });
    await db.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${BUSY_WAIT_MS};`);
    return db;
  }

  it('retries a busy write with backoff until the lock is free, and answers reads on the same connection meanwhile', async () => {
    const file = path.join(dir, 'busy.db');
    const indexer = await open(file);
    const server = await openShortWait(file);
    try {
      await indexer.exec('CREATE TABLE t (n INTEGER)');
      await indexer.exec('BEGIN IMMEDIATE');
      await indexer.run('INSERT INTO t VALUES (1)');
      const write = server.run('INSERT INTO t VALUES (2)');
      let writeDone = false;
      void write.then(() => (writeDone = true));
      // Reads queued behind the waiting write still run while the lock is held (a busy_timeout of
      // seconds would hold them, and every answer, behind it).
      const reads = await Promise.race([
        Promise.all(Array.from({ length: 5 }, () => server.get<{ n: number }>('SELECT count(*) AS n FROM t'))),
        new Promise<null>((r) => setTimeout(() => r(null), 20_000)),
      ]);
      expect(reads).not.toBeNull();
      expect(reads!.map((r) => r!.n)).toEqual([0, 0, 0, 0, 0]); // the indexer's row is not committed yet
      expect(writeDone).toBe(false);
      await indexer.exec('COMMIT');
      await write;
      expect(server.busyRetries).toBeGreaterThan(0);
      expect((await server.get<{ n: number }>('SELECT count(*) AS n FROM t'))!.n).toBe(2);
    } finally {
      await indexer.close();
      await server.close();
    }
  });

  it('gives up with SQLITE_BUSY once it has retried for its limit', async () => {
    const file = path.join(dir, 'busy2.db');
    const indexer = await open(file);
    const server = await openShortWait(file, 300);
    try {
      await indexer.exec('CREATE TABLE t (n INTEGER)');
      await indexer.exec('BEGIN IMMEDIATE');
      await expect(server.run('INSERT INTO t VALUES (2)')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      await expect(server.transaction(async () => undefined)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      await indexer.exec('COMMIT');
      // Nothing is left half-open: the next transaction of this connection runs.
      await server.transaction(() => server.run('INSERT INTO t VALUES (3)'));
      expect((await server.get<{ n: number }>('SELECT count(*) AS n FROM t'))!.n).toBe(1);
    } finally {
      await indexer.close();
      await server.close();
    }
  });

  it('runs transactions of one connection one after another, even while one of them waits for the lock', async () => {
    const file = path.join(dir, 'tx.db');
    const indexer = await open(file);
    const server = await openShortWait(file);
    try {
      await indexer.exec('CREATE TABLE t (who TEXT, n INTEGER)');
      await indexer.exec('BEGIN IMMEDIATE');
      const txs = [1, 2, 3].map((n) =>
        server.transaction(async () => {
          await server.run('INSERT INTO t VALUES (?, ?)', ['s', n]);
          await new Promise((r) => setTimeout(r, 5));
          await server.run('INSERT INTO t VALUES (?, ?)', ['s', n * 10]);
        }),
      );
      await new Promise((r) => setTimeout(r, 200));
      await indexer.exec('COMMIT');
      await Promise.all(txs);
      const rows = await server.all<{ n: number }>('SELECT n FROM t ORDER BY rowid');
      expect(rows.map((r) => r.n)).toEqual([1, 10, 2, 20, 3, 30]);
    } finally {
      await indexer.close();
      await server.close();
    }
  });
});
