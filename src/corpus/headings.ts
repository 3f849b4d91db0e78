// The numbering schemes a Vietnamese plan or legal text uses for its headings, each read from
// one logical line: Phần, Chương, Điều, lettered parts (A.), Roman parts (I.), decimals
// (1., 1.1.), lettered items (a) a/ a.), annexes (Phụ lục) and the closing (Nơi nhận, signer).
import { foldChars } from './fold.js';

export const ROMAN = /^([IVX]{1,5})\.\s+(\S.*)$/;
export const ARTICLE = /^(?:Điều|ĐIỀU)\s+(\d{1,3})\s*[.:](?:\s+(.*))?$/;
export const DECIMAL = /^(\d{1,2}(?:\.\d{1,2}){0,4})\.\s+(\S.*)$/;
export const DECIMAL_NO_DOT = /^(\d{1,2}(?:\.\d{1,2}){1,4})\s+(\p{Lu}.*)$/u;
export const LETTER = /^([a-zđ])[)/.]\s+(\S.*)$/;
export const CHAPTER = /^(?:Chương|CHƯƠNG)\s+([IVXLC]{1,6}|\d{1,2})\b\s*[.:–-]?\s*(.*)$/;
/** A section of a chapter (Chương > Mục > Điều); its number restarts in each chapter. */
export const SECTION = /^(?:Mục|MỤC)\s+(\d{1,2}|[IVX]{1,5})\b\s*[.:–-]?\s*(.*)$/;
const PART = /^(?:Phần|PHẦN)\s+(?:(?:thứ|THỨ)\s+)?([IVX]{1,5}|\d{1,2}|\p{L}+)(?!\p{L})\s*[.:–-]?\s*(.*)$/u;
const LETTER_PART = /^([A-H])\.\s+(\S.*)$/;
const ANNEX = /^(?:Phụ lục|PHỤ LỤC)(?:\s+(?:số|SỐ))?\s+(\d{1,2}|[IVX]{1,5})\b\s*(.*)$/;
/** A closing that starts on a plain line (text plans): the recipients or the signer's title. */
export const CLOSING = /^(Nơi nhận\s*:|TM\.\s|KT\.\s)/;
/**
 * The paragraph that ends a plan's body before the recipients: "Trên đây là Kế hoạch …", "Nhận
 * được công văn này …", a resolution's "Nghị quyết này đã được HĐND … thông qua ngày …". It
 * belongs to no numbered item, so it is a part of its own.
 */
export const CLOSING_REMARK = /^(Trên đây là\s|Nhận được (công văn|văn bản|kế hoạch|hướng dẫn) này|(Nghị quyết|Quyết định|Kế hoạch) này (đã )?được\s.{0,80}\bthông qua\b)/i;
/** The signer cell of a closing table: "TM. ỦY BAN…", "KT. BỘ TRƯỞNG…", "Nguyễn Văn A (Đã ký)". */
const SIGNER = /^(TM|KT|TL|TUQ|Q|T\/M)\.\s|\(Đã ký\)|^(THỦ TƯỚNG|CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|TRƯỞNG PHÒNG|HIỆU TRƯỞNG)(?!\p{L})/u;
const UNIT = /(^|\()\s*(ĐVT|Đơn vị tính|Đơn vị)\s*:/i;
/** The type word of an attached text ("QUY ĐỊNH", "KẾ HOẠCH"), which names its prefix. */
const ATTACHED_TYPE = /^(QUY ĐỊNH|QUY CHẾ|KẾ HOẠCH|ĐIỀU LỆ|HƯỚNG DẪN|CHƯƠNG TRÌNH|ĐỀ ÁN|NỘI QUY|PHƯƠNG ÁN|QUY TRÌNH)(?!\p{L})/u;

const NUMBER_WORDS: Record<string, number> = {
  mot: 1, nhat: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
};
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

export function romanToNumber(r: string): number {
  let n = 0;
  for (let i = 0; i < r.length; i++) {
    const v = ROMAN_VALUES[r[i]];
    const next = ROMAN_VALUES[r[i + 1]] ?? 0;
    n += v < next ? -v : v;
  }
  return n;
}

/** "PHẦN MỘT", "Phần thứ hai", "Phần II", "Phần 3" → the part's number, or null. */
export function partHeading(t: string): { n: number; rest: string } | null {
  const m = PART.exec(t);
  if (!m) return null;
  const word = m[1];
  let n: number | undefined;
  if (/^\d+$/.test(word)) n = Number(word);
  else if (/^[IVX]+$/.test(word)) n = romanToNumber(word);
  else n = NUMBER_WORDS[foldChars(word)];
  return n ? { n, rest: m[2] } : null;
}

/** "A. NHIỆM VỤ CHỦ YẾU": a capital letter over a heading in capitals (not "A. Nguyễn…"). */
export function letterPartHeading(t: string): { letter: string; rest: string } | null {
  const m = LETTER_PART.exec(t);
  if (!m || !isUpperCase(m[2])) return null;
  return { letter: m[1], rest: m[2] };
}

// "PHỤ LỤC", "PHỤ LỤC: BẢNG PHÂN CÔNG NHIỆM VỤ": an annex without a number, its title in capitals.
const ANNEX_UNNUMBERED = /^(?:Phụ lục|PHỤ LỤC)\s*(?:[.:–-]\s*(\S.*))?$/u;

/** An annex heading; `n` is '' for an annex without a number (numbered in order by the parser). */
export function annexHeading(t: string): { n: string; rest: string } | null {
  const bare = ANNEX_UNNUMBERED.exec(t);
  if (bare && (!bare[1] || isUpperCase(bare[1]))) return { n: '', rest: bare[1]?.trim() ?? '' };
  const m = ANNEX.exec(t);
  if (!m) return null;
  const rest = m[2].trim();
  // "Phụ lục 1 kèm theo…" in a sentence is a reference, not a heading.
  if (rest && !/^[.:–(-]/.test(rest) && !isUpperCase(rest)) return null;
  return { n: m[1], rest: rest.replace(/^[.:–-]\s*/, '') };
}

function isUpperCase(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase();
}

/** A title line in capitals (QUYẾT ĐỊNH, QUY ĐỊNH, a plan's title), not a list item or table row. */
export function isAllCapsTitle(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  // Recipient lines ("- TT.HĐND TP;") are upper case too, but they are list items.
  if (/^[-+•]/.test(text) || /[;,]$/.test(text)) return false;
  return letters.length >= 5 && letters === letters.toUpperCase() && !text.includes('\t');
}

/** Signer's title lines of a plain-line closing, which are capitals but no annex title. */
export function isSignerLine(text: string): boolean {
  return CLOSING.test(text) || /^(TM|KT)\.|CHỦ TỊCH$|TRƯỞNG PHÒNG$|GIÁM ĐỐC$/.test(text);
}

/** A signer's title alone on its line, with no TM./KT. before it ("TRƯỞNG PHÒNG", "PHÓ CHỦ TỊCH"). */
const BARE_POSITION = /^(?:Q\.\s*)?(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG PHÒNG|HIỆU TRƯỞNG|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|TRƯỞNG BAN|CỤC TRƯỞNG|VỤ TRƯỞNG|CHÁNH VĂN PHÒNG)$/u;
/** A person's name alone on its line: two to five capitalised syllables, "(Đã ký)" allowed after it. */
const NAME_LINE = /^(?:\p{Lu}[\p{Ll}\p{M}]*\s+){1,4}\p{Lu}[\p{Ll}\p{M}]*(?:\s*\((?:đã ký|Đã ký)\))?$/u;
const SIGNED_NOTE_LINE = /^\((?:đã ký|Đã ký|ĐÃ KÝ|ký|Ký)[^)]*\)$/u;

/**
 * A signature block that starts with a bare title: the title line, then (past a "(Đã ký)") the
 * name. `next` are the lines after the title.
 */
export function opensBareSignature(text: string, next: string[]): boolean {
  if (!BARE_POSITION.test(text.trim())) return false;
  const name = next.map((x) => x.trim()).find((x) => x && !SIGNED_NOTE_LINE.test(x));
  return Boolean(name && NAME_LINE.test(name));
}

export function isSignerCell(cell: string): boolean {
  return SIGNER.test(cell.trim());
}

export function isUnitLine(text: string): boolean {
  return text.length <= 160 && UNIT.test(text);
}

export function isAttachedType(line: string): boolean {
  return ATTACHED_TYPE.test(line);
}

/** The prefix of an attached text's clause ids: "QUY ĐỊNH" → "quy-dinh". */
export function attachedPrefix(title: string): string {
  const type = ATTACHED_TYPE.exec(title)?.[1] ?? title.split(/\s+/).slice(0, 2).join(' ');
  return foldChars(type).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'phan-dinh-kem';
}

/** Any line that starts a numbered part: a document with none has an unnumbered body. */
export function isNumberedHeading(t: string): boolean {
  return ROMAN.test(t) || ARTICLE.test(t) || DECIMAL.test(t) || CHAPTER.test(t) || SECTION.test(t) || partHeading(t) !== null || letterPartHeading(t) !== null;
}
