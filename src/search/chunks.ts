// Clause → embedding passages. Long clauses are cut at sentence ends so each passage fits
// the model's window (e5-small: 512 tokens ≈ 1 500 Vietnamese characters).
import { createHash } from 'node:crypto';
import type { ClauseRow } from '../store/repository.js';
import { clauseTitle } from '../store/repository.js';

export const CHUNK_CHARS = 1200;

export interface Passage {
  key: string;
  clauseId: string;
  text: string;
}

/**
 * A passage's key names its clause, its place in the clause and a hash of its text: a key
 * that exists in the vector index is a vector of exactly this text, so re-indexing embeds
 * what is missing and drops what is no longer wanted, whatever happened before (a crash
 * between the store commit and the vector save included).
 */
export function chunkKey(clauseId: string, n: number, text: string): string {
  return `${clauseId}::${n}:${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

export function clauseIdOfKey(key: string): string {
  const i = key.lastIndexOf('::');
  return i < 0 ? key : key.slice(0, i);
}

export function passagesOf(c: ClauseRow, docName: string): Passage[] {
  const context = [docName, ...c.breadcrumb, clauseTitle(c)].join(' › ');
  const sentences = c.text.split(/(?<=[.;!?])\s+|\n/);
  const out: Passage[] = [];
  let buf = '';
  const flush = () => {
    const text = `${context}\n${buf.trim()}`;
    if (buf.trim()) out.push({ key: chunkKey(c.id, out.length, text), clauseId: c.id, text });
    buf = '';
  };
  for (const s of sentences) {
    if (buf && buf.length + s.length > CHUNK_CHARS) flush();
    buf += (buf ? ' ' : '') + (s.length > CHUNK_CHARS * 2 ? s.slice(0, CHUNK_CHARS * 2) : s);
  }
  flush();
  if (out.length === 0) out.push({ key: chunkKey(c.id, 0, context), clauseId: c.id, text: context });
  return out;
}
