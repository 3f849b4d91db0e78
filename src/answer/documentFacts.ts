// Questions about a document itself rather than its content: who signed it, who issued it, its
// number, when it was signed, what kind of document it is. The answer comes from the metadata
// read from the header and signature block, and is quoted from the clause that holds it, so it is
// cited like any other answer; a field the document does not give is said to be missing.
import { foldChars } from '../corpus/fold.js';
import type { ClauseRow } from '../store/repository.js';
import { citedDocName, scanMark, type Answer, type Citation, type DocNames } from './compose.js';
import { RECIPIENTS_CUE, type Understanding } from './understand.js';
import { render, wording } from './wording.js';
import { ABBREVIATIONS } from './abbreviations.js';
import { textUnits } from './evidence.js';
import { englishDate } from './english.js';

/** The part of a stored document this composer reads (fields the header parser may leave empty). */
export interface DocumentFacts {
  docId: string;
  title: string;
  shortName: string;
  issuer: string | null;
  place?: string | null;
  docNumber: string | null;
  signed: { iso: string; text: string } | null;
  docKind?: string | null;
  schoolYear?: string | null;
  period?: string | null;
  signer?: { name: string | null; position: string | null; text?: string } | null;
  /** The kind of organ that issued it, as the header reader names it ("Bộ", "Sở", "UBND"…). */
  issuerType?: string | null;
}

export type DocumentField = 'signer' | 'issuer' | 'number' | 'date' | 'kind' | 'period' | 'recipients';


/** Which field a document question asks for; several when it does not say. */
export function fieldsAsked(u: Understanding): DocumentField[] {
  if (u.intent === 'signer') return ['signer'];
  const f = ` ${foldChars(u.question).toLowerCase()} `;
  const out: DocumentField[] = [];
  const recipients = RECIPIENTS_CUE.test(f);
  // "Who is it addressed to?" asks for the recipients, not the issuer (unless it asks that too).
  if (/ (ai|co quan nao|don vi nao|cap nao|who|which (agency|body|authority|office)|issued by|issuer)\b/.test(recipients ? f.replace(RECIPIENTS_CUE, ' ') : f)) out.push('issuer');
  if (recipients) out.push('recipients');
  if (/ (so hieu|so ky hieu|so van ban|so may|so bao nhieu|number|so nao)\b/.test(f)) out.push('number');
  if (/ (ngay nao|khi nao|ngay ky|nam nao|bao gio|when|date|what day|ngay bao nhieu)\b/.test(f)) out.push('date');
  if (/ (loai van ban|van ban gi|kind of document|type of document|what kind|what type)\b/.test(f)) out.push('kind');
  if (/ (nam hoc nao|giai doan nao|nam nao|thoi ky nao|which (school )?year|what (school )?year|which period|what period|cover|covers|apply to|applies to)\b/.test(f)) out.push('period');
  return out.length ? out : ['issuer', 'number', 'date'];
}

/** The value of a field, as the document writes it (so that it can be found in the quoted clause). */
function valueOf(doc: DocumentFacts, field: DocumentField): string | null {
  switch (field) {
    case 'signer':
      return doc.signer?.name ?? null;
    case 'issuer':
      return doc.issuer;
    case 'number':
      return doc.docNumber;
    case 'date':
      return doc.signed?.text ?? null;
    case 'kind':
      return doc.docKind ?? null;
    case 'period':
      return doc.schoolYear ?? doc.period ?? null;
    case 'recipients':
      return null; // read from the text (recipientsIn)
  }
}

/**
 * Whom a letter is addressed to: its "Kính gửi:" line and the list under it, else its "Nơi nhận:"
 * list; the quote verbatim, the value the names.
 */
export function recipientsIn(clauses: ClauseRow[]): { clause: ClauseRow; quote: string; value: string } | null {
  const names = (block: string) =>
    block
      .replace(/^\s*(Kính gửi|Nơi nhận)\s*:?/iu, '')
      .split(/\n|;\s*(?=[-–+•])/u)
      .map((x) => x.replace(/^[-–+•\s]+|[;.,\s]+$/gu, ''))
      .filter((x) => x && !/^lưu\b/iu.test(x));
  for (const label of [/^\s*Kính gửi\s*:?/iu, /^\s*Nơi nhận\s*:?/iu]) {
    // An annex's form ("Phụ lục 1. Đơn đề nghị … Kính gửi: UBND xã") is not the document's own address.
    for (const c of clauses.slice(0, 400).filter((x) => !/^(phu-luc|appendix|annex)/.test(x.path))) {
      const lines = c.text.split('\n');
      const at = lines.findIndex((l) => label.test(l));
      if (at < 0) continue;
      const block = [lines[at]];
      for (const l of lines.slice(at + 1)) {
        if (!/^\s*[-–+•]/u.test(l) || block.join('\n').length > 400) break;
        block.push(l);
      }
      let quote = block.join('\n');
      if (quote.length > 400) quote = quote.slice(0, 400).replace(/;[^;]*$/u, ';');
      const list = names(quote);
      if (list.length) return { clause: c, quote, value: list.join('; ') };
    }
  }
  return null;
}

const fold = (s: string) => foldChars(s).toLowerCase().replace(/[\s-]+/g, ' ').trim();

/** A value and its spellings with abbreviations written out ("UBND quận X" is "ỦY BAN NHÂN DÂN QUẬN X" in a header). */
function spellings(value: string): string[] {
  const out = new Set([fold(value)]);
  let long = ` ${fold(value)} `;
  for (const [abbr, full] of ABBREVIATIONS) long = long.split(` ${abbr} `).join(` ${fold(full)} `);
  out.add(long.trim());
  return [...out];
}

/**
 * The organ alone, for a header that names the place apart or not at all ("TM. ỦY BAN NHÂN DÂN"
 * for "UBND quận Hồng Bàng"): the issuer without its administrative unit and place.
 */
function organOf(issuer: string, place: string | null): string | null {
  let organ = place ? issuer.replace(new RegExp(`\\s*${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'iu'), '') : issuer;
  organ = organ.replace(/\s+(thành phố|tỉnh|quận|huyện|thị xã|xã|phường|thị trấn)$/iu, '').trim();
  return organ && organ !== issuer ? organ : null;
}

/**
 * The shortest passage of a clause that states a value, compared folded (header words are often in
 * capitals): a table cell or line, else two lines together (a header cell broken over lines), else
 * the phrase of a long line. Always a verbatim substring of the clause.
 */
function lineStating(clause: ClauseRow, value: string, accept: (line: string) => boolean = () => true): string | null {
  const wants = spellings(value);
  const states = (t: string) => accept(t) && wants.some((w) => fold(t).includes(w));
  const shortest = (xs: string[]) => xs.filter(states).sort((a, b) => a.length - b.length)[0] ?? null;
  const lines = clause.text.split('\n');
  const cells = lines.flatMap((l) => l.split('\t')).map((c) => c.trim()).filter(Boolean);
  const one = shortest(cells.filter((c) => c.length <= 200));
  if (one) return one;
  const pairs = lines.slice(1).map((l, i) => `${lines[i]}\n${l}`).filter((p) => !p.includes('\t') && p.length <= 200);
  const two = shortest(pairs);
  if (two) return two;
  const phrases = cells.flatMap((c) => c.split(/(?<=[;,.:])\s+/)).map((p) => p.replace(/[;,.:]+$/, ''));
  return shortest(phrases) ?? shortest(cells);
}

/** The clause to quote for a field: the signature block for the signer (from the end), else the header. */
export function quoteFor(clauses: ClauseRow[], value: string, field: DocumentField, accept: (line: string) => boolean = () => true): { clause: ClauseRow; quote: string } | null {
  const ordered = field === 'signer' ? [...clauses].reverse() : clauses;
  for (const c of ordered.slice(0, 400)) {
    const quote = lineStating(c, value, accept);
    if (quote) return { clause: c, quote };
  }
  return null;
}

/** A field's value and the passage of the document that states it; null when the document does not give it. */
function fieldStated(doc: DocumentFacts, field: DocumentField, clauses: ClauseRow[]): { value: string; found: { clause: ClauseRow; quote: string } } | null {
  const addressed = field === 'recipients' ? recipientsIn(clauses) : null;
  const value = addressed?.value ?? valueOf(doc, field);
  let found = addressed ?? (value ? quoteFor(clauses, value, field) : null);
  const organ = field === 'issuer' && value ? organOf(value, doc.place ?? null) : null;
  // The organ signs for itself: "TM. ỦY BAN NHÂN DÂN" (on behalf of), "KT. CHỦ TỊCH" …
  if (!found && organ) found = quoteFor(clauses, organ, 'signer', (line) => /^(TM|KT|TL|TUQ|Q)\.\s/.test(line));
  // A header that writes the organ and its place apart ("UBND TỈNH THÁI NGUYÊN" above "SỞ GIÁO DỤC VÀ ĐÀO TẠO").
  const preamble = clauses.find((c) => c.path === 'preamble');
  if (!found && organ && preamble) found = quoteFor([preamble], organ, 'issuer');
  return value && found ? { value, found } : null;
}

/** The citation number of a passage, added to the list when new. */
function citationFor(citations: Citation[], doc: DocumentFacts, found: { clause: ClauseRow; quote: string }): number {
  const had = citations.findIndex((c) => c.clauseId === found.clause.id && c.quote === found.quote) + 1;
  if (had) return had;
  const n = citations.length + 1;
  citations.push({ n, clauseId: found.clause.id, docId: doc.docId, docTitle: doc.title, section: found.clause.path, heading: found.clause.heading, quote: found.quote, ...scanMark(found.clause) });
  return n;
}

async function fieldLine(lang: Understanding['lang'], doc: DocumentFacts, field: DocumentField, value: string, n: number): Promise<string> {
  const en = lang === 'en' && field === 'date' && doc.signed ? englishDate(doc.signed.iso) : null;
  // English reads the date in English, the plan's own words beside it (they are what the quote holds).
  const shown = field === 'signer' && doc.signer?.position ? `${value} (${doc.signer.position})` : en ? `${en} (${value})` : value;
  return render(lang, 'docFieldLine', { label: wording(lang)[`docField.${field}`] ?? field, value: shown, n });
}

export async function composeDocumentFacts(u: Understanding, doc: DocumentFacts, clauses: ClauseRow[], names: Map<string, DocNames>): Promise<Answer> {
  const lang = u.lang;
  const fields = fieldsAsked(u);
  const citations: Citation[] = [];
  const lines: string[] = [];
  const missing: string[] = [];
  for (const field of fields) {
    const stated = fieldStated(doc, field, clauses);
    if (!stated) {
      missing.push(wording(lang)[`docFieldName.${field}`] ?? field);
      continue;
    }
    lines.push(await fieldLine(lang, doc, field, stated.value, citationFor(citations, doc, stated.found)));
  }
  const base = { question: u.question, lang, intent: u.intent };
  if (!citations.length) {
    const answer = await render(lang, 'docFieldMissing', { fields: missing.join(', '), docName: doc.shortName });
    return { ...base, outcome: 'not_found', answer, abstained: true, citations: [], reason: 'field_missing' };
  }
  const head = await render(lang, 'docFieldHeader', { docName: doc.shortName, title: doc.title });
  const quotes = await Promise.all(citations.map((c) => render(lang, 'multiItem', { source: `${doc.shortName}, §${c.section} ${c.heading}`, quote: c.quote, n: c.n })));
  const tail = missing.length ? `\n${await render(lang, 'docFieldMissing', { fields: missing.join(', '), docName: doc.shortName })}` : '';
  const list = await Promise.all(citations.map(async (c) => render(lang, 'citation', { n: c.n, docName: await citedDocName(lang, names, c.docId, { version: false }), section: c.section, heading: c.heading })));
  const answer = `${head}\n${lines.join('\n')}${tail}\n${quotes.join('\n')}\n\n${wording(lang).citationsHeader}\n${list.join('\n')}`;
  return { ...base, outcome: 'answer', answer, abstained: false, citations };
}

/** "Which plans were signed by …", "which documents did … issue": a question about every document's header. */
export function asksOfEveryDocument(u: Understanding): boolean {
  return u.acrossPlans && (u.intent === 'signer' || (u.intent === 'comparison' && /\b(issued by|issue|ban hanh)\b/.test(foldChars(u.question).toLowerCase())));
}

// "signed", "issued" say what is asked, not what the documents must have; nor do the fields asked
// for ("what are their numbers", "and when").
const ASKING_UNITS = new Set(['ky', 'ky_ten', 'ban', 'hanh', 'ban_hanh', 'so', 'so_hieu', 'hieu', 'ngay', 'ngay_ky']);

/** Whether a header or signature holds every concept the question names (a position, an organ), nearly whole. */
function namedConcepts(u: Understanding): (haystack: string) => boolean {
  const terms = u.keyTerms
    .filter((t) => t.scale >= 1)
    .map((t) => t.alternatives.map((a) => a.filter((x) => !ASKING_UNITS.has(x) && !x.includes('_'))))
    .filter((alts) => alts.every((a) => a.length));
  return (haystack) => {
    const units = textUnits(haystack);
    return terms.every((alts) => alts.some((a) => a.filter((x) => units.has(x)).length / a.length >= 0.8));
  };
}

/**
 * "Which plans were signed by a Vice Chairman?", "which documents did the Ministry of Labour issue?":
 * the documents whose header or signature has every concept the question names, each cited.
 */
export async function composeDocumentList(u: Understanding, docs: DocumentFacts[], clausesOf: (docId: string) => Promise<ClauseRow[]>, names: Map<string, DocNames>): Promise<Answer> {
  const lang = u.lang;
  const has = namedConcepts(u);
  const field: DocumentField = u.intent === 'signer' ? 'signer' : 'issuer';
  const citations: Citation[] = [];
  const lines: string[] = [];
  for (const doc of docs) {
    const value = valueOf(doc, field);
    if (!value) continue;
    const haystack = [value, doc.signer?.position ?? '', doc.signer?.text ?? '', doc.issuer ?? ''].join(' . ');
    if (!has(haystack)) continue;
    const clauses = await clausesOf(doc.docId);
    // A header whose organ line the scan broke ("B Ộ LAO ĐỘNG…") still writes its number, whose code names the organ.
    const found = quoteFor(clauses, value, field) ?? (field === 'issuer' && doc.docNumber ? quoteFor(clauses, doc.docNumber, 'number') : null);
    if (!found) continue;
    const n = citations.length + 1;
    citations.push({ n, clauseId: found.clause.id, docId: doc.docId, docTitle: doc.title, section: found.clause.path, heading: found.clause.heading, quote: found.quote, ...scanMark(found.clause) });
    const shown = field === 'signer' && doc.signer?.position ? `${value} (${doc.signer.position})` : `${value}${doc.docNumber ? `, ${doc.docNumber}` : ''}`;
    lines.push(await render(lang, 'leadItemPlan', { docName: doc.shortName, core: shown, n }));
    if (citations.length >= 12) break;
  }
  const base = { question: u.question, lang, intent: u.intent };
  if (!citations.length) return { ...base, outcome: 'not_found', answer: await render(lang, 'notFound', { scope: '' }), abstained: true, citations: [], reason: 'field_missing' };
  const list = await Promise.all(citations.map(async (c) => render(lang, 'citation', { n: c.n, docName: await citedDocName(lang, names, c.docId, { version: false }), section: c.section, heading: c.heading })));
  const answer = `${wording(lang)[`docField.${field}`]}:\n${lines.join('\n')}\n\n${wording(lang).citationsHeader}\n${list.join('\n')}`;
  return { ...base, outcome: 'answer', answer, abstained: false, citations };
}

// "Which was issued earlier…?", "văn bản nào ban hành trước?": the dates are compared.
// Not "first semester" nor "trước ngày 30/9": a deadline named beside two plans is no order of them.
const ORDER_ASKED = / (earlier|later|first(?! (semester|term|half|quarter|grade|year|time))|sooner|newer|older|more recent|most recent|som hon|muon hon|truoc hon|sau hon|moi hon|gan day hon|truoc(?! (ngay|thang|nam|khi|\d))|sau cung)\b/;
const ISSUE_WORD = / (issued|signed|promulgated|adopted|dated|ban hanh|ra doi|ra)\b/;
const SIGNED_VI = / ký(?! kết)(?=[\s?.,;]|$)/u;
/** A place or a document reference that narrowed the plans (not a year). */
const namesDocument = (note: string) => !/^\d{4}(-\d{4})?$/.test(note);

/**
 * "Kế hoạch Phù Mỹ và nghị quyết Đồng Nai do ai ký?", "which was issued earlier, A or B?": the
 * header fields asked of two or more documents the question names, each document's apart.
 */
export function asksOfNamedDocuments(u: Understanding): boolean {
  if (!u.docIds || u.docIds.length < 2 || u.docIds.length > 6 || u.filterNotes.filter(namesDocument).length < 2) return false;
  if (u.intent === 'signer' || u.intent === 'document') return true;
  const f = ` ${foldChars(u.question).toLowerCase().replace(/[?,;:]/g, ' ')} `;
  return (ISSUE_WORD.test(f) || SIGNED_VI.test(` ${u.question.toLowerCase()}`)) && ORDER_ASKED.test(f);
}

export async function composeNamedDocumentsFacts(u: Understanding, docs: DocumentFacts[], clausesOf: (docId: string) => Promise<ClauseRow[]>, names: Map<string, DocNames>): Promise<Answer> {
  const lang = u.lang;
  const f = ` ${foldChars(u.question).toLowerCase().replace(/[?,;:]/g, ' ')} `;
  const ordered = ORDER_ASKED.test(f);
  const asked = fieldsAsked(u);
  // "Which was signed first?" asks for the dates alone; the signer too when it asks who.
  const fields: DocumentField[] = ordered ? [...asked.filter((x) => x === 'signer'), 'date'] : asked;
  const citations: Citation[] = [];
  const blocks: { doc: DocumentFacts; text: string }[] = [];
  const missing: string[] = [];
  for (const doc of docs) {
    const clauses = await clausesOf(doc.docId);
    const lines: string[] = [];
    for (const field of fields) {
      const stated = fieldStated(doc, field, clauses);
      if (!stated) {
        missing.push(await render(lang, 'docFieldMissing', { fields: wording(lang)[`docFieldName.${field}`] ?? field, docName: doc.shortName }));
        continue;
      }
      lines.push(await fieldLine(lang, doc, field, stated.value, citationFor(citations, doc, stated.found)));
    }
    if (lines.length) blocks.push({ doc, text: `${await render(lang, 'docFieldHeader', { docName: doc.shortName, title: doc.title })}\n${lines.join('\n')}` });
  }
  const base = { question: u.question, lang, intent: u.intent };
  if (!citations.length) {
    return { ...base, outcome: 'not_found', answer: missing.join('\n'), abstained: true, citations: [], reason: 'field_missing' };
  }
  // Which came first, by the signing dates the headers give (only when every document gives one).
  const dated = blocks.filter((b) => b.doc.signed?.iso);
  let lead = '';
  const sorted = [...dated].sort((a, b) => a.doc.signed!.iso.localeCompare(b.doc.signed!.iso));
  // "2023" (a header that leaves day and month blank) cannot be put before or after "2023-08-25".
  const determinate = sorted.every((b, i) => i === 0 || !b.doc.signed!.iso.startsWith(sorted[i - 1].doc.signed!.iso));
  if (ordered && dated.length === docs.length && dated.length >= 2 && determinate) {
    const day = (d: DocumentFacts) => (lang === 'en' ? englishDate(d.signed!.iso) : null) ?? d.signed!.text;
    const [first, last] = [sorted[0].doc, sorted[sorted.length - 1].doc];
    lead = `${await render(lang, 'docOrder', { first: first.shortName, firstDate: day(first), last: last.shortName, lastDate: day(last) })}\n\n`;
  }
  const quotes = await Promise.all(citations.map((c) => render(lang, 'multiItem', { source: `${docs.find((d) => d.docId === c.docId)!.shortName}, §${c.section} ${c.heading}`, quote: c.quote, n: c.n })));
  const list = await Promise.all(citations.map(async (c) => render(lang, 'citation', { n: c.n, docName: await citedDocName(lang, names, c.docId, { version: false }), section: c.section, heading: c.heading })));
  const tail = missing.length ? `\n${missing.join('\n')}` : '';
  const answer = `${lead}${blocks.map((b) => b.text).join('\n')}${tail}\n${quotes.join('\n')}\n\n${wording(lang).citationsHeader}\n${list.join('\n')}`;
  return { ...base, outcome: 'answer', answer, abstained: false, citations };
}

// The organ a question says a document comes from: "công văn … của Bộ GDĐT", "issued by the Ministry".
const ORGAN_TYPES: [RegExp, string[]][] = [
  [/^(bộ|ministry)/u, ['Bộ']],
  [/^(sở|provincial department)/u, ['Sở']],
  [/^phòng/u, ['Phòng']],
  [/^department/u, ['Sở', 'Phòng']],
  [/^(ubnd|ủy ban nhân dân|uỷ ban nhân dân|people's committee)/u, ['UBND']],
  [/^(hđnd|hội đồng nhân dân|people's council)/u, ['HĐND']],
  [/^(thủ tướng|prime minister)/u, ['Thủ tướng']],
  [/^(chính phủ|government)/u, ['Chính phủ', 'Thủ tướng']],
];
const DOC_WORDS = "(?:công văn|kế hoạch|quyết định|chỉ thị|văn bản|thông tư|nghị quyết|hướng dẫn|letter|plan|decision|directive|document|circular|resolution|guidance)";
const ORGANS = "(bộ|sở|phòng|ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd|hội đồng nhân dân|thủ tướng|chính phủ|ministry|provincial department|department|people's committee|people's council|prime minister|government)";
// "công văn của Bộ GDĐT", "nghị quyết HĐND tỉnh", "the letter from the Ministry".
// Right after the kind only the organs no other word is read as ("kế hoạch phòng chống…", "bộ môn").
const ORGAN_AFTER_DOC = new RegExp(`${DOC_WORDS}(?:(?:\\s+\\S+){0,8}?\\s+(?:của|do|of|by|from)\\s+(?:the\\s+)?${ORGANS}|\\s+(ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd|hội đồng nhân dân|thủ tướng|chính phủ))(?=[\\s?.,;]|$)`, 'u');
// "the Lâm Giang People's Council resolution": in English the organ may stand before the kind.
const ORGAN_BEFORE_DOC = /(?<![\p{L}'])(ministry|provincial department|department|people's committee|people's council|prime minister|government)(?:\s+(?:of|for)\s+\p{L}+(?:\s+(?:and|&)\s+\p{L}+)?)?(?:'s)?(?=\s+(?:letter|plan|decision|directive|circular|resolution|guidance)\b)/u;

/** The organ kinds a question says the document it asks about was issued by; null when it names none. */
export function issuerTypesNamed(question: string): { text: string; types: string[] } | null {
  const q = question.replace(/\s+/g, ' ');
  const after = ORGAN_AFTER_DOC.exec(q.toLowerCase());
  const before = after ? null : ORGAN_BEFORE_DOC.exec(q.toLowerCase());
  const m = after ?? before;
  if (!m) return null;
  const organ = m[1] ?? m[2];
  const types = ORGAN_TYPES.find(([re]) => re.test(organ))?.[1];
  if (!types) return null;
  // The organ as the question writes it, with the words that name it ("Bộ GDĐT").
  const at = after ? m.index + m[0].length - organ.length : m.index;
  const text = before ? q.slice(at, at + m[0].length) : q.slice(at).split(/[?,;]/)[0].split(/ (?:về|ngày|số|năm|ký|ban hành|có|là|được|on|about|dated|signed|issued)(?= |$)/u)[0].split(' ').slice(0, 4).join(' ').trim();
  return { text, types };
}

// "Văn bản nào được ký sớm nhất?", "which of the plans was issued most recently?": the documents
// ordered by their signing date, as their headers give it (folded, lower case).
const SIGNED_OR_ISSUED = /\b(ky|ban hanh|signed|issued|dated|promulgated)\b/;
const EARLIEST = /\b(som nhat|truoc nhat|cu nhat|dau tien|earliest|oldest|first)\b/;
const LATEST = /\b(muon nhat|moi nhat|gan day nhat|gan nhat|sau cung|sau nhat|latest|most recent|most recently|newest|last)\b/;
const AMONG_DOCUMENTS = /\b(van ban nao|ke hoach nao|quyet dinh nao|trong (cac|\d+|nhung) (van ban|ke hoach)|which (of the )?(documents?|plans?|decisions?)|of (all )?the (documents|plans))\b/;

/** Which end of the signing order a question asks for, or null. */
export function documentOrderAsked(u: Understanding): 'earliest' | 'latest' | null {
  const f = ` ${foldChars(u.question).toLowerCase()} `;
  if (!SIGNED_OR_ISSUED.test(f) || !AMONG_DOCUMENTS.test(f)) return null;
  return EARLIEST.test(f) ? 'earliest' : LATEST.test(f) ? 'latest' : null;
}

/** The document signed first (or last) among those asked about, its date quoted from its header; the order of the others after it. */
export async function composeDocumentOrder(u: Understanding, which: 'earliest' | 'latest', docs: DocumentFacts[], clausesOf: (docId: string) => Promise<ClauseRow[]>, names: Map<string, DocNames>): Promise<Answer | null> {
  const dated = docs.filter((d) => d.signed?.iso).sort((a, b) => a.signed!.iso.localeCompare(b.signed!.iso));
  if (dated.length < 2) return null;
  const pick = which === 'earliest' ? dated[0] : dated[dated.length - 1];
  const stated = fieldStated(pick, 'date', await clausesOf(pick.docId));
  if (!stated) return null;
  const lang = u.lang;
  const citations: Citation[] = [];
  const n = citationFor(citations, pick, stated.found);
  const date = (d: DocumentFacts) => (lang === 'en' ? englishDate(d.signed!.iso) ?? d.signed!.text : d.signed!.text);
  const head = await render(lang, which === 'earliest' ? 'docEarliest' : 'docLatest', { docName: pick.shortName, title: pick.title, date: date(pick), n });
  const order = await render(lang, 'docSigningOrder', { list: dated.map((d) => `${d.shortName} (${date(d)})`).join(' → ') });
  const quote = await render(lang, 'multiItem', { source: `${pick.shortName}, §${stated.found.clause.path} ${stated.found.clause.heading}`, quote: stated.found.quote, n });
  const list = await render(lang, 'citation', { n, docName: await citedDocName(lang, names, pick.docId, { version: false }), section: stated.found.clause.path, heading: stated.found.clause.heading });
  const answer = `${head}\n${order}\n${quote}\n\n${wording(lang).citationsHeader}\n${list}`;
  return { question: u.question, lang, intent: u.intent, outcome: 'answer', answer, abstained: false, citations };
}
