// Probes of plans of kinds the other sets lack, each written and committed before planbot
// read it (test/fixtures/probe-plans, probe2-plans, probe3-plans, probe4-plans):
// - probe 1: a district decision with its plan attached and a budget table, a Sở letter under a
//   scraped heading that names another letter, a HĐND fee resolution with a fee table, a
//   school's own plan, a Sở plan with mixed Unicode and a broken date; 80 questions, 64 right at
//   the first reading;
// - probe 2 (written after probe 1 was built for): a Sở's grade 10 admissions plan with a quota
//   table, a district office's Tet holiday notice, a district's school health plan in Phần/a)
//   parts, a province's staffing decision with a table annex; 58 questions, 46 right at the
//   first reading;
// - probe 3 (policy documents like the dev corpus, written after probes 1 and 2 were built
//   for): a province's decision with a QUY ĐỊNH in Chương/Điều attached, a Ministry guidance
//   under a scraped heading naming another document, a Sở Tài chính budget letter; 43 questions,
//   35 right at the first reading;
// - probe 4 (written after probes 1-3 were built for): a district's drowning-prevention plan, a
//   HĐND resolution scraped from a legal-document site under another resolution's heading, a
//   Sở plan in markdown with a pipe-table header, ## headings and a target table by year, a Sở
//   letter with its signing day left blank; 90 questions (45 English), 58 right at the first
//   reading;
// - probe 5 (written in session 9 by a helper who never ran answering on it): a Sở's school-year
//   calendar decision with tables of dates and reporting deadlines, a district's English-teaching
//   plan with target and budget tables and agencies heading their duties, a province's directive
//   on school violence with a pipe-table header, a scraped Phòng letter on fees with broken words;
//   87 questions (47 English), split before reading into probe5-tune (45) and probe5-test (42),
//   62 right at the first reading (28 and 34);
// - probe 6 (written in session 10 by a helper who never ran answering on it): a Sở's digital
//   transformation plan built around a task-assignment table, a HĐND lunch-support resolution in
//   Điều/khoản/điểm, a district's school-building plan with a budget table in millions, a Phòng
//   letter on end-of-year tests with dates written several ways, a scraped decision approving a
//   reading-culture plan; 92 questions (42 English), split before reading into probe6-tune (47)
//   and probe6-test (45), 61 right at the first reading (27 and 34);
// - probe 7 (written in session 11 by a helper who never ran answering on it): a province's
//   school-safety directive with duties by agency, a school-year calendar decision with a pipe
//   table, a district's universalisation plan in markdown with abbreviations it defines and
//   indicator and budget tables, a Sở's grade 10 admissions guidance with quotas and fees, a
//   commune's drowning-prevention plan pasted from a PDF (columns side by side, page footers);
//   94 questions (49 English), split before reading into probe7-tune (48) and probe7-test (46),
//   61 right at the first reading (36 and 25);
// - probe 8 (session 12, documents, questions and split written by a helper that never saw
//   planbot): a district plan with a pipe-table header, a funding table and a task-assignment
//   table, a provincial HĐND resolution of allowances, a Sở's letter on health check-ups with the
//   abbreviations it defines, a commune plan pasted from a PDF, a Phòng's school-year plan with
//   targets per level; 99 questions (44 English) into probe8-tune (50) and probe8-test (49),
//   67 right at the first reading with session-11 code (30 and 37);
// - probe 9 (session 12, likewise): a provincial decision with its plan attached after the
//   signature and a budget annex, a Phòng's grade 1 and 6 admissions guidance, a ward's holiday
//   notice, a district chairman's directive on dropouts, a school's own year plan; 100 questions
//   (45 English) into probe9-tune (50) and probe9-test (50), 72 right at the first reading (34, 38);
// - probe 10 (session 13, likewise): a Sở's in-service training plan, a commune's semester report
//   (achieved beside target, a table laid out with spaces), a provincial tuition decision, a
//   school's exam-revision plan, a Sở's letter on boarding-school health; 100 questions (45
//   English), 70 right at the first reading (37, 33);
// - probe 11 (session 13, likewise): a provincial school-year calendar, a Sở's graduation-exam plan
//   converted from Word (<br> cells), a commune's universal-preschool plan pasted from a PDF, a
//   contest notice scraped from a portal, a legal-site copy of a guidance on extra tutoring;
//   100 questions (45 English), 58 right at the first reading (25, 33).
// - probe 12 (session 15, likewise): a district's boarding-kitchen food-safety plan pasted from a PDF
//   (a table one cell per line), a Sở's textbook-selection guidance converted from Word (backslash
//   escapes), a provincial school-network decision with its plan attached from a legal site (a table
//   laid out with spaces, a header cell wrapped), a district's teacher-recruitment notice scraped from a
//   portal, a school's sports-festival plan with broken words; 100 questions (45 English), 59 right at
//   the first reading (33, 26);
// - probe 13 (session 15, likewise): a province's inclusive-education plan, a Sở letter on evaluating
//   teachers copied from a legal site, a commune's summer-activities plan scraped from its portal, a
//   district's Vietnamese-preparation plan pasted from a PDF, a HĐND support resolution converted from
//   Word (signers with ethnic-minority names); 100 questions (45 English), 65 right at the first
//   reading (36, 29).
// Their failures were then read and built for (probe 5: its tuning half only), so these are
// regression gates on tuning items, not held-out figures (but probe5-test … probe13-test). Floors sit a little below the values measured when they were set, and
// only rise.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, loadGold, type EvalReport } from '../src/eval/evaluate.js';
import { makeIndexedHomeOf, REPO, type IndexedHome } from './helpers/indexedHome.js';

const homes: IndexedHome[] = [];
afterAll(async () => {
  for (const h of homes) await h.dispose();
});

async function measure(folder: string, gold: string): Promise<EvalReport> {
  const dir = path.join(REPO, 'test', 'fixtures', folder);
  const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  const h = await makeIndexedHomeOf(folder, files, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  homes.push(h);
  return evaluate(h.app.answerer, await loadGold(path.join(REPO, 'test', 'eval', gold)));
}

// Floors: all-ok, abstention recall (faithfulness must stay 1).
const PROBES = [
  { name: 'probe 1', folder: 'probe-plans', gold: 'probe.gold.json', measured: '0.975, 78 of 80', allOk: 0.95, abstention: 0.8 },
  { name: 'probe 2', folder: 'probe2-plans', gold: 'probe2.gold.json', measured: '0.91, 53 of 58', allOk: 0.9, abstention: 0.6 },
  { name: 'probe 3', folder: 'probe3-plans', gold: 'probe3.gold.json', measured: '0.98, 42 of 43', allOk: 0.95, abstention: 0.8 },
  { name: 'probe 4', folder: 'probe4-plans', gold: 'probe4.gold.json', measured: '0.93, 84 of 90', allOk: 0.91, abstention: 0.8 },
];

// Probe 5 was split before it was read: its tuning half was read and tuned on, its test half not.
// Floors from the measured values (first reading, session-8 code: tune 28/45, test 34/42).
// Probe 6 likewise (first reading, session-9 code: tune 27/47, test 34/45); probe 7 (first
// reading, session-10 code: tune 36/48, test 25/46); probe 8 and probe 9 (documents and questions
// written by helpers that never saw planbot; first readings, session-11 and session-12 code:
// probe 8 tune 30/50, test 37/49; probe 9 tune 34/50, test 38/50); probe 10 and probe 11 likewise
// (session 13; first readings at session-13 code: probe 10 tune 37/50, test 33/50; probe 11 tune
// 25/50, test 33/50).
const SPLIT_PROBES = [
  {
    name: 'probe 5',
    folder: 'probe5-plans',
    gold: 'probe5.gold.json',
    splits: [
      { split: 'probe5-tune', measured: '0.91, 41 of 45', allOk: 0.88, abstention: 0.5 },
      { split: 'probe5-test', measured: '0.90, 38 of 42', allOk: 0.88, abstention: 0.85 },
    ],
  },
  {
    name: 'probe 6',
    folder: 'probe6-plans',
    gold: 'probe6.gold.json',
    splits: [
      { split: 'probe6-tune', measured: '0.89, 42 of 47', allOk: 0.87, abstention: 0.8 },
      { split: 'probe6-test', measured: '0.91, 41 of 45', allOk: 0.88, abstention: 0.85 },
    ],
  },
  {
    name: 'probe 7',
    folder: 'probe7-plans',
    gold: 'probe7.gold.json',
    splits: [
      { split: 'probe7-tune', measured: '0.92, 44 of 48', allOk: 0.89, abstention: 0.85 },
      { split: 'probe7-test', measured: '0.74, 34 of 46', allOk: 0.71, abstention: 0.85 },
    ],
  },
  {
    name: 'probe 8',
    folder: 'probe8-plans',
    gold: 'probe8.gold.json',
    splits: [
      { split: 'probe8-tune', measured: '0.86, 43 of 50', allOk: 0.84, abstention: 0.7 },
      { split: 'probe8-test', measured: '0.84, 41 of 49', allOk: 0.81, abstention: 0.6 },
    ],
  },
  {
    name: 'probe 9',
    folder: 'probe9-plans',
    gold: 'probe9.gold.json',
    splits: [
      { split: 'probe9-tune', measured: '0.88, 44 of 50', allOk: 0.86, abstention: 0.55 },
      { split: 'probe9-test', measured: '0.84, 42 of 50', allOk: 0.82, abstention: 0.8 },
    ],
  },
  {
    name: 'probe 10',
    folder: 'probe10-plans',
    gold: 'probe10.gold.json',
    splits: [
      { split: 'probe10-tune', measured: '0.88, 44 of 50', allOk: 0.86, abstention: 0.85 },
      { split: 'probe10-test', measured: '0.78, 39 of 50', allOk: 0.76, abstention: 0.4 },
    ],
  },
  {
    name: 'probe 11',
    folder: 'probe11-plans',
    gold: 'probe11.gold.json',
    splits: [
      { split: 'probe11-tune', measured: '0.88, 44 of 50', allOk: 0.86, abstention: 0.85 },
      { split: 'probe11-test', measured: '0.66, 33 of 50', allOk: 0.64, abstention: 0.7 },
    ],
  },
  {
    name: 'probe 12',
    folder: 'probe12-plans',
    gold: 'probe12.gold.json',
    splits: [
      { split: 'probe12-tune', measured: '0.80, 40 of 50', allOk: 0.78, abstention: 0.85 },
      { split: 'probe12-test', measured: '0.58, 29 of 50', allOk: 0.56, abstention: 0.7 },
    ],
  },
  {
    name: 'probe 13',
    folder: 'probe13-plans',
    gold: 'probe13.gold.json',
    splits: [
      { split: 'probe13-tune', measured: '0.76, 38 of 50', allOk: 0.74, abstention: 0.42 },
      { split: 'probe13-test', measured: '0.66, 33 of 50', allOk: 0.64, abstention: 0.42 },
    ],
  },
];

describe('probe plans', () => {
  for (const probe of SPLIT_PROBES) {
    it(`answers both halves of ${probe.name} at least as well as when measured (${probe.splits.map((p) => `${p.split} ${p.measured}`).join('; ')})`, async () => {
      const r = await measure(probe.folder, probe.gold);
      for (const p of probe.splits) {
        const m = r.bySplit[p.split];
        expect(m.overallCorrect, p.split).toBeGreaterThanOrEqual(p.allOk);
        expect(m.faithfulness).toBe(1);
        expect(m.abstentionRecall, p.split).toBeGreaterThanOrEqual(p.abstention);
      }
    }, 120_000);
  }

  for (const p of PROBES) {
    it(`answers ${p.name} at least as well as when measured (all-ok ${p.measured})`, async () => {
      const m = (await measure(p.folder, p.gold)).overall;
      expect(m.overallCorrect).toBeGreaterThanOrEqual(p.allOk);
      expect(m.faithfulness).toBe(1);
      expect(m.abstentionRecall).toBeGreaterThanOrEqual(p.abstention);
    }, 120_000);
  }
});
