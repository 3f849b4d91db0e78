// Rows of a planbot SQLite file, read through a connection of the test's own (not the store's),
// so a test sees what was committed to disk.
import sqlite3 from 'sqlite3';

export function sqliteRows<T>(dbPath: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all(sql, params, (e, r) => db.close(() => (e ? reject(e) : resolve(r as T[]))));
    });
  });
}
