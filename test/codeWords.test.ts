// A code of a letter or two and a figure or two ("B2", "A1": a level of a language framework, a
// class) is one word, in the plans and in the question, in either language: the plan that writes
// "bậc 4 (B2)" answers for B2, and a question for A1 that no plan writes is not answered with B2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syllables } from '../src/corpus/fold.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN LONG PHÚ BẮC', number: '21/KH-UBND', place: 'Long Phú Bắc', kind: 'KẾ HOẠCH', title: 'Dạy và học ngoại ngữ giai đoạn 2025-2027' }),
  'II. CHỈ TIÊU',
  '1. Đến năm 2027, 95% giáo viên tiếng Anh tiểu học đạt chuẩn năng lực bậc 4 (B2).',
  '2. Đến năm 2027, 60% học sinh lớp 9 đạt trình độ tiếng Anh bậc 2 (A2) trở lên.',
  '3. Tổ chức thi trực tuyến từ 20h00 ngày 05/4/2026.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('code-words', { 'long-phu-bac-kh-21-2025-ngoai-ngu.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a code of letters and figures', () => {
  it('is one word, but not inside a time or a class name', () => {
    expect(syllables('bậc 4 (B2) và A1, K12')).toEqual(['bac', '4', 'b2', 'va', 'a1', 'k12']);
    expect(syllables('20h00 lớp 10A1 H5N1')).toEqual(['20', 'h', '00', 'lop', '10', 'a', '1', 'h', '5', 'n', '1']);
  });

  it('answers for the code the plan writes', async () => {
    const a = await h.app.answerer.ask('What share of primary English teachers should reach B2 by 2027?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('95%');
  });

  it('is not answered with another code', async () => {
    for (const q of ['What share of grade 9 pupils should reach B1 English by 2027?', 'Tỷ lệ học sinh lớp 9 đạt trình độ B1 tiếng Anh năm 2027 là bao nhiêu?']) {
      const a = await h.app.answerer.ask(q);
      expect(a.abstained, q).toBe(true);
    }
    const a2 = await h.app.answerer.ask('Tỷ lệ học sinh lớp 9 đạt trình độ A2 tiếng Anh năm 2027 là bao nhiêu?');
    expect(a2.answer).toContain('60%');
  });
});
