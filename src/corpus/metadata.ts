// Document metadata read from the header of a document: issuer (name, level, type), kind,
// number, place, signing date, signer, title, school year or period. Headers come in many
// layouts (plain lines, Word and pipe tables, cells broken over lines, one paragraph per cell,
// site banners and related-document lists above them); src/corpus/header/ rebuilds the cells
// and reads each field from its own cell, so nothing is taken from text around the header.
import type { DocumentMeta, PartialDate } from './types.js';
import { headerCells, isUpper, type HeaderCell } from './header/cells.js';
import { mendDigits, mendWords, wordsOf } from './header/mend.js';
import { CasingGuide, escapeRe, sentenceCase } from './header/casing.js';
import { ISSUER_HEAD, issuerFromCode, parseIssuer, type Issuer } from './header/issuer.js';
import { KIND_BY_CODE, readTitle, type TitleBlock } from './header/title.js';
import { findSigner } from './header/signer.js';
import { splitLookbehind, execSplit } from './lookbehind.js';

/** Bumped when extraction changes, so an index re-reads the metadata of unchanged files. */
export const METADATA_VERSION = 6;

const HEAD_LINES = 80;

/** "Thành phố Hồ Chí Minh" → "TP.HCM"; other places are short enough as they are. */
export function shortPlace(place: string): string {
  if (/^thành phố hồ chí minh$/i.test(place)) return 'TP.HCM';
  return place;
}

function findDate(line: string): PartialDate | null {
  const m = /ngày\s*(\d{1,2})?\s*(?:tháng\s*(\d{1,2})?|\/\s*(\d{1,2}))?\s*(?:năm|\/)\s*(\d{4})/u.exec(line);
  if (!m) return null;
  const [, d, mo1, mo2, y] = m;
  const mo = mo1 ?? mo2;
  const pad = (n: string) => n.padStart(2, '0');
  if (d && mo) return { iso: `${y}-${pad(mo)}-${pad(d)}`, precision: 'day', text: m[0] };
  if (mo) return { iso: `${y}-${pad(mo)}`, precision: 'month', text: m[0] };
  return { iso: y, precision: 'year', text: m[0] };
}

interface DocNumber {
  /** "22/2013/QĐ-TTg"; null for a blank number ("Số: /KH-UBND"). */
  number: string | null;
  /** What follows the figure: "2013/QĐ-TTg", "LĐTBXH-KHTC", "KH-UBND". */
  code: string;
  /** The V/v subject of a công văn written after the number. */
  about: string | null;
}

// "Số: 22/2013/QĐ-TTg", "Số: 5872 /KH-UBND", "Số: /KH-UBND" (blank in drafts), "Số: 12-KH/TU".
const NUMBER = /^Số\s*:?\s*(\d+)?\s*([\/-]\s*[\p{L}\p{N}&.\/-]*[\p{L}\p{N}])/u;

function readNumber(cell: string): DocNumber | null {
  const m = NUMBER.exec(cell);
  if (!m) return null;
  const tail = m[2].replace(/\s+/g, '');
  const code = tail.replace(/^[\/-]/, '');
  const about = /\bV\/v\b\s*(.+)$/iu.exec(cell.slice(m[0].length));
  return { number: m[1] ? `${m[1]}${tail}` : null, code, about: about ? about[0].trim() : null };
}

const PLACE_DATE = /^([^,\d]{2,45}?),\s*ngày\b/u;

function readPlace(raw: string): string | null {
  let p = raw.replace(/\s+/g, ' ').trim();
  if (!/\p{L}/u.test(p)) return null;
  p = p.replace(/^(?:TP\.|Tp\.|T\.P\.|TP(?=\s)|Thành phố|Thành Phố)\s*/u, '');
  return /^Hồ Chí Minh$/u.test(p) ? 'Thành phố Hồ Chí Minh' : p;
}

/** The type code is the number's first part that is not a figure ("QĐ" in 22/2013/QĐ-TTg); none: a công văn. */
function kindFromCode(code: string | null): string | null {
  if (!code) return null;
  const first = code.split(/[\/-]/).find((p) => p && !/^\d+$/.test(p)) ?? '';
  return KIND_BY_CODE[first] ?? 'Công văn';
}

const ENCLOSED = /^\(?\s*Ban hành kèm theo\s+(?:Quyết định|Nghị quyết|Thông tư|Chỉ thị|Công văn)\s+số\s+(\d+[\/\p{L}\p{N}&.-]*[\p{L}\p{N}])/iu;

/** The school year or period a title names. */
function yearsOf(title: string): { schoolYear: string | null; period: string | null } {
  const sy = /năm học\s+(\d{4})\s*[-–]\s*(\d{4})/iu.exec(title);
  if (sy && Number(sy[2]) === Number(sy[1]) + 1) return { schoolYear: `${sy[1]}-${sy[2]}`, period: null };
  const span = /(?<![\d/])(\d{4})\s*[-–]\s*(\d{4})(?![\d/])/u.exec(title);
  if (span && Number(span[2]) > Number(span[1])) {
    return Number(span[2]) === Number(span[1]) + 1 && !/giai đoạn\s*$/iu.test(title.slice(0, span.index))
      ? { schoolYear: `${span[1]}-${span[2]}`, period: null }
      : { schoolYear: null, period: `${span[1]}-${span[2]}` };
  }
  // "năm 2022", not the year of a date ("ngày 20 tháng 8 năm 2001").
  const year = /(?<!tháng\s+\d{1,2}\s+)(?<![\d/])năm\s+(\d{4})(?![\d/])/iu.exec(title);
  return { schoolYear: null, period: year ? year[1] : null };
}

function shortNameOf(docId: string, meta: Pick<DocumentMeta, 'place' | 'schoolYear' | 'docNumber' | 'issuerLevel' | 'signed'>): string {
  const place = meta.place ? shortPlace(meta.place) : null;
  if (place && meta.schoolYear) return `${place} ${meta.schoolYear}`;
  if (meta.docNumber) return place && meta.issuerLevel !== 'central' ? `${place} ${meta.docNumber}` : meta.docNumber;
  if (place && meta.signed) return `${place} ${meta.signed.iso.slice(0, 4)}`;
  return place ?? docId;
}

// A cell whose lines were one cell's lines in Word ("UBND TỈNH X<br>SỞ GIÁO DỤC VÀ ĐÀO TẠO<br>Số:
// 412/KH-SGDĐT", the breaks read as spaces): the number, the motto's second line and the place and
// date start fields of their own.
const FIELD_START = /\s+(?=Số\s*:\s*\d|\**Độc lập\s*[-–])/u;
// The place and date: the leftmost run of capitalised words before ", ngày" ("Phù Mỹ, ngày 5 …").
const PLACE_DATE_IN = /(^|\s)\*{0,2}(?:\p{Lu}\p{Ll}*\s+){0,3}\p{Lu}\p{Ll}*,\s*ngày\s+\d/u;
function fieldsOf(c: HeaderCell): HeaderCell[] {
  const pieces = c.text.split(FIELD_START).flatMap((t) => {
    const m = PLACE_DATE_IN.exec(t);
    const at = m ? m.index + m[1].length : 0;
    // …after a field of its own (the motto, the number, an issuer in capitals), not inside a broken name ("Qu ả ng Ngãi").
    const before = t.slice(0, at).trim();
    const field = /Hạnh phúc\**$|^Số\s*:/u.test(before) || isUpper(before);
    return at > 0 && field ? [t.slice(0, at), t.slice(at)] : [t];
  });
  const texts = pieces.map((t) => t.trim()).filter(Boolean);
  return texts.length > 1 ? texts.map((text) => ({ ...c, text })) : [c];
}

/** A body under a managing body: a school, a centre, a division. */
const LOWER_BODY = /^(?:TRƯỜNG|TRUNG TÂM|PHÒNG|SỞ|BAN|VĂN PHÒNG)\s/u;

/** A cell's text without Markdown's emphasis around it ("**TRƯỜNG THPT KHE LIỄU**", "*Khe Liễu, ngày …*"). */
const withoutEmphasis = (text: string) => text.replace(/^(\*{1,2}|_{1,2})(\S(?:.*\S)?)\1$/u, '$2');

export function extractMetadata(docId: string, lines: string[]): DocumentMeta {
  // The document's words guard a few joins only: read when first asked (most plans never do).
  let words: Set<string> | null = null;
  const known = { has: (w: string) => (words ??= wordsOf(lines.join(' '))).has(w) };
  const cells: HeaderCell[] = headerCells(lines, HEAD_LINES)
    .filter((c) => !/^#/.test(c.text))
    .flatMap(fieldsOf)
    .map((c) => ({ ...c, text: mendDigits(mendWords(withoutEmphasis(c.text), known)) }));

  // Number and place-date cells anchor the header; the issuer is the issuer-like cell before them.
  const numberAt = cells.findIndex((c) => NUMBER.test(c.text) || /^Số\s*:\s*$/u.test(c.text));
  const num = numberAt >= 0 ? readNumber(cells[numberAt].text) : null;
  const dateAt = cells.findIndex((c, i) => i >= Math.max(0, numberAt - 3) && PLACE_DATE.test(c.text) && !!findDate(c.text));
  const anchor = numberAt >= 0 ? numberAt : dateAt;
  let issuerCell: HeaderCell | undefined;
  for (let i = (anchor >= 0 ? anchor : Math.min(cells.length, 12)) - 1; i >= 0 && i >= anchor - 6; i--) {
    if (isUpper(cells[i].text) && ISSUER_HEAD.test(cells[i].text)) {
      issuerCell = cells[i];
      break;
    }
  }
  // A table's rows part the managing body from the body that issues ("SỞ GD&ĐT LAM HẠC" above
  // "TRƯỜNG THPT KHE LIỄU", the motto's cells between): the two are one issuer cell, as in lines.
  const issuerAt = issuerCell ? cells.indexOf(issuerCell) : -1;
  const below = issuerAt >= 0 ? cells.slice(issuerAt + 1, anchor >= 0 ? anchor : issuerAt + 4).find((c) => c.first > issuerCell!.last && isUpper(c.text) && LOWER_BODY.test(c.text)) : undefined;
  if (issuerCell && below) issuerCell = { ...issuerCell, text: `${issuerCell.text} ${below.text}`, last: below.last };
  const vvAt = num?.about ? -1 : cells.findIndex((c, i) => i >= Math.max(0, numberAt) && i <= Math.max(dateAt, numberAt) + 1 && /^V\/v\b/iu.test(c.text));
  let vv = num?.about ?? (vvAt >= 0 ? cells[vvAt].text : null);
  // A subject broken over lines ("V/v hướng dẫn lựa chọn sách giáo khoa" / "sử dụng từ năm học
  // 2025-2026"): the next line goes on in lower case.
  for (let i = vvAt + 1, prev = cells[vvAt]; vvAt >= 0 && i < cells.length && /^\p{Ll}/u.test(cells[i].text) && cells[i].first === prev.last + 1; prev = cells[i], i++) vv = `${vv} ${cells[i].text}`;

  let place: string | null = null;
  let signed: PartialDate | null = null;
  if (dateAt >= 0) {
    place = readPlace(PLACE_DATE.exec(cells[dateAt].text)![1]);
    signed = findDate(cells[dateAt].text);
  }

  // The title block follows the header's last cell.
  const headerEnd = Math.max(...[numberAt, dateAt].filter((i) => i >= 0).map((i) => cells[i].last), -1);
  let block: TitleBlock | null = headerEnd >= 0 ? readTitle(lines, headerEnd + 1) : null;
  let docNumber = num?.number ?? null;
  let enclosingNumber: string | null = null;
  if (numberAt < 0 && dateAt < 0) {
    // No header of its own: a plan attached to a decision ("(Ban hành kèm theo Quyết định số …)").
    const e = lines.slice(0, HEAD_LINES).findIndex((l) => ENCLOSED.test(l.trim()));
    if (e >= 0) {
      enclosingNumber = docNumber = ENCLOSED.exec(lines[e].trim())![1];
      signed = findDate(lines[e]);
      for (let k = e - 1; k >= Math.max(0, e - 6) && !block; k--) {
        const b = readTitle(lines, k, k + 1);
        if (b?.kind && b.last >= e - 1) block = readTitle(lines, k);
      }
    }
    if (!block) {
      for (let k = 0; k < 20 && !block; k++) block = /^\s*\p{Lu}/u.test(lines[k] ?? '') ? readTitle(lines, k, k + 1) : null;
      if (block && !block.kind) block = null;
    }
  }

  // A plan with a header of its own may still say under its title which decision issues it.
  if (block && !enclosingNumber) {
    const under = lines.slice(block.last + 1, block.last + 3).map((l) => l.trim()).find((l) => ENCLOSED.test(l));
    if (under) enclosingNumber = ENCLOSED.exec(under)![1];
  }

  // Issuer: the header cell, completed by the enacting line under the title ("ỦY BAN THƯỜNG VỤ
  // QUỐC HỘI" under a cell reading "ỦY BAN THƯỜNG VỤ"), else the organ of the number.
  const enacting = block ? lines.slice(block.last + 1, block.last + 4).map((l) => l.trim()).find((l) => l && isUpper(l) && ISSUER_HEAD.test(l)) : undefined;
  let issuerText = issuerCell?.text ?? null;
  if (enacting) {
    const e = mendWords(enacting.replace(/^CHỦ TỊCH\s+/u, ''), known);
    if (!issuerText || (e.startsWith(issuerText) && e.length > issuerText.length)) issuerText = e;
  }
  const text = lines.join('\n');
  // Asked by each issuer read: the whole text scanned once a place (without the leading lookbehind, lookbehind.ts).
  const localities = new Map<string, string | null>();
  const findLocality = (): string | null => {
    if (!place) return null;
    if (/^Thành phố Hồ Chí Minh$/u.test(place)) return place;
    if (!localities.has(place)) {
      const scan = splitLookbehind(new RegExp(`(?<![\\p{L}])(tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn)\\s+${escapeRe(place)}(?![\\p{L}])`, 'iu'));
      const m = execSplit(scan, text);
      localities.set(place, m ? `${m[1].toLocaleLowerCase('vi')} ${place}` : null);
    }
    return localities.get(place)!;
  };
  let issuer: Issuer | null = issuerText ? parseIssuer(issuerText, findLocality, place) : null;
  // No issuer cell: an issuer line near the top, else the organ of the number ("…/KH-UBND").
  for (const l of issuer ? [] : lines.slice(0, 12)) {
    if (isUpper(l) && ISSUER_HEAD.test(l.trim())) issuer = parseIssuer(mendWords(l.trim(), known), findLocality, place);
    if (issuer) break;
  }
  if (!issuer && num && /(^|-)UBND$/u.test(num.code)) issuer = parseIssuer('UBND', findLocality);
  if (issuer) issuer = issuerFromCode(issuer, num?.code ?? null);
  // A plan attached to a decision has no place line: it is the issuing locality's.
  if (!place && dateAt < 0 && issuer?.locality) place = issuer.locality.replace(/^(?:tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn)\s+/u, '');

  // Kind and title.
  const docKind = block?.kind ?? (num ? kindFromCode(num.code) : vv ? 'Công văn' : null);
  const names = [place?.replace(/^Thành phố\s+/u, ''), issuer?.locality?.replace(/^(?:tỉnh|thành phố|Thành phố|quận|huyện|thị xã|xã|phường|thị trấn)\s+/u, '')].filter((n): n is string => !!n);
  let title = '';
  if (block && block.subject) {
    const subject = mendWords(block.subject, known);
    const cased = block.upper ? sentenceCase(subject, new CasingGuide(text, subject), names) : subject.replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLocaleLowerCase('vi'));
    const kindWord = block.kind ?? docKind;
    title = kindWord ? `${kindWord} ${cased}` : cased.replace(/^\p{Ll}/u, (c) => c.toLocaleUpperCase('vi'));
  } else if (docKind === 'Công văn' && vv) {
    title = `Công văn ${vv}`;
  } else if (block?.kind) {
    title = block.kind;
  }
  if (!title) {
    // Nothing in the header: the scraped page title, else the first long line.
    const scraped = lines.slice(0, 5).find((l) => /^#\s+\S/.test(l));
    title = scraped ? scraped.replace(/^#\s+/, '').trim() : (lines.map((l) => l.trim()).find((l) => l.length > 10) ?? docId);
  }
  const { schoolYear, period } = yearsOf(title);

  const signer = findSigner(lines, block ? block.last + 1 : headerEnd + 1);
  const base = { place, schoolYear, docNumber, issuerLevel: issuer?.level ?? null, signed };
  return {
    docId,
    title,
    shortName: shortNameOf(docId, base),
    issuer: issuer?.name ?? null,
    issuerLevel: issuer?.level ?? null,
    issuerType: issuer?.type ?? null,
    place,
    docKind,
    docNumber,
    enclosingNumber,
    signed,
    signer,
    schoolYear,
    period,
  };
}
