// Clause → embedding passages. Long clauses are cut at sentence ends so each passage fits
// the model's window (e5-small: 512 tokens ≈ 1 500 Vietnamese characters).
import type { ClauseRow } from '../store/repository.js';
import { clauseTitle } from '../store/repository.js';

export const CHUNK_CHARS = 1200;

export interface Passage {
  key: string;
  clauseId: string;
  text: string;
}

export function chunkKey(clauseId: string, n: number): string {
  return `${clauseId}::${n}`;
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
    if (buf.trim()) out.push({ key: chunkKey(c.id, out.length), clauseId: c.id, text: `${context}\n${buf.trim()}` });
    buf = '';
  };
  for (const s of sentences) {
    if (buf && buf.length + s.length > CHUNK_CHARS) flush();
    buf += (buf ? ' ' : '') + (s.length > CHUNK_CHARS * 2 ? s.slice(0, CHUNK_CHARS * 2) : s);
  }
  flush();
  if (out.length === 0) out.push({ key: chunkKey(c.id, 0), clauseId: c.id, text: context });
  return out;
}
