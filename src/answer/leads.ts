// Direct answers from the plan facts of the cited clauses, stated before the quotes: the
// figure of a target with its comparator and level, the agency of a responsibility with its
// role, the date of a task. A lead is built only from a fact whose text lies in the quoted
// sentence, and shown only when verify.ts finds every figure, date and agency of it in the
// cited clause.
import type { ClauseFacts } from '../store/facts.js';
import type { ClauseRow } from '../store/repository.js';
import type { Deadline, Responsibility, Target } from '../facts/index.js';
import type { Intent, Lang, Understanding } from './understand.js';
import { coverage, textUnits, type UnitWeights } from './evidence.js';
import { foldChars } from '../corpus/fold.js';
import { claimProblem, type Claim } from './verify.js';
import { phrase, render, wording } from './wording.js';
import { agencyForEnglish, englishMonth } from './english.js';

export interface LeadItem {
  clause: ClauseRow;
  quote: string;
  /** Citation number. */
  n: number;
  docName: string;
}

interface Core {
  /** The lead as shown, without plan name or marker. */
  text: string;
  /** What it states, as the clause writes it. */
  phrases: string[];
}

type LeadIntent = 'target' | 'responsibility' | 'deadline';

function leadIntent(intent: Intent): LeadIntent | null {
  if (intent === 'target' || intent === 'comparison') return 'target';
  if (intent === 'responsibility' || intent === 'deadline') return intent;
  return null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The value stands in the quote as a figure of its own ("1%" is not the end of "21%"). */
const statesValue = (quote: string, value: string) => new RegExp(`(?<![\\d.,])${escapeRe(value)}`).test(quote);

async function figure(lang: Lang, t: Target): Promise<string> {
  // A table's figure is shown in the unit its unit line gives ("71.500" of "ĐVT: triệu đồng").
  const value = t.unit && /\d$/.test(t.value) && !t.value.includes(t.unit) && t.unit !== '%' ? `${t.value} ${t.unit}` : t.value;
  return render(lang, `cmp.${t.comparator ?? 'none'}`, { value });
}

/** The figures of one statement: the main one first, then its sub-groups ("giảm 3-5%; trẻ 5 tuổi: dưới 15%"). */
async function statementFigures(lang: Lang, group: Target[]): Promise<string> {
  const main = group.find((t) => !t.subgroup) ?? group[0];
  const ordered = [main, ...group.filter((t) => t !== main)].slice(0, 3);
  const parts = await Promise.all(ordered.map(async (t) => (t === main || !t.subgroup ? figure(lang, t) : render(lang, 'subgroupFigure', { subgroup: t.subgroup, figure: await figure(lang, t) }))));
  return parts.join('; ');
}

/** Share of the question's key terms a target's indicator must cover to lead an answer. */
const MIN_INDICATOR_COVERAGE = 0.25;

async function targetCore(lang: Lang, item: LeadItem, targets: Target[], u: Understanding, w: UnitWeights): Promise<Core | null> {
  let stated = targets.filter((t) => t.clauseId === item.clause.id && statesValue(item.quote, t.value));
  // A row's figures by year ("— Năm 2027"): the year asked, when the row gives it.
  const forYear = u.year ? stated.filter((t) => new RegExp(`(?<![\\p{L}\\d])(?:[Nn]ăm\\s+)?${u.year}(?!\\d)`, 'u').test(t.indicator)) : [];
  if (forYear.length) stated = forYear;
  // No year asked: a row's total column ("— Tổng cộng") before its figures by year.
  const totals = u.year ? [] : stated.filter((t) => /—\s*(?:Tổng cộng|Tổng số|Tổng|Cộng)\s*$/u.test(t.indicator));
  if (totals.length) stated = totals;
  if (stated.length === 0) return null;
  const asked = (t: Target) => coverage(textUnits(t.indicator), w) + (t.subgroup && coverage(textUnits(t.subgroup), w) > 0 ? 0.2 : 0) + (u.level && t.level === u.level ? 0.1 : 0);
  // One statement per indicator sentence; when two answer the question about as well, both
  // are shown with their indicators, so a figure is never read as another's.
  const groups = new Map<string, Target[]>();
  for (const t of stated) {
    const key = `${t.quote}\u0000${t.indicator}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const ranked = [...groups.values()].map((g) => ({ g, score: Math.max(...g.map(asked)) })).sort((a, b) => b.score - a.score);
  // A figure about something else that the quoted sentence happens to hold is no answer.
  if (ranked[0].score < MIN_INDICATOR_COVERAGE) return null;
  const shown = ranked.filter((r) => r.score >= ranked[0].score - 0.1).slice(0, 2).map((r) => r.g);
  const texts = await Promise.all(shown.map((g) => statementFigures(lang, g)));
  const text = shown.length === 1 ? texts[0] : shown.map((g, i) => `${g[0].indicator}: ${texts[i]}`).join('; ');
  const levels = new Set(shown.flat().map((t) => t.level));
  const only = levels.size === 1 ? [...levels][0] : null;
  const level = only ? await render(lang, 'levelNote', { level: phrase(lang, `level.${only}`, only) }) : '';
  return { text: `${text}${level}`, phrases: shown.flat().flatMap((t) => [t.value, ...(t.subgroup ? [t.subgroup] : [])]) };
}

async function responsibilityCore(lang: Lang, item: LeadItem, responsibilities: Responsibility[]): Promise<Core | null> {
  const inClause = responsibilities.filter((r) => r.clauseId === item.clause.id);
  const r = inClause.find((x) => x.quote.includes(item.quote) || item.quote.includes(x.duty.slice(0, 60))) ?? inClause.find((x) => x.source === 'section');
  if (!r) return null;
  // In English an agency reads by its English name, the Vietnamese (which the check finds in the clause) after it.
  const name = (vi: string) => (lang === 'en' ? agencyForEnglish(vi) : vi);
  const partners = r.partners.length ? await render(lang, 'partners', { names: r.partners.map(name).join(', ') }) : '';
  const role = await render(lang, `role.${r.role}`, { partners });
  return { text: `${name(r.agency)}${role}`, phrases: [r.agency, ...r.partners] };
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

/** The due date in English, from the normalized value (only figures the phrase has). */
function dueEn(d: Deadline): string | null {
  if (!d.due || !d.precision) return null;
  switch (d.precision) {
    case 'day': {
      const [y, m, day] = d.due.split('-').map(Number);
      return `${day} ${englishMonth(m)} ${y}`;
    }
    case 'month': {
      const [y, m] = d.due.split('-').map(Number);
      return `${englishMonth(m)} ${y}`;
    }
    case 'quarter': {
      const [y, q] = d.due.split('-Q');
      return `quarter ${ROMAN[Number(q)]} of ${y}`;
    }
    case 'year':
      return d.due.replace('/', '–');
    case 'school_year':
      return `school year ${d.due}`;
    case 'semester': {
      const m = /^(\d{4}-\d{4})-S([12])$/.exec(d.due);
      return m ? `semester ${m[2] === '1' ? 'I' : 'II'} of ${m[1]}` : null;
    }
  }
}

async function deadlineCore(lang: Lang, item: LeadItem, deadlines: Deadline[], u: Understanding, w: UnitWeights): Promise<Core | null> {
  const inClause = deadlines.filter((d) => d.clauseId === item.clause.id);
  let stated = inClause.filter((d) => item.quote.includes(d.dateText));
  if (stated.length === 0) stated = inClause.filter((d) => d.quote.includes(item.quote) || item.quote.includes(d.quote));
  if (stated.length === 0) return null;
  const wantsPeriod = /giai doan|period/.test(u.units.join(' '));
  // The task the question names ("báo cáo sơ kết" among three reports of one sentence), a
  // programme period only when a period is asked for; "by what date": a day before a year;
  // "by when must … finish", "hạn chót": a limit ("trước ngày 31/10/2025") before the time a
  // task is done ("đầu năm học").
  const wantsLimit = ASKS_LIMIT.test(` ${foldChars(u.question).toLowerCase()} `);
  // "…; hoàn thành trước ngày 31/10/2025": a completion is the limit of the task before it, and is
  // about what that task is about.
  const about = new Map<Deadline, number>();
  stated.forEach((x, i) => {
    const own = coverage(textUnits(x.task), w);
    about.set(x, i > 0 && COMPLETES.test(foldChars(x.task).toLowerCase()) ? Math.max(own, about.get(stated[i - 1])!) : own);
  });
  const rank = (x: Deadline) =>
    about.get(x)! +
    ((x.kind === 'programme_period') === wantsPeriod ? 1 : 0) +
    (u.wantsDay && x.precision === 'day' ? 1 : 0) +
    (wantsLimit && STATES_LIMIT.test(` ${foldChars(x.dateText).toLowerCase()} `) ? 1 : 0);
  const d = stated.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const asWritten = d.dateText.replace(/^vào\s+/u, '');
  const en = lang === 'en' ? dueEn(d) : null;
  // A full date reads in English alone ("31 December 2023"); a partial one keeps the plan's words.
  const text = en ? (d.precision === 'day' ? en : await render(lang, 'dueWithPhrase', { date: en, phrase: asWritten })) : asWritten;
  return { text, phrases: [d.dateText] };
}

// A limit asked in the words of a limit: "by when", "deadline", "finish", "hạn", "xong", "chậm nhất".
// The date phrase itself a limit: "trước ngày …", "chậm nhất …", "không muộn hơn …", "đến hết ngày …".
const STATES_LIMIT = /\b(truoc|cham nhat|muon nhat|khong muon hon|khong qua|han chot|han cuoi|den het|het ngay)\b/;
// A task that is only the completion of the one before it.
const COMPLETES = /^\W*(hoan thanh|xong|ket thuc)\b/;
const ASKS_LIMIT = /\b(by when|by what date|deadline|due|latest|finish(ed)?|complete(d)?|completion|han( chot| cuoi)?|xong|hoan thanh|cham nhat|truoc ngay nao)\b/;

// "How often …?", "bao lâu một lần": a rate is asked, not a date.
const ASKS_FREQUENCY = /\b(how often|how many times|how frequently|bao lau (mot|1) lan|may lan|bao nhieu lan)\b/;

/**
 * The lead block of an answer ("Chỉ tiêu: dưới 1% (mầm non) [1]"), or '' when the intent has
 * no facts to lead with or none of the cited clauses yields a verified one.
 */
export async function composeLeads(u: Understanding, items: LeadItem[], facts: ClauseFacts, w: UnitWeights): Promise<string> {
  // An amount of money asked in any words ("what is the overall cost?") is led as an amount.
  const kind = leadIntent(u.intent) ?? (u.wantsMoney ? 'target' : null);
  if (!kind) return '';
  // "How often …?" is answered by a rate ("02 lần/năm học"), which a due date would misstate: the quote alone answers it.
  if (kind === 'deadline' && ASKS_FREQUENCY.test(` ${foldChars(u.question).toLowerCase()} `)) return '';
  const lang = u.lang;
  const leads: { item: LeadItem; core: Core }[] = [];
  for (const item of items) {
    const core =
      kind === 'target'
        ? await targetCore(lang, item, facts.targets, u, w)
        : kind === 'responsibility'
          ? await responsibilityCore(lang, item, facts.responsibilities)
          : await deadlineCore(lang, item, facts.deadlines, u, w);
    if (!core || leads.some((l) => l.core.text === core.text && l.item.docName === item.docName)) continue;
    const claim: Claim = { text: core.text, phrases: core.phrases, labels: [] };
    // A lead the clause does not bear out is dropped. The headings above it count: "2. Công an tỉnh"
    // heads the duties "a) Chủ trì, phối hợp với …" below it.
    if (claimProblem(claim, [...item.clause.breadcrumb, item.clause.text].join('\n'))) continue;
    leads.push({ item, core });
  }
  if (leads.length === 0) return '';
  // An amount of money asked for is led as an amount, not as a target.
  const header = wording(lang)[kind === 'target' && u.wantsMoney ? 'leadHeader.amount' : `leadHeader.${kind}`];
  if (leads.length === 1) return render(lang, 'leadSingle', { header, core: leads[0].core.text, n: leads[0].item.n });
  const manyPlans = new Set(leads.map((l) => l.item.docName)).size > 1;
  const lines = await Promise.all(leads.map((l) => render(lang, manyPlans ? 'leadItemPlan' : 'leadItem', { docName: l.item.docName, core: l.core.text, n: l.item.n })));
  return `${header}\n${lines.join('\n')}`;
}
