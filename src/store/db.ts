// A small promise wrapper over sqlite3: the only file that touches the driver's callbacks.
import sqlite3 from 'sqlite3';

export type Params = unknown[] | Record<string, unknown>;

export class Db {
  private constructor(
    private readonly raw: sqlite3.Database,
    readonly file: string,
  ) {}

  static open(file: string, mode = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE): Promise<Db> {
    return new Promise((resolve, reject) => {
      const raw = new sqlite3.Database(file, mode, (err) => {
        if (err) return reject(err);
        // One statement of this connection on libuv's thread pool at a time (they run one at a
        // time anyway: the connection has a mutex). In the default parallel mode, statements
        // waiting on another connection's write lock fill the pool (4 threads), that connection
        // cannot run the COMMIT that would free them, and everyone waits out busy_timeout.
        raw.serialize();
        resolve(new Db(raw, file));
      });
    });
  }

  run(sql: string, params: Params = []): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) => {
      this.raw.run(sql, params, function (err) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => this.raw.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined))));
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.raw.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  /** Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back on any error. Not re-entrant. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.exec('BEGIN IMMEDIATE');
    try {
      const out = await fn();
      await this.exec('COMMIT');
      return out;
    } catch (err) {
      await this.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
  }
}
