// How much of an English question the lexicon understands: the share of its content words
// (not grammar words, numbers, codes or proper names, not the Vietnamese it quotes) that a
// lexicon phrase translates, and the words left over.
import { foldChars } from '../corpus/fold.js';
import { GRAMMAR_WORDS, isVietnameseSyllable } from './language.js';
import { englishWordSpans, matchLexicon } from './lexicon.js';
import { vietnameseSpans } from './language.js';
import { isLexiconWord } from './lexicon.js';

export interface CoverageResult {
  questions: number;
  contentWords: number;
  translated: number;
  share: number;
  /** Untranslated content words with how often each occurs, most frequent first. */
  untranslated: [string, number][];
}

/** Content words of one question, each marked translated or not. */
export function questionCoverage(question: string): { word: string; translated: boolean }[] {
  const out: { word: string; translated: boolean }[] = [];
  const spans = vietnameseSpans(question, isLexiconWord);
  let at = 0;
  const pieces: string[] = [];
  for (const s of spans) {
    pieces.push(question.slice(at, s.start));
    at = s.end;
  }
  pieces.push(question.slice(at));
  let first = true;
  for (const piece of pieces) {
    for (const part of piece.split(/[?!,;:()"“”]+|\.(?=\s|$)/)) {
      const ws = englishWordSpans(part);
      const covered = new Set<number>();
      for (const m of matchLexicon(ws.map((w) => w.word))) for (let k = m.from; k < m.to; k++) covered.add(k);
      ws.forEach((w, k) => {
        const written = part.slice(w.start, w.end);
        const initial = first && k === 0;
        const isName = !initial && /^\p{Lu}/u.test(written) && (written === written.toUpperCase() || isVietnameseSyllable(foldChars(w.word)));
        if (GRAMMAR_WORDS.has(w.word) || /\d/.test(w.word) || w.word.length < 2 || /^\p{L}+\p{Lu}/u.test(written)) return;
        if (isName && !covered.has(k)) return;
        out.push({ word: w.word, translated: covered.has(k) });
      });
      if (ws.length) first = false;
    }
  }
  return out;
}

export function lexiconCoverage(questions: string[]): CoverageResult {
  let contentWords = 0;
  let translated = 0;
  const missing = new Map<string, number>();
  for (const q of questions) {
    for (const w of questionCoverage(q)) {
      contentWords++;
      if (w.translated) translated++;
      else missing.set(w.word, (missing.get(w.word) ?? 0) + 1);
    }
  }
  return { questions: questions.length, contentWords, translated, share: contentWords ? translated / contentWords : 0, untranslated: [...missing].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) };
}
