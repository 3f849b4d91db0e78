// Precision and recall of extracted facts against hand labels that name no clause ids
// (test/fixtures/dev-corpus/facts.json): a label is found when an extracted fact of its kind has
// the same figure and unit (targets), names the agency (responsibilities) or holds the date
// phrase (dated tasks), and its clause text contains the label's evidence snippet. Text
// matching, so the labels survive changes of clause structure and ids.
// Labels list the facts of the sentences they quote, not every fact of a document, so precision
// is measured where labels are: over the extracted facts whose quote overlaps a labelled
// evidence snippet of the same kind.
import { normalizeToneMarks } from '../corpus/normalize.js';
import type { Clause } from '../corpus/types.js';
import { agencyKey, keyMatches } from './agencies.js';
import type { PlanFacts } from './index.js';

export interface TargetLabel {
  value: string;
  number: number;
  unit: string;
  comparator?: string;
  evidence: string;
}
export interface ResponsibilityLabel {
  agency: string;
  role: 'lead' | 'coordinate';
  evidence: string;
}
export interface DeadlineLabel {
  dateText: string;
  due?: string | null;
  precision?: string;
  recurrence?: string;
  anchor?: string;
  start?: boolean;
  relative?: { amount: number; unit: string; anchor: string };
  evidence: string;
}
export interface DocLabels {
  targets: TargetLabel[];
  responsibilities: ResponsibilityLabel[];
  deadlines: DeadlineLabel[];
}

export type FactKind = 'targets' | 'responsibilities' | 'deadlines';
export const FACT_KINDS: FactKind[] = ['targets', 'responsibilities', 'deadlines'];

export interface KindScore {
  labels: number;
  /** Labels found (figure/agency/date phrase and evidence). */
  found: number;
  /** Found with every labelled detail right too (comparator, role, due/recurrence/time limit). */
  exact: number;
  recall: number;
  /** Extracted facts whose quote overlaps a labelled snippet, and those of them that match a label. */
  considered: number;
  matched: number;
  precision: number;
  /** All facts of the kind extracted from the labelled documents. */
  extracted: number;
  missed: string[];
  wrong: string[];
}

/** NFC, the corpus's tone-mark placement, one space, lower case: how labels and clause text are compared. */
export const norm = (s: string) => normalizeToneMarks(s.normalize('NFC')).replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const unitKey = (u: string | null | undefined) => norm(u ?? '').replace(/\s+/g, '');

type AnyFact = { clauseId: string; quote: string };

function overlaps(quote: string, evidence: string): boolean {
  const q = norm(quote);
  const e = norm(evidence);
  return q.includes(e) || e.includes(q);
}

function targetMatches(t: PlanFacts['targets'][number], l: TargetLabel): boolean {
  return t.number !== null && Math.abs(t.number - l.number) < 1e-9 && unitKey(t.unit) === unitKey(l.unit);
}

/** The roles a responsibility gives a labelled agency: its own role, or 'coordinate' when it is a partner. */
function rolesFor(r: PlanFacts['responsibilities'][number], label: string): ('lead' | 'coordinate')[] {
  const k = agencyKey(label);
  const out: ('lead' | 'coordinate')[] = [];
  if ([r.agencyKey, ...r.memberKeys].some((x) => keyMatches(k, x))) out.push(r.role === 'phối hợp' ? 'coordinate' : 'lead');
  if (r.partners.some((p) => keyMatches(k, agencyKey(p)))) out.push('coordinate');
  return out;
}

function dateMatches(d: PlanFacts['deadlines'][number], l: DeadlineLabel): boolean {
  const a = norm(d.dateText);
  const b = norm(l.dateText);
  return a.includes(b) || b.includes(a);
}

function dateExact(d: PlanFacts['deadlines'][number], l: DeadlineLabel): boolean {
  if (l.due !== undefined && (d.due ?? null) !== l.due) return false;
  if (l.recurrence !== undefined && d.recurrence !== l.recurrence) return false;
  if (l.anchor !== undefined && d.recursOn !== l.anchor) return false;
  if (l.start !== undefined && !!d.starts !== l.start) return false;
  if (l.relative && (d.relative?.amount !== l.relative.amount || d.relative?.unit !== l.relative.unit || d.relative?.anchor !== l.relative.anchor)) return false;
  return true;
}

/** Scores one kind over several documents: facts and clauses by docId. */
export function scoreKind(kind: FactKind, labels: Record<string, DocLabels>, facts: Record<string, PlanFacts>, clauses: Record<string, Clause[]>): KindScore {
  const s: KindScore = { labels: 0, found: 0, exact: 0, recall: 0, considered: 0, matched: 0, precision: 0, extracted: 0, missed: [], wrong: [] };
  for (const [docId, doc] of Object.entries(labels)) {
    const byId = new Map((clauses[docId] ?? []).map((c) => [c.id, c]));
    const list = (facts[docId]?.[kind] ?? []) as AnyFact[];
    const ls = doc[kind] as (TargetLabel | ResponsibilityLabel | DeadlineLabel)[];
    s.extracted += list.length;
    const inClause = (f: AnyFact, evidence: string) => norm(byId.get(f.clauseId)?.text ?? '').includes(norm(evidence));
    const same = (f: AnyFact, l: TargetLabel | ResponsibilityLabel | DeadlineLabel): boolean => {
      if (!inClause(f, l.evidence)) return false;
      if (kind === 'targets') return targetMatches(f as PlanFacts['targets'][number], l as TargetLabel);
      if (kind === 'responsibilities') return rolesFor(f as PlanFacts['responsibilities'][number], (l as ResponsibilityLabel).agency).length > 0;
      return dateMatches(f as PlanFacts['deadlines'][number], l as DeadlineLabel);
    };
    const exact = (f: AnyFact, l: TargetLabel | ResponsibilityLabel | DeadlineLabel): boolean => {
      if (kind === 'targets') {
        const t = f as PlanFacts['targets'][number];
        return (l as TargetLabel).comparator === undefined || t.comparator === (l as TargetLabel).comparator;
      }
      if (kind === 'responsibilities') return rolesFor(f as PlanFacts['responsibilities'][number], (l as ResponsibilityLabel).agency).includes((l as ResponsibilityLabel).role);
      return dateExact(f as PlanFacts['deadlines'][number], l as DeadlineLabel);
    };
    for (const l of ls) {
      s.labels++;
      const hits = list.filter((f) => same(f, l));
      if (hits.length === 0) {
        s.missed.push(`${docId}: ${JSON.stringify(l)}`);
        continue;
      }
      s.found++;
      if (hits.some((f) => exact(f, l))) s.exact++;
      else s.wrong.push(`${docId}: ${JSON.stringify(l)} ← ${JSON.stringify(hits.map((h) => describe(kind, h)))}`);
    }
    for (const f of list) {
      const near = ls.filter((l) => overlaps(f.quote, l.evidence));
      if (near.length === 0) continue;
      s.considered++;
      if (near.some((l) => same(f, l))) s.matched++;
      else s.wrong.push(`${docId}: extra ${JSON.stringify(describe(kind, f))}`);
    }
  }
  s.recall = s.labels ? s.found / s.labels : 1;
  s.precision = s.considered ? s.matched / s.considered : 1;
  return s;
}

function describe(kind: FactKind, f: AnyFact): unknown {
  if (kind === 'targets') {
    const t = f as PlanFacts['targets'][number];
    return { value: t.value, number: t.number, unit: t.unit, comparator: t.comparator };
  }
  if (kind === 'responsibilities') {
    const r = f as PlanFacts['responsibilities'][number];
    return { agency: r.agency, role: r.role, partners: r.partners, quote: r.quote.slice(0, 60) };
  }
  const d = f as PlanFacts['deadlines'][number];
  return { dateText: d.dateText, due: d.due, recurrence: d.recurrence, recursOn: d.recursOn, starts: d.starts, relative: d.relative };
}
