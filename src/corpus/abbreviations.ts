// Abbreviations a document defines in its own text: "người có công (NCC)", "Ngân sách nhà
// nước (NSNN)", "… (sau đây viết tắt là TTHC)", "(sau đây gọi tắt là Quyết định 22)". An
// acronym in parentheses, or declared with "viết tắt là" / "gọi tắt là", is taken when the
// words before it begin with its letters (a "và" or "của" may be skipped, as in "Giáo dục và
// Đào tạo (GD&ĐT)").
import { foldChars } from './fold.js';

export interface DefinedAbbreviation {
  abbr: string;
  full: string;
}

const SKIPPABLE = new Set(['va', 'cua', 'cho', 've', 'voi']);
const DECLARED = /\((?:sau đây\s+)?(?:được\s+)?(?:viết tắt|gọi tắt)(?:\s+là)?\s*:?\s*[“"]?([^()“”"]{1,40}?)[”"]?\s*\)/giu;
const ACRONYM = /\((\p{Lu}[\p{Lu}&\-.]{1,11})\)/gu;

/** Letters of an acronym as folded initials: "GD&ĐT" → "gddt". */
const letters = (abbr: string) => foldChars(abbr).replace(/[^a-z]/g, '');

/** The shortest run of words ending the text whose initials spell the acronym. */
function expansion(before: string, abbr: string): string | null {
  const want = letters(abbr);
  if (want.length < 2) return null;
  const words = [...before.matchAll(/[\p{L}\p{N}]+/gu)];
  // Try ever longer tails; match initials, skipping small words that are not needed.
  for (let n = 2; n <= Math.min(words.length, want.length + 4); n++) {
    const tail = words.slice(words.length - n);
    let k = 0;
    let ok = true;
    for (const w of tail) {
      const f = foldChars(w[0]);
      if (k < want.length && f[0] === want[k]) k++;
      else if (!SKIPPABLE.has(f)) {
        ok = false;
        break;
      }
    }
    if (ok && k === want.length && !SKIPPABLE.has(foldChars(tail[0][0]))) return before.slice(tail[0].index!).trim();
  }
  return null;
}

/**
 * "Phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố (sau đây gọi tắt là Phòng GDĐT)": a
 * short form of words and an acronym reaches back to its first word, the acronym's letters after
 * it, any qualifier up to the parenthesis belonging to it.
 */
function mixedExpansion(before: string, name: string): string | null {
  const m = /^((?:\p{Lu}[\p{Ll}]+\s+){1,3})(\p{Lu}[\p{Lu}&\-]{1,11})$/u.exec(name.trim());
  if (!m) return null;
  const lead = m[1].trim();
  const want = letters(m[2]);
  for (let at = before.lastIndexOf(lead); at >= 0; at = at > 0 ? before.lastIndexOf(lead, at - 1) : -1) {
    const after = [...before.slice(at + lead.length).matchAll(/[\p{L}\p{N}]+/gu)].map((w) => foldChars(w[0]));
    let k = 0;
    for (const w of after) {
      if (k === want.length) break;
      if (w[0] === want[k]) k++;
      else if (!SKIPPABLE.has(w)) break;
    }
    if (k === want.length) return before.slice(at).trim().replace(/[,;:]$/, '');
  }
  return null;
}

// The head words of an organ's name, as a plan writes it before the short form it then uses.
const ORGAN_HEAD = /(?:Trung tâm|Ủy ban|Uỷ ban|Hội đồng|Bảo hiểm|Văn phòng|Chi cục|Sở|Phòng|Ban|Bộ|Cục|Viện|Quỹ|Hội|Đoàn)\s+\p{Lu}/gu;
/**
 * "Trung tâm Kiểm soát bệnh tật tỉnh Thượng Giang (sau đây gọi tắt là CDC tỉnh)": a short form
 * whose letters are not the name's; the organ's name is the one written right before it.
 */
function organBefore(before: string): string | null {
  const tail = before.slice(-160);
  let last: RegExpExecArray | null = null;
  for (const m of tail.matchAll(ORGAN_HEAD)) last = m;
  if (!last) return null;
  const name = tail.slice(last.index).trim();
  return /[.;:()]/.test(name) || name.split(/\s+/).length > 14 ? null : name.replace(/[,]$/, '');
}

/**
 * Where a text defines the short form asked ("Phòng GDĐT", "NCC"): its full form and the words
 * that say so, a verbatim part of the text to quote.
 */
export function definitionIn(text: string, asked: string): { full: string; quote: string } | null {
  const key = foldChars(asked).toLowerCase().replace(/\s+/g, ' ').trim();
  const same = (x: string) => foldChars(x).toLowerCase().replace(/\s+/g, ' ').trim() === key;
  const quoted = (full: string, end: number) => {
    const at = text.lastIndexOf(full, end);
    return at >= 0 ? { full, quote: text.slice(at, end).trim() } : null;
  };
  for (const m of text.matchAll(DECLARED)) {
    if (!same(m[1])) continue;
    const name = m[1].trim();
    const before = text.slice(Math.max(0, m.index! - 300), m.index!);
    const full = (/^\p{Lu}[\p{Lu}&\-]{1,11}$/u.test(name) ? expansion(before, name) : mixedExpansion(before, name)) ?? organBefore(before);
    if (full) return quoted(full, m.index! + m[0].length);
  }
  for (const m of text.matchAll(ACRONYM)) {
    if (!same(m[1])) continue;
    const full = expansion(text.slice(Math.max(0, m.index! - 200), m.index!), m[1]);
    if (full) return quoted(full, m.index! + m[0].length);
  }
  return null;
}

/** Abbreviations defined in a document's texts, each once (first definition wins). */
export function learnAbbreviations(texts: Iterable<string>): DefinedAbbreviation[] {
  const out = new Map<string, DefinedAbbreviation>();
  const add = (abbr: string, full: string) => {
    const key = foldChars(abbr);
    if (!out.has(key) && full && foldChars(full) !== key) out.set(key, { abbr, full });
  };
  for (const text of texts) {
    for (const m of text.matchAll(ACRONYM)) {
      const before = text.slice(Math.max(0, m.index! - 200), m.index!);
      const full = expansion(before, m[1]);
      if (full) add(m[1].replace(/[.]$/, ''), full);
    }
    for (const m of text.matchAll(DECLARED)) {
      const name = m[1].trim();
      const before = text.slice(Math.max(0, m.index! - 300), m.index!);
      // Only an acronym is taken: a named short form ("gọi tắt là Kế hoạch") has no reliable extent.
      const full = /^\p{Lu}[\p{Lu}&\-]{1,11}$/u.test(name) ? expansion(before, name) : null;
      if (full) add(name, full);
    }
  }
  return [...out.values()];
}

/** The standard abbreviations of Vietnamese administrative and education texts, folded abbreviation → full form. */
export const STANDARD_ABBREVIATIONS: [string, string][] = [
  ['ubnd', 'ủy ban nhân dân'],
  ['hdnd', 'hội đồng nhân dân'],
  ['ubtvqh', 'ủy ban thường vụ quốc hội'],
  ['mttq', 'mặt trận tổ quốc'],
  ['ttcp', 'thủ tướng chính phủ'],
  ['cp', 'chính phủ'],
  ['gd&dt', 'giáo dục và đào tạo'],
  ['gddt', 'giáo dục và đào tạo'],
  ['gd-dt', 'giáo dục và đào tạo'],
  ['bgddt', 'bộ giáo dục và đào tạo'],
  ['sgddt', 'sở giáo dục và đào tạo'],
  ['pgddt', 'phòng giáo dục và đào tạo'],
  ['ldtbxh', 'lao động - thương binh và xã hội'],
  ['bldtbxh', 'bộ lao động - thương binh và xã hội'],
  ['kh&dt', 'kế hoạch và đầu tư'],
  ['khdt', 'kế hoạch và đầu tư'],
  ['tnmt', 'tài nguyên và môi trường'],
  ['tn&mt', 'tài nguyên và môi trường'],
  ['tttt', 'thông tin và truyền thông'],
  ['tt&tt', 'thông tin và truyền thông'],
  ['vhttdl', 'văn hóa, thể thao và du lịch'],
  ['btc', 'bộ tài chính'],
  ['bxd', 'bộ xây dựng'],
  ['byt', 'bộ y tế'],
  ['bca', 'bộ công an'],
  ['kbnn', 'kho bạc nhà nước'],
  ['nhcsxh', 'ngân hàng chính sách xã hội'],
  ['bhxh', 'bảo hiểm xã hội'],
  ['bhyt', 'bảo hiểm y tế'],
  ['bcd', 'ban chỉ đạo'],
  ['ncc', 'người có công'],
  ['nsnn', 'ngân sách nhà nước'],
  ['nstw', 'ngân sách trung ương'],
  ['nsdp', 'ngân sách địa phương'],
  ['tthc', 'thủ tục hành chính'],
  ['mtqg', 'mục tiêu quốc gia'],
  ['cchc', 'cải cách hành chính'],
  ['qppl', 'quy phạm pháp luật'],
  ['vbqppl', 'văn bản quy phạm pháp luật'],
  ['thcs', 'trung học cơ sở'],
  ['thpt', 'trung học phổ thông'],
  ['th', 'tiểu học'],
  ['mn', 'mầm non'],
  ['gdmn', 'giáo dục mầm non'],
  ['gdpt', 'giáo dục phổ thông'],
  ['gdtx', 'giáo dục thường xuyên'],
  ['gdnn', 'giáo dục nghề nghiệp'],
  ['gdnn-gdtx', 'giáo dục nghề nghiệp - giáo dục thường xuyên'],
  ['ptdtnt', 'phổ thông dân tộc nội trú'],
  ['ptdtbt', 'phổ thông dân tộc bán trú'],
  ['csvc', 'cơ sở vật chất'],
  ['tbdh', 'thiết bị dạy học'],
  ['sgk', 'sách giáo khoa'],
  ['sdd', 'suy dinh dưỡng'],
  ['cntt', 'công nghệ thông tin'],
  ['pcgd', 'phổ cập giáo dục'],
  ['pcgdmn', 'phổ cập giáo dục mầm non'],
  ['pcgdth', 'phổ cập giáo dục tiểu học'],
  ['pcgdthcs', 'phổ cập giáo dục trung học cơ sở'],
  ['xmc', 'xóa mù chữ'],
  ['attp', 'an toàn thực phẩm'],
  ['vsattp', 'vệ sinh an toàn thực phẩm'],
  ['pccc', 'phòng cháy chữa cháy'],
  ['atgt', 'an toàn giao thông'],
  ['hs', 'học sinh'],
  ['gv', 'giáo viên'],
  ['nv', 'nhân viên'],
  ['gvcn', 'giáo viên chủ nhiệm'],
  ['cbgv', 'cán bộ, giáo viên'],
  ['cbqlgd', 'cán bộ quản lý giáo dục'],
  ['tpt', 'tổng phụ trách'],
  ['hsg', 'học sinh giỏi'],
  ['ctgdpt', 'chương trình giáo dục phổ thông'],
  ['ppdh', 'phương pháp dạy học'],
  ['ktdg', 'kiểm tra, đánh giá'],
  ['bdtx', 'bồi dưỡng thường xuyên'],
  ['kdclgd', 'kiểm định chất lượng giáo dục'],
  ['tdkt', 'thi đua, khen thưởng'],
  ['hdgd', 'hoạt động giáo dục'],
  ['cb', 'cán bộ'],
  ['cbql', 'cán bộ quản lý'],
  ['cbgvnv', 'cán bộ, giáo viên, nhân viên'],
  ['cmhs', 'cha mẹ học sinh'],
  ['qg', 'quốc gia'],
  ['tp', 'thành phố'],
  ['tw', 'trung ương'],
  ['dbkk', 'đặc biệt khó khăn'],
  ['dtts', 'dân tộc thiểu số'],
  ['ntm', 'nông thôn mới'],
  ['kcn', 'khu công nghiệp'],
  ['kcx', 'khu chế xuất'],
  ['kkt', 'khu kinh tế'],
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\&-]/g, '\\$&');

/**
 * The other forms of the defined abbreviations a text uses: the full form where it writes
 * the abbreviation, the abbreviation where it writes the full form (folded comparison).
 */
export function definedVariants(text: string, defined: DefinedAbbreviation[]): string[] {
  return definedVariantsOf(defined)(text);
}

/** definedVariants for one document's definitions, asked of each of its clauses: the patterns made once. */
export function definedVariantsOf(defined: DefinedAbbreviation[]): (text: string) => string[] {
  const tests = defined.map((d) => ({ d, abbr: new RegExp(`(^|[^a-z0-9&])${escapeRe(foldChars(d.abbr))}($|[^a-z0-9&])`), full: foldChars(d.full) }));
  return (text) => {
    if (tests.length === 0) return [];
    const folded = foldChars(text);
    const out: string[] = [];
    for (const { d, abbr, full } of tests) {
      if (abbr.test(folded)) out.push(d.full);
      if (folded.includes(full)) out.push(d.abbr);
    }
    return out;
  };
}

/** The defined abbreviations of a document that the standard list does not already have. */
export function newDefinitions(texts: Iterable<string>): DefinedAbbreviation[] {
  const standard = new Set(STANDARD_ABBREVIATIONS.map(([a]) => a));
  return learnAbbreviations(texts).filter((d) => !standard.has(foldChars(d.abbr)) && foldChars(d.abbr).replace(/[^a-z]/g, '').length >= 2);
}
