// The words of the plans as written, with their diacritics. The lexical index folds
// diacritics away, so "lương" (salary) finds every "số lượng" (quantity) and "thưởng" (bonus)
// every "thường xuyên"; a word the question writes that no plan writes is a concept the plans
// do not have, however often its folded form occurs.
import { foldChars } from '../corpus/fold.js';
import { normalizeToneMarks } from '../corpus/normalize.js';

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

export class Vocabulary {
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
    const pairs = new Set<string>();
    const counts = { exact: new Map<string, number>(), folded: new Map<string, number>() };
    // A plan writes a few thousand distinct words a hundred thousand times: each is folded once.
    const forms = new Map<string, { v: string | null; f: string }>();
    const formsOf = (w: string) => {
      let x = forms.get(w);
      if (!x) forms.set(w, (x = { v: iyVariant(w), f: foldChars(w) }));
      return x;
    };
    for (const t of texts) {
      const words = wordsOf(t);
      words.forEach((w, i) => {
        const { v, f } = formsOf(w);
        for (const x of v ? [w, v] : [w]) counts.exact.set(x, (counts.exact.get(x) ?? 0) + 1);
        counts.folded.set(f, (counts.folded.get(f) ?? 0) + 1);
        if (i === 0) return;
        const prev = words[i - 1];
        for (const a of [prev, formsOf(prev).v]) for (const b of [w, v]) if (a && b) pairs.add(`${a} ${b}`);
      });
    }
    const exact = new Set(counts.exact.keys());
    return new Vocabulary(exact, new Set([...exact].map(foldChars)), pairs, counts);
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

/** writtenShare over several vocabularies together (the plans a question is about). */
export function writtenShareIn(vocabs: Vocabulary[], word: string): number {
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
