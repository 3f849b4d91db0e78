// Leads (the direct answer stated before the quotes) and the trust check behind them: pure
// functions over a clause and its facts, then the real answerer over the five plans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimProblem, numbersIn } from '../src/answer/verify.js';
import { composeLeads, type LeadItem } from '../src/answer/leads.js';
import { understand } from '../src/answer/understand.js';
import { unitWeights } from '../src/answer/evidence.js';
import { Vocabulary } from '../src/answer/vocabulary.js';
import type { ClauseRow } from '../src/store/repository.js';
import type { ClauseFacts } from '../src/store/facts.js';
import type { Target } from '../src/facts/index.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

describe('claimProblem', () => {
  const clause = '1.1. Chỉ tiêu\n- Tỷ lệ trẻ suy dinh dưỡng dưới 1%;\n- Xây dựng 01 trường Mầm non đạt chuẩn quốc gia năm học 2023 - 2024.';

  it('accepts a claim whose figures and phrases are in the clause', () => {
    expect(claimProblem({ text: 'dưới 1% (mầm non)', phrases: ['1%'], labels: [] }, clause)).toBeNull();
    // Leading zeros are the same figure: "01 trường" states 1.
    expect(claimProblem({ text: '1 trường', phrases: [], labels: [] }, clause)).toBeNull();
  });

  it('rejects a figure or phrase the clause does not have', () => {
    expect(claimProblem({ text: 'dưới 2%', phrases: [], labels: [] }, clause)).toMatch(/figure 2/);
    expect(claimProblem({ text: 'x', phrases: ['Công an quận'], labels: [] }, clause)).toMatch(/Công an quận/);
  });

  it('keeps diacritics: a phrase differing only in tone is not in the clause', () => {
    expect(claimProblem({ text: 'x', phrases: ['suy dinh dương'], labels: [] }, clause)).not.toBeNull();
  });

  it('ignores labels such as the plan name and citation markers', () => {
    expect(claimProblem({ text: 'Mường Tè 2022-2023: dưới 1% [7]', phrases: [], labels: ['Mường Tè 2022-2023'] }, clause)).toBeNull();
    expect(numbersIn('99,5% và 01 trường')).toEqual(['99,5', '1']);
  });
});

describe('composeLeads (pure)', () => {
  const clause: ClauseRow = {
    id: 'x#III.1.1', docId: 'x', path: 'III.1.1', label: '1.1', heading: 'Chỉ tiêu',
    text: '1.1. Chỉ tiêu\n- Tỷ lệ trẻ suy dinh dưỡng dưới 1%;', kind: 'section', parentId: 'x#III.1',
    order: 3, depth: 2, lineStart: 1, lineEnd: 2, breadcrumb: ['III. Mầm non'], textHash: 'h',
  } as ClauseRow;
  const target = (over: Partial<Target>): Target => ({
    id: 'x#III.1.1@t1', docId: 'x', clauseId: clause.id, indicator: 'Tỷ lệ trẻ suy dinh dưỡng', comparator: 'dưới', value: '1%',
    number: 1, numberMax: null, unit: '%', level: 'mầm non', subgroup: null, schoolYear: '2023-2024', quote: '- Tỷ lệ trẻ suy dinh dưỡng dưới 1%;', ...over,
  });
  const item: LeadItem = { clause, quote: 'Tỷ lệ trẻ suy dinh dưỡng dưới 1%', n: 1, docName: 'X 2023-2024' };
  const facts = (targets: Target[]): ClauseFacts => ({ targets, responsibilities: [], deadlines: [] });
  const weights = (q: string) => {
    const u = understand(q, [], {});
    return { u, w: unitWeights(u.keyTerms, new Map(u.keyUnits.map((k) => [k, 1])), 10) };
  };

  it('states the figure with its comparator and level, in the question’s language', async () => {
    const vi = weights('chỉ tiêu suy dinh dưỡng');
    expect(await composeLeads(vi.u, [item], facts([target({})]), vi.w)).toBe('Chỉ tiêu: dưới 1% (mầm non) [1]');
    const en = weights('what is the malnutrition target');
    expect(await composeLeads(en.u, [item], facts([target({})]), en.w)).toBe('Target: below 1% (preschool) [1]');
  });

  it('drops a lead whose figure the cited clause does not state', async () => {
    // A forged fact: its value appears in the quote window but not in the clause text.
    const forged = { ...item, quote: 'Tỷ lệ trẻ suy dinh dưỡng dưới 3%' };
    const vi = weights('chỉ tiêu suy dinh dưỡng');
    expect(await composeLeads(vi.u, [forged], facts([target({ value: '3%' })]), vi.w)).toBe('');
  });

  it('has no lead for a fact that is not in the quoted sentence, nor for a general question', async () => {
    const vi = weights('chỉ tiêu suy dinh dưỡng');
    expect(await composeLeads(vi.u, [item], facts([target({ value: '5%' })]), vi.w)).toBe('');
    const general = weights('xây dựng xã hội học tập');
    expect(general.u.intent).toBe('general');
    expect(await composeLeads(general.u, [item], facts([target({})]), general.w)).toBe('');
  });
});

describe('Vocabulary', () => {
  const v = Vocabulary.fromTexts(['Nâng cao chất lượng giáo dục; tỷ lệ trẻ đạt chuẩn', 'quản lý số lượng học sinh']);

  it('finds question words the plans never write though their folded form occurs', () => {
    expect(v.falseFriends(['lương', 'giáo', 'dục'])).toEqual(['lương']);
    // Written without diacritics, a word is matched folded, not flagged.
    expect(v.falseFriends(['luong'])).toEqual([]);
  });

  it('takes i and y spellings of one syllable as the same word', () => {
    expect(v.has('tỉ')).toBe(true);
    expect(v.has('lí')).toBe(true);
  });

  it('knows a phrase only when its words stand side by side', () => {
    expect(v.hasPhrase('chất lượng')).toBe(true);
    expect(v.hasPhrase('lượng chất')).toBe(false);
    expect(v.hasPhrase('tỷ đồng')).toBe(false);
  });
});

describe('answers from the five plans', () => {
  let h: IndexedHome;
  beforeAll(async () => {
    h = await makeIndexedHome('leads');
  });
  afterAll(async () => {
    await h?.dispose();
  });
  const ask = (q: string) => h.app.answerer.ask(q);

  it('leads a target answer with the figure, comparator and level', async () => {
    const a = await ask('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng Hồng Bàng năm học 2023-2024');
    expect(a.answer.split('\n')[0]).toBe('Chỉ tiêu: dưới 1% (mầm non) [1]');
    expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');
  });

  it('leads a responsibility answer with the agency and its role, framed in English', async () => {
    const a = await ask('who is responsible for school security in Hong Bang?');
    expect(a.answer.split('\n')[0]).toBe('Responsible: the District Police (Công an quận), in coordination with the Division of Education and Training (Phòng Giáo dục và Đào tạo) [1]');
    expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#IV.9');
  });

  it('leads a deadline answer with the date as the plan writes it', async () => {
    const vi = await ask('Khi nào trường Mầm non Bạch Đằng đạt chuẩn quốc gia?');
    expect(vi.answer.split('\n')[0]).toBe('Thời hạn: cuối năm 2023 [1]');
    const en = await ask('When must Bach Dang kindergarten reach the national standard?');
    expect(en.answer).toMatch(/^Due:(\n• | )December 2023 \(“cuối năm 2023”\) \[1\]/);
  });

  it('picks, among the dates of one sentence, the one of the task asked about', async () => {
    const a = await ask('hạn gửi báo cáo sơ kết học kỳ I của TP.HCM');
    expect(a.intent).toBe('deadline');
    expect(a.answer.split('\n')[0]).toBe('Thời hạn: trước ngày 15 tháng 01 năm 2024 [1]');
  });

  it('leads with no figure about something else that a cited sentence happens to hold', async () => {
    const a = await ask('tỷ lệ học sinh bỏ học THCS ở Hồng Bàng năm học 2023-2024 là bao nhiêu?');
    const lead = a.answer.split('\n')[0];
    expect(lead).toMatch(/^Chỉ tiêu: dưới 0,1% \(THCS\) \[1\]$/);
  });

  it('takes the line under the level asked, not one that names that level in passing under another', async () => {
    // Mường Tè's THCS section says "hoàn thành chương trình Tiểu học vào lớp 6"; its primary section gives the figure.
    const a = await ask('So sánh chỉ tiêu học sinh tiểu học bỏ học giữa Hồng Bàng và Mường Tè.');
    const mt = a.citations.find((c) => c.docId === 'muong-te-2022-2023');
    expect(mt?.quote).toContain('dưới 0,02%');
  });

  it('does not answer “how much” with a sentence that states no figure', async () => {
    const a = await ask('Ngân sách xây trường năm 2023 của Hồng Bàng là bao nhiêu tỷ đồng?');
    expect(a.abstained).toBe(true);
  });

  it('answers "mấy lần" with the sentence that states the count, not one that names Covid-19', async () => {
    const a = await ask('UBND quận Thanh Xuân kiểm tra định kỳ các trường học mấy lần trong một năm học?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('02 lần/năm học');
  });

  it('takes a word no plan writes for a false friend only where the passage matched its folded form', async () => {
    // "tuần" is written nowhere; the passages found match "tuân": not an answer.
    expect((await ask('Hồng Bàng dạy bơi cho học sinh tiểu học mấy buổi mỗi tuần?')).abstained).toBe(true);
    // A name no plan writes is never covered.
    expect((await ask('Chỉ tiêu suy dinh dưỡng của Đà Nẵng năm 2023 là bao nhiêu?')).abstained).toBe(true);
  });

  it('quotes a second sentence of the best clause when it adds what the first lacks', async () => {
    // "chủ động" is written only in the clause's first sentence, "Thanh tra quận" only in its item.
    const a = await ask('Thanh tra quận Thanh Xuân chủ động phối hợp với phòng GD&ĐT làm gì?');
    const quotes = a.citations.filter((c) => c.clauseId === 'thanh-xuan-2021-2022#II.4.1.4').map((c) => c.quote);
    expect(quotes.length).toBe(2);
    expect(quotes.some((q) => q.startsWith('Thanh tra quận'))).toBe(true);
  });

  it('answers an English question whose rendering the plan writes around the figure (nursery-age)', async () => {
    const a = await ask("What's Thanh Xuan's enrolment target for nursery-age children?");
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('60%');
  });

  it('abstains when an English concept is not written in any plan (billion dong)', async () => {
    const a = await ask('How many billion dong will Hong Bang spend on school construction?');
    expect(a.abstained).toBe(true);
  });
});
