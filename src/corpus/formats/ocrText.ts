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

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number) => [...String(n)].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join('');
/** A footnote as plans write them: its mark, then the text it cites ("¹ Nghị quyết số 05-NQ/ĐH …"). */
const FOOTNOTE_LINE = /^(\d{1,2}|[?°+*])\s*((?:Nghị quyết|Quyết định|Kế hoạch|Công văn|Thông tư|Chỉ thị|Luật|Nghị định|Hướng dẫn|Chương trình|Đề án)\b.*)$/u;

/**
 * Footnote marks OCR reads as plain characters: "¹ Nghị quyết …" comes back "1 Nghị quyết …" (or
 * "? Nghị quyết …" for a mark it cannot place), and "lần thứ XIV¹," comes back "XIV1,". A line
 * that opens with a mark and a cited document is the next footnote (numbered in order, which
 * also names an unreadable mark); a digit glued to the end of a word of letters (not "9A1") is put back as the mark
 * when a footnote of that number exists. A number glued to a number ("2025⁵" read "20255")
 * cannot be told from a figure and is left.
 */
export function restoreFootnoteMarks(lines: string[]): string[] {
  let next = 1;
  const found = new Set<number>();
  const out = lines.map((line) => {
    const m = FOOTNOTE_LINE.exec(line);
    if (!m) return line;
    const n = /^\d+$/.test(m[1]) && Number(m[1]) >= next && Number(m[1]) <= next + 1 ? Number(m[1]) : next;
    next = n + 1;
    found.add(n);
    return `${sup(n)} ${m[2]}`;
  });
  if (!found.size) return out;
  return out.map((line) => (/^[⁰¹²³⁴⁵⁶⁷⁸⁹]/.test(line) ? line : line.replace(/(?<![\p{L}\p{N}])(\p{L}+)(\d{1,2})(?=[\s,.;:”)]|$)/gu, (all, w: string, d: string) => (found.has(Number(d)) ? `${w}${sup(Number(d))}` : all))));
}
