// "«Phòng GDĐT» là viết tắt của cơ quan nào?", "What does NCC stand for?": a short form the
// question asks the meaning of is answered from the sentence of the plan that defines it
// ("… (sau đây gọi tắt là Phòng GDĐT)", "người có công (NCC)"), quoted and cited.
import type { ClauseRow } from '../store/repository.js';
import { definitionIn } from '../corpus/abbreviations.js';
import { citedDocName, clauseCitation, type Answer, type DocNames } from './compose.js';
import type { Understanding } from './understand.js';
import { render, wording } from './wording.js';

// A short form: an acronym ("NCC", "GD&ĐT"), or a word or two before one ("Phòng GDĐT").
const SHORT = String.raw`(?:\p{Lu}[\p{Ll}]+\s+){0,2}\p{Lu}[\p{Lu}Đ&\-.]{1,11}`;
const ASKED = [
  // «X» / "X" quoted, then "là viết tắt", "viết tắt của", "gọi tắt", "là chữ viết tắt"
  new RegExp(String.raw`[«“"']\s*([^«»“”"']{2,40}?)\s*[»”"']\s+(?:là\s+)?(?:chữ\s+)?(?:viết tắt|gọi tắt)`, 'u'),
  new RegExp(String.raw`(?:^|\s)(${SHORT})\s+(?:là\s+)?(?:chữ\s+)?(?:viết tắt|gọi tắt)`, 'u'),
  new RegExp(String.raw`(?:^|\s)(?:chữ\s+)?viết tắt\s+[«“"']?(${SHORT})[»”"']?\s+(?:là|có nghĩa là|nghĩa là)\s+(?:gì|cơ quan nào|đơn vị nào)`, 'u'),
  // "X là gì?" of an acronym, alone or with a word after it ("CDC tỉnh")
  new RegExp(String.raw`(?:^|\s)[«“"']?(\p{Lu}[\p{Lu}Đ&\-]{1,11}(?:\s+\p{Ll}+)?)[»”"']?\s+là\s+(?:gì|cơ quan nào|đơn vị nào|tổ chức nào)\s*\??$`, 'u'),
  // English
  new RegExp(String.raw`\bwhat (?:does|do|did)\s+[«“"']?(.{2,40}?)[»”"']?\s+(?:stand for|mean)\b`, 'iu'),
  new RegExp(String.raw`\bwhat is\s+[«“"']?(.{2,40}?)[»”"']?\s+short for\b`, 'iu'),
  new RegExp(String.raw`\b(?:abbreviation|acronym|short form)\s+[«“"']?(${SHORT})[»”"']?`, 'u'),
];

/** The short form whose meaning the question asks, as written; null when it asks something else. */
export function abbreviationAsked(question: string): string | null {
  for (const re of ASKED) {
    const m = re.exec(question.normalize('NFC'));
    if (m && /\p{Lu}/u.test(m[1])) return m[1].trim();
  }
  return null;
}

/** The first clause (in the order given) that defines the short form, with its full form and quote. */
export function definingClause(asked: string, clauses: ClauseRow[]): { clause: ClauseRow; full: string; quote: string } | null {
  for (const clause of clauses) {
    const found = definitionIn(clause.text, asked);
    if (found) return { clause, ...found };
  }
  return null;
}

export async function composeDefinition(u: Understanding, asked: string, found: { clause: ClauseRow; full: string; quote: string }, names: Map<string, DocNames>): Promise<Answer> {
  const { clause } = found;
  const doc = names.get(clause.docId);
  const citation = clauseCitation(names, clause, found.quote);
  const head = await render(u.lang, 'abbreviationDefined', { abbr: asked, full: found.full, n: 1 });
  const source = `${doc?.shortName ?? clause.docId}, §${clause.path} ${clause.heading}`;
  const quote = await render(u.lang, 'multiItem', { source, quote: found.quote, n: 1 });
  const cited = await render(u.lang, 'citation', { n: 1, docName: await citedDocName(u.lang, names, clause.docId), section: clause.path, heading: clause.heading });
  const answer = `${head}\n${quote}\n\n${wording(u.lang).citationsHeader}\n${cited}`;
  return { question: u.question, lang: u.lang, intent: u.intent, outcome: 'answer', answer, abstained: false, citations: [citation] };
}
