// The indexer's parse pool (src/search/parsePool.ts) gives what parsing in the indexer's own
// thread gives. Its workers run compiled code, so this runs against dist/ (built by `npm test`).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './helpers/indexedHome.js';

const DIST_POOL = path.join(REPO, 'dist/src/search/parsePool.js');
const DEV_DOCS = path.resolve(REPO, '..', 'shared', 'dev-corpus', 'docs');

describe.skipIf(!existsSync(DIST_POOL))('parse pool', () => {
  it('parses plans in workers exactly as in this thread, and reports a document error as one', async () => {
    const { ParsePool, parseWithFacts } = (await import(DIST_POOL)) as typeof import('../src/search/parsePool.js');
    const { DocumentError } = (await import(path.join(REPO, 'dist/src/corpus/index.js'))) as typeof import('../src/corpus/index.js');
    const dirs = [path.join(REPO, 'corpus'), ...(existsSync(DEV_DOCS) ? [DEV_DOCS] : [])];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.(txt|md)$/.test(f)).map((f) => path.join(d, f)));
    const pool = ParsePool.open(2)!;
    expect(pool).not.toBeNull();
    try {
      const inPool = await Promise.all(files.map((f) => pool.parse(path.basename(f), path.basename(f, path.extname(f)), readFileSync(f, 'utf8'))));
      files.forEach((f, i) => expect(inPool[i]).toEqual(parseWithFacts(path.basename(f), path.basename(f, path.extname(f)), readFileSync(f, 'utf8'))));
      await expect(pool.parse('empty.txt', 'empty', '\n\n')).rejects.toBeInstanceOf(DocumentError);
    } finally {
      await pool.close();
    }
  });
});
