// The folded form used for lexical matching: lower case, no diacritics, đ→d,
// Vietnamese i/y spelling variants unified. Query and index go through the same function.

// Syllables written with either i or y ("tỉ lệ"/"tỷ lệ", "quản lí"/"quản lý").
const I_Y_VARIANTS: Record<string, string> = { ki: 'ky', li: 'ly', ti: 'ty', mi: 'my', si: 'sy', hi: 'hy' };

export function foldChars(text: string): string {
  return SAFE.test(text) ? foldEach(text) : foldWhole(text);
}

function foldWhole(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

// Text of Latin letters (Vietnamese ones included), figures and punctuation folds one character
// at a time, as a table lookup: there each character decomposes into itself plus marks the fold
// drops, and lower case needs no context. Indexing folds every clause several times.
const SAFE = /^[\u0000-\u036f\u1e00-\u1eff]*$/;
const FOLDED: string[] = [];
function foldEach(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 0x370 ? c : c - 0x1e00 + 0x370;
    out += FOLDED[k] ?? (FOLDED[k] = foldWhole(text[i]));
  }
  return out;
}

/** Syllables (and numbers) of a text in folded form. "Tỷ lệ 99,5%" → ["ty","le","99,5"] */
export function syllables(text: string): string[] {
  // By hand, what matching /[a-z]+|\d+(?:[.,]\d+)*/g over the folded text gives (a match object a syllable was most of the cost).
  // "GD&ĐT" is "GDĐT" written with its joiner: one word, as officials write it either way.
  const f = text.includes('&') ? foldChars(text).replace(/(?<=[a-z])&(?=[a-z])/g, '') : foldChars(text);
  const out: string[] = [];
  for (let i = 0; i < f.length; ) {
    const start = i;
    if (isAz(f.charCodeAt(i))) {
      while (i < f.length && isAz(f.charCodeAt(i))) i++;
      // A code of a letter or two and a figure or two ("B2", "A1", "K12"): one word, as a level or
      // a class is named, not a letter and a number. Not inside a figure ("20h00"): its letter follows digits.
      if (i - start <= 2 && (start === 0 || !isDigit(f.charCodeAt(start - 1)))) {
        let j = i;
        while (j < f.length && isDigit(f.charCodeAt(j))) j++;
        if (j > i && j - i <= 2 && !(j < f.length && (isAz(f.charCodeAt(j)) || isDigit(f.charCodeAt(j))))) i = j;
      }
    } else if (isDigit(f.charCodeAt(i))) {
      while (i < f.length && isDigit(f.charCodeAt(i))) i++;
      while (i + 1 < f.length && (f[i] === '.' || f[i] === ',') && isDigit(f.charCodeAt(i + 1))) {
        i += 2;
        while (i < f.length && isDigit(f.charCodeAt(i))) i++;
      }
    } else {
      i++;
      continue;
    }
    const s = f.slice(start, i);
    out.push(I_Y_VARIANTS[s] ?? s);
  }
  return out;
}

const isAz = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Lexical units: syllables plus adjacent-syllable bigrams joined by "_", plus the rates a text writes. */
export function lexicalUnits(text: string): string[] {
  return withRates(unitsOf(syllables(text)), text);
}

/** Appends to units (and returns them) the rates in time the text writes with a slash, as lexicalUnits does. */
export function withRates(units: string[], text: string): string[] {
  // A rate in time written with a slash ("160.000 đồng/trẻ/tháng", "2 tiết/tuần") is "mỗi tháng",
  // "mỗi tuần": what an official asks ("mỗi tháng được bao nhiêu", "per month"). (Rates per
  // child, per household… were tried too: they answered questions about a norm with any amount.)
  const rates = new Set<string>();
  // "Hằng tháng", "hàng năm", "từng quý" are the same rate as "mỗi tháng": one unit for all of them.
  for (const u of units) {
    // (Most units are neither: their first letter tells, before any pattern is tried.)
    if (u.charCodeAt(0) !== 104 && u.charCodeAt(0) !== 116) continue; // 'h', 't'
    const m = EVERY_TIME.exec(u);
    if (m) rates.add(m[1]);
  }
  if (text.includes('/')) for (const m of foldChars(text).matchAll(RATE)) if (PER_TIME.has(m[1])) rates.add(m[1]);
  for (const r of rates) units.push(`moi_${r}`);
  return units;
}

/** Lexical units of syllables already read: them plus their adjacent bigrams. */
export function unitsOf(syl: string[]): string[] {
  const units = syl.slice();
  for (let i = 0; i + 1 < syl.length; i++) units.push(`${syl[i]}_${syl[i + 1]}`);
  return units;
}

const PER_TIME = new Set(['ngay', 'tuan', 'thang', 'quy', 'nam']);
const EVERY_TIME = /^(?:hang|tung)_(ngay|tuan|thang|quy)$/;
// A slash between words, not in a date or a document number ("10/9/2023", "2313/KH-SGDĐT").
const RATE = /(?<=[a-z]\s?)\/\s?([a-z]{2,})(?![a-z0-9-])/g;

/** Folded text for containment checks: syllables joined by single spaces. */
export function foldForMatch(text: string): string {
  return syllables(text).join(' ');
}
