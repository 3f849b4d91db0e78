// How well a piece of text answers the question: the IDF-weighted share of the question's
// key units that it contains. Bigrams weigh more than single syllables, since "suy dinh"
// says more than "suy" and "dinh" apart.
import { lexicalUnits } from '../corpus/fold.js';

export interface UnitWeights {
  weights: Map<string, number>;
  total: number;
}

export function unitWeights(keyUnits: string[], df: Map<string, number>, totalClauses: number): UnitWeights {
  const weights = new Map<string, number>();
  let total = 0;
  for (const u of new Set(keyUnits)) {
    // A unit no clause contains weighs like the rarest one: the question asks for
    // something the plans may not have.
    const n = Math.max(df.get(u) ?? 0, 1);
    const idf = Math.log(1 + totalClauses / n);
    const w = idf * (u.includes('_') ? 1.5 : 1);
    weights.set(u, w);
    total += w;
  }
  return { weights, total };
}

export function coverage(text: string | Set<string>, w: UnitWeights): number {
  if (w.total === 0) return 0;
  const units = typeof text === 'string' ? new Set(lexicalUnits(text)) : text;
  let got = 0;
  for (const [u, weight] of w.weights) if (units.has(u)) got += weight;
  return got / w.total;
}

/** Sentences of a clause, each a verbatim substring of it. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    for (const s of line.split(/(?<=[.;!?])\s+(?=[\p{Lu}\d“"(–-])/u)) {
      const t = s.trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/** The quotable core of a sentence: without a list dash or the closing punctuation. */
export function quotable(sentence: string): string {
  return sentence.replace(/^[-–•+*]\s*/, '').replace(/[;,.:]+$/, '').trim();
}

const MAX_QUOTE = 320;

/**
 * The best window of a long sentence, cut at commas and semicolons, that fits MAX_QUOTE
 * characters; short sentences come back whole. The result is a substring of the sentence.
 */
export function bestWindow(sentence: string, w: UnitWeights, context: Set<string>): string {
  const q = quotable(sentence);
  if (q.length <= MAX_QUOTE) return q;
  const parts = q.split(/(?<=[,;])\s+/);
  let best = '';
  let bestScore = -1;
  for (let i = 0; i < parts.length; i++) {
    let s = '';
    for (let j = i; j < parts.length; j++) {
      const next = s ? `${s} ${parts[j]}` : parts[j];
      if (next.length > MAX_QUOTE && s) break;
      s = next;
      const units = new Set([...lexicalUnits(s), ...context]);
      const score = coverage(units, w) - s.length / 100000;
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
  }
  best = best.length > MAX_QUOTE ? best.slice(0, MAX_QUOTE).replace(/\s+\S*$/, '') : best;
  return best.replace(/[;,.:]+$/, '');
}
