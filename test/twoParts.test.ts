// A question of two parts, each asking its own thing: each part answered on its own (the second
// within the plan of the first) and given together, the citations numbered in one list. A second
// part that points back ("…, and what is the figure for THCS?") is asked with the first, whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoParts } from '../src/answer/twoParts.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

describe('two parts of a question', () => {
  it('are told apart where the second asks its own thing', () => {
    expect(twoParts('When is the entrance exam held, and when are the results announced?')).toEqual(['When is the entrance exam held', 'when are the results announced?']);
    expect(twoParts('Khi nào thi vào lớp 10, còn điểm chuẩn thì ngày nào công bố?')).toEqual(['Khi nào thi vào lớp 10', 'điểm chuẩn thì ngày nào công bố?']);
    expect(twoParts('When is the report due, and to which office?')).toEqual(['When is the report due', 'to which office?']);
    expect(twoParts('What share of classrooms should be permanent, and what is the figure for lower secondary?')).toBeNull();
    expect(twoParts('Who leads and who coordinates the plan?')).toBeNull();
    // Two questions one after the other; a who and a when on either side of "và".
    expect(twoParts('Kỳ thi vào lớp 10 diễn ra những ngày nào? Trường chuyên thi ngày nào?')).toEqual(['Kỳ thi vào lớp 10 diễn ra những ngày nào?', 'Trường chuyên thi ngày nào?']);
    expect(twoParts('Ban Phúc khảo do ai làm Trưởng ban và phải hoàn thành phúc khảo trước ngày nào?')).toEqual(['Ban Phúc khảo do ai làm Trưởng ban', 'phải hoàn thành phúc khảo trước ngày nào?']);
    expect(twoParts('Học sinh và giáo viên được hỗ trợ bao nhiêu?')).toBeNull();
    expect(twoParts('Học sinh, giáo viên được hỗ trợ bao nhiêu?')).toBeNull();
    // A part of the whole the first asks about names the whole instead of "it"; "and" with a wh-word after it parts without a comma.
    expect(twoParts('What is the total budget of the plan, and how much of it is from the provincial budget?')).toEqual(['What is the total budget of the plan', 'how much of the budget is from the provincial budget?']);
    expect(twoParts('What is the total budget of the school festival and how much does the parents’ association contribute?')).toEqual(['What is the total budget of the school festival', 'how much does the parents’ association contribute?']);
    expect(twoParts('When and where is the exam held?')).toBeNull();
  });

  describe('answered', () => {
    let h: IndexedHome;
    beforeAll(async () => {
      const plan = [
        planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH SÔNG LAM', number: '55/KH-SGDĐT', place: 'Sông Lam', title: 'Kế hoạch tuyển sinh vào lớp 10 năm học 2025-2026' }),
        'I. LỊCH TUYỂN SINH',
        '1. Tổ chức thi tuyển sinh vào lớp 10: ngày 05/6/2025 và ngày 06/6/2025.',
        '2. Chấm thi tập trung tại Sở GDĐT từ ngày 08/6/2025.',
        '3. Công bố điểm chuẩn trúng tuyển: ngày 27/6/2025.',
        '4. Thí sinh trúng tuyển nộp hồ sơ nhập học trước ngày 10/7/2025.',
      ].join('\n');
      h = await makeIndexedHomeOf('two-parts', { 'song-lam-kh-55-2025-tuyen-sinh-10.txt': plan }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    }, 60_000);
    afterAll(() => h?.dispose());

    it('gives each part its own cited answer, numbered in one list', async () => {
      const a = await h.app.answerer.ask('Khi nào thi vào lớp 10 ở Sông Lam, còn điểm chuẩn thì ngày nào công bố?');
      expect(a.outcome).toBe('answer');
      const quotes = a.citations.map((c) => c.quote).join(' | ');
      expect(quotes).toContain('05/6/2025');
      expect(quotes).toContain('27/6/2025');
      expect(a.citations.map((c) => c.n)).toEqual(a.citations.map((_, i) => i + 1));
      for (const c of a.citations) expect(a.answer).toContain(`[${c.n}]`);
      expect(a.answer.match(/Nguồn:/g)).toHaveLength(1);
    });
  });
});
