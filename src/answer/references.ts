// What a question names beyond its topic: a document by its number or short name ("QĐ 22/2013",
// "Kế hoạch 2313", "Circular 98/2013/TT-BTC") and a section by its numbering ("Điều 3 khoản 1",
// "điểm b khoản 2 Điều 8", "mục B.II", "Article 6", "Phụ lục 1"). Pure: text in, references out.
import { foldChars } from '../corpus/fold.js';

/** Kind codes as they stand in document numbers ("22/2013/QĐ-TTg" → QD). Công văn carry none. */
export type KindCode = 'QD' | 'KH' | 'CT' | 'TT' | 'NQ' | 'HD' | 'TB' | 'BC' | 'CV' | 'ND' | 'QDINH';

const KIND_WORDS: [RegExp, KindCode][] = [
  [/^(quyet dinh|qd|decision)$/, 'QD'],
  [/^(ke hoach|kh|plan)$/, 'KH'],
  [/^(chi thi|ct|directive)$/, 'CT'],
  [/^(thong tu|tt|circular)$/, 'TT'],
  [/^(nghi quyet|nq|resolution)$/, 'NQ'],
  [/^(nghi dinh|nd|decree)$/, 'ND'],
  [/^(huong dan|hd|guidance|guideline|guidelines|instruction|instructions)$/, 'HD'],
  [/^(thong bao|tb|notice|announcement)$/, 'TB'],
  [/^(bao cao|bc|report)$/, 'BC'],
  [/^(cong van|cv|official letter|letter|dispatch|official dispatch)$/, 'CV'],
];
const KIND_PHRASE = /(quyet dinh|ke hoach|chi thi|thong tu|nghi quyet|nghi dinh|huong dan|thong bao|bao cao|cong van|official letter|official dispatch|qd|kh|ct|tt|nq|nd|hd|tb|bc|cv|decision|plan|directive|circular|resolution|decree|guidance|guidelines?|instructions?|notice|report|letter|dispatch)/;

function kindOfWord(word: string): KindCode | null {
  return KIND_WORDS.find(([re]) => re.test(word))?.[1] ?? null;
}

/**
 * A word that names a kind of document (folded: "ke hoach", "quyet dinh", "van ban"): without a
 * number it says where to look, not what a question is about.
 */
export function isDocumentKind(folded: string): boolean {
  const w = folded.trim().toLowerCase();
  const kind = kindOfWord(w);
  // "hướng dẫn" is as often the verb "guide" as the kind of document, and "báo cáo" the report a
  // plan asks for ("what must the report include?") or the verb "report".
  return w === 'van ban' || w === 'to trinh' || (kind !== null && kind !== 'HD' && kind !== 'BC');
}

/** The kind a document number says ("22/2013/QĐ-TTg" → QD; "2638/LĐTBXH-KHTC" → CV). */
export function kindOfNumber(docNumber: string): KindCode {
  const parts = foldChars(docNumber).toLowerCase().split('/');
  const code = (parts[parts.length - 1] ?? '').split('-')[0];
  return kindOfWord(code) ?? 'CV';
}

export interface DocumentRef {
  /** The number without leading zeros: "22", "2313". */
  number: string;
  year: string | null;
  kind: KindCode | null;
  /** As the question writes it, for messages. */
  text: string;
}

/**
 * Documents named by number. A number counts when a kind word stands right before it ("QĐ 22",
 * "Kế hoạch số 2313", "Decision No. 1351") or when it is written as a document number
 * ("22/2013/QĐ-TTg", "98/2013/TT-BTC", "2313/KH-SGDĐT"). School years and bare years are not numbers.
 */
export function documentRefs(question: string): DocumentRef[] {
  const q = question.replace(/\s+/g, ' ');
  const f = foldChars(q).toLowerCase();
  // Folding keeps one character per character, so a match shows as the question wrote it.
  const asWritten = (m: RegExpMatchArray) => (f.length === q.length ? q.slice(m.index!, m.index! + m[0].length) : m[0]);
  const out: DocumentRef[] = [];
  const seen = new Set<string>();
  const add = (num: string, year: string | null, kind: KindCode | null, text: string) => {
    const number = String(Number(num));
    const key = `${number}/${year}/${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ number, year, kind, text: text.trim() });
  };
  // "22/2013/qd-ttg", "2313/kh-sgddt", "494/nq-ubtvqh13", "2638/ldtbxh-khtc"
  for (const m of f.matchAll(/(?<![\d/])(\d{1,5})\s*(?:\/\s*((?:19|20)\d\d))?\s*\/\s*([a-z&]+(?:-[a-z0-9&]+)+)/g)) {
    add(m[1], m[2] ?? null, kindOfNumber(m[3]), asWritten(m));
  }
  // "qd 22/2013", "quyet dinh so 22", "decision no. 1351", "chi thi 11", "kh 2313"
  const kindThenNumber = new RegExp(`(?:^|[^a-z])${KIND_PHRASE.source}\\s+(?:so\\s+|no\\.?\\s*|number\\s+|#\\s*)?(\\d{1,5})(?:\\s*\\/\\s*((?:19|20)\\d\\d))?(?![\\d-]|\\s*-\\s*\\d)`, 'g');
  for (const m of f.matchAll(kindThenNumber)) {
    const [, word, num, year] = m;
    const n = Number(num);
    // "Kế hoạch 2023" names a year, not a number, unless a slash follows ("2023/..." was caught above).
    if (!year && n >= 1990 && n <= 2040) continue;
    add(num, year ?? null, kindOfWord(word), asWritten(m).replace(/^[^\p{L}\d]+/u, ''));
  }
  return out;
}

export interface NumberedDoc {
  docId: string;
  /** Its own number and any other it is known by (the decision a plan is attached to). */
  numbers: string[];
  /** Year it was signed, when known: "98/2013" matches a number without a year signed in 2013. */
  signedYear: number | null;
}

function parseNumber(n: string): { number: string; year: string | null; kind: KindCode } | null {
  const m = /^0*(\d{1,5})\s*(?:\/\s*((?:19|20)\d\d))?\s*\/\s*(\S+)$/.exec(n.trim());
  return m ? { number: String(Number(m[1])), year: m[2] ?? null, kind: kindOfNumber(n) } : null;
}

/** The documents a reference names: same number, and the same year and kind where both say one. */
export function documentsNamed(ref: DocumentRef, docs: NumberedDoc[]): string[] {
  return docs
    .filter((d) =>
      d.numbers.some((n) => {
        const p = parseNumber(n);
        if (!p || p.number !== ref.number) return false;
        const year = p.year ?? (d.signedYear ? String(d.signedYear) : null);
        if (ref.year && year && ref.year !== year) return false;
        if (ref.kind && ref.kind !== p.kind) return false;
        return true;
      }),
    )
    .map((d) => d.docId);
}

export interface SectionRef {
  /** Path of the clause, as planbot numbers it: "dieu-3.1", "dieu-8.2.b", "III.4", "B.II", "phu-luc-1". */
  path: string;
  /** Other spellings of the same place in other numbering schemes, tried in order. */
  alternatives: string[];
  text: string;
}

const ROMAN_OR_NUM = '([ivx]{1,5}|\\d{1,3})';

function romanUpper(s: string): string {
  return /^[ivx]+$/i.test(s) ? s.toUpperCase() : s;
}

/** A section named by its numbering, in Vietnamese or English, in either order. */
export function sectionRefOf(question: string): SectionRef | null {
  // (Brackets around a reference are no part of it: "(section 5.4)", "[Điều 3]"; "Article 8(2)" is "8.2".)
  const f = ` ${foldChars(question).toLowerCase().replace(/(\d)\s*\((\d{1,2})\)/g, '$1.$2').replace(/[,;?!()[\]"“”]/g, ' ').replace(/\s+/g, ' ')} `;
  const article = /\s(?:dieu|article|art\.)\s*(\d{1,3})(?:\s*[.(]\s*(\d{1,2})\)?)?(?=[\s.]|$)/.exec(f);
  const clause = /\s(?:khoan|clause|paragraph|para\.?)\s*(\d{1,2})(?=[\s.]|$)/.exec(f);
  const point = /\s(?:diem|point|item|letter)\s*([a-z])\)?(?=[\s.]|$)/.exec(f);
  // "mục II.3", "§ II.3", "khoản 1.2" (a decimal path under "khoản" is a plan's numbering, not an article's),
  // "point 4" of a letter (a point with a number is an item, with a letter a điểm)
  const muc = /\s(?:muc|tieu muc|section|subsection|phan|part|item|sect\.|dieu khoan|§|(?:khoan|clause)(?=\s*\d{1,2}\.\d)|(?:point|diem)(?=\s*(?:\d|[ivx]{1,5}\.\d)))\s*((?:[a-h]\.)?[ivx]{1,5}(?:\.\d{1,2})*(?:\.[a-z])?|\d{1,2}(?:\.\d{1,2})*(?:\.[a-z])?)(?=[\s.]|$)/.exec(f);
  const chapter = new RegExp(`\\s(?:chuong|chapter)\\s*${ROMAN_OR_NUM}(?=[\\s.]|$)`).exec(f);
  const annex = new RegExp(`\\s(?:phu luc(?: so)?|appendix|annex)\\s*${ROMAN_OR_NUM}(?=[\\s.]|$)`).exec(f);
  const text = [article, clause, point, muc, chapter, annex].filter(Boolean).map((m) => m![0].trim()).join(' ');

  if (article) {
    // "mục 2 Điều 1" uses "mục" for a khoản; "Article 8(2)" and "Điều 8.2" too.
    const k = clause?.[1] ?? article[2] ?? (muc && /^\d{1,2}$/.test(muc[1]) ? muc[1] : null);
    const p = point?.[1] ?? null;
    const path = `dieu-${Number(article[1])}${k ? `.${Number(k)}` : ''}${k && p ? `.${p}` : ''}`;
    return { path, alternatives: [], text };
  }
  if (annex) {
    const n = /^\d+$/.test(annex[1]) ? String(Number(annex[1])) : romanUpper(annex[1]);
    return { path: `phu-luc-${n}`, alternatives: [`appendix-${n}`], text };
  }
  if (chapter) {
    const n = romanUpper(chapter[1]);
    return { path: `chuong-${n}`, alternatives: [], text };
  }
  if (muc) {
    // "điểm b mục 4", "point a of section II.3": the letter is a point of that section.
    const raw = point && !/\.[a-z]$/.test(muc[1]) && point.index !== muc.index ? `${muc[1]}.${point[1]}` : muc[1];
    // "b.ii" → "B.II"; "iii.4" → "III.4"; "ii.2.1.a" keeps its letter lower case.
    const parts = raw.split('.');
    const path = parts
      .map((p, i) => (i === 0 && parts.length > 1 && /^[a-h]$/.test(p) && /^[ivx]+$/.test(parts[1] ?? '') ? p.toUpperCase() : /^[ivx]+$/.test(p) && i <= 1 ? p.toUpperCase() : p))
      .join('.');
    // A single decimal is ambiguous ("mục 2", "phần 2"): only with more context is it a path. A
    // numbered point or item ("point 4 of the letter") is a letter's or plan's top-level number.
    if (/^\d{1,2}$/.test(path) && !/^\s(point|diem|item)\b/.test(muc[0])) return null;
    return { path, alternatives: [], text };
  }
  return null;
}
