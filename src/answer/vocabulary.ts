// The words of the plans as written, with their diacritics. The lexical index folds
// diacritics away, so "lương" (salary) finds every "số lượng" (quantity) and "thưởng" (bonus)
// every "thường xuyên"; a word the question writes that no plan writes is a concept the plans
// do not have, however often its folded form occurs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldChars } from '../corpus/fold.js';
import { normalizeToneMarks } from '../corpus/normalize.js';
import { definedIn } from './abbreviations.js';

/** Lower-case words of a text, NFC, old-style tone marks moved as the corpus has them. */
export function wordsOf(text: string): string[] {
  return [...normalizeToneMarks(text.normalize('NFC')).toLowerCase().matchAll(/\p{L}+/gu)].map((m) => m[0]);
}

/** Written with a diacritic or đ: folding changes it. */
export const hasDiacritics = (word: string) => foldChars(word) !== word;

const I_FORMS = 'iíìỉĩị';
const Y_FORMS = 'yýỳỷỹỵ';
/** "tỷ"↔"tỉ", "lý"↔"lí": the two spellings the plans and officials use for one syllable. */
function iyVariant(word: string): string | null {
  const m = /^([kltmsh])(.)$/u.exec(word);
  if (!m) return null;
  const i = I_FORMS.indexOf(m[2]);
  if (i >= 0) return m[1] + Y_FORMS[i];
  const y = Y_FORMS.indexOf(m[2]);
  return y >= 0 ? m[1] + I_FORMS[y] : null;
}

/** The words (from wordsOf) hold the word as written, in its other i/y spelling, or without marks. */
export function writesWord(words: Set<string>, word: string): boolean {
  const v = iyVariant(word);
  return words.has(word) || (v !== null && words.has(v)) || words.has(foldChars(word));
}

/** What answering asks of the plans' words (a Vocabulary, or the excerpt of the stored one a question needs). */
export interface WordSource {
  has(word: string): boolean;
  hasPhrase(phrase: string): boolean;
  falseFriends(words: string[]): string[];
  writtenShare(word: string): number;
  spellings(word: string): { asWritten: number; all: number };
}

/**
 * What one plan adds to the plans' words, as the indexer stores it (src/store/words.ts): its
 * words' counts as written and folded, the folded forms of what it writes, its adjacent pairs,
 * and the abbreviations it defines (folded abbreviation, full form, before any filtering).
 */
export interface PlanWords {
  exact: [string, number][];
  folded: [string, number][];
  foldedSet: string[];
  pairs: string[];
  abbreviations: [string, string][];
}

/** A plan's words from its clause texts, in clause order. */
export function planWords(texts: string[]): PlanWords {
  return { ...Vocabulary.fromTexts(texts).parts(), abbreviations: definedIn(texts) };
}

/**
 * Changes whenever what planWords gives could: the stored words of an index written with
 * another version are not used, and the next index pass writes them again. The sources are
 * hashed, so an edit of the folding or of the abbreviation finder (src/corpus) counts too.
 */
export const WORDS_VERSION: string = (() => {
  const h = createHash('sha256').update('planWords 1');
  for (const rel of ['./vocabulary', './abbreviations', '../corpus/abbreviations', '../corpus/fold', '../corpus/normalize']) {
    for (const ext of ['.js', '.ts']) {
      const file = fileURLToPath(new URL(rel + ext, import.meta.url));
      if (existsSync(file)) {
        h.update(rel).update(readFileSync(file));
        break;
      }
    }
  }
  return h.digest('hex').slice(0, 16);
})();

export class Vocabulary implements WordSource {
  private constructor(
    private readonly exact: Set<string>,
    private readonly folded: Set<string>,
    /** Adjacent word pairs as written, "a b". */
    private readonly pairs: Set<string>,
    /**
     * How often each word is written as it is, and each folded form in any spelling; a union
     * keeps its parts' counts where they are (summed when asked, not merged when built).
     */
    private readonly counts: { exact: Map<string, number>; folded: Map<string, number> } | Vocabulary[],
  ) {}

  /** A union's spellings(word), once summed. */
  private readonly summed = new Map<string, { asWritten: number; all: number }>();

  static fromTexts(texts: Iterable<string>): Vocabulary {
    const counts = { exact: new Map<string, number>(), folded: new Map<string, number>() };
    // A plan writes a few thousand distinct words a hundred thousand times: each is folded once,
    // and each pair of neighbours is joined into one string once (pairs by first word).
    const forms = new Map<string, { v: string | null; f: string; next: Set<string> }>();
    const formsOf = (w: string) => {
      let x = forms.get(w);
      if (!x) forms.set(w, (x = { v: iyVariant(w), f: foldChars(w), next: new Set() }));
      return x;
    };
    const exact = counts.exact;
    const folded = counts.folded;
    for (const t of texts) {
      let prev: ReturnType<typeof formsOf> | null = null;
      for (const m of normalizeToneMarks(t.normalize('NFC')).toLowerCase().matchAll(/\p{L}+/gu)) {
        const w = m[0];
        const x = formsOf(w);
        const v = x.v;
        exact.set(w, (exact.get(w) ?? 0) + 1);
        if (v) exact.set(v, (exact.get(v) ?? 0) + 1);
        folded.set(x.f, (folded.get(x.f) ?? 0) + 1);
        if (prev) {
          // "a b" for a in {prev, its i/y variant}, b in {w, its variant}
          prev.next.add(w);
          if (v) prev.next.add(v);
          if (prev.v) {
            const pv = formsOf(prev.v);
            pv.next.add(w);
            if (v) pv.next.add(v);
          }
        }
        prev = x;
      }
    }
    const pairs = new Set<string>();
    for (const [a, x] of forms) for (const b of x.next) pairs.add(`${a} ${b}`);
    const words = new Set(exact.keys());
    return new Vocabulary(words, new Set([...words].map(foldChars)), pairs, counts);
  }

  /** The words of several vocabularies together (the plans' all, from each plan's own). */
  static union(parts: Vocabulary[]): Vocabulary {
    const exact = new Set<string>();
    const folded = new Set<string>();
    const pairs = new Set<string>();
    for (const v of parts) {
      for (const w of v.exact) exact.add(w);
      for (const w of v.folded) folded.add(w);
      for (const p of v.pairs) pairs.add(p);
    }
    return new Vocabulary(exact, folded, pairs, parts);
  }

  /** What this (one plan's) vocabulary adds to the plans' all, for the store. */
  parts(): Omit<PlanWords, 'abbreviations'> {
    if (Array.isArray(this.counts)) throw new Error('a union has no parts of its own');
    return { exact: [...this.counts.exact], folded: [...this.counts.folded], foldedSet: [...this.folded], pairs: [...this.pairs] };
  }

  has(word: string): boolean {
    return this.exact.has(word);
  }

  /** The plans write the phrase as it is: each word, and each pair of neighbours side by side. */
  hasPhrase(phrase: string): boolean {
    const words = wordsOf(phrase);
    return words.every((w, i) => this.exact.has(w) && (i === 0 || this.pairs.has(`${words[i - 1]} ${w}`)));
  }

  /**
   * Words of the question written with diacritics that no plan writes, though their folded
   * form occurs: the lexical match on them would be a false friend.
   */
  falseFriends(words: string[]): string[] {
    return words.filter((w) => hasDiacritics(w) && !this.exact.has(w) && this.folded.has(foldChars(w)));
  }

  /**
   * Of the words whose folded form is this word's, the share the plans write as it is (or
   * without marks at all): "lương" is a small share of "luong", most of which is "lượng".
   * 1 for a word written only one way, and for a word the plans do not write.
   */
  writtenShare(word: string): number {
    return writtenShareIn([this], word);
  }

  /** How often the word is written as it is (or without marks), and how often its folded form in any spelling. */
  spellings(word: string): { asWritten: number; all: number } {
    if (Array.isArray(this.counts)) {
      // Summed over every plan once per word: a question asks of a handful of words, and a
      // union of 2 500 plans' vocabularies is asked again and again for the same ones.
      let c = this.summed.get(word);
      if (!c) {
        c = { asWritten: 0, all: 0 };
        for (const v of this.counts) {
          const p = v.spellings(word);
          c.asWritten += p.asWritten;
          c.all += p.all;
        }
        this.summed.set(word, c);
      }
      return { ...c };
    }
    const f = foldChars(word);
    return { asWritten: (this.counts.exact.get(word) ?? 0) + (f === word ? 0 : this.counts.exact.get(f) ?? 0), all: this.counts.folded.get(f) ?? 0 };
  }
}

/** One stored term of the plans' all: counts as written and folded, and how many plans write a word folding to it. */
export interface StoredTerm {
  exact: number;
  folded: number;
  foldDocs: number;
}

/**
 * The words of the plans' all that one question asks about, read from the store: it answers
 * as the union of every plan's Vocabulary does, for the terms and pairs it was read with.
 * Asked of any other, it answers as if the plans did not write it and records it in `missing`
 * (and `missingPairs`): the caller reads those too and asks again.
 */
export class VocabularyExcerpt implements WordSource {
  readonly missing = new Set<string>();
  readonly missingPairs = new Set<string>();

  constructor(
    private readonly terms: Map<string, StoredTerm | null>,
    private readonly pairs: Map<string, boolean>,
  ) {}

  /** The terms and pairs to read for these words and phrases (each word as written and folded). */
  static wanted(words: Iterable<string>, phrases: Iterable<string>): { terms: Set<string>; pairs: Set<string> } {
    const terms = new Set<string>();
    const pairs = new Set<string>();
    const add = (w: string) => {
      terms.add(w);
      terms.add(foldChars(w));
    };
    for (const w of words) add(w);
    for (const p of phrases) {
      const ws = wordsOf(p);
      ws.forEach((w, i) => {
        add(w);
        if (i > 0) pairs.add(`${ws[i - 1]} ${w}`);
      });
    }
    return { terms, pairs };
  }

  private term(t: string): StoredTerm | null {
    const x = this.terms.get(t);
    if (x === undefined) {
      this.missing.add(t);
      return null;
    }
    return x;
  }

  private pair(p: string): boolean {
    const x = this.pairs.get(p);
    if (x === undefined) {
      this.missingPairs.add(p);
      return false;
    }
    return x;
  }

  has(word: string): boolean {
    return (this.term(word)?.exact ?? 0) > 0;
  }

  hasPhrase(phrase: string): boolean {
    const words = wordsOf(phrase);
    return words.every((w, i) => this.has(w) && (i === 0 || this.pair(`${words[i - 1]} ${w}`)));
  }

  falseFriends(words: string[]): string[] {
    return words.filter((w) => hasDiacritics(w) && !this.has(w) && (this.term(foldChars(w))?.foldDocs ?? 0) > 0);
  }

  writtenShare(word: string): number {
    return writtenShareIn([this], word);
  }

  spellings(word: string): { asWritten: number; all: number } {
    const f = foldChars(word);
    return { asWritten: (this.term(word)?.exact ?? 0) + (f === word ? 0 : this.term(f)?.exact ?? 0), all: this.term(f)?.folded ?? 0 };
  }
}

/**
 * The words of some plans (those a question is about) read from the store: as a list of those
 * plans' Vocabularies answers writtenShareIn and "some writes the phrase" (their counts summed;
 * a plan listed twice counts twice), for the terms and phrases it was read with; asked of any
 * other, it records it in `missing` / `missingPhrases` (the caller reads those too and asks again).
 */
export class ScopeExcerpt implements WordSource {
  readonly missing = new Set<string>();
  readonly missingPhrases = new Set<string>();

  constructor(
    private readonly terms: Map<string, { exact: number; folded: number }>,
    private readonly phrases: Map<string, boolean>,
  ) {}

  private term(t: string): { exact: number; folded: number } {
    const x = this.terms.get(t);
    if (x === undefined) this.missing.add(t);
    return x ?? { exact: 0, folded: 0 };
  }

  /** Some plan of the scope writes it. */
  has(word: string): boolean {
    return this.term(word).exact > 0;
  }

  /** Some plan of the scope writes the phrase (each word, and each pair of neighbours side by side). */
  hasPhrase(phrase: string): boolean {
    const x = this.phrases.get(phrase);
    if (x === undefined) this.missingPhrases.add(phrase);
    return x ?? false;
  }

  falseFriends(): string[] {
    throw new Error('false friends are read of every plan together (VocabularyExcerpt)');
  }

  writtenShare(word: string): number {
    return writtenShareIn([this], word);
  }

  spellings(word: string): { asWritten: number; all: number } {
    const f = foldChars(word);
    return { asWritten: this.term(word).exact + (f === word ? 0 : this.term(f).exact), all: this.term(f).folded };
  }
}

/** writtenShare over several vocabularies together (the plans a question is about). */
export function writtenShareIn(vocabs: WordSource[], word: string): number {
  if (!hasDiacritics(word)) return 1;
  let asWritten = 0;
  let all = 0;
  for (const v of vocabs) {
    const c = v.spellings(word);
    asWritten += c.asWritten;
    all += c.all;
  }
  return all ? Math.min(1, asWritten / all) : 1;
}
