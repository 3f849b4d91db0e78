// The English–Vietnamese lexicon of the plans' domain: the old glossary (data/glossary.json)
// and the lexicon by category (data/lexicon/*.json: agencies, documents, education, policy,
// administration, places, time). An entry is [English, [Vietnamese…]]; an English name
// written with capitals is the official English name, used when answers name an agency in
// English. English is matched by word stems, so plurals, -ing/-ed forms and British or
// American spellings find one entry.
import { readdirSync, readFileSync } from 'node:fs';
import { resourcePath } from '../paths.js';
import { syllables } from '../corpus/fold.js';

export interface LexiconEntry {
  en: string;
  vi: string[];
  category: string;
  /** Stems of the English words, in order. */
  stems: string[];
  /** Lower-case English words as written, in order. */
  words: string[];
  /**
   * crisp: a concept the evidence must hold (most entries); soft: searched with, weighed
   * lightly, not required (generic verbs: "send", "prepare"); weak: understood, not searched
   * (time words: "from", "before").
   */
  strength: Strength;
}

export type Strength = 'crisp' | 'soft' | 'weak';
const STRENGTH_ORDER: Strength[] = ['weak', 'soft', 'crisp'];

// British forms are the canonical ones; American spellings fold onto them.
const SPELLING: [RegExp, string][] = [
  [/iz(e|ed|es|ing|ation|ations|er|ers)$/, 'is$1'],
  [/yz(e|ed|es|ing)$/, 'ys$1'],
  [/^(lab|behavi|hon|fav|neighb|col|rum|harb|vig|endeav)or(s|ed|ing)?$/, '$1our$2'],
  [/^(cent|met|theat|lit|fib)er(s)?$/, '$1re$2'],
  [/^program(s)?$/, 'programme$1'],
  [/^(defen|licen|offen|pretens)se(s|d)?$/, '$1ce$2'],
  [/^enroll(ment|ments|s|ed|ing)?$/, 'enrol$1'],
  [/^fulfill(ment|s|ed|ing)?$/, 'fulfil$1'],
  [/^judgment(s)?$/, 'judgement$1'],
  [/^ag(ing)$/, 'ageing'],
];
const IRREGULAR: Record<string, string> = { children: 'child', people: 'people', women: 'woman', men: 'man', data: 'data', criteria: 'criterion', indices: 'index', built: 'build', paid: 'pay', made: 'make', given: 'give', taken: 'take', held: 'hold', sent: 'send', spent: 'spend', led: 'lead', chosen: 'choose', written: 'write', bought: 'buy', met: 'meet', dealt: 'deal', kept: 'keep', got: 'get', gave: 'give', took: 'take', went: 'go', gone: 'go', done: 'do' };
// Words whose final -s or -ing is not an ending.
const KEEP = new Set('news means series species analysis basis thesis crisis status campus bonus census virus gas bus process access address class less unless business always perhaps across various previous serious famous numerous this its his does is was has yes us thus plus during evening morning building something nothing anything everything king ring spring string thing swing sing bring'.split(' '));

/** The British spelling of a lower-case word ("programs" → "programmes"). */
function canonicalSpelling(word: string): string {
  let w = word;
  for (const [re, to] of SPELLING) w = w.replace(re, to);
  return w;
}

/** Canonical spelling, then a light stem: "mobilized" ≈ "mobilise", "households" ≈ "household". */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  // An irregular form is its base word, stemmed as the base is: "took" and "take" meet.
  w = IRREGULAR[w] ?? canonicalSpelling(w);
  if (w.length <= 3 || /\d/.test(w) || KEEP.has(w)) return w;
  if (/ies$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/sses$/.test(w)) w = w.slice(0, -2);
  else if (/(ches|shes|xes)$/.test(w)) w = w.slice(0, -2);
  else if (/[^su]s$/.test(w)) w = w.slice(0, -1);
  if (/ied$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/eed$/.test(w)) w = w.slice(0, -1);
  else if (/ed$/.test(w) && w.length > 4) w = w.slice(0, -2);
  else if (/ing$/.test(w) && w.length > 5) w = w.slice(0, -3);
  if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (/e$/.test(w) && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Lower-case English words of a text ("people's" → "people", "5-year-old" → 5 year old). */
export function englishWords(text: string): string[] {
  return englishWordSpans(text).map((w) => w.word);
}

/** englishWords with where each word stands in the text. */
export function englishWordSpans(text: string): { word: string; start: number; end: number }[] {
  return [...text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’]s\b)?/gu)].map((m) => ({ word: m[0].replace(/['’]s$/, ''), start: m.index!, end: m.index! + m[0].length }));
}

let cache: { entries: LexiconEntry[]; byFirst: Map<string, LexiconEntry[]> } | null = null;

function read(file: string): { category?: string; strength?: Strength; entries: [string, string[]][] } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** All entries, the old glossary's under category "glossary". */
export function lexicon(): { entries: LexiconEntry[]; byFirst: Map<string, LexiconEntry[]> } {
  if (cache) return cache;
  const entries: LexiconEntry[] = [];
  const add = (category: string, en: string, vi: string[], strength: Strength = 'crisp') => {
    const words = englishWords(en);
    if (words.length && vi.length) entries.push({ en, vi, category, words, stems: words.map(stem), strength });
  };
  for (const [en, vi] of read(resourcePath('src', 'answer', 'data', 'glossary.json')).entries) add('glossary', en, vi);
  const dir = resourcePath('src', 'answer', 'data', 'lexicon');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const raw = read(`${dir}/${f}`);
    for (const [en, vi] of raw.entries) add(raw.category ?? f.replace(/\.json$/, ''), en, vi, raw.strength ?? 'crisp');
  }
  const byFirst = new Map<string, LexiconEntry[]>();
  for (const e of entries) byFirst.set(e.stems[0], [...(byFirst.get(e.stems[0]) ?? []), e]);
  for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  cache = { entries, byFirst };
  return cache;
}

export interface LexiconMatch {
  /** Index of the first and one past the last word matched. */
  from: number;
  to: number;
  /** The English phrase as the lexicon has it. */
  en: string;
  vi: string[];
  category: string;
  strength: Strength;
}

/** The categorised lexicon's say wins over the old glossary's; among equals, the strongest. */
function strengthOf(entries: LexiconEntry[]): Strength {
  const curated = entries.filter((e) => e.category !== 'glossary');
  const from = curated.length ? curated : entries;
  return STRENGTH_ORDER[Math.max(...from.map((e) => STRENGTH_ORDER.indexOf(e.strength)))];
}

/**
 * Longest lexicon phrases in a sequence of English words, left to right. When several entries
 * share the stems, the one written exactly as the question writes it wins; otherwise their
 * Vietnamese renderings are pooled ("teacher" and "teachers").
 */
export function matchLexicon(words: string[]): LexiconMatch[] {
  const { byFirst } = lexicon();
  const stems = words.map(stem);
  const out: LexiconMatch[] = [];
  let i = 0;
  while (i < words.length) {
    const candidates = byFirst.get(stems[i]) ?? [];
    let found: LexiconEntry[] = [];
    let len = 0;
    for (const e of candidates) {
      if (e.stems.length < len) break;
      if (i + e.stems.length > words.length || !e.stems.every((s, k) => s === stems[i + k])) continue;
      if (e.stems.length > len) found = [];
      len = e.stems.length;
      found.push(e);
    }
    if (len === 0) {
      i++;
      continue;
    }
    const exact = found.filter((e) => e.words.every((w, k) => w === words[i + k]));
    // "gifts" is a form of "gift", not of "gifted": a word the question writes with an ending added wins.
    const base = found.filter((e) => e.words.every((w, k) => canonicalSpelling(words[i + k]).startsWith(canonicalSpelling(w))));
    // "them" is not "theme", nor "car" "care": the stem drops a final "e" the question's word never had
    // (an ending the question's word lacks, "mark" of "marking", is an inflection and matches).
    const other = (e: LexiconEntry) => e.words.some((w, k) => w === `${words[i + k]}e`);
    const chosen = exact.length ? exact : base.length ? base : found.filter((e) => !other(e));
    if (!chosen.length) {
      i++;
      continue;
    }
    out.push({ from: i, to: i + len, en: chosen[0].en, vi: [...new Set(chosen.flatMap((e) => e.vi))], category: chosen[0].category, strength: strengthOf(chosen) });
    i += len;
  }
  return out;
}

/**
 * A word the lexicon translates on its own, in any of its forms ("plan", "top", "schools"):
 * English even where it could be spelled as a Vietnamese syllable. Words of longer names
 * ("hong" of "Hong Bang district") do not count.
 */
export function isLexiconWord(lower: string): boolean {
  // An inflection is never shorter than its word ("dat" is not a form of "date").
  return (lexicon().byFirst.get(stem(lower)) ?? []).some((e) => e.stems.length === 1 && lower.length >= e.words[0].length);
}

/**
 * The senses a single word has in the lexicon's longer phrases ("passed" in "was passed" →
 * "thông qua"; "fair" in "admissions fair" → "ngày hội tư vấn tuyển sinh"): renderings for the
 * word when the plans write none of its own. Empty for a word in many phrases ("school"), whose
 * phrases say no more about it.
 */
export function phraseSenses(word: string, own: string[]): string[] {
  const st = stem(word.toLowerCase());
  const phrases = lexicon().entries.filter((e) => e.stems.length > 1 && e.stems.includes(st));
  if (phrases.length === 0 || phrases.length > MAX_PHRASE_SENSES) return [];
  const mine = new Set(own);
  return [...new Set(phrases.flatMap((e) => e.vi))].filter((v) => !mine.has(v));
}
const MAX_PHRASE_SENSES = 6;

let agencyNames: Map<string, string> | null = null;
/** The Vietnamese names of agencies the lexicon knows ("Sở Thông tin và Truyền thông"), by their folded syllables. */
export function vietnameseAgencyNames(): Map<string, string> {
  if (agencyNames) return agencyNames;
  agencyNames = new Map();
  for (const e of lexicon().entries) {
    if (e.category !== 'agencies') continue;
    for (const v of e.vi) {
      const key = syllables(v).join(' ');
      if (key.split(' ').length >= 3 && !agencyNames.has(key)) agencyNames.set(key, v);
    }
  }
  return agencyNames;
}
