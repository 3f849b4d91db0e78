// Who does what: one responsibility per duty sentence of each agency of the implementation part
// ("TỔ CHỨC THỰC HIỆN"), and per sentence elsewhere that gives work to an agency ("Giao Phòng…",
// "- Phòng Tư pháp: …", "Sở Giáo dục và Đào tạo phối hợp với …"). Each is quoted from its clause.
import type { Clause, DocumentMeta } from '../corpus/types.js';
import { agencyAtStart, agencyKey, assignmentIn, extractAgencies, implementationIds, splitAgencies, type AgencySection } from './agencies.js';
import { assignmentsIn, headingAgency, introAgency, withoutPost } from './headingAgencies.js';
import { bodyFilter, cleanTask, EXECUTION_FORMULA, headingLine, lines, sentences, type Span } from './text.js';

export type Role = 'chủ trì' | 'phối hợp' | 'thực hiện';

export interface Responsibility {
  /** `${clauseId}@r${n}`, n counting the clause's responsibilities in text order. */
  id: string;
  docId: string;
  clauseId: string;
  /** The agency as written: "Công an quận", "Sở Y tế, Ban Quản lý An toàn thực phẩm Thành phố". */
  agency: string;
  agencyKey: string;
  members: string[];
  memberKeys: string[];
  role: Role;
  /** The duty, list marks and the agency's own name trimmed off. */
  duty: string;
  /** Agencies it works with ("phối hợp với Phòng Giáo dục và Đào tạo"). */
  partners: string[];
  /** The sentence, verbatim from the clause text. */
  quote: string;
  /** From a section of the implementation part, one of its list items, or an assignment elsewhere. */
  source: 'section' | 'bullet' | 'assignment';
}

/** chủ trì when the duty says so; phối hợp when it opens with cooperation; else thực hiện. */
export function roleOf(duty: string): Role {
  // "… về Bộ Xây dựng là cơ quan chủ trì" names another agency's role
  if (/(?<!cơ quan\s)(?<!là\s)chủ trì/iu.test(duty)) return 'chủ trì';
  if (/phối (kết )?hợp/iu.test(duty.slice(0, 80))) return 'phối hợp';
  return 'thực hiện';
}

export function partnersOf(duty: string): string[] {
  const out: string[] = [];
  for (const m of duty.matchAll(/phối (?:kết )?hợp(?: chặt chẽ)?\s+với\s+/giu)) {
    const n = agencyAtStart(duty.slice(m.index! + m[0].length));
    if (n) out.push(...splitAgencies(n.name));
  }
  return [...new Set(out)];
}

interface Draft extends Omit<Responsibility, 'id'> {
  at: number;
}

function trimMarker(s: Span): Span {
  const m = /^[\s\-–+•]+/.exec(s.text);
  if (!m) return s;
  return { start: s.start + m[0].length, end: s.end, text: s.text.slice(m[0].length) };
}

// sentencesIn is asked about each line of a clause: the clause's sentences are cut once.
let cut: { text: string; sentences: Span[] } = { text: '', sentences: [] };

/** Sentences of a clause text clipped to a span of it. */
function sentencesIn(text: string, span: Span): Span[] {
  if (cut.text !== text) cut = { text, sentences: sentences(text) };
  const out: Span[] = [];
  for (const s of cut.sentences) {
    const start = Math.max(s.start, span.start);
    const end = Math.min(s.end, span.end);
    if (end - start < 3) continue;
    const t = text.slice(start, end);
    const lead = t.length - t.trimStart().length;
    const clipped = trimMarker({ start: start + lead, end, text: t.trim() });
    if (/\p{L}/u.test(clipped.text)) out.push(clipped);
  }
  return out;
}

function draft(c: Clause, name: string, source: Responsibility['source'], quote: Span, duty: string): Draft {
  const members = splitAgencies(name);
  const d = cleanTask(duty, 400);
  return {
    docId: c.docId,
    clauseId: c.id,
    agency: name,
    agencyKey: agencyKey(name),
    members,
    memberKeys: members.map(agencyKey),
    role: roleOf(d),
    duty: d,
    partners: partnersOf(d),
    quote: quote.text,
    source,
    at: quote.start,
  };
}

export function extractResponsibilities(meta: DocumentMeta, clauses: Clause[], agencies: AgencySection[] = extractAgencies(meta, clauses)): Responsibility[] {
  const drafts: Draft[] = [];
  const byId = new Map(clauses.map((c) => [c.id, c]));

  for (const a of agencies) {
    const c = byId.get(a.clauseId)!;
    for (const span of a.spans) {
      for (const s of sentencesIn(c.text, span)) {
        if (EXECUTION_FORMULA.test(s.text)) continue;
        let duty = s.text;
        // The item's own "Phòng Tư pháp: " / "Giao Sở Nội vụ " opening, and a sentence heading's agency, are not the duty.
        const asg = assignmentIn(s.text);
        // A sentence whose subject is another agency: its request to others ("Ủy ban nhân dân Thành phố yêu cầu …",
        // the plan's closing words the parser leaves in the last section) is skipped; other work goes to that agency.
        if (asg?.via === 'subject' && agencyKey(asg.agency) !== a.key && !a.memberKeys.includes(agencyKey(asg.agency))) {
          if (!/^\s*(yêu cầu|đề nghị)/u.test(s.text.slice(asg.dutyStart))) drafts.push(draft(c, asg.agency, 'assignment', s, s.text.slice(asg.dutyStart)));
          continue;
        }
        if (asg && (s.start === span.start || a.source === 'section')) duty = s.text.slice(asg.dutyStart);
        else if (a.source === 'section' && s.text.startsWith('Giao ')) duty = s.text.replace(/^Giao\s+/u, '').replace(a.name, '');
        drafts.push(draft(c, a.name, a.source, s, duty.replace(/^[\s,]+/, '')));
      }
    }
  }

  const inImplementation = implementationIds(clauses);
  const isBody = bodyFilter(clauses);
  const ownHeading = new Map(clauses.map((c) => [c.id, isBody(c) ? headingAgency(c) : null]));
  /** The agency the nearest heading above a clause names ("a) Bộ Xây dựng:", "2. Trách nhiệm của Ủy ban nhân dân các tỉnh…"). */
  const aboveAgency = (c: Clause): string | null => {
    for (let p = c.parentId ? byId.get(c.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
      const a = ownHeading.get(p.id);
      if (a) return a;
    }
    return null;
  };
  // A clause of the implementation part that no agency section covers ("II. TỔ CHỨC THỰC HIỆN"
  // with its duties as plain sentences: "Sở Tài chính chủ trì, phối hợp với …") is read as any other.
  const sectioned = new Set(agencies.map((a) => a.clauseId));
  for (const c of clauses) {
    if (!isBody(c) || c.kind === 'appendix' || c.kind === 'row' || (inImplementation.has(c.id) && sectioned.has(c.id))) continue;
    const own = ownHeading.get(c.id) ?? null;
    const above = aboveAgency(c);
    const all = lines(c.text);
    // the heading line's numbering ("2. ", "a) ") is not part of an agency's name
    const head = headingLine(c);
    const numbering = c.label && all[0] && all[0].text.endsWith(head) ? all[0].text.length - head.length : 0;
    let listAgency: string | null = null; // "Giám đốc Sở … có trách nhiệm:" names the agency of the list items below it
    all.forEach((l0, n) => {
      const l = n === 0 && numbering ? { start: l0.start + numbering, end: l0.end, text: l0.text.slice(numbering) } : l0;
      const bullet = /^\s*[-+•]/.test(l.text);
      if (!bullet) listAgency = null;
      const item = bullet || n === 0 ? assignmentIn(l.text) : null;
      // "Giám đốc Sở … có trách nhiệm:" names "Sở …"
      if (item?.via === 'colon') item.agency = agencyAtStart(item.agency, 'heading')?.name ?? item.agency;
      if (item?.via === 'colon') {
        for (const s of sentencesIn(c.text, l)) {
          if (EXECUTION_FORMULA.test(s.text)) continue;
          const duty = s.start === trimMarker(l).start ? c.text.slice(l.start + item.dutyStart, s.end) : s.text;
          if (duty.trim().length > 2 && !/^[^:]*có trách nhiệm\s*:?\s*$/u.test(duty)) drafts.push(draft(c, withoutPost(item.agency), 'assignment', s, duty));
        }
        if (/:\s*$/.test(l.text)) listAgency = withoutPost(item.agency);
        return;
      }
      // a line that only introduces the agency of what follows ("Giám đốc Sở … có trách nhiệm:")
      const intro = introAgency(l.text);
      if (intro) {
        listAgency = intro;
        return;
      }
      if (n === 0 && own) return; // "Bộ Xây dựng:" names the agency; its duties follow
      const context = (bullet ? listAgency : null) ?? own ?? above;
      for (const s of sentencesIn(c.text, l)) {
        if (EXECUTION_FORMULA.test(s.text)) continue;
        const found = assignmentsIn(s.text);
        for (const a of found) {
          // "UBND huyện … yêu cầu các cơ quan …": a request to others, not the subject's own work
          if (/^\s*(yêu cầu|đề nghị)(?![\p{L}])/u.test(s.text.slice(a.dutyStart))) continue;
          const part = { start: s.start + a.start, end: s.start + a.end, text: s.text.slice(a.start, a.end) };
          drafts.push(draft(c, withoutPost(a.agency), 'assignment', part, s.text.slice(a.dutyStart, a.end)));
        }
        if (found.length === 0 && context) drafts.push(draft(c, context, 'section', s, s.text));
      }
    });
  }

  drafts.sort((x, y) => (x.clauseId === y.clauseId ? x.at - y.at : byId.get(x.clauseId)!.order - byId.get(y.clauseId)!.order));
  const count = new Map<string, number>();
  return drafts.map(({ at: _at, ...d }) => {
    const n = (count.get(d.clauseId) ?? 0) + 1;
    count.set(d.clauseId, n);
    return { id: `${d.clauseId}@r${n}`, ...d };
  });
}
