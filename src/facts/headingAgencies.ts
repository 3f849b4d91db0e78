// Agencies named by headings and inside sentences, outside a plan's implementation part: the
// shapes of decisions, circulars and official letters. A heading that names an agency gives it
// the duties below ("a) Bộ Xây dựng:" and its bullets; "2. Trách nhiệm của Ủy ban nhân dân các
// tỉnh …" and its items; "1. Ủy ban nhân dân xã …: Khi nhận được hồ sơ …, có trách nhiệm:" and
// its points), and a sentence may name its agency after an opening phrase ("Căn cứ …, Sở Xây
// dựng tổng hợp …") or before "chủ trì" ("… gửi Phòng Lao động … chủ trì, phối hợp với …").
import type { Clause } from '../corpus/types.js';
import { agencyAtStart, assignmentIn, SHORT_NAME_DEFINED, startsWithAgency, withoutPost, type Assignment } from './agencies.js';

export { withoutPost };
import { headingLine } from './text.js';


/**
 * The agency a line introducing a list names ("Giám đốc Sở … có trách nhiệm:", "Ủy ban thường
 * vụ Quốc hội yêu cầu Chính phủ, Thủ tướng Chính phủ tập trung thực hiện … sau đây:"), or null.
 */
export function introAgency(line: string): string | null {
  const t = line.replace(/^[\s\-–+•]+/, '').trim();
  if (!/:\s*$/.test(t) || t.length > 400) return null;
  const asks = /(?<![\p{L}])(yêu cầu|đề nghị|giao|chỉ đạo)\s+/iu.exec(t);
  if (asks) {
    const n = agencyAtStart(t.slice(asks.index + asks[0].length));
    if (n) return withoutPost(n.name);
  }
  const m = /^(.{3,160}?)\s*(?:(?:có|chịu)\s+trách\s+nhiệm(?:\s+thực\s+hiện)?(?:\s+các\s+(?:nội\s+dung|nhiệm\s+vụ)\s+sau(?:\s+đây)?)?)?\s*:\s*$/u.exec(t);
  if (!m || !startsWithAgency(m[1])) return null;
  const n = agencyAtStart(m[1].replace(/^Giao\s+/u, ''), 'heading');
  // the whole intro is the name, or the name and its "có trách nhiệm"
  return n && n.end >= m[1].trim().length - 1 ? withoutPost(n.name) : null;
}

/** The agency a clause's heading line (or the line introducing its sub-items) names for the duties under it, or null. */
export function headingAgency(c: Clause): string | null {
  const last = c.text.split('\n').pop() ?? '';
  return headingLineAgency(c) ?? (c.text.includes('\n') || !c.label ? introAgency(last) : null);
}

function headingLineAgency(c: Clause): string | null {
  const head = headingLine(c).trim();
  if (!head || head.length > 400) return null;
  const of = /^(?:Trách nhiệm|Nhiệm vụ)\s+của\s+(.+?)\s*[:.]?$/u.exec(head);
  if (of && startsWithAgency(of[1])) return withoutPost(of[1]);
  if (!startsWithAgency(head)) return null;
  // "Ban Quản lý dự án đầu tư xây dựng huyện (sau đây gọi tắt là Ban QLDA huyện)": a heading that
  // defines its own short name is a name, whole ("xây dựng" there is no duty).
  const defined = new RegExp(String.raw`^(.+?)\s*${SHORT_NAME_DEFINED}\s*:?\s*$`, 'u').exec(head);
  if (defined && defined[1].length <= 110 && !/[.;]/.test(defined[1])) return withoutPost(defined[1]);
  // "Bộ Xây dựng:", "UBND cấp huyện": the whole line is a name
  const bare = head.replace(/\s*:\s*$/, '');
  const n = agencyAtStart(bare, 'heading');
  if (n && n.end >= bare.length - 1 && bare.length <= 110 && !/[.;]\s*$/.test(bare)) return withoutPost(n.name);
  // "Ủy ban nhân dân xã …: Khi nhận được hồ sơ …, có trách nhiệm:", "Giám đốc Sở … có trách nhiệm:"
  if (/:\s*$/.test(head)) {
    const colon = /^([^:;.]{3,90}):/.exec(head);
    const name = agencyAtStart(colon ? colon[1] : head, 'heading');
    if (name) return withoutPost(name.name);
  }
  return null;
}

const OPENING = /^(Căn cứ|Trên cơ sở|Sau khi|Khi|Trong|Trường hợp|Kết thúc|Hàng|Hằng|Định kỳ|Đồng thời|Ngoài|Nếu|Để)(?![\p{L}])/u;

export interface SentenceAssignment extends Assignment {
  /** The part of the sentence (offsets in it) that is this agency's: up to the next agency's part. */
  start: number;
  end: number;
}

/**
 * Every agency a sentence gives work to, each with its part of the sentence: its subject or
 * "Giao …" at the start, a subject after an opening phrase or after "; " ("…; Ủy ban nhân dân
 * cấp huyện tổng hợp …"), an agency before "chủ trì" ("… gửi Phòng Lao động … chủ trì, phối hợp …").
 */
export function assignmentsIn(text: string): SentenceAssignment[] {
  const out: SentenceAssignment[] = [];
  const first = assignmentIn(text) ?? assignmentWithin(text);
  if (first) out.push({ ...first, start: 0, end: text.length });
  // a new subject after "; "
  for (const m of text.matchAll(/;\s+/gu)) {
    const at = m.index! + m[0].length;
    if (!startsWithAgency(text.slice(at))) continue;
    const a = assignmentIn(text.slice(at));
    if (a?.via !== 'subject') continue;
    const prev = out[out.length - 1];
    if (prev && prev.start < at) prev.end = m.index! + 1;
    out.push({ ...a, dutyStart: at + a.dutyStart, start: at, end: text.length });
  }
  // "… gửi Phòng X chủ trì, phối hợp với …": the agency before "chủ trì", unless it is the sentence's subject already
  const lead = chuTri(text);
  if (lead && !out.some((a) => a.agency === lead.agency)) {
    // the sentence's subject does what comes before the agency that leads ("… có trách nhiệm lập danh sách … gửi Phòng X chủ trì …")
    for (const a of out) if (a.dutyStart <= lead.nameStart && a.end > lead.nameStart) a.end = lead.nameStart;
    out.push({ agency: lead.agency, dutyStart: lead.dutyStart, via: lead.via, start: lead.nameStart, end: text.length });
  }
  return out;
}

function chuTri(text: string): (Assignment & { nameStart: number }) | null {
  for (const m of text.matchAll(/\s(chủ trì)(?![\p{L}])/gu)) {
    const before = text.slice(Math.max(0, m.index! - 120), m.index!);
    const offset = m.index! - before.length;
    for (const w of before.matchAll(/(?<=^|\s)\S/gu)) {
      const rest = text.slice(offset + w.index!);
      if (!startsWithAgency(rest)) continue;
      const n = agencyAtStart(rest);
      if (n && offset + w.index! + n.end === m.index!) return { agency: n.name, dutyStart: m.index! + 1, via: 'subject', nameStart: offset + w.index! };
    }
  }
  return null;
}

/**
 * An agency named inside a sentence: the subject after an opening phrase ("Căn cứ …, Sở Xây
 * dựng tổng hợp …", "Kết thúc năm 2013, Chính phủ báo cáo …", "… thì Ủy ban nhân dân cấp xã tổ
 * chức …"), or the agency just before "chủ trì".
 */
export function assignmentWithin(text: string): Assignment | null {
  if (OPENING.test(text.replace(/^[\s\-–+•]+/, ''))) {
    for (const m of text.matchAll(/,\s+|\s+thì\s+/gu)) {
      const at = m.index! + m[0].length;
      const upTo = text.slice(0, at);
      if ((upTo.match(/\(/g)?.length ?? 0) > (upTo.match(/\)/g)?.length ?? 0)) continue; // "(qua Vụ …, Cục …)" is an aside
      const rest = text.slice(at);
      if (!startsWithAgency(rest)) continue;
      const a = assignmentIn(rest);
      if (a?.via === 'subject') return { ...a, dutyStart: at + a.dutyStart };
    }
  }
  return null;
}
