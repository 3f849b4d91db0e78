// Text normalization applied to every document before parsing: one Unicode form, one
// tone-mark placement, no markdown marks, the OCR noise seen in real plans cleaned up.
// Line structure is preserved (one output line per input line) so line spans stay true.
import { alignedTables } from './alignedTables.js';
import { flatTables } from './flatTables.js';
import { splitMergedHeaderColumns } from './header/mergedColumns.js';

const TONED: Record<string, string[]> = {
  a: ['à', 'á', 'ả', 'ã', 'ạ'],
  e: ['è', 'é', 'ẻ', 'ẽ', 'ẹ'],
  y: ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
  o: ['ò', 'ó', 'ỏ', 'õ', 'ọ'],
  u: ['ù', 'ú', 'ủ', 'ũ', 'ụ'],
};

function tonedIndex(ch: string, base: string): number {
  return TONED[base].indexOf(ch);
}

function matchCase(model: string, ch: string): string {
  return model === model.toUpperCase() && model !== model.toLowerCase() ? ch.toUpperCase() : ch;
}

/** An o/u before a toned a, e or y, ending a word: the pairs the rule below may rewrite. */
const OLD_STYLE_PAIR = /[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?![\p{L}])/gu;

/**
 * Old-style tone placement on open "oa", "oe", "uy" syllables moved to the first vowel:
 * "hoà"→"hòa", "xoá"→"xóa", "uỷ"→"ủy". "qu" is a consonant, so "quý" is left alone.
 */
export function normalizeToneMarks(text: string): string {
  // The pair is found alone (a pattern reading each word from its start backtracked at every
  // word); only the letter before it matters, for "qu".
  let out = '';
  let last = 0;
  OLD_STYLE_PAIR.lastIndex = 0;
  for (let m = OLD_STYLE_PAIR.exec(text); m; m = OLD_STYLE_PAIR.exec(text)) {
    const at = m.index;
    const v1 = text[at];
    const v2 = text[at + 1];
    if (/[uU]/.test(v1) && (text[at - 1] === 'q' || text[at - 1] === 'Q')) continue;
    const lower2 = v2.toLowerCase();
    const base = v1.toLowerCase() === 'o' ? (TONED.a.includes(lower2) ? 'a' : TONED.e.includes(lower2) ? 'e' : null) : TONED.y.includes(lower2) ? 'y' : null;
    if (!base) continue;
    const tone = tonedIndex(lower2, base);
    const firstBase = v1.toLowerCase() as 'o' | 'u';
    out += text.slice(last, at) + matchCase(v1, TONED[firstBase][tone]) + matchCase(v2, base);
    last = at + 2;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Markdown emphasis and strike marks, keeping their content: "**x**"→"x", "~~247~~"→"247". */
export function stripMarkdown(line: string): string {
  // A converter's escapes (a backslash before "-", "*", "." …: "\\- Kinh phí", "1\\.") are the marks they escape.
  let s = line.replace(/\\([-*_.#+!()[\]{}<>`~=])/g, '$1');
  s = s.replace(/~~/g, '').replace(/\*\*/g, '');
  s = s.replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\p{L}\p{N}])/gu, '$1$2');
  // A star left at the start of a line was a bullet ("*** Giáo dục Tiểu học:**").
  s = s.replace(/^(\s*)\*+\s*/, '$1- ');
  // A markdown sub-heading mark ("## I. MỤC ĐÍCH") hides the numbering behind it. A single "#"
  // stays: it is a scraped site heading, which the metadata reader knows to skip.
  s = s.replace(/^\s*#{2,6}\s+(?=\S)/, '');
  return s;
}

/** OCR and conversion noise seen in scanned plans. */
export function cleanNoise(line: string): string {
  return (
    line
      // pictographs and check marks pasted into the text (e.g. "Số: 🚜 /KH-PGDĐT", "✓")
      .replace(/[\p{Extended_Pictographic}\u2700-\u27BF\uFE0F\u200B-\u200D\u2060\uFEFF]/gu, '')
      // letter O read for a zero in dates: "ngày O4 tháng 9"
      .replace(/(\bngày\s+)[Oo](\d)\b/g, '$10$2')
      // "KÉ HOẠCH" for "KẾ HOẠCH"
      .replace(/\bKÉ HOẠCH\b/g, 'KẾ HOẠCH')
      // "1 %" → "1%": a figure and its percent sign belong together
      .replace(/(\d) +%/g, '$1%')
      .replace(/\u00A0/g, ' ')
      // an HTML line break left by a Word-to-markdown conversion, in table cells mostly: the
      // line stays one line (clauses map to source lines), its parts apart
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/[ ]{2,}/g, ' ')
      .replace(/[ \t]+$/g, '')
  );
}

/**
 * A markdown pipe-table row ("| Số: 22/2013/QĐ-TTg | Hà Nội, ngày … |") becomes its cells
 * joined by tabs, the form Word tables take too; the rule row ("|---|---|") becomes blank.
 * A line that merely starts or ends with a bar ("| CỘNG HÒA" in a scraped header) is left alone.
 */
export function pipeTableRow(line: string): string {
  const t = line.trim();
  if (!/^\|.*\|$/.test(t) || t.length < 2) return line;
  const inner = t.slice(1, -1);
  if (/^[\s:|-]*$/.test(inner) && inner.includes('-')) return '';
  const cells = inner.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
  if (cells.length < 2) return cells[0];
  return cells.join('\t');
}

export function normalizeLine(line: string): string {
  return cleanNoise(stripMarkdown(pipeTableRow(columnGaps(normalizeToneMarks(line.normalize('NFC'))))));
}

/**
 * Two columns typed or pasted side by side ("Nơi nhận:        TM. ỦY BAN NHÂN DÂN", a header's
 * issuer and motto) are cut at the wide gap into cells, as the PDF reader cuts them (pdfLayout.ts).
 * A blank left in a form ("ngày     tháng 3") is a gap inside one field, not between columns.
 */
function columnGaps(line: string): string {
  if (!line.includes('      ')) return line;
  return line.replace(/(?<=\S) {6,}(?=\S)/g, (gap, at: number) => (/(?:^|\s)(?:ngày|tháng|năm|Số:?)$/iu.test(line.slice(0, at)) || /^ *(?:tháng|năm)(?!\p{L})/iu.test(line.slice(at + gap.length)) ? ' ' : '\t'));
}

/** Whole-document normalization; returns one string per source line. */
export function normalizeText(raw: string): string[] {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return splitMergedHeaderColumns(flatTables(alignedTables(text.split('\n').map((l) => l.normalize('NFC')))).map((l) => normalizeLine(l)));
}
