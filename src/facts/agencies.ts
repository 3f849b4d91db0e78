// Agencies of a plan: the sections of its implementation part ("TỔ CHỨC THỰC HIỆN"), the
// agencies named in its list items ("- Phòng Tư pháp: …", "- Giao Sở Y tế …"), and a
// normalizer (`agencyKey`) so "Phòng GD&ĐT", "Phòng GDĐT" and "phòng Giáo dục và Đào tạo"
// compare equal, and a user's "cong an" finds "Công an quận" and "Công an Thành phố".
import { readFileSync } from 'node:fs';
import { foldChars } from '../corpus/fold.js';
import type { Clause, DocumentMeta } from '../corpus/types.js';
import { resourcePath } from '../paths.js';
import { headingLine, lines, NON_BODY_KINDS, type Span } from './text.js';

// ---------------------------------------------------------------- names → keys

interface AgencyData {
  abbreviations: Record<string, string>;
  agencies: { name: string; aliases: string[] }[];
}

let data: { abbreviations: Map<string, string>; aliases: [string, string][] } | null = null;

function loadData(): NonNullable<typeof data> {
  if (data) return data;
  const raw = JSON.parse(readFileSync(resourcePath('src', 'facts', 'data', 'agencies.json'), 'utf8')) as AgencyData;
  const abbreviations = new Map(Object.entries(raw.abbreviations).map(([k, v]) => [k.toLowerCase(), v]));
  data = { abbreviations, aliases: [] };
  const aliases: [string, string][] = [];
  for (const a of raw.agencies) {
    const canonical = baseKey(a.name);
    for (const alias of a.aliases) aliases.push([baseKey(alias), canonical]);
  }
  // longest alias first, so "phong giao duc" does not shadow a longer one
  data.aliases = aliases.filter(([k, c]) => k && k !== c).sort((x, y) => y[0].length - x[0].length);
  return data;
}

const TITLE_WORDS = /^(giam doc|thu truong|lanh dao|chu tich|de nghi|giao)\s+/;
const DROP = new Set(['cac', 'va', 'nhung']);

function baseKey(name: string): string {
  const { abbreviations } = data ?? loadData();
  const folded = foldChars(name.normalize('NFC')).replace(/\s*&\s*/g, '&');
  const tokens = folded
    .split(/[\s,;:()"“”'’]+/)
    .filter(Boolean)
    .map((t) => abbreviations.get(t) ?? abbreviations.get(t.replace(/\.+$/, '')) ?? t);
  let key = tokens.join(' ').replace(/[^a-z0-9]+/g, ' ').trim();
  for (let prev = ''; prev !== key; ) {
    prev = key;
    key = key.replace(TITLE_WORDS, '');
  }
  return key
    .split(' ')
    .filter((t) => t && !DROP.has(t) && !/^\d+$/.test(t))
    .join(' ');
}

/**
 * A comparable form of an agency name: folded, abbreviations expanded, aliases resolved.
 * "Phòng GD&ĐT" → "phong giao duc dao tao"; "Tài chính - Kế hoạch" → "phong tai chinh ke hoach";
 * "UBND 9 phường" → "uy ban nhan dan phuong"; "Công an quận" → "cong an quan".
 */
export function agencyKey(name: string): string {
  const { aliases } = loadData();
  const key = baseKey(name);
  for (const [alias, canonical] of aliases) {
    if (key === canonical || key.startsWith(`${canonical} `)) break;
    if (key === alias) return canonical;
    if (key.startsWith(`${alias} `)) return `${canonical}${key.slice(alias.length)}`;
  }
  return key;
}

/** Type words that a user may leave out: "Tài chính - Kế hoạch" for "Phòng Tài chính - Kế hoạch", "Y tế" for "Sở Y tế". */
const TYPE_WORD = /^(phong|so|ban|trung tam)\s+/;

/** Does a query key name a stored key: the same name, or its beginning ("cong an" → "cong an quan"), with or without the type word? */
export function keyMatches(q: string, k: string): boolean {
  if (!q || !k) return false;
  const starts = (key: string) => key === q || key.startsWith(`${q} `);
  return starts(k) || starts(k.replace(TYPE_WORD, ''));
}

/**
 * True when a query (a user's "cong an", "Phòng GDĐT", "Tài chính") names the agency or one of
 * its members. A name matches from its beginning, so "Phòng GD&ĐT" does not match "Các trường
 * trực thuộc Phòng GD&ĐT".
 */
export function agencyMatches(query: string, keys: string[]): boolean {
  const q = agencyKey(query);
  return keys.some((k) => keyMatches(q, k));
}

// ---------------------------------------------------------------- names in running text

const AGENCY_START = [
  /^[Pp]hòng\s+(?=\p{Lu})/u,
  /^Sở\s+(?=\p{Lu})/u,
  /^(UBND|HĐND)(?![\p{L}])/u,
  /^(Ủy|Uỷ) ban\s+(nhân dân|Mặt trận|MTTQ|\p{Lu})/u,
  /^Công an\s+(quận|huyện|tỉnh|thành phố|xã|phường|\p{Lu})/u,
  /^Ban\s+(?!giám hiệu|đại diện|chấp hành|biên tập|ngành|hành|đầu)(?=\p{L})/u,
  /^Trung tâm\s+(?=\p{Lu})/u,
  /^Thanh tra(?![\p{L}])/u,
  /^Liên đoàn\s+(?=\p{Lu})/u,
  /^Đoàn\s+(?=\p{Lu})/u,
  /^Hội\s+(?=\p{Lu})/u,
  /^Văn phòng\s+(?=\p{Lu})/u,
  /^Bộ\s+(?=\p{Lu})/u,
  /^(Thủ tướng\s+)?Chính phủ(?![\p{L}])/u,
  /^(Ủy|Uỷ) ban\s+(thường vụ|Thường vụ)\s+Quốc hội/u,
  /^(Hội đồng|Đoàn đại biểu|Văn phòng)\s+(dân tộc|Dân tộc|Quốc hội)/u,
  /^Ngân hàng\s+(?=\p{Lu})/u,
  /^(Tổng công ty|Tổng cục|Cục|Chi cục|Vụ)\s+(?=\p{Lu})/u,
  /^Bưu điện(?![\p{L}])/u,
  /^[Cc]ơ quan\s+(Thuế|thuế|Bưu điện|\p{Lu})/u,
  /^Chủ tịch\s+(UBND|Ủy ban|Uỷ ban)/u,
  /^Thủ trưởng\s+(các\s+)?(Sở|sở|cơ quan|Ban|ban)/u,
  /^Kho bạc(?![\p{L}])/u,
  /^Bảo hiểm xã hội(?![\p{L}])/u,
  /^(Quận|Huyện|Thành|Tỉnh|Đảng) ủy(?![\p{L}])/u,
  /^Giám đốc (các )?Sở\s/u,
  /^[Cc]ác\s+(trường|cơ sở giáo dục|phòng|sở|cơ quan|ban|đơn vị|nhà trường|phường|xã|địa phương)(?![\p{L}])/u,
  /^[Cc]ơ sở giáo dục(?![\p{L}])/u,
];

/** Does the text begin with an agency name ("Phòng Tư pháp…", "Giám đốc Sở…", "các trường…")? */
export function startsWithAgency(text: string): boolean {
  const t = text.trimStart();
  return AGENCY_START.some((re) => re.test(t));
}

/** Words that end an agency name in running text (the verb of the sentence, or a preposition). */
const STOP_PHRASES = [
  'phối hợp', 'phối kết hợp', 'chủ trì', 'chủ động', 'hướng dẫn', 'tổ chức', 'thực hiện', 'tham mưu', 'xây dựng', 'chỉ đạo',
  'theo dõi', 'kiểm tra', 'rà soát', 'đảm bảo', 'bảo đảm', 'triển khai', 'tăng cường', 'nghiên cứu', 'có', 'làm', 'căn cứ',
  'hoàn thiện', 'hoàn thành', 'ban hành', 'quản lý', 'giải quyết', 'tiếp tục', 'cung cấp', 'hỗ trợ', 'tạo điều kiện', 'quan tâm', 'là',
  'phê duyệt', 'cân đối', 'bố trí', 'tuyên truyền', 'giám sát', 'thẩm định', 'trên cơ sở', 'trong', 'để', 'về', 'nhằm', 'với',
  'chịu', 'được', 'cần', 'phải', 'sẽ', 'đã', 'đôn đốc', 'vận động', 'duy trì', 'báo cáo', 'đề xuất', 'ưu tiên', 'khảo sát',
  'phát huy', 'lãnh đạo', 'chuẩn bị', 'huy động', 'thường xuyên', 'tích cực', 'nghiêm túc', 'phổ biến', 'tập trung', 'đẩy mạnh',
  'nâng cao', 'theo', 'tại', 'đối với', 'cùng', 'tiến hành', 'yêu cầu', 'bám sát', 'đề nghị', 'giao', 'thông tin', 'mở', 'tuyển dụng',
  'chịu trách nhiệm', 'ký', 'gửi', 'xác định', 'thẩm tra', 'lập', 'trình', 'đăng tải', 'thuyết minh', 'tổng hợp', 'tiếp nhận', 'công bố',
  'xét duyệt', 'kiểm soát', 'giải đáp', 'niêm yết', 'đăng nhập', 'tập trung thực hiện', 'thông báo', 'xem xét',
  'dự toán', 'quyết định', 'phân bổ', 'cấp phát', 'thanh toán', 'rút', 'chuyển', 'xử lý', 'quy định', 'chi trả', 'cho vay', 'xác nhận',
];
const STOP = new Set(STOP_PHRASES);

export interface NameSpan {
  name: string;
  /** Offsets inside the text given. */
  start: number;
  end: number;
}

/**
 * The agency name at the start of a text, up to the verb that follows it. In 'sentence' mode a
 * comma continues the name only before another agency ("Sở Y tế, Ban Quản lý …"); in 'heading'
 * mode commas and semicolons belong to the name ("Các cơ quan, ban, ngành, đoàn thể huyện; UBND các xã, thị trấn").
 */
export function agencyAtStart(text: string, mode: 'sentence' | 'heading' = 'sentence'): NameSpan | null {
  const lead = text.length - text.trimStart().length;
  if (!startsWithAgency(text)) return null;
  const words = [...text.slice(lead).matchAll(/\S+/g)];
  let end = lead;
  for (let i = 0; i < words.length && i < 18; i++) {
    const w = words[i][0];
    const at = lead + words[i].index!;
    if (i > 0) {
      if (w.startsWith('(')) break;
      const lower = w.replace(/[,;:.]+$/, '');
      if (lower === lower.toLowerCase()) {
        const two = `${lower} ${words[i + 1]?.[0].replace(/[,;:.]+$/, '') ?? ''}`;
        const three = `${two} ${words[i + 2]?.[0].replace(/[,;:.]+$/, '') ?? ''}`;
        // "Cục Người có công", "Trung tâm Điều dưỡng người có công": "có công" is part of a name
        if ((STOP.has(lower) || STOP.has(two) || STOP.has(three)) && two !== 'có công') break;
      }
    }
    end = at + w.replace(/[,;:.]+$/, '').length;
    if (/[:.]$/.test(w)) break;
    if (/[,;]$/.test(w)) {
      const rest = text.slice(at + w.length);
      // "Ủy ban nhân dân xã, phường, thị trấn", "Sở … các tỉnh, thành phố": a list of administrative levels stays in the name
      const levels = /,$/.test(w) && /^\s*(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)(?![\p{L}])/iu.test(rest) && /(?<![\p{L}])(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn),$/iu.test(text.slice(lead, at + w.length));
      if (mode === 'sentence' && !startsWithAgency(rest) && !levels) break;
    }
  }
  const name = text.slice(lead, end).trim();
  return name ? { name, start: lead, end: lead + name.length } : null;
}

/** Members of a list of agencies: "Phòng Y tế, Trung tâm Y tế quận" → both; "Sở Xây dựng, Sở Kế hoạch và Đầu tư và Sở Quy hoạch - Kiến trúc" → three. */
export function splitAgencies(name: string): string[] {
  const out: string[] = [];
  for (const part of name.split(/\s*;\s*/)) {
    let from = 0;
    for (const m of part.matchAll(/,\s+|\s+và\s+/g)) {
      const next = part.slice(m.index! + m[0].length);
      if (startsWithAgency(next)) {
        out.push(part.slice(from, m.index!).trim());
        from = m.index! + m[0].length;
      }
    }
    out.push(part.slice(from).trim());
  }
  return out.filter(Boolean);
}

// ---------------------------------------------------------------- assignments in a sentence

export interface Assignment {
  agency: string;
  /** Offset (in the text given) where the duty begins, after the agency (and "Giao"). */
  dutyStart: number;
  via: 'colon' | 'giao' | 'subject' | 'chi-dao';
}

/**
 * Who a sentence or list item gives work to: "- Phòng Tư pháp: Phối hợp …", "Giao Sở Y tế …
 * phối hợp …", "Chỉ đạo phòng GDĐT và các trường tổ chức …", or a sentence that opens with an
 * agency followed by its verb ("Sở Giáo dục và Đào tạo hoàn thiện …").
 */
export function assignmentIn(text: string): Assignment | null {
  const bullet = /^\s*[-+•]\s*/.exec(text)?.[0].length ?? 0;
  const body = text.slice(bullet);
  const colon = /^([^:;.]{3,90}):\s*/.exec(body);
  if (colon && startsWithAgency(colon[1]) && !/\d{4}/.test(colon[1])) {
    return { agency: colon[1].trim(), dutyStart: bullet + colon[0].length, via: 'colon' };
  }
  const giao = /^(Giao|Chỉ đạo|Đề nghị|Yêu cầu)\s+/u.exec(body);
  if (giao) {
    const n = agencyAtStart(body.slice(giao[0].length));
    if (n) return { agency: n.name, dutyStart: bullet + giao[0].length + n.end, via: giao[1] === 'Giao' ? 'giao' : 'chi-dao' };
  }
  // A sentence opening with an agency (capitalised, as a subject) and its verb.
  if (/^\p{Lu}/u.test(body) && !/^[Cc]ác\s/u.test(body)) {
    const n = agencyAtStart(body);
    if (n) {
      const after = body.slice(n.end).trimStart();
      const word = after.split(/\s+/).slice(0, 2).map((x) => x.replace(/[,;:.]+$/, '')).join(' ');
      if (/^\p{Ll}/u.test(after) && (STOP.has(word) || STOP.has(word.split(' ')[0]))) return { agency: n.name, dutyStart: bullet + n.end, via: 'subject' };
    }
  }
  return null;
}

// ---------------------------------------------------------------- the implementation part

export interface AgencySection {
  docId: string;
  clauseId: string;
  /** As written: "Phòng Y tế, Trung tâm Y tế quận". */
  name: string;
  key: string;
  members: string[];
  memberKeys: string[];
  /** A numbered section of the implementation part, or a list item naming its agency. */
  source: 'section' | 'bullet';
  /** Where the name is written (the heading line or the list item), verbatim. */
  quote: string;
  /** Offsets of the text this agency is responsible for, inside the clause text. */
  spans: Span[];
}

export function isImplementationHeading(heading: string): boolean {
  return /tổ chức thực hiện/u.test(heading.toLocaleLowerCase('vi'));
}

/** The implementation part of a plan (the clause headed "TỔ CHỨC THỰC HIỆN"), if any. */
export function implementationRoot(clauses: Clause[]): Clause | undefined {
  return clauses.find((c) => (c.kind === 'part' || c.kind === 'section') && isImplementationHeading(c.heading));
}

/** Clause ids inside the implementation part (the root and all its descendants). */
export function implementationIds(clauses: Clause[]): Set<string> {
  const root = implementationRoot(clauses);
  const ids = new Set<string>();
  if (!root) return ids;
  ids.add(root.id);
  for (const c of clauses) if (c.parentId && ids.has(c.parentId)) ids.add(c.id); // parents come first
  return ids;
}

function looksLikeName(line: string): boolean {
  return line.length <= 110 && !line.includes(';') && !/\.\s*$/.test(line) && !/^Giao\s/u.test(line) && !/[.!?]\s+\p{Lu}/u.test(line);
}

/** "(sau đây viết tắt là Phòng GDĐT)", "(gọi tắt là Ban QLDA)": a short name being defined, written after a name. */
export const SHORT_NAME_DEFINED = String.raw`\((?:sau đây\s+)?(?:được\s+)?(?:gọi|viết)\s+(?:tắt\s+)?là\s+[^)]+\)`;
const SHORT_NAME_AFTER = new RegExp(String.raw`\s*${SHORT_NAME_DEFINED}`, 'gu');

/**
 * "Giám đốc Sở Lao động …" → "Sở Lao động …": the agency, not the post of its head; nor the short
 * name it defines after it ("Phòng Giáo dục và Đào tạo (sau đây viết tắt là Phòng GDĐT)").
 */
export function withoutPost(name: string): string {
  const own = name.replace(SHORT_NAME_AFTER, '').trim() || name;
  return own.replace(/^(Giám đốc|Chủ tịch|Thủ trưởng|Lãnh đạo)\s+(?=(các\s+)?\p{Lu})/u, '').replace(/^các\s+(?=\p{Lu})/u, '');
}

function makeAgency(c: Clause, rawName: string, source: AgencySection['source'], quote: string, spans: Span[]): AgencySection {
  const name = withoutPost(rawName);
  const members = splitAgencies(name);
  return { docId: c.docId, clauseId: c.id, name, key: agencyKey(name), members, memberKeys: members.map(agencyKey), source, quote, spans };
}

/**
 * Every agency of the implementation part: one per section (a section whose own text is only
 * list items naming other agencies is a group, not an agency), plus one per list item that names
 * its agency ("- Ban Tổ chức Quận ủy: …", "- Giao Sở Nội vụ …").
 */
export function extractAgencies(_meta: DocumentMeta, clauses: Clause[]): AgencySection[] {
  const ids = implementationIds(clauses);
  const out: AgencySection[] = [];
  const childrenOf = (id: string) => clauses.filter((c) => c.parentId === id && ids.has(c.id));
  const visit = (c: Clause) => {
    const kids = childrenOf(c.id);
    const [first, ...rest] = lines(c.text);
    const body = rest;
    if (kids.length > 0 && body.length === 0) {
      kids.forEach(visit);
      return;
    }
    const head = headingLine(c).trim();
    let name: string | null = null;
    const own: Span[] = [];
    if (looksLikeName(head)) {
      name = head.replace(/[:.]\s*$/, '').replace(/^Đề nghị\s+/u, '').trim();
    } else {
      const text = head.replace(/^Giao\s+/u, '');
      name = agencyAtStart(text, 'heading')?.name ?? null;
      own.push(first); // the heading line is itself the first duty
    }
    const bullets: AgencySection[] = [];
    for (const l of body) {
      const a = /^\s*[-+•]/.test(l.text) ? assignmentIn(l.text) : null;
      if (a && (a.via === 'colon' || a.via === 'giao')) {
        const marker = /^\s*[-+•]\s*/.exec(l.text)![0].length;
        bullets.push(makeAgency(c, a.agency, 'bullet', l.text.slice(marker), [{ start: l.start + marker, end: l.end, text: l.text.slice(marker) }]));
      } else own.push(l);
    }
    if (name && own.length > 0) out.push(makeAgency(c, name, 'section', first.text, own));
    out.push(...bullets);
    kids.forEach(visit);
  };
  const root = implementationRoot(clauses);
  if (root) {
    const kids = childrenOf(root.id);
    if (kids.length) kids.forEach(visit);
  }
  return out;
}

/** Clause kinds and places where work is assigned outside the implementation part. */
export function isBodyClause(c: Clause): boolean {
  return !NON_BODY_KINDS.has(c.kind) && c.kind !== 'appendix' && c.kind !== 'row';
}
