// Which language a question is in, decided by its words, not by its marks: officials write
// Vietnamese without diacritics ("truong hoc", "ke hoach") and English with Vietnamese names
// in it ("who is responsible for school security in Hồng Bàng?"). A word is Vietnamese when it
// carries a Vietnamese mark, or when it is a possible Vietnamese syllable and not a known
// English word; it is English when it is an English function word or cannot be a Vietnamese
// syllable. A question with English grammar is English, whatever Vietnamese terms it quotes.
import { foldChars } from '../corpus/fold.js';

export type Lang = 'vi' | 'en';
export type WordLang = 'vi' | 'en' | 'both' | 'neutral';

export interface Token {
  /** The word as written. */
  text: string;
  start: number;
  end: number;
  lang: WordLang;
}

const VI_MARKS = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

// English grammar words that are not Vietnamese syllables: one of them is English for sure.
export const EN_FUNCTION = new Set(
  'what who whom whose which when where why how is are was were does did has have had been being the of for and with from by into onto per under after before within without between among their its there this that these those any many much about must should would could will shall might please according according also than other others each every such whether if not been here than our your they them he she his her we us you'.split(' '),
);
// English words that are also unmarked Vietnamese syllables ("in" = in, "to" = to, "an" = an,
// "do" = do): English only with English around them.
export const EN_AMBIGUOUS = new Set('a an in on to at do can it be or me may no so the as up go long ban man hang tan than'.split(' '));

/** Grammar and question words that no lexicon needs to translate and no evidence needs to hold. */
export const GRAMMAR_WORDS = new Set([
  ...EN_FUNCTION,
  ...EN_AMBIGUOUS,
  ...'i my mine get gets got give gives tell show list say says said does do did done make makes go goes take takes part come comes there one ones some all more most less least only just very still yet again then out off over both either neither nor several while because since until unless though although once upon toward towards against during via whereas'.split(' '),
]);

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?';
// Vowel groups of Vietnamese syllables, folded (ươ → uo, iê → ie, â/ă → a, ô/ơ → o, ê → e, ư → u).
const NUCLEUS = '(?:uye|uya|uyu|uoi|uou|oai|oay|oeo|uay|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y)';
const CODA = '(?:ch|ng|nh|c|m|n|p|t)?';
const SYLLABLE = new RegExp(`^${ONSET}${NUCLEUS}${CODA}$`);

/** The folded word could be one Vietnamese syllable ("truong", "nhiem", "hoach"). */
export function isVietnameseSyllable(folded: string): boolean {
  return SYLLABLE.test(folded);
}

/** The words of a text with their offsets and the language each can belong to. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.normalize('NFC').matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    const w = m[0];
    const lower = w.toLowerCase();
    const folded = foldChars(lower);
    let lang: WordLang;
    if (/^\p{N}+$/u.test(w) || /\d/.test(w)) lang = 'neutral';
    else if (VI_MARKS.test(w)) lang = 'vi';
    else if (/['’]/.test(w)) lang = 'en';
    else if (EN_FUNCTION.has(lower)) lang = 'en';
    else if (EN_AMBIGUOUS.has(lower)) lang = 'both';
    // An upper-case code ("UBND", "THCS", "TTg") belongs to neither side.
    else if (w.length > 1 && (w === w.toUpperCase() || /^\p{L}+\p{Lu}/u.test(w))) lang = 'neutral';
    else if (/[fjwz]/.test(folded) || !isVietnameseSyllable(folded)) lang = 'en';
    else lang = 'vi';
    out.push({ text: w, start: m.index!, end: m.index! + w.length, lang });
  }
  return out;
}

/**
 * English when English grammar words are there (two of them, or one with as many English
 * words as Vietnamese ones), or when English words outnumber Vietnamese ones; Vietnamese
 * otherwise. "Who signed Quyết định 22/2013?" is English; "Kế hoạch dạy học online" is not.
 */
export function detectLanguage(text: string): Lang {
  const tokens = tokenize(text);
  let fn = 0;
  let en = 0;
  let vi = 0;
  let both = 0;
  tokens.forEach((t, i) => {
    // An unmarked capitalised syllable inside the question is a name ("Muong Te"), no evidence of Vietnamese.
    const name = i > 0 && t.lang === 'vi' && !VI_MARKS.test(t.text) && /^\p{Lu}/u.test(t.text);
    if (name) return;
    if (t.lang === 'en') {
      en++;
      if (EN_FUNCTION.has(t.text.toLowerCase())) fn++;
    } else if (t.lang === 'vi') vi++;
    else if (t.lang === 'both') both++;
  });
  if (fn >= 2) return 'en';
  if (fn === 1 && en + both >= vi) return 'en';
  return en > vi ? 'en' : 'vi';
}

/**
 * The Vietnamese stretches of an English question, as written: runs of Vietnamese words. A run
 * of one unmarked word is left to the English side ("long", "ban" may be English); a run
 * with a marked word is Vietnamese however short.
 */
export function vietnameseSpans(text: string, isEnglishWord: (lower: string) => boolean = () => false): { text: string; start: number; end: number }[] {
  const tokens = tokenize(text);
  const isVi = (t: Token) => t.lang === 'vi' && (VI_MARKS.test(t.text) || !isEnglishWord(t.text.toLowerCase()));
  const spans: { text: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isVi(tokens[i])) {
      i++;
      continue;
    }
    let j = i;
    // Extend over Vietnamese words, and over a number or code followed by one ("trẻ 5 tuổi").
    while (j + 1 < tokens.length) {
      const next = tokens[j + 1];
      const gap = text.slice(tokens[j].end, next.start);
      if (/[?!.,;:()]/.test(gap)) break;
      const after = tokens[j + 2];
      if (isVi(next)) j++;
      // "Công an quận", "an ninh": an ambiguous word between Vietnamese ones is Vietnamese,
      // unless a name follows it ("trẻ in Hồng Bàng").
      else if (next.lang === 'both' && after && isVi(after) && !/^\p{Lu}/u.test(after.text) && !/[?!.,;:()]/.test(text.slice(next.end, after.start))) j += 2;
      else if (next.lang === 'neutral' && j + 2 < tokens.length && isVi(tokens[j + 2]) && !/[?!.,;:()]/.test(text.slice(next.end, tokens[j + 2].start))) j += 2;
      else break;
    }
    const run = tokens.slice(i, j + 1);
    const marked = run.some((t) => VI_MARKS.test(t.text));
    if (marked || run.filter((t) => t.lang === 'vi').length >= 2) spans.push({ text: text.slice(run[0].start, run[run.length - 1].end), start: run[0].start, end: run[run.length - 1].end });
    i = j + 1;
  }
  return spans;
}
