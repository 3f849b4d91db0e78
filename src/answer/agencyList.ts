// "Kế hoạch 96 giao việc cho những cơ quan, đơn vị nào?", "which agencies does the plan assign
// tasks to?": every agency the plan gives a duty, once each in the plan's order, each cited
// with the sentence that gives it its first duty (read from the stored responsibilities).
import { foldChars } from '../corpus/fold.js';
import type { Responsibility } from '../facts/index.js';
import type { ClauseRow } from '../store/repository.js';
import { citedDocName, scanMark, type Answer, type Citation, type DocNames } from './compose.js';
import { agencyForEnglish } from './english.js';
import type { Understanding } from './understand.js';
import { render, wording } from './wording.js';

// The whole question asks for the list: the cue ends it ("… những cơ quan, đơn vị nào?").
const ASKS_AGENCY_LIST = new RegExp(
  [
    '(giao|phan cong)( \\S+){0,3} cho (nhung|cac) (co quan|don vi|ban nganh|phong ban)( \\S+){0,4} nao',
    '(nhung|cac) (co quan|don vi|ban nganh|phong ban)( \\S+){0,4} nao (duoc giao|tham gia|thuc hien|co trach nhiem)( \\S+){0,3}',
    'which (agencies|bodies|offices|units|departments)( \\S+){0,6} (assign|assigns|assigned|involve|involves|involved|task|tasks|tasked)( \\S+){0,3}',
    'list (of )?(the |all )?(agencies|bodies|offices|units)( \\S+){0,6}',
  ]
    .map((p) => `(?:${p})`)
    .join('|') + '\\s*$',
);

export function asksAgencyList(u: Understanding): boolean {
  return ASKS_AGENCY_LIST.test(` ${foldChars(u.question.replace(/[?!.]+\s*$/, '')).toLowerCase().replace(/[,;:]/g, ' ').replace(/\s+/g, ' ')}`);
}

const MAX_AGENCIES = 20;

export async function composeAgencyList(u: Understanding, docId: string, responsibilities: Responsibility[], clauses: ClauseRow[], names: Map<string, DocNames>): Promise<Answer | null> {
  const lang = u.lang;
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const citations: Citation[] = [];
  const lines: string[] = [];
  // The agencies the plan's organisation part heads ("IV. TỔ CHỨC THỰC HIỆN / 1. Phòng GDĐT") are
  // its list; the bodies a duty merely directs ("chỉ đạo các trường học") only where it has no such part.
  const headed = responsibilities.filter((r) => r.source === 'section');
  for (const r of headed.length >= 2 ? headed : responsibilities) {
    const clause = byId.get(r.clauseId);
    // The quote must be the clause's own words, as every citation's is.
    if (!clause || !clause.text.includes(r.quote) || seen.has(r.agencyKey)) continue;
    seen.add(r.agencyKey);
    const n = citations.length + 1;
    citations.push({ n, clauseId: clause.id, docId, docTitle: names.get(docId)?.title ?? docId, section: clause.path, heading: clause.heading, quote: r.quote, ...scanMark(clause) });
    lines.push(`• ${lang === 'en' ? agencyForEnglish(r.agency) : r.agency} [${n}]`);
    if (citations.length >= MAX_AGENCIES) break;
  }
  if (citations.length < 2) return null;
  const docName = await citedDocName(lang, names, docId, { version: false });
  const quotes = await Promise.all(citations.map((c) => render(lang, 'multiItem', { source: `${docName}, §${c.section} ${c.heading}`, quote: c.quote, n: c.n })));
  const list = await Promise.all(citations.map((c) => render(lang, 'citation', { n: c.n, docName, section: c.section, heading: c.heading })));
  const head = await render(lang, 'agencyListHeader', { docName, count: citations.length });
  const answer = `${head}\n${lines.join('\n')}\n\n${quotes.join('\n')}\n\n${wording(lang).citationsHeader}\n${list.join('\n')}`;
  return { question: u.question, lang, intent: u.intent, outcome: 'answer', answer, abstained: false, citations };
}
