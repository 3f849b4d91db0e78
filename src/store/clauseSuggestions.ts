// "Did you mean…" for a clause id that does not exist. The work is bounded whatever the corpus
// size or the id sent: ids longer than MAX_CLAUSE_ID_CHARS are refused before any lookup, and
// only a few dozen candidates are read through indexes (migration 11) and compared by edit
// distance: the same path in other plans, the ids next to the wanted one in sorted order (they
// share its longest prefix), and the same next to it in the plans whose ids are closest to the
// one written (a typo in the plan's part).
import type { Db } from './db.js';

/** Real ids are far shorter (a plan's stem and a numbering path); longer input is refused, not compared. */
export const MAX_CLAUSE_ID_CHARS = 200;

const NEIGHBOURS = 8;
const SAME_PATH = 20;
const CLOSE_DOCS = 2;

export class ClauseIdTooLong extends Error {
  constructor(readonly length: number) {
    super(`a clause id is at most ${MAX_CLAUSE_ID_CHARS} characters (this one has ${length})`);
  }
}

/** Throws ClauseIdTooLong for input no clause id can be. */
export function checkClauseIdLength(id: string): void {
  if (id.length > MAX_CLAUSE_ID_CHARS) throw new ClauseIdTooLong(id.length);
}

/** Levenshtein distance, or limit + 1 as soon as it must exceed `limit` (so a far candidate costs little). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    let rowMin = dp[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
      if (dp[j] < rowMin) rowMin = dp[j];
    }
    if (rowMin > limit) return limit + 1;
  }
  return dp[b.length];
}

async function sortedNeighbours(db: Db, key: string): Promise<string[]> {
  const after = await db.all<{ clause_id: string }>('SELECT clause_id FROM clauses WHERE lower(clause_id) >= ? ORDER BY lower(clause_id) LIMIT ?', [key, NEIGHBOURS]);
  const before = await db.all<{ clause_id: string }>('SELECT clause_id FROM clauses WHERE lower(clause_id) < ? ORDER BY lower(clause_id) DESC LIMIT ?', [key, NEIGHBOURS]);
  return [...before, ...after].map((r) => r.clause_id);
}

/**
 * Ids close to a mistyped one, at most `max`, nearest by edit distance first (the same path in
 * another plan counts whatever the distance). A bare path is written `?#III.1.1`: that path in
 * every plan. Ids over the limit get none.
 */
export async function suggestClauseIds(db: Db, id: string, max = 3): Promise<string[]> {
  const want = id.trim();
  if (!want || want.length > MAX_CLAUSE_ID_CHARS) return [];
  const lower = want.toLowerCase();
  const hash = lower.indexOf('#');
  const docPart = hash >= 0 ? lower.slice(0, hash) : lower;
  const path = hash >= 0 ? want.slice(hash + 1) : '';

  const samePath = path ? (await db.all<{ clause_id: string }>('SELECT clause_id FROM clauses WHERE lower(path) = lower(?) ORDER BY doc_id, ord LIMIT ?', [path, SAME_PATH])).map((r) => r.clause_id) : [];

  const candidates = new Set(await sortedNeighbours(db, lower));
  const docs = (await db.all<{ doc_id: string }>('SELECT doc_id FROM documents')).map((r) => r.doc_id);
  const docLimit = Math.max(3, Math.floor(docPart.length / 3));
  const closeDocs = docs
    .map((d) => ({ d, dist: editDistance(docPart, d.toLowerCase(), docLimit) }))
    .filter((x) => x.dist <= docLimit)
    .sort((a, b) => a.dist - b.dist)
    .slice(0, CLOSE_DOCS);
  for (const { d } of closeDocs) for (const c of await sortedNeighbours(db, `${d.toLowerCase()}#${path.toLowerCase()}`)) candidates.add(c);

  // A bare path names no plan: its clause in every plan, in plan order.
  if (docPart === '?' || docPart === '') return samePath.slice(0, max);
  // Otherwise the nearest first; the same path in another plan is offered however far that plan's name is.
  const limit = Math.max(3, Math.floor(want.length / 5));
  for (const x of samePath) candidates.add(x);
  const inSamePath = new Set(samePath);
  return [...candidates]
    .map((x) => ({ x, d: editDistance(lower, x.toLowerCase(), inSamePath.has(x) ? Infinity : limit) }))
    .filter((e) => e.d <= limit || inSamePath.has(e.x))
    .sort((a, b) => a.d - b.d || a.x.localeCompare(b.x))
    .slice(0, max)
    .map((e) => e.x);
}
