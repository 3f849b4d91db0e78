// Legacy 8-bit Vietnamese text (TCVN3/ABC and VNI, from the .VnTime and VNI-Times fonts of
// the 1990s-2000s) converted to Unicode. The character maps are data
// (src/corpus/data/legacy-vietnamese.json); which encoding a text is in is decided by how many
// common plan syllables each conversion yields.
import { readFileSync } from 'node:fs';
import { resourcePath } from '../../paths.js';

export type LegacyEncoding = 'tcvn3' | 'vni';

interface LegacyData {
  tcvn3: Record<string, string>;
  vni: { pairs: Record<string, string>; singles: Record<string, string> };
  cp1252: Record<string, string>;
  common: string[];
}

let data: { tcvn3: Map<string, string>; vniPairs: Map<string, string>; vniSingles: Map<string, string>; common: Set<string> } | null = null;

function tables() {
  if (data) return data;
  const raw = JSON.parse(readFileSync(resourcePath('src', 'corpus', 'data', 'legacy-vietnamese.json'), 'utf8')) as LegacyData;
  const punct = Object.entries(raw.cp1252).map(([hex, ch]) => [String.fromCharCode(parseInt(hex, 16)), ch] as [string, string]);
  const tcvn3 = new Map<string, string>([...punct, ...Object.entries(raw.tcvn3).map(([hex, ch]) => [String.fromCharCode(parseInt(hex, 16)), ch] as [string, string])]);
  const vniSingles = new Map<string, string>([...punct, ...Object.entries(raw.vni.singles)]);
  return (data = { tcvn3, vniPairs: new Map(Object.entries(raw.vni.pairs)), vniSingles, common: new Set(raw.common) });
}

/**
 * TCVN3 has no codes for capital toned vowels: a capitals font (.VnTimeH) shows the small
 * letters' codes as capitals, so "KẾ HOẠCH" decodes as "Kế HOạCH". A word whose other letters
 * are all capitals gets its small vowels in capitals too, when it has two capitals of its own
 * ("HOạCH"), a capital after a small letter ("ủY") or stands beside such a word ("Kế" before
 * "HOạCH"). Abbreviations ("Sở GD-ĐT")
 * carry no small vowels, so "Sở" stays as written. A toned capital that begins a title-case word
 * ("Ủy ban") or stands alone ("Ở") cannot be told from a small one and stays small.
 */
function restoreCapitals(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const words = [...line.matchAll(/\p{L}+/gu)].map((m) => {
        const w = m[0];
        const small = [...w].filter((c) => c !== c.toUpperCase());
        const smallAscii = small.filter((c) => c < '\u0080').length;
        const capitals = [...w].filter((c) => c !== c.toLowerCase()).length;
        // A capital after a small letter ("ủY") is no title-case word: the word is in capitals.
        const capitalAfterSmall = /\p{Ll}\p{Lu}/u.test(w);
        return { index: m.index!, w, capsOnly: smallAscii === 0 && capitals > 0, needsFix: small.length > 0 && smallAscii === 0, capitals: capitalAfterSmall ? Math.max(2, capitals) : capitals };
      });
      const strong = (i: number) => words[i] && words[i].capsOnly && words[i].needsFix && words[i].capitals >= 2;
      let out = line;
      for (let i = words.length - 1; i >= 0; i--) {
        const x = words[i];
        if (!x.capsOnly || !x.needsFix) continue;
        if (x.capitals >= 2 || strong(i - 1) || strong(i + 1)) out = out.slice(0, x.index) + x.w.toLocaleUpperCase('vi') + out.slice(x.index + x.w.length);
      }
      return out;
    })
    .join('\n');
}

/**
 * Converts text whose characters stand for legacy bytes (read as Latin-1, or already
 * mis-decoded into Unicode the same way) to Unicode.
 */
export function convertLegacy(latin1: string, encoding: LegacyEncoding): string {
  const t = tables();
  if (encoding === 'tcvn3') {
    let out = '';
    for (const ch of latin1) out += t.tcvn3.get(ch) ?? ch;
    return restoreCapitals(out);
  }
  let out = '';
  for (let i = 0; i < latin1.length; i++) {
    const pair = t.vniPairs.get(latin1.slice(i, i + 2));
    if (pair) {
      out += pair;
      i++;
    } else out += t.vniSingles.get(latin1[i]) ?? latin1[i];
  }
  return out;
}

/** How many words of a text are common plan syllables: the measure that tells encodings apart. */
export function commonSyllableCount(text: string): number {
  const { common } = tables();
  let n = 0;
  for (const m of text.toLocaleLowerCase('vi').matchAll(/\p{L}+/gu)) if (common.has(m[0])) n++;
  return n;
}

export interface LegacyGuess {
  encoding: LegacyEncoding | null;
  text: string;
  /** Common syllables found, for the text as given and for each conversion. */
  scores: Record<'unicode' | LegacyEncoding, number>;
}

/**
 * The reading of `text` (Unicode, or Latin-1 stand-ins for legacy bytes) that yields the most
 * common Vietnamese syllables: as it is, as TCVN3 or as VNI. A conversion must beat the text as
 * given clearly, so Unicode plans with a few Latin-1 signs are left alone.
 */
export function guessLegacy(text: string): LegacyGuess {
  const scores = { unicode: commonSyllableCount(text), tcvn3: 0, vni: 0 };
  // Only characters U+0080-U+00FF carry legacy letters; without them there is nothing to convert.
  if (!/[\u0080-\u00ff]/.test(text)) return { encoding: null, text, scores };
  const tcvn3 = convertLegacy(text, 'tcvn3');
  const vni = convertLegacy(text, 'vni');
  scores.tcvn3 = commonSyllableCount(tcvn3);
  scores.vni = commonSyllableCount(vni);
  const best: LegacyEncoding = scores.tcvn3 >= scores.vni ? 'tcvn3' : 'vni';
  if (scores[best] > 2 * scores.unicode + 5) return { encoding: best, text: best === 'tcvn3' ? tcvn3 : vni, scores };
  return { encoding: null, text, scores };
}
