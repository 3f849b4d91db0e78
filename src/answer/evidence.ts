// How well a piece of text answers the question: the IDF-weighted share of the question's
// key terms that it contains. A key term is satisfied by any one of its alternatives (an
// English word has several Vietnamese renderings); bigrams weigh more than single
// syllables, since "suy dinh" says more than "suy" and "dinh" apart.
import { lexicalUnits, syllables } from '../corpus/fold.js';
import { abbreviationsVersion, abbreviationVariants } from './abbreviations.js';

export interface KeyTerm {
  /** Each alternative is the list of units of one phrase. */
  alternatives: string[][];
  /** Relative importance (untranslated English words count for less). */
  scale: number;
  /** A crisp concept (a glossary term): half a phrase is not half an answer ("vận động" is not "sân vận động"). */
  crisp?: boolean;
  /** The Vietnamese phrases as written, for a crisp term from the glossary. */
  phrases?: string[];
  /** Other senses of a word, from the lexicon's longer phrases: its renderings when the plans write none of its own. */
  senses?: string[][];
}

export interface UnitWeights {
  terms: {
    alternatives: { units: string[]; weight: number }[];
    weight: number;
    crisp: boolean;
    absent: boolean;
    /** Absent only because no plan writes a phrase of it as written (its folded units do occur). */
    unwritten: boolean;
    /** Absent only because no plan writes its words side by side (each word occurs: "nhóm trẻ, lớp mẫu giáo độc lập"). */
    split: boolean;
    phrases?: string[];
  }[];
  unit: Map<string, number>;
  total: number;
}

/**
 * `written` tells whether the plans write a phrase as it is (diacritics kept); a crisp term none
 * of whose phrases they write is absent even when its folded units occur ("lương" in "số lượng").
 */
export function unitWeights(terms: KeyTerm[], df: Map<string, number>, totalClauses: number, written?: (phrase: string) => boolean): UnitWeights {
  const unit = new Map<string, number>();
  const weightOf = (u: string) => {
    if (!unit.has(u)) {
      // A unit no clause contains weighs like the rarest one: the question asks for
      // something the plans may not have.
      const n = Math.max(df.get(u) ?? 0, 1);
      unit.set(u, Math.log(1 + totalClauses / n) * (u.includes('_') ? 1.5 : 1));
    }
    return unit.get(u)!;
  };
  let total = 0;
  const out: UnitWeights['terms'] = [];
  const present = (units: string[]) => units.every((u) => (df.get(u) ?? 0) > 0);
  for (const t of terms) {
    // A word the plans write in none of its senses here, but in another its longer phrases give
    // ("passed" is "đỗ" in the lexicon, "thông qua" in "was passed"): that sense stands for it.
    const own = t.alternatives.filter((units) => units.length > 0);
    // A term all of whose renderings are cue words ("targets" is "chỉ tiêu"): the question's intent, not its topic.
    if (own.length === 0) continue;
    const other = t.senses?.filter((units) => units.length > 0 && present(units)) ?? [];
    // Its own renderings count as missing when no plan writes them as written ("đỗ" is not the "do" of "do UBND").
    const ownMissing = own.every((units) => !present(units)) || Boolean(written && t.crisp && t.phrases?.length && !t.phrases.some(written));
    const backoff = other.length > 0 && ownMissing;
    const alternatives = (backoff ? other : own)
      .map((units) => asRate(t.crisp ? [...new Set(units)] : withoutJunctions([...new Set(units)], df)))
      .filter((units) => units.length > 0)
      .map((units) => ({ units, weight: units.reduce((s, u) => s + weightOf(u), 0) }));
    if (alternatives.length === 0) continue;
    const weight = (t.scale * alternatives.reduce((s, a) => s + a.weight, 0)) / alternatives.length;
    // A concept none of whose renderings occurs whole anywhere in the plans ("sân vận động",
    // "tỷ đồng"): the plans cannot answer a question that hinges on it.
    const unitsAbsent = alternatives.every((a) => a.units.some((u) => !(df.get(u) ?? 0)));
    // A rate is written in many ways ("hằng tháng", "/tháng"): it is not missing for want of one of them.
    const rate = alternatives.some((a) => a.units.some((x) => RATE_UNIT.test(x)));
    const unwritten = !unitsAbsent && !backoff && !rate && Boolean(written && t.crisp && t.phrases?.length && !t.phrases.some(written));
    const split = unitsAbsent && !backoff && alternatives.some((a) => a.units.every((u) => u.includes('_') || (df.get(u) ?? 0) > 0));
    out.push({ alternatives, weight, crisp: Boolean(t.crisp), absent: unitsAbsent || unwritten, unwritten, split, phrases: t.phrases });
    total += weight;
  }
  return { terms: out, unit, total };
}

// A rate in time is one thing however written ("mỗi tháng", "hằng tháng", "/tháng"): the folded
// units give it as "moi_thang"; its word for "every" ("mỗi", "hằng", "từng"), alone or paired, is
// not asked of the passage beside it.
const RATE_UNIT = /^moi_(ngay|tuan|thang|quy)$/;
const RATE_WORD = new Set(['moi', 'hang', 'tung']);
function asRate(units: string[]): string[] {
  if (!units.some((u) => RATE_UNIT.test(u))) return units;
  return units.filter((u) => RATE_UNIT.test(u) || !u.split('_').some((p) => RATE_WORD.has(p)));
}

// Two words side by side make a pair of syllables across their boundary ("báo cáo | giáo dục"
// gives "cáo giáo") that no plan writes as a phrase: its weight would count as a phrase the passage
// lacks. A pair far rarer than the pairs on both sides of it (words the plans write often) is such
// a boundary, not a phrase; it is left out. Found from the plans' own frequencies, no word list.
const JUNCTION_RATIO = 5;
const JUNCTION_SIDES_UNWRITTEN = 2;
function withoutJunctions(units: string[], df: Map<string, number>): string[] {
  const pairs = units.filter((u) => u.includes('_'));
  if (pairs.length < 3) return units;
  const endingIn = new Map<string, number>();
  const startingWith = new Map<string, number>();
  for (const p of pairs) {
    const [a, b] = p.split('_');
    const n = df.get(p) ?? 0;
    endingIn.set(b, Math.max(endingIn.get(b) ?? 0, n));
    startingWith.set(a, Math.max(startingWith.get(a) ?? 0, n));
  }
  return units.filter((u) => {
    if (!u.includes('_')) return true;
    const [a, b] = u.split('_');
    const n = df.get(u) ?? 0;
    const sides = Math.min(endingIn.get(a) ?? 0, startingWith.get(b) ?? 0);
    // In a few plans the counts are small: a pair no plan writes between two they each write twice is a boundary too.
    return !((n + 1) * JUNCTION_RATIO <= sides || (n === 0 && sides >= JUNCTION_SIDES_UNWRITTEN));
  });
}

// Clause sentences recur from question to question: fold each once.
const UNIT_CACHE_MAX = 50_000;
const unitCache = new Map<string, Set<string>>();
let unitCacheVersion = -1;

/** Units of a text, with both forms of any abbreviation it uses. The set must not be modified. */
export function textUnits(text: string): Set<string> {
  // Abbreviations learned from the documents change the units of a text.
  if (unitCacheVersion !== abbreviationsVersion()) {
    unitCache.clear();
    nearCache.clear();
    unitCacheVersion = abbreviationsVersion();
  }
  let units = unitCache.get(text);
  if (units) return units;
  units = new Set(lexicalUnits(text));
  for (const v of abbreviationVariants(text)) for (const u of lexicalUnits(v)) units.add(u);
  if (unitCache.size >= UNIT_CACHE_MAX) unitCache.clear();
  unitCache.set(text, units);
  return units;
}

// Two syllables the question writes side by side may stand a few syllables apart in the plan
// ("trường đạt chuẩn" asked, "số trường trên địa bàn huyện đạt chuẩn" written): the pair counts,
// for less than when adjacent. Kept in the text's unit set under a separator lexical units never use.
const NEAR_PAIR_GAP = 5;
const NEAR_PAIR_CREDIT = 0.5;
const nearPair = (unit: string) => unit.replace('_', '~');
const nearCache = new Map<string, Set<string>>();
/** textUnits with the pairs of syllables a few apart (for coverage(…, w, true)). */
export function unitsWithNearPairs(text: string): Set<string> {
  let units = nearCache.get(text);
  if (units) return units;
  units = new Set(textUnits(text));
  const syl = syllables(text);
  for (let i = 0; i < syl.length; i++) for (let j = i + 2; j <= i + NEAR_PAIR_GAP && j < syl.length; j++) units.add(`${syl[i]}~${syl[j]}`);
  if (nearCache.size >= UNIT_CACHE_MAX) nearCache.clear();
  nearCache.set(text, units);
  return units;
}

/** near: pairs written a few syllables apart count (for choosing the answering sentence, not its quote window). */
export function coverage(text: string | Set<string>, w: UnitWeights, near = false): number {
  if (w.total === 0) return 0;
  const units = typeof text === 'string' ? textUnits(text) : text;
  let got = 0;
  for (const t of w.terms) {
    let best = 0;
    for (const a of t.alternatives) {
      let m = 0;
      for (const u of a.units) {
        if (units.has(u)) m += w.unit.get(u)!;
        else if (near && units.has(nearPair(u))) m += NEAR_PAIR_CREDIT * w.unit.get(u)!;
      }
      const share = a.weight ? m / a.weight : 0;
      best = Math.max(best, t.crisp ? share * share : share);
    }
    got += best * t.weight;
  }
  return got / w.total;
}

/** Sentences of a clause, each a verbatim substring of it; the heading's number is not a sentence. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const full of text.split('\n')) {
    // "4.2. Công an quận": the label's dot is not the end of a sentence.
    // "Điều 2. Quyết định này…" too: the article's number is not a sentence of its own.
    const label = /^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|Điều\s+\d{1,3})\.\s+/u.exec(full);
    const line = label ? full.slice(label[0].length) : full;
    for (const s of line.split(/(?<=[\p{L}\p{N})”"%][.;!?])\s+(?=[\p{Lu}\d“"(–-])/u)) {
      const t = s.trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/** The quotable core of a sentence: without a list dash, a numbering label or closing punctuation. */
export function quotable(sentence: string): string {
  return sentence
    .replace(/^[-–•+*]\s*/, '')
    .replace(/^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|Điều\s+\d{1,3})\.\s+/u, '')
    .replace(/^[a-zđ]\)\s+/, '')
    .replace(/^\d{1,3}\t/, '')
    .replace(/[;,.:]+$/, '')
    .trim();
}

const MAX_QUOTE = 320;

/**
 * The best window of a long sentence, cut at commas and semicolons, that fits MAX_QUOTE
 * characters; short sentences come back whole. The result is a substring of the sentence.
 * `carries` says whether a window holds the kind of thing asked for.
 */
export function bestWindow(sentence: string, w: UnitWeights, context: Set<string>, carries?: (window: string) => boolean): string {
  const q = quotable(sentence);
  if (q.length <= MAX_QUOTE) return q;
  const parts = q.split(/(?<=[,;])\s+/);
  let best = '';
  let bestScore = -1;
  // Each part is folded once; a window's units are its parts' (no unit spans a comma).
  const partUnits = parts.map((p) => textUnits(p));
  for (let i = 0; i < parts.length; i++) {
    let s = '';
    const units = new Set(context);
    for (let j = i; j < parts.length; j++) {
      const next = s ? `${s} ${parts[j]}` : parts[j];
      if (next.length > MAX_QUOTE && s) break;
      s = next;
      for (const u of partUnits[j]) units.add(u);
      // Prefer the fuller window among equals: a clipped phrase reads as a fragment.
      // A window that holds what is asked (a day, a figure) before any that does not.
      const score = coverage(units, w) + s.length / 100000 + (carries?.(s) ? 1 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
  }
  best = best.length > MAX_QUOTE ? best.slice(0, MAX_QUOTE).replace(/\s+\S*$/, '') : best;
  return best.replace(/[;,.:]+$/, '');
}
