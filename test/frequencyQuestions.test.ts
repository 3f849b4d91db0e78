// "How often …?" is answered by the rate the line states ("02 lần/năm học"), not led by a due date
// made of it ("Due: school year 2025-2026"); a "when" question is still led by its date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const LETTER = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH NAM SƠN', number: '2150/SGDĐT-CTTT', place: 'Nam Sơn', kind: 'CÔNG VĂN', title: 'Hướng dẫn công tác y tế trường học năm học 2025-2026' }),
  '1. Chăm sóc sức khỏe học sinh',
  'a) Đo chiều cao, cân nặng cho học sinh 02 lần/năm học (tháng 10/2025 và tháng 3/2026).',
  'b) Báo cáo kết quả khám sức khỏe đầu năm gửi Sở GDĐT trước ngày 15/11/2025.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('frequency-questions', { 'nam-son-cv-2150-2025-y-te.txt': LETTER }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a question of how often', () => {
  it('is answered by the line stating the rate, with no due date before it', async () => {
    const a = await h.app.answerer.ask("How often must pupils' height and weight be measured in Nam Son?");
    expect(a.outcome).toBe('answer');
    expect(a.answer).not.toMatch(/^Due:/);
    expect(a.citations[0].quote).toContain('02 lần/năm học');
  });

  it('leaves a question of when led by its date', async () => {
    const a = await h.app.answerer.ask('When is the start-of-year health check report due in Nam Son?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toMatch(/^Due: 15 November 2025/);
  });
});
