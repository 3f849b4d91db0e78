// Precision and recall of extracted deadlines against a hand-made gold list
// (test/eval/deadlines.gold.json). An extracted deadline matches a gold one when clause id,
// due (ISO at its precision) and kind agree. Both sides are compared as sets of such keys, so
// two tasks of one clause with the same due and kind count once. Programme periods are left
// out of both sides by default: they are not deadlines.
import type { DeadlineKind } from './deadlines.js';

export interface GoldDeadline {
  docId: string;
  clauseId: string;
  due: string | null;
  precision?: string | null;
  kind: DeadlineKind;
  quote?: string;
}

export interface DeadlineScore {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  extracted: number;
  truePositives: number;
  /** Keys "clauseId | due | kind" extracted but not in the gold list. */
  falsePositives: string[];
  /** Gold keys not extracted. */
  falseNegatives: string[];
}

export const SCORED_KINDS: DeadlineKind[] = ['deadline', 'school_year_task', 'scheduled_event', 'recurring'];

export function deadlineKey(d: { clauseId: string; due: string | null; kind: string }): string {
  return `${d.clauseId} | ${d.due ?? '—'} | ${d.kind}`;
}

export function scoreDeadlines(
  gold: GoldDeadline[],
  extracted: { clauseId: string; due: string | null; kind: string }[],
  opts: { kinds?: DeadlineKind[]; docIds?: string[] } = {},
): DeadlineScore {
  const kinds = new Set<string>(opts.kinds ?? SCORED_KINDS);
  const inDoc = (clauseId: string) => !opts.docIds || opts.docIds.some((id) => clauseId.startsWith(`${id}#`));
  const g = new Set(gold.filter((d) => kinds.has(d.kind) && inDoc(d.clauseId)).map(deadlineKey));
  const x = new Set(extracted.filter((d) => kinds.has(d.kind) && inDoc(d.clauseId)).map(deadlineKey));
  const tp = [...x].filter((k) => g.has(k)).length;
  const precision = x.size === 0 ? 1 : tp / x.size;
  const recall = g.size === 0 ? 1 : tp / g.size;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    gold: g.size,
    extracted: x.size,
    truePositives: tp,
    falsePositives: [...x].filter((k) => !g.has(k)).sort(),
    falseNegatives: [...g].filter((k) => !x.has(k)).sort(),
  };
}
