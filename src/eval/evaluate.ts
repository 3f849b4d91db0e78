// The evaluation: ask every question of a gold set through the real Answerer and measure
// clause retrieval (recall@1, recall@5, MRR), answer accuracy (key strings stated), abstention
// (precision/recall with "should abstain" as the positive class) and citation faithfulness,
// overall and split by language and by intent. Optionally re-asks every question over a range
// of abstention thresholds so the threshold can be calibrated on data, not guessed.
//
// Ranks: the clause ranking of a question is the answer's citations in order, followed by the
// clauses of the retrieval ranking (Retriever.retrieve with the same understanding the
// Answerer uses) that were not cited. recall@1 is thus "the first citation is right",
// recall@5 "a right clause is among the citations or the next retrieved clauses up to 5", MRR
// the reciprocal rank in that list (0 when the right clause is not in it). The retrieval
// ranking alone is reported too (retrievalRecall@5), to tell retrieval misses from composing
// misses. Nothing in the Answerer is changed for this: the retrieval query is rebuilt here
// exactly as Answerer.ask builds it (keep the two in step). An abstained answer's citations
// are its "nearest clauses", so they count for the ranking too (a retrieval success that the
// composer did not dare to state), while accuracy requires an answer that was not abstained.
import { readFile } from 'node:fs/promises';
import type { Answerer } from '../answer/answerer.js';
import type { AbstainReason, Answer, Outcome } from '../answer/compose.js';
import { understand, type DocInfo, type Intent } from '../answer/understand.js';
import { normalizeText, normalizeToneMarks } from '../corpus/normalize.js';

export type GoldIntent = 'target' | 'responsibility' | 'deadline' | 'fact' | 'clause' | 'comparison' | 'signer' | 'document';
export const GOLD_INTENTS: readonly GoldIntent[] = ['target', 'responsibility', 'deadline', 'fact', 'clause', 'comparison', 'signer', 'document'];

export interface GoldItem {
  id: string;
  lang: 'vi' | 'en';
  intent: GoldIntent;
  question: string;
  /** Which part of a set the item belongs to: "tune" (may be tuned on), "frozen" (never), or a held-out set's name. */
  split?: string;
  /** Any of these counts as the right clause; empty when the plans do not answer. */
  expectedClauses: string[];
  /**
   * Verbatim excerpts of the answering passage: a clause containing one (after normalization)
   * counts as right too. Sets written over documents whose clause ids are not known yet use these.
   */
  evidence?: string[];
  /** The documents the answer comes from (informational). */
  docs?: string[];
  /** All must appear (normalized) in a correct answer; empty when the plans do not answer. */
  keyStrings: string[];
  answerable: boolean;
}

export class GoldError extends Error {}

/** The question intents of the gold set as planbot names them ("fact" is planbot's "general"). */
const SYSTEM_INTENT: Record<GoldIntent, Intent> = {
  target: 'target',
  responsibility: 'responsibility',
  deadline: 'deadline',
  fact: 'general',
  clause: 'clause',
  comparison: 'comparison',
  signer: 'signer',
  document: 'document',
};

/**
 * The form in which key strings are looked for in an answer: NFC, one tone-mark placement,
 * lower case, dashes unified, runs of white space (tabs of table cells too) collapsed, and a
 * figure joined to its percent sign ("1 %" → "1%"). Diacritics are kept: answers quote the
 * plans, so "dưới 1%" must be stated as such, not as "duoi 1%".
 */
export function normalizeForMatch(text: string): string {
  return normalizeToneMarks(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/(\d) %/g, '$1%')
    .trim();
}

export function containsKey(text: string, key: string): boolean {
  return normalizeForMatch(text).includes(normalizeForMatch(key));
}

/** Structural checks of a gold list; returns the problems found (empty when fine). */
export function checkGoldShape(items: unknown): string[] {
  if (!Array.isArray(items)) return ['the gold file must hold a JSON array'];
  const problems: string[] = [];
  const ids = new Set<string>();
  items.forEach((raw, i) => {
    const it = raw as Partial<GoldItem>;
    const where = `entry ${i}${typeof it?.id === 'string' ? ` (${it.id})` : ''}`;
    if (!it || typeof it !== 'object') return void problems.push(`${where}: not an object`);
    if (typeof it.id !== 'string' || !it.id) problems.push(`${where}: id missing`);
    else if (ids.has(it.id)) problems.push(`${where}: duplicate id`);
    else ids.add(it.id);
    if (it.lang !== 'vi' && it.lang !== 'en') problems.push(`${where}: lang must be "vi" or "en"`);
    if (!GOLD_INTENTS.includes(it.intent as GoldIntent)) problems.push(`${where}: intent must be one of ${GOLD_INTENTS.join(', ')}`);
    if (typeof it.question !== 'string' || !it.question.trim()) problems.push(`${where}: question missing`);
    if (typeof it.answerable !== 'boolean') problems.push(`${where}: answerable must be true or false`);
    if (it.expectedClauses === undefined && Array.isArray(it.evidence)) (it as GoldItem).expectedClauses = [];
    if (!Array.isArray(it.expectedClauses) || it.expectedClauses.some((c) => typeof c !== 'string')) problems.push(`${where}: expectedClauses must be a list of clause ids`);
    if (it.evidence !== undefined && (!Array.isArray(it.evidence) || it.evidence.some((e) => typeof e !== 'string' || !e.trim()))) problems.push(`${where}: evidence must be a list of non-empty strings`);
    if (it.split !== undefined && (typeof it.split !== 'string' || !it.split)) problems.push(`${where}: split must be a name`);
    if (!Array.isArray(it.keyStrings) || it.keyStrings.some((k) => typeof k !== 'string' || !k.trim())) problems.push(`${where}: keyStrings must be a list of non-empty strings`);
    if (it.answerable === true && ((!it.expectedClauses?.length && !it.evidence?.length) || !it.keyStrings?.length)) problems.push(`${where}: an answerable question needs expectedClauses or evidence, and keyStrings`);
    if (it.answerable === false && (it.expectedClauses?.length || it.evidence?.length || it.keyStrings?.length)) problems.push(`${where}: an unanswerable question has no expectedClauses, evidence or keyStrings`);
  });
  return problems;
}

export async function loadGold(file: string): Promise<GoldItem[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new GoldError(e.code === 'ENOENT' ? `no gold file ${file}` : `cannot read the gold file ${file}: ${e.message}`);
  }
  const problems = checkGoldShape(parsed);
  if (problems.length) throw new GoldError(`${file}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
  return parsed as GoldItem[];
}

// ---------------------------------------------------------------------------------------

export interface ItemResult {
  id: string;
  lang: 'vi' | 'en';
  intent: GoldIntent;
  question: string;
  answerable: boolean;
  expectedClauses: string[];
  /** What planbot understood. */
  detectedLang: string;
  detectedIntent: Intent;
  filters: string[];
  abstained: boolean;
  /** answer, unsure (closest passages shown as such) or not_found. */
  outcome: Outcome;
  /** Why it was not answered (null when answered). */
  reason: AbstainReason | null;
  split: string | null;
  answer: string;
  cited: string[];
  retrieved: string[];
  /** 1-based rank of the first expected clause in citations + retrieval, null when absent. */
  rank: number | null;
  /** 1-based rank of the first expected clause in the retrieval ranking alone. */
  retrievalRank: number | null;
  missingKeys: string[];
  /** Answerable: stated all key strings without abstaining. Unanswerable: abstained. */
  correct: boolean;
  citations: { clauseId: string; quote: string; faithful: boolean }[];
  /** With a sweep: the thresholds at which this question was abstained on. */
  abstainedAt?: number[];
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Over answerable questions. */
  recallAt1: number | null;
  recallAt5: number | null;
  mrr: number | null;
  retrievalRecallAt5: number | null;
  /** Answerable questions answered (not abstained) with every key string. */
  accuracy: number | null;
  /** Positive class: should abstain (not answerable). */
  abstentionPrecision: number | null;
  abstentionRecall: number | null;
  /** Share of all questions where abstained === !answerable. */
  abstentionCorrect: number | null;
  /** Share of all questions handled right: answered correctly, or abstained when unanswerable. */
  overallCorrect: number | null;
  /** Share of citations whose quote is a verbatim substring of the cited clause. */
  faithfulness: number | null;
  citations: number;
  /** Share of questions whose intent planbot detected as the gold set names it. */
  intentAccuracy: number | null;
  /** Answerable questions given a non-answer (unsure or not found). */
  falseAbstention: number | null;
  /** Of the non-answers to answerable questions, the share that were "unsure" with the right clause among the passages shown. */
  unsureWithRightPassage: number | null;
}

export interface SweepRow {
  threshold: number;
  accuracy: number | null;
  abstentionPrecision: number | null;
  abstentionRecall: number | null;
  abstentionCorrect: number | null;
  overallCorrect: number | null;
  abstained: number;
}

export interface EvalReport {
  /** Threshold used for the main run (null: the Answerer's default). */
  threshold: number | null;
  overall: Metrics;
  byLang: Record<string, Metrics>;
  byIntent: Record<string, Metrics>;
  byAnswerable: Record<string, Metrics>;
  bySplit: Record<string, Metrics>;
  /** Answerable questions not answered, counted by reason, per split ("all" for every item). */
  falseAbstentionReasons: Record<string, Partial<Record<AbstainReason | 'unknown', number>>>;
  items: ItemResult[];
  sweep?: SweepRow[];
}

export interface EvaluateOptions {
  /** Abstention threshold for the main run; default: the Answerer's. */
  threshold?: number;
  /** Re-ask everything at each threshold (true: 0.30, 0.35 … 0.80). */
  thresholdSweep?: boolean | number[];
  /** Retrieval depth used for the ranking (the Answerer composes from 20). */
  retrieveLimit?: number;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_SWEEP = Array.from({ length: 11 }, (_, i) => Math.round((0.3 + i * 0.05) * 100) / 100);

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);
const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);

/**
 * Whether a clause's text holds an evidence excerpt copied from the source file: both in the
 * match form, with table bars and the markdown marks normalization removes left out.
 */
export function evidenceIn(clauseText: string, excerpt: string): boolean {
  // The excerpt goes through the normalization documents get (OCR fixes, markdown marks, table bars).
  const form = (t: string) => normalizeForMatch(t.replace(/[|#]/g, ' '));
  return form(clauseText).includes(form(normalizeText(excerpt).join('\n')));
}

function abstentionStats(rows: { answerable: boolean; abstained: boolean }[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let agree = 0;
  for (const r of rows) {
    const should = !r.answerable;
    if (r.abstained && should) tp++;
    if (r.abstained && !should) fp++;
    if (!r.abstained && should) fn++;
    if (r.abstained === should) agree++;
  }
  return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), correct: ratio(agree, rows.length) };
}

export function metricsOf(items: ItemResult[]): Metrics {
  const ans = items.filter((r) => r.answerable);
  const cites = items.flatMap((r) => r.citations);
  const ab = abstentionStats(items);
  return {
    questions: items.length,
    answerable: ans.length,
    unanswerable: items.length - ans.length,
    recallAt1: mean(ans.map((r) => (r.rank === 1 ? 1 : 0))),
    recallAt5: mean(ans.map((r) => (r.rank !== null && r.rank <= 5 ? 1 : 0))),
    mrr: mean(ans.map((r) => (r.rank ? 1 / r.rank : 0))),
    retrievalRecallAt5: mean(ans.map((r) => (r.retrievalRank !== null && r.retrievalRank <= 5 ? 1 : 0))),
    accuracy: mean(ans.map((r) => (r.correct ? 1 : 0))),
    abstentionPrecision: ab.precision,
    abstentionRecall: ab.recall,
    abstentionCorrect: ab.correct,
    overallCorrect: mean(items.map((r) => (r.correct ? 1 : 0))),
    faithfulness: ratio(cites.filter((c) => c.faithful).length, cites.length),
    citations: cites.length,
    intentAccuracy: mean(items.map((r) => (r.detectedIntent === SYSTEM_INTENT[r.intent] ? 1 : 0))),
    falseAbstention: mean(ans.map((r) => (r.abstained ? 1 : 0))),
    unsureWithRightPassage: mean(ans.filter((r) => r.abstained).map((r) => (r.outcome === 'unsure' && r.rank !== null && r.rank <= r.cited.length ? 1 : 0))),
  };
}

/** Which mechanism kept answerable questions from an answer: counts only, so a held-out split can be read without its questions. */
export function falseAbstentionReasons(items: ItemResult[]): EvalReport['falseAbstentionReasons'] {
  const out: EvalReport['falseAbstentionReasons'] = {};
  for (const r of items) {
    if (!r.answerable || !r.abstained) continue;
    for (const k of r.split ? ['all', r.split] : ['all']) {
      const counts = (out[k] ??= {});
      const why = r.reason ?? 'unknown';
      counts[why] = (counts[why] ?? 0) + 1;
    }
  }
  return out;
}

function groupBy(items: ItemResult[], key: (r: ItemResult) => string, order: string[] = []): Record<string, Metrics> {
  const groups = new Map<string, ItemResult[]>();
  for (const k of order) groups.set(k, []);
  for (const r of items) {
    const k = key(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return Object.fromEntries([...groups].filter(([, rs]) => rs.length > 0).map(([k, rs]) => [k, metricsOf(rs)]));
}

/** Whether an answer is right for its gold item, and which key strings it lacks. */
export function judge(item: GoldItem, a: Pick<Answer, 'answer' | 'abstained'>): { correct: boolean; missingKeys: string[] } {
  if (!item.answerable) return { correct: a.abstained, missingKeys: [] };
  const missingKeys = item.keyStrings.filter((k) => !containsKey(a.answer, k));
  return { correct: !a.abstained && missingKeys.length === 0, missingKeys };
}

export async function evaluate(answerer: Answerer, gold: GoldItem[], opts: EvaluateOptions = {}): Promise<EvalReport> {
  const { store, retriever } = answerer;
  const docs: DocInfo[] = (await store.listDocuments()).map((d) => ({ docId: d.docId, place: d.place, schoolYear: d.schoolYear, yearStart: d.yearStart, yearEnd: d.yearEnd }));
  const clauseText = new Map<string, string | null>();
  const textOf = async (id: string) => {
    if (!clauseText.has(id)) clauseText.set(id, (await store.getClause(id))?.text ?? null);
    return clauseText.get(id)!;
  };
  // A clause is right when the gold names it, or when it holds one of the gold's evidence excerpts.
  const rightClause = async (g: GoldItem, id: string) => {
    if (g.expectedClauses.includes(id)) return true;
    if (!g.evidence?.length) return false;
    const text = await textOf(id);
    return text !== null && g.evidence.some((e) => evidenceIn(text, e));
  };
  const rankIn = async (g: GoldItem, list: string[]) => {
    for (const [i, id] of list.entries()) if (await rightClause(g, id)) return i + 1;
    return null;
  };

  const items: ItemResult[] = [];
  for (const [i, g] of gold.entries()) {
    const a = await answerer.ask(g.question, opts.threshold === undefined ? {} : { threshold: opts.threshold });
    // The same understanding and retrieval query the Answerer makes (see answerer.ts).
    const q = g.question.replace(/\s+/g, ' ').trim();
    const u = understand(q, docs);
    const hits = await retriever.retrieve({ units: u.units, text: q, docIds: u.docIds, limit: opts.retrieveLimit ?? 12 });
    const retrieved = hits.map((h) => h.clause.id);
    const cited = a.citations.map((c) => c.clauseId);
    const ranking = [...new Set([...cited, ...retrieved])];
    const citations = [];
    for (const c of a.citations) {
      const text = await textOf(c.clauseId);
      citations.push({ clauseId: c.clauseId, quote: c.quote, faithful: text !== null && c.quote.length > 0 && text.includes(c.quote) });
    }
    items.push({
      id: g.id,
      lang: g.lang,
      intent: g.intent,
      question: g.question,
      answerable: g.answerable,
      expectedClauses: g.expectedClauses,
      detectedLang: a.lang,
      detectedIntent: a.intent,
      filters: u.filterNotes,
      abstained: a.abstained,
      outcome: a.outcome,
      reason: a.abstained ? (a.reason ?? null) : null,
      split: g.split ?? null,
      answer: a.answer,
      cited,
      retrieved,
      rank: g.answerable ? await rankIn(g, ranking) : null,
      retrievalRank: g.answerable ? await rankIn(g, retrieved) : null,
      citations,
      ...judge(g, a),
    });
    opts.onProgress?.(i + 1, gold.length);
  }

  const report: EvalReport = {
    threshold: opts.threshold ?? null,
    overall: metricsOf(items),
    byLang: groupBy(items, (r) => r.lang, ['vi', 'en']),
    byIntent: groupBy(items, (r) => r.intent, [...GOLD_INTENTS]),
    byAnswerable: groupBy(items, (r) => (r.answerable ? 'answerable' : 'unanswerable'), ['answerable', 'unanswerable']),
    bySplit: items.some((r) => r.split) ? groupBy(items, (r) => r.split ?? 'unsplit', ['tune', 'frozen']) : {},
    falseAbstentionReasons: falseAbstentionReasons(items),
    items,
  };

  if (opts.thresholdSweep) {
    const thresholds = Array.isArray(opts.thresholdSweep) ? opts.thresholdSweep : DEFAULT_SWEEP;
    report.sweep = [];
    const byId = new Map(items.map((r) => [r.id, r]));
    for (const t of thresholds) {
      const rows: { answerable: boolean; abstained: boolean; correct: boolean }[] = [];
      for (const g of gold) {
        const a = await answerer.ask(g.question, { threshold: t });
        rows.push({ answerable: g.answerable, abstained: a.abstained, correct: judge(g, a).correct });
        if (a.abstained) (byId.get(g.id)!.abstainedAt ??= []).push(t);
      }
      const ab = abstentionStats(rows);
      const ans = rows.filter((r) => r.answerable);
      report.sweep.push({
        threshold: t,
        accuracy: mean(ans.map((r) => (r.correct ? 1 : 0))),
        abstentionPrecision: ab.precision,
        abstentionRecall: ab.recall,
        abstentionCorrect: ab.correct,
        overallCorrect: mean(rows.map((r) => (r.correct ? 1 : 0))),
        abstained: rows.filter((r) => r.abstained).length,
      });
    }
  }
  return report;
}

// ---------------------------------------------------------------------------------------
// Printing

const pct = (x: number | null) => (x === null ? '   —' : `${(x * 100).toFixed(0).padStart(3)}%`);
const num = (x: number | null) => (x === null ? '   —' : x.toFixed(2).padStart(4));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

export function metricsTable(groups: [string, Metrics][]): string {
  const head = ['', 'n', 'ans', 'R@1', 'R@5', 'MRR', 'ret@5', 'acc', 'false-abs', 'abs-P', 'abs-R', 'abs-ok', 'all-ok', 'faith', 'intent'];
  const rows = groups.map(([name, m]) => [
    name,
    String(m.questions),
    String(m.answerable),
    pct(m.recallAt1),
    pct(m.recallAt5),
    num(m.mrr),
    pct(m.retrievalRecallAt5),
    pct(m.accuracy),
    pct(m.falseAbstention),
    pct(m.abstentionPrecision),
    pct(m.abstentionRecall),
    pct(m.abstentionCorrect),
    pct(m.overallCorrect),
    pct(m.faithfulness),
    pct(m.intentAccuracy),
  ]);
  return table([head, ...rows]);
}

export function sweepTable(rows: SweepRow[]): string {
  const head = ['threshold', 'acc', 'abs-P', 'abs-R', 'abs-ok', 'all-ok', 'abstained'];
  return table([head, ...rows.map((r) => [r.threshold.toFixed(2), pct(r.accuracy), pct(r.abstentionPrecision), pct(r.abstentionRecall), pct(r.abstentionCorrect), pct(r.overallCorrect), String(r.abstained)])]);
}

function failureLine(r: ItemResult): string {
  const why: string[] = [];
  if (!r.answerable) why.push('answered, should abstain');
  else {
    if (r.abstained) why.push(`abstained (${r.reason ?? 'unknown'})`);
    if (r.missingKeys.length) why.push(`missing ${r.missingKeys.map((k) => JSON.stringify(k)).join(', ')}`);
    why.push(r.rank === null ? 'right clause not ranked' : `right clause at rank ${r.rank}`);
  }
  const got = r.cited.length ? r.cited.slice(0, 3).join(', ') : 'no citation';
  return `  ${r.id}: ${why.join('; ')} — cited ${got}`;
}

export function formatReport(r: EvalReport): string {
  const out: string[] = [];
  out.push(`threshold: ${r.threshold ?? 'default'}; ${r.overall.questions} questions (${r.overall.answerable} answerable, ${r.overall.unanswerable} not)`);
  out.push('');
  out.push(
    metricsTable([
      ['overall', r.overall],
      ...Object.entries(r.byLang).map(([k, m]) => [`lang ${k}`, m] as [string, Metrics]),
      ...Object.entries(r.byIntent).map(([k, m]) => [`intent ${k}`, m] as [string, Metrics]),
      ...Object.entries(r.byAnswerable).map(([k, m]) => [k, m] as [string, Metrics]),
      ...Object.entries(r.bySplit).map(([k, m]) => [`split ${k}`, m] as [string, Metrics]),
    ]),
  );
  out.push('');
  out.push('R@k/MRR over citations then retrieval; ret@5 retrieval alone; acc = answered with every key string (answerable only);');
  out.push('false-abs = answerable questions not answered (unsure or not found);');
  out.push('abs-P/abs-R = abstention precision/recall (positive: should abstain); abs-ok = abstained iff unanswerable;');
  out.push('all-ok = right answer or right abstention; faith = quotes verbatim in the cited clause; intent = intent detected as labelled.');
  const reasons = Object.entries(r.falseAbstentionReasons);
  if (reasons.length) {
    out.push('');
    out.push('answerable but not answered, by reason:');
    for (const [k, counts] of reasons) out.push(`  ${k}: ${Object.entries(counts).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).map(([why, n]) => `${why} ${n}`).join(', ')}`);
  }
  if (r.sweep) {
    out.push('');
    out.push('threshold sweep:');
    out.push(sweepTable(r.sweep));
  }
  const failures = r.items.filter((i) => !i.correct);
  if (failures.length) {
    out.push('');
    out.push(`not right (${failures.length}):`);
    out.push(...failures.map(failureLine));
  }
  const unfaithful = r.items.flatMap((i) => i.citations.filter((c) => !c.faithful).map((c) => `  ${i.id}: ${c.clauseId} ${JSON.stringify(c.quote.slice(0, 80))}`));
  if (unfaithful.length) {
    out.push('');
    out.push(`quotes not found in the cited clause (${unfaithful.length}):`);
    out.push(...unfaithful);
  }
  return out.join('\n');
}
