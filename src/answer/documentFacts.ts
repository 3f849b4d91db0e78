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

export async function composeDocumentFacts(u: Understanding, doc: DocumentFacts, clauses: ClauseRow[], names: Map<string, DocNames>): Promise<Answer> {
  const lang = u.lang;
  const fields = fieldsAsked(u);
  const citations: Citation[] = [];
  const lines: string[] = [];
  const missing: string[] = [];
  for (const field of fields) {
    const addressed = field === 'recipients' ? recipientsIn(clauses) : null;
    const value = addressed?.value ?? valueOf(doc, field);
    let found = addressed ?? (value ? quoteFor(clauses, value, field) : null);
    const organ = field === 'issuer' && value ? organOf(value, doc.place ?? null) : null;
    // The organ signs for itself: "TM. ỦY BAN NHÂN DÂN" (on behalf of), "KT. CHỦ TỊCH" …
    if (!found && organ) found = quoteFor(clauses, organ, 'signer', (line) => /^(TM|KT|TL|TUQ|Q)\.\s/.test(line));
    if (!value || !found) {
      missing.push(wording(lang)[`docFieldName.${field}`] ?? field);
      continue;
    }
    let n = citations.findIndex((c) => c.clauseId === found.clause.id && c.quote === found.quote) + 1;
    if (!n) {
      n = citations.length + 1;
      citations.push({ n, clauseId: found.clause.id, docId: doc.docId, docTitle: doc.title, section: found.clause.path, heading: found.clause.heading, quote: found.quote, ...scanMark(found.clause) });
    }
    const shown = field === 'signer' && doc.signer?.position ? `${value} (${doc.signer.position})` : value;
    lines.push(await render(lang, 'docFieldLine', { label: wording(lang)[`docField.${field}`] ?? field, value: shown, n }));
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
