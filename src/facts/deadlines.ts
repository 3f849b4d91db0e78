// Deadlines and dated tasks of a plan: every date phrase of the plan's own work (see
// vietnameseDates.ts for what is left out: cited documents' dates, the header, past years,
// the plan's year used as a title), tied to the list item or sentence piece that holds it, with
// the agency responsible when the text names one.
import type { Clause, DocumentMeta } from '../corpus/types.js';
import { agencyKey, assignmentIn, extractAgencies, splitAgencies, type AgencySection } from './agencies.js';
import { headingAgency } from './headingAgencies.js';
import { bodyFilter, cleanTask, lines, pieces, sentences, spanAt } from './text.js';
import { findDates, type DateKind, type DatePrecision, type RelativeTime } from './vietnameseDates.js';

export type DeadlineKind = DateKind;
export const DEADLINE_KINDS: DeadlineKind[] = ['deadline', 'school_year_task', 'scheduled_event', 'recurring', 'programme_period'];

export interface Deadline {
  /** `${clauseId}@${n}`, n counting the clause's dated tasks in text order: stable across re-indexing. */
  id: string;
  docId: string;
  clauseId: string;
  /** The piece of text holding the date, list marks trimmed. */
  task: string;
  /** The agency, as written, when the text gives one. */
  responsible: string | null;
  /** agencyKey() of the responsible agency and of each of its members, for matching. */
  responsibleKeys: string[];
  /** ISO at the precision known: "2023-09-10", "2023-12", "2023-Q4", "2023", "2023-2024", "2023-2024-S1", "2021/2025". */
  due: string | null;
  /** Last day of the period (YYYY-MM-DD), for reminders. */
  dueLast: string | null;
  precision: DatePrecision | null;
  kind: DeadlineKind;
  /** For recurring duties: monthly, quarterly, periodic, "2/school_year", … */
  recurrence: string | null;
  /** The date phrase, verbatim: "trước ngày 15 tháng 01 năm 2024". */
  dateText: string;
  /** The piece of the clause text the task was read from, verbatim. */
  quote: string;
  /** The day a recurring duty falls on, when the text gives it: "07-27" (yearly), "15" (monthly), "M3-15" (quarterly: day 15 of the quarter's last month). */
  recursOn?: string;
  /** True when the date starts something ("từ ngày 01/01/2019", "có hiệu lực kể từ ngày …"): a start date, not a due date. */
  starts?: boolean;
  /** A time limit counted from an event ("sau 10 ngày kể từ ngày ký", "05 ngày làm việc kể từ ngày nhận đủ hồ sơ"). due is set only when the event's date is known (the signing date). */
  relative?: RelativeTime;
}

export type { RelativeTime };

/** Specific beats periodic: "định kỳ 01 lần/quý" is quarterly. */
function moreSpecific(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a === 'periodic' ? b : a;
}

export function extractDeadlines(meta: DocumentMeta, clauses: Clause[], agencies: AgencySection[] = extractAgencies(meta, clauses)): Deadline[] {
  const out: Deadline[] = [];
  const ctx = { schoolYear: meta.schoolYear, signed: meta.signed?.precision === 'day' ? meta.signed.iso : null };
  const byId = new Map(clauses.map((c) => [c.id, c]));
  /** The agency a heading over the clause names ("1. Ủy ban nhân dân xã …: … có trách nhiệm:", "a) Bộ Xây dựng:"). */
  const headingAgencyFor = (c: Clause): string | null => {
    for (let p: Clause | undefined = c; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
      if (!isBody(p)) return null;
      const a = headingAgency(p);
      if (a) return a;
    }
    return null;
  };
  const isBody = bodyFilter(clauses);
  for (const c of clauses) {
    if (!isBody(c)) continue;
    const dates = findDates(c.text, ctx);
    if (dates.length === 0) continue;
    const segs = pieces(c.text);
    const sents = sentences(c.text);
    const lns = lines(c.text);
    const drafts: Omit<Deadline, 'id'>[] = [];
    const seen = new Map<string, Omit<Deadline, 'id'>>();
    for (const d of dates) {
      const seg = spanAt(segs, d.index) ?? { start: d.index, end: d.index + d.text.length, text: d.text };
      const key = `${seg.start}|${d.iso}|${d.kind}|${d.recursOn ?? ''}|${d.relative ? `${d.relative.amount}${d.relative.unit}` : ''}`;
      const prev = seen.get(key);
      // "định kỳ 01 lần/quý" is one duty; "Hàng tháng …, 3 tháng một lần …" are two
      const sameDuty = prev && (prev.recurrence === (d.recurrence ?? null) || prev.recurrence === 'periodic' || d.recurrence === 'periodic');
      if (prev && sameDuty) {
        prev.recurrence = moreSpecific(prev.recurrence, d.recurrence ?? null);
        continue;
      }
      const responsible = responsibleFor(c, seg.start, lns, sents, agencies) ?? headingAgencyFor(c);
      const draft: Omit<Deadline, 'id'> = {
        docId: c.docId,
        clauseId: c.id,
        task: c.kind === 'row' ? cleanTask(seg.text.split('\t').slice(1).join(': ')) : cleanTask(seg.text),
        responsible,
        responsibleKeys: responsible ? [...new Set([agencyKey(responsible), ...splitAgencies(responsible).map(agencyKey)])] : [],
        due: d.iso,
        dueLast: d.dueLast,
        precision: d.precision,
        kind: d.kind,
        recurrence: d.recurrence ?? null,
        dateText: d.text,
        quote: seg.text,
        ...(d.recursOn ? { recursOn: d.recursOn } : {}),
        ...(d.starts ? { starts: true } : {}),
        ...(d.relative ? { relative: d.relative } : {}),
      };
      if (!prev) seen.set(key, draft);
      drafts.push(draft);
    }
    drafts.forEach((d, i) => out.push({ id: `${c.id}@${i + 1}`, ...d }));
  }
  return out;
}

/**
 * The agency for a dated piece of text: the one its list item or sentence names ("- Phòng Tư
 * pháp: …", "Giao Sở Y tế …", "Sở Giáo dục và Đào tạo hoàn thiện …"), else the agency whose
 * section of the implementation part holds it.
 */
function responsibleFor(c: Clause, at: number, lns: ReturnType<typeof lines>, sents: ReturnType<typeof sentences>, agencies: AgencySection[]): string | null {
  const line = spanAt(lns, at);
  if (line && /^\s*[-+•]/.test(line.text)) {
    const a = assignmentIn(line.text);
    if (a && (a.via === 'colon' || a.via === 'giao')) return a.agency;
  }
  const sent = spanAt(sents, at);
  if (sent) {
    const a = assignmentIn(sent.text);
    if (a) return a.agency;
  }
  const own = agencies.filter((a) => a.clauseId === c.id);
  const holder = own.find((a) => a.spans.some((s) => at >= s.start && at < s.end)) ?? own.find((a) => a.source === 'section');
  return holder?.name ?? null;
}
