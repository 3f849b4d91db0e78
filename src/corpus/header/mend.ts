// Header words broken by stray spaces in scraped documents: letter-spaced issuers
// ("B Ộ LAO ĐỘNG - THƯƠNG BINH V À X Ã HỘI"), split syllables ("Qu ả ng Ngãi", "Đặ ng",
// "trung ươ n g") and split figures ("tháng 0 6"). A fragment that is no syllable is joined to
// the next ones when the join is one; the longest such join wins.
import { isSyllable } from './syllable.js';

const LETTERS = /^\p{L}+$/u;

/**
 * Joins broken syllables. `known` (lower-case words seen elsewhere in the document) guards
 * joins that start from a fragment of two or more capitals, which could be an abbreviation.
 */
export function mendWords(text: string, known?: { has(word: string): boolean }): string {
  const parts = text.split(/( +)/); // words at even indexes, the spaces after them at odd ones
  const words = parts.filter((_, i) => i % 2 === 0);
  const gaps = parts.filter((_, i) => i % 2 === 1);
  const out: { word: string; gap: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const gap = gaps[i] ?? '';
    if (!LETTERS.test(w) || isSyllable(w)) {
      out.push({ word: w, gap });
      continue;
    }
    const guarded = w.length >= 2 && w === w.toUpperCase();
    const accept = (cand: string) => isSyllable(cand) && (!guarded || !known || known.has(cand.toLowerCase()));
    let best = -1;
    let joined = w;
    for (let j = i + 1; j < words.length && j <= i + 3 && LETTERS.test(words[j]); j++) {
      joined += words[j];
      if (accept(joined)) best = j;
    }
    if (best > 0) {
      out.push({ word: words.slice(i, best + 1).join(''), gap: gaps[best] ?? '' });
      i = best;
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && prev.gap && LETTERS.test(prev.word) && accept(prev.word + w)) {
      prev.word += w;
      prev.gap = gap;
      continue;
    }
    out.push({ word: w, gap });
  }
  return out.map((t) => t.word + t.gap).join('');
}

/** "tháng 0 6" → "tháng 06": a lone zero before a digit is half of a two-digit figure; "ngày 2 0" → "ngày 20". */
export function mendDigits(text: string): string {
  return (
    text
      .replace(/(^|[^\d])0 (\d)(?!\d)/g, '$10$2')
      // "ngày 2 0 tháng 3", "tháng 1 2 năm": a day or month split in two, where the two digits make one.
      .replace(/(ngày\s+)([1-3]) (\d)(?=\s+tháng)/giu, (all, head: string, a: string, b: string) => (Number(a + b) <= 31 ? `${head}${a}${b}` : all))
      .replace(/(tháng\s+)(1) ([0-2])(?=\s+năm)/giu, '$1$2$3')
  );
}

/** Lower-case words of a text, the dictionary that guards joins. */
export function wordsOf(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}+/gu) ?? []));
}
