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

export class Vocabulary {
  private constructor(
    private readonly exact: Set<string>,
    private readonly folded: Set<string>,
    /** Adjacent word pairs as written, "a b". */
    private readonly pairs: Set<string>,
  ) {}

  static fromTexts(texts: Iterable<string>): Vocabulary {
    const exact = new Set<string>();
    const pairs = new Set<string>();
    for (const t of texts) {
      const words = wordsOf(t);
      words.forEach((w, i) => {
        exact.add(w);
        const v = iyVariant(w);
        if (v) exact.add(v);
        if (i === 0) return;
        const prev = words[i - 1];
        for (const a of [prev, iyVariant(prev)]) for (const b of [w, v]) if (a && b) pairs.add(`${a} ${b}`);
      });
    }
    return new Vocabulary(exact, new Set([...exact].map(foldChars)), pairs);
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
    return new Vocabulary(exact, folded, pairs);
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
}
