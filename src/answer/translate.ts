// The English side of understanding: an English question's words become the Vietnamese terms
// of the lexicon, Vietnamese stretches it quotes ("tỷ lệ huy động trẻ", "nhiem vu") stay
// Vietnamese phrases, and what neither covers (place names, codes, unknown words) is handed
// back as written.
import { englishWords, englishWordSpans, isLexiconWord, matchLexicon, type Strength } from './lexicon.js';
import { vietnameseSpans } from './language.js';

export interface EnglishTerm {
  en: string;
  vi: string[];
  category: string;
  strength: Strength;
}

export interface Translation {
  /** Lexicon terms the English words make, in question order. */
  terms: EnglishTerm[];
  /** Vietnamese stretches of the question, as written. */
  viSpans: string[];
  /** The untranslated rest, lower case, pieces joined by " . " (as the old glossary pass left it). */
  rest: string;
  /** Untranslated English words (lower case), for coverage. */
  untranslated: string[];
}

const VI_MARKS = /[^\x00-\x7F]/;

/**
 * An unmarked Vietnamese-looking stretch inside a longer lexicon phrase is part of an English
 * name ("Ho Chi Minh" of "Ho Chi Minh City", "Hong Bang" of "Hong Bang district").
 */
function inEnglishName(question: string, span: { start: number; end: number }): boolean {
  const ws = englishWordSpans(question);
  return matchLexicon(ws.map((w) => w.word)).some((m) => {
    const from = ws[m.from].start;
    const to = ws[m.to - 1].end;
    return from <= span.start && to >= span.end && (from < span.start || to > span.end);
  });
}

/** Translates the English parts of a question and keeps its Vietnamese parts. */
export function translateEnglish(asked: string): Translation {
  const question = withSharedHeads(asked);
  const spans = vietnameseSpans(question, isLexiconWord).filter((s) => VI_MARKS.test(s.text) || !inEnglishName(question, s));
  // The English stretches between Vietnamese spans are translated each on its own, so a
  // lexicon phrase never runs across a Vietnamese term.
  const pieces: string[] = [];
  let at = 0;
  for (const s of spans) {
    pieces.push(question.slice(at, s.start));
    at = s.end;
  }
  pieces.push(question.slice(at));
  const terms: EnglishTerm[] = [];
  const restParts: string[] = [];
  const untranslated: string[] = [];
  for (const piece of pieces) {
    // Sentence punctuation splits phrases too ("finance, planning").
    for (const part of piece.split(/[?!,;:()"“”]+|\.(?=\s|$)/)) {
      const spans = englishWordSpans(part);
      const words = spans.map((w) => w.word);
      // The rest keeps its characters as written ("gd&đt", "22/2013/qđ-ttg") for abbreviations.
      const keep = (from: number, to: number) => {
        restParts.push(part.slice(spans[from].start, spans[to - 1].end).toLowerCase());
        untranslated.push(...words.slice(from, to));
      };
      let i = 0;
      for (const m of matchLexicon(words)) {
        if (m.from > i) keep(i, m.from);
        terms.push({ en: m.en, vi: m.vi, category: m.category, strength: m.strength });
        i = m.to;
      }
      if (i < words.length) keep(i, words.length);
    }
  }
  return { terms, viSpans: spans.map((s) => s.text), rest: ` ${restParts.join(' . ')} `, untranslated };
}

/**
 * The Vietnamese name of a place written in English ("Hanoi" → "Hà Nội", "Ho Chi Minh City" →
 * "Thành phố Hồ Chí Minh"), when the lexicon has it whole; null otherwise.
 */
export function vietnamesePlaceName(name: string): string | null {
  const words = englishWordSpans(name).map((w) => w.word);
  const m = matchLexicon(words);
  if (m.length !== 1 || m[0].from !== 0 || m[0].to !== words.length) return null;
  if (m[0].category !== 'levels' && m[0].category !== 'glossary') return null;
  // The longest rendering is the full name ("Thành phố Hồ Chí Minh" rather than "TP.HCM").
  const vi = [...m[0].vi].sort((a, b) => b.length - a.length)[0] ?? null;
  // A name is written with a capital: "Children" → "trẻ em" is a word, not a place.
  return vi && /^\p{Lu}/u.test(vi) ? vi : null;
}

/**
 * "national and provincial roads", "primary and lower secondary schools", "first, second and third
 * prizes": modifiers that share their head noun are read as phrases each ("national roads and provincial roads"), when
 * the lexicon knows both phrases whole ("teachers and parents meeting" stays as written).
 */
function withSharedHeads(question: string): string {
  const whole = (words: string) => {
    const w = englishWords(words);
    const m = matchLexicon(w);
    return w.length > 1 && m.length === 1 && m[0].from === 0 && m[0].to === w.length;
  };
  // "first, second and third places": a list of modifiers before "and" shares the head too.
  const listed = question.replace(/\b((?:[A-Za-z-]+, )+)([A-Za-z-]+),? (and|or) ([A-Za-z-]+) ([A-Za-z-]+)/g, (all, before: string, last: string, conj: string, w1: string, head: string) => {
    const mods = [...before.split(', ').filter(Boolean), last];
    if (!whole(`${w1} ${head}`) || !mods.every((m) => whole(`${m} ${head}`))) return all;
    return `${mods.map((m) => `${m} ${head}`).join(', ')} ${conj} ${w1} ${head}`;
  });
  return listed.replace(/\b([A-Za-z-]+) (and|or) ([A-Za-z-]+) ([A-Za-z-]+)(?: ([A-Za-z-]+))?/g, (all, first: string, conj: string, w1: string, w2: string, w3?: string) => {
    if (whole(`${w1} ${w2}`) && whole(`${first} ${w2}`)) return `${first} ${w2} ${conj} ${w1} ${w2}${w3 ? ` ${w3}` : ''}`;
    if (w3 && whole(`${w1} ${w2} ${w3}`) && whole(`${first} ${w3}`)) return `${first} ${w3} ${conj} ${w1} ${w2} ${w3}`;
    return all;
  });
}
