// Two levels of one plan set side by side ("for preschool and for continuing education", "của giáo
// viên mầm non và của giáo viên GDTX khác nhau thế nào") are asked as two questions, each naming
// one level, and answered together: one line per level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelParts } from '../src/answer/twoParts.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

describe('levelParts', () => {
  it('parts a comparison of two levels into one question per level', () => {
    expect(levelParts('Compare the end dates of the school year for preschool and for continuing education in Sa Vinh.')).toEqual([
      'Compare the end dates of the school year for preschool in Sa Vinh.',
      'Compare the end dates of the school year for continuing education in Sa Vinh.',
    ]);
    const [a, b] = levelParts('Chỉ tiêu hoàn thành BDTX của giáo viên mầm non và của giáo viên trung tâm GDNN-GDTX khác nhau thế nào?')!;
    expect(a).toContain('mầm non');
    expect(a).not.toContain('GDTX');
    expect(b).toContain('GDNN-GDTX');
    expect(b).not.toContain('mầm non');
  });

  it('leaves alone a question that compares nothing, names one level, or names them far apart', () => {
    expect(levelParts('Tỷ lệ tốt nghiệp THPT và GDTX là bao nhiêu?')).toBeNull();
    expect(levelParts('So sánh tỷ lệ tốt nghiệp THPT của Hồng Bàng và Thanh Xuân')).toBeNull();
    expect(levelParts('So sánh chỉ tiêu mầm non năm 2025 của huyện với kết quả đạt được của các trường THCS trên địa bàn')).toBeNull();
  });
});

const CALENDAR = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN TỈNH SA LÂM', number: '1452/QĐ-UBND', place: 'Sa Lâm', kind: 'QUYẾT ĐỊNH', title: 'Ban hành Khung kế hoạch thời gian năm học 2026-2027 đối với giáo dục mầm non, giáo dục phổ thông và giáo dục thường xuyên' }),
  'I. GIÁO DỤC MẦM NON',
  '1. Tựu trường sớm nhất trước 01 tuần so với ngày tổ chức khai giảng.',
  '2. Kết thúc năm học trước ngày 29/5/2027.',
  'II. GIÁO DỤC PHỔ THÔNG',
  '1. Kết thúc năm học trước ngày 31/5/2027.',
  'III. GIÁO DỤC THƯỜNG XUYÊN',
  '1. Kết thúc năm học trước ngày 22/5/2027.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('level-comparison', { 'sa-lam-qd-1452-2026-khung-ke-hoach-nam-hoc.txt': CALENDAR }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a comparison of two levels of one plan', () => {
  it('gives the line of each level asked', async () => {
    const a = await h.app.answerer.ask('Compare the end dates of the school year for preschool and for continuing education in Sa Lam.');
    expect(a.outcome).toBe('answer');
    const quotes = a.citations.map((c) => c.quote).join(' | ');
    expect(quotes).toContain('29/5/2027');
    expect(quotes).toContain('22/5/2027');
    expect(quotes).not.toContain('31/5/2027');
  });
});
