// "Báo cáo gồm những nội dung gì?", "Những trường hợp nào không được hưởng?", "What documents are
// needed for admission?": the answer is a list the plan gives under a heading that names it
// ("1. Nội dung báo cáo", "IV. TRƯỜNG HỢP KHÔNG ĐƯỢC HƯỞNG"), as sub-sections or as item lines. No one
// sentence of it answers, so the best-quoted sentence would not: the items are quoted, each cited.
import { foldChars, foldForMatch } from '../corpus/fold.js';
import type { ClauseRow } from '../store/repository.js';
import { citedDocName, scanMark, type Answer, type Citation, type DocNames } from './compose.js';
import { coverage, quotable, textUnits, type UnitWeights } from './evidence.js';
import type { Understanding } from './understand.js';
import { render, wording } from './wording.js';

// Vietnamese: "gồm những gì", "gồm những nội dung nào", "những/các <noun> nào/gì".
const VI_LIST = / (?:bao )?gom (?:nhung |cac )?(?:gi|nao|(\S+(?: \S+){0,2}) (?:gi|nao))\b| (?:nhung|cac) ((?!ai\b|khi\b|ngay\b|nam\b|thang\b|luc\b)\S+(?: \S+){0,2}) (?:nao|gi)\b/;
// English: "what documents…", "which cases…", "what does the report include".
const EN_LIST = /^ (?:what|which) (?:kinds? of |types? of |other )?(documents|papers|paperwork|contents|items|cases|subjects|conditions|criteria|steps|activities|tasks|requirements|forms|records|components|topics|contests|schools|groups|categories|types|kinds)\b| what (?:does|do|must|should|will) (?:\S+ ){1,6}(?:include|contain|consist of|cover|comprise)\b| what (?:is|are) (?:included|required|needed)\b| (?:which|what) (?:documents|papers|paperwork|records) (?:\S+ ){0,6}(?:need|needed|required|submit|submitted|provide|bring|hand in|file)\b/;
// Plans asked across, people and dates are answered elsewhere.
const NOT_A_LIST = new Set(['co quan', 'don vi', 'ke hoach', 'van ban', 'quan', 'huyen', 'tinh', 'dia phuong']);

export interface ListAsked {
  /** The thing listed, folded ("noi dung", "truong hop"); null when the question does not name it. */
  noun: string | null;
}

export function asksList(u: Understanding): ListAsked | null {
  if (u.intent === 'document' || u.intent === 'signer' || u.intent === 'comparison' || u.intent === 'clause') return null;
  const f = ` ${foldChars(u.question).toLowerCase().replace(/[?!.,;:]/g, ' ').replace(/\s+/g, ' ').trim()} `;
  if (u.lang === 'en') return EN_LIST.test(f) ? { noun: null } : null;
  const m = VI_LIST.exec(f);
  if (!m) return null;
  const noun = (m[1] ?? m[2] ?? '').replace(/^(nhung|cac) /, '').trim() || null;
  if (noun && NOT_A_LIST.has(noun)) return null;
  return { noun };
}

/** Item lines of a clause below its first line: "- …", "+ …", "a) …", "1. …". */
const ITEM_LINE = /^\s*(?:[-–•+*]\s|[a-zđ]\)\s|\d{1,2}[.)]\s)/u;
const MIN_ITEMS = 2;
const MAX_ITEMS = 10;
const MAX_ITEM_QUOTE = 300;

export interface ListSource {
  clause: ClauseRow;
  /** Its sub-sections, in order (empty: the items are its own lines). */
  children: ClauseRow[];
}

/** The list's items: its sub-sections' first lines, or else its own item lines; fewer than two is no list. */
export function listItems(src: ListSource): { clause: ClauseRow; quote: string }[] {
  const cut = (line: string) => {
    const q = quotable(line);
    return q.length > MAX_ITEM_QUOTE ? q.slice(0, MAX_ITEM_QUOTE).replace(/\s+\S*$/, '') : q;
  };
  const items =
    src.children.length >= MIN_ITEMS
      ? src.children.map((c) => ({ clause: c, quote: cut(c.text.split('\n')[0]) }))
      : src.clause.text.split('\n').slice(1).filter((l) => ITEM_LINE.test(l)).map((l) => ({ clause: src.clause, quote: cut(l) }));
  const quoted = items.filter((x) => x.quote);
  return quoted.length >= MIN_ITEMS ? quoted : [];
}

/**
 * How well a clause's heading (with the plan's title and the headings above it) names the list
 * asked for; 0 when it cannot. Read before its sub-sections are, which only a good head needs.
 */
export function listHeadFit(asked: ListAsked, clause: ClauseRow, w: UnitWeights, title: string): number {
  // The recipients and the signature are asked for as such (a document question), not as a list.
  if (clause.kind === 'closing' || clause.kind === 'preamble') return 0;
  const [first] = clause.text.split('\n');
  const head = [title, ...clause.breadcrumb, clause.heading, first].join(' . ');
  if (asked.noun && !` ${foldForMatch(head)} `.includes(` ${asked.noun} `)) return 0;
  return coverage(textUnits(head), w);
}

export async function composeList(u: Understanding, src: ListSource, items: { clause: ClauseRow; quote: string }[], names: Map<string, DocNames>): Promise<Answer> {
  const lang = u.lang;
  const docId = src.clause.docId;
  const docName = await citedDocName(lang, names, docId);
  const citations: Citation[] = items.slice(0, MAX_ITEMS).map((x, i) => ({
    n: i + 1,
    clauseId: x.clause.id,
    docId,
    docTitle: names.get(docId)?.title ?? docId,
    section: x.clause.path,
    heading: x.clause.heading,
    quote: x.quote,
    ...scanMark(x.clause),
  }));
  const head = await render(lang, 'listHeader', { source: `${docName}, §${src.clause.path} ${src.clause.heading}` });
  const lines = citations.map((c) => `• “${c.quote}” [${c.n}]`);
  const list = await Promise.all(citations.map((c) => render(lang, 'citation', { n: c.n, docName, section: c.section, heading: c.heading })));
  const more = items.length > MAX_ITEMS ? `\n${await render(lang, 'listMore', { id: src.clause.id })}` : '';
  const answer = `${head}\n${lines.join('\n')}${more}\n\n${wording(lang).citationsHeader}\n${list.join('\n')}`;
  return { question: u.question, lang, intent: u.intent, outcome: 'answer', answer, abstained: false, citations };
}
