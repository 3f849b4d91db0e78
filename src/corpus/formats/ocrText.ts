// What OCR gets wrong in Vietnamese plans, put right before the text takes the path every
// format takes (normalize.ts, the parser). Pure, one line at a time, so line numbers stay true.

/** Accents Tesseract sometimes prints as spacing characters after the vowel they belong on. */
const SPACING_TONES: Record<string, string> = { '\u00B4': '\u0301', '\u02CA': '\u0301', '`': '\u0300', '\u02CB': '\u0300', '\u02DC': '\u0303', '\u02C0': '\u0309', '\u02C9': '\u0304' };
const VOWEL = 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY';

/** Tone marks detached from their vowel ("ca ́c", "ca´c") put back on it, then composed (NFC). */
export function attachToneMarks(line: string): string {
  return line
    .normalize('NFD')
    .replace(/(\p{L}\p{M}*)\s+(?=\p{M})/gu, '$1')
    .replace(new RegExp(`([${VOWEL}]\\p{M}*)([${Object.keys(SPACING_TONES).join('')}])(?=\\p{L})`, 'gu'), (_, v: string, t: string) => v + SPACING_TONES[t])
    .normalize('NFC');
}

/** Letters read for digits inside a number: "O4" → "04", "2O23" → "2023", "1l" → "11". */
export function fixDigitLetters(line: string): string {
  return line.replace(/(?<![\p{L}\p{N}])[\dOoIl](?:[\dOoIl]|[.,/](?=[\dOoIl]))*(?![\p{L}\p{N}])/gu, (tok) => {
    const digits = (tok.match(/\d/g) ?? []).length;
    // A number has at least two digits, or one next to a stray O: a lone "o" or "I" is a word.
    if (digits === 0 || (digits === 1 && tok.replace(/[.,/]/g, '').length < 2)) return tok;
    return tok.replace(/[Oo]/g, '0').replace(/[Il]/g, '1');
  });
}

/** A percentage OCR broke up: "9 0 %" → "90%", "1 0 0%" → "100%". */
export function joinPercent(line: string): string {
  return line.replace(/(?<![\d,.])(\d(?: \d){1,3}(?:[,.]\d+)?) ?%/g, (_, n: string) => `${n.replace(/ /g, '')}%`);
}

/** Joins two wrapped lines when the first ends in a word cut by a hyphen ("phát tri-" + "ển"); null for a plain space. */
export function joinHyphenated(prev: string, next: string): string | null {
  return /\p{L}-$/u.test(prev) && /^\p{Ll}/u.test(next) ? `${prev.slice(0, -1)}${next}` : null;
}

/** Stray marks OCR reads in a margin or a stain: a line of punctuation alone is dropped to blank. */
function dropSpeckle(line: string): string {
  return /^[\s\p{P}\p{S}]{1,4}$/u.test(line) && !/^[-+•]$/.test(line.trim()) ? '' : line;
}

export function cleanOcrLine(line: string): string {
  return dropSpeckle(joinPercent(fixDigitLetters(attachToneMarks(line)))).replace(/[ ]{2,}/g, ' ');
}
