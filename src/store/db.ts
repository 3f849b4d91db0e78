// A small promise wrapper over sqlite3: the only file that touches the driver's callbacks.
// The database holds the Zalo token pair and people's questions, so its file is created 0600
// before SQLite opens it; SQLite gives its -wal and -shm files the database file's permissions.
//
// Another process (`planbot index`) may hold the write lock for a while. SQLite's own busy wait
// blocks this connection's thread, and with it every statement queued behind (answers included),
// so it is kept short (BUSY_WAIT_MS, set by the store) and a busy statement is retried here, with
// backoff on timers, while the other statements of this connection go on.
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import sqlite3 from 'sqlite3';

/** Owner read/write only: the database, its WAL and its shared-memory index. */
export const DB_FILE_MODE = 0o600;

/** Creates the file 0600 when missing, and narrows an existing one (and its WAL/SHM) to 0600. */
function makePrivate(file: string): void {
  if (file === ':memory:' || file === '') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', DB_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, DB_FILE_MODE);
    } catch {
      /* not there (yet) */
    }
  }
}

export type Params = unknown[] | Record<string, unknown>;

/** SQLite's own busy wait per attempt (PRAGMA busy_timeout). */
export const BUSY_WAIT_MS = 50;

export interface BusyRetry {
  /** Give up (and throw SQLITE_BUSY) after retrying this long. */
  forMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BUSY_RETRY: BusyRetry = { forMs: 30_000, firstDelayMs: 10, maxDelayMs: 250 };

const isBusy = (err: unknown) => (err as { code?: string })?.code === 'SQLITE_BUSY';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Db {
  /** Busy statements retried so far (figures, tests). */
  busyRetries = 0;
  /** Transactions of this connection run one after another (BEGIN is not re-entrant). */
  private txQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly raw: sqlite3.Database,
    readonly file: string,
    private readonly busy: BusyRetry,
  ) {}

  static open(file: string, mode = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, busy: BusyRetry = DEFAULT_BUSY_RETRY): Promise<Db> {
    if (mode & sqlite3.OPEN_CREATE) makePrivate(file);
    return new Promise((resolve, reject) => {
      const raw = new sqlite3.Database(file, mode, (err) => {
        if (err) return reject(err);
        // One statement of this connection on libuv's thread pool at a time (they run one at a
        // time anyway: the connection has a mutex). In the default parallel mode, statements
        // waiting on another connection's write lock fill the pool (4 threads), that connection
        // cannot run the COMMIT that would free them, and everyone waits out busy_timeout.
        raw.serialize();
        resolve(new Db(raw, file, busy));
      });
    });
  }

  /** Runs `attempt` again while SQLite answers SQLITE_BUSY (a busy statement did nothing), with growing pauses. */
  private async retryBusy<T>(attempt: () => Promise<T>): Promise<T> {
    const until = Date.now() + this.busy.forMs;
    let delay = this.busy.firstDelayMs;
    for (;;) {
      try {
        return await attempt();
      } catch (err) {
        if (!isBusy(err) || Date.now() + delay > until) throw err;
        this.busyRetries++;
        await sleep(delay * (0.5 + Math.random())); // jitter: two waiting connections do not retry in step
        delay = Math.min(delay * 2, this.busy.maxDelayMs);
      }
    }
  }

  run(sql: string, params: Params = []): Promise<{ changes: number; lastID: number }> {
    return this.retryBusy(() => this.runOnce(sql, params));
  }

  private runOnce(sql: string, params: Params): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) => {
      this.raw.run(sql, params, function (err) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.retryBusy(() => new Promise((resolve, reject) => this.raw.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined)))));
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.retryBusy(() => new Promise((resolve, reject) => this.raw.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])))));
  }

  exec(sql: string): Promise<void> {
    return this.retryBusy(() => new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve()))));
  }

  /**
   * Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back on any error. Transactions of this
   * connection wait for each other (a BEGIN retried while busy must not meet another's BEGIN).
   * Not re-entrant.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.txQueue.then(async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn();
        await this.exec('COMMIT');
        return out;
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    this.txQueue = run.catch(() => undefined);
    return run;
  }

  /** Calls `listener` with each statement's text and time once it has run (benchmarks). */
  profile(listener: (sql: string, ms: number) => void): void {
    this.raw.on('profile', listener);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
  }
}
