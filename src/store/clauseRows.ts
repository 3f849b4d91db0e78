// What the store writes of a parsed plan's clauses, computed apart from the writing: in a parse
// worker on an index pass (src/search/parsePool.ts), so that the thread that writes spends its
// time writing. Pure: the same plan gives the same rows in any thread.
import { createHash } from 'node:crypto';
import { lexicalUnits, syllables, unitsOf, withRates } from '../corpus/fold.js';
import { definedVariantsOf, newDefinitions } from '../corpus/abbreviations.js';
import { buildRefIndex, referencedText } from '../corpus/crossRefs.js';
import type { Clause, ParsedDocument } from '../corpus/types.js';

export const BREADCRUMB_SEP = ' › ';

export function clauseTitle(c: { label: string; heading: string }): string {
  return c.label ? `${c.label}. ${c.heading}` : c.heading;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A plan's clause rows (the columns of `clauses` after its id) and full-text rows (heading, body, context), in the order of doc.clauses. */
export interface ClauseRows {
  clauses: unknown[][];
  fts: [string, string, string][];
}

export function clauseRows(doc: ParsedDocument): ClauseRows {
  const { meta, clauses } = doc;
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const crumbs = (c: Clause): string[] => {
    const out: string[] = [];
    for (let p = c.parentId ? byId.get(c.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) out.unshift(clauseTitle(p));
    return out;
  };
  // Abbreviations the document defines ("người có công (NCC)") are indexed in both forms.
  const variants = definedVariantsOf(newDefinitions(clauses.map((c) => c.text)));
  const bodyUnits = (text: string) => [...lexicalUnits(text), ...variants(text).flatMap((v) => lexicalUnits(v))];
  // A context's parts are read once a plan (the title, each heading over clauses): the syllables
  // of "a . b" are a's then b's, so its units are those of the parts' syllables together.
  const read = new Map<string, string[]>();
  const syl = (part: string) => read.get(part) ?? read.set(part, syllables(part)).get(part)!;
  // What a clause refers to ("trường hợp nêu tại Điểm a Khoản 2 Điều 2") is searched with it.
  const refs = buildRefIndex(clauses);
  const out: ClauseRows = { clauses: [], fts: [] };
  for (const c of clauses) {
    const breadcrumb = crumbs(c);
    const referred = referencedText(c.text, c.path, refs);
    out.clauses.push([c.id, c.docId, c.path, c.label, c.heading, c.text, c.kind, c.parentId, c.order, c.depth, c.lineStart, c.lineEnd, breadcrumb.join(BREADCRUMB_SEP), hashText(c.text), c.page ?? null, c.ocrConfidence ?? null]);
    out.fts.push([lexicalUnits(c.heading).join(' '), bodyUnits(c.text).join(' '), withRates(unitsOf([...breadcrumb.flatMap(syl), ...syl(meta.title), ...syllables(referred ?? '')]), [...breadcrumb, meta.title, referred ?? ''].join(' . ')).join(' ')]);
  }
  return out;
}
