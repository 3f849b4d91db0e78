// The figure a question asks for is not one it states itself ("trẻ 5 tuổi": the "5" and "trẻ từ 0
// đến 5 tuổi" say who, not how many), nor a number inside a code ("PCGDMN5T", "B2"); a row that
// labels its figures by the year asked ("2027: 99,5") comes before a line for no year; and a
// table without a number column reads its first cell as the row's title and its unit "(%)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statesFigure } from '../src/answer/compose.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

describe('a figure stated', () => {
  it('is not a number the question states, nor an age it names, nor a code', () => {
    const age = '(?:từ\\s+)?\\d{1,2}(?:\\s*(?:đến|-|–)\\s*(?:dưới\\s+)?\\d{1,2})?\\s*tuổi';
    expect(statesFigure('Điều tra trẻ từ 0 đến 5 tuổi; lập hồ sơ PCGDMN5T', [age, '5'])).toBe(false);
    expect(statesFigure('Huy động 100% trẻ 5 tuổi ra lớp', [age, '5'])).toBe(true);
    expect(statesFigure('Giáo viên đạt chuẩn B2')).toBe(false);
    expect(statesFigure('Toàn xã có 241 trẻ em 5 tuổi', ['5'])).toBe(true);
  });
});

const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN XÃ PÁ KHOANG', number: '31/KH-UBND', place: 'Pá Khoang', kind: 'KẾ HOẠCH', title: 'Phổ cập giáo dục mầm non cho trẻ em 5 tuổi giai đoạn 2026 - 2030' }),
  'I. MỤC TIÊU',
  '1. Huy động 100% trẻ 5 tuổi ra lớp ngay từ đầu năm học.',
  '2. Chỉ tiêu theo từng năm:',
  '| Chỉ tiêu | 2026 | 2027 | 2028 |',
  '|---|---|---|---|',
  '| Tỷ lệ trẻ 5 tuổi ra lớp (%) | 99,2 | 99,5 | 99,6 |',
  '| Số lớp mở mới (lớp) | 4 | 4 | 3 |',
  'II. TỔ CHỨC THỰC HIỆN',
  'Trường mầm non điều tra trẻ từ 0 đến 5 tuổi, lập hồ sơ PCGDMN5T trước ngày 05 tháng 10 hằng năm.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('figures-asked', { 'pa-khoang-kh-31-2026-pho-cap.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a year asked of a table by year', () => {
  it('is answered by the row, its figure for that year leading', async () => {
    const a = await h.app.answerer.ask('Chỉ tiêu tỷ lệ trẻ 5 tuổi ra lớp năm 2027 của xã Pá Khoang là bao nhiêu?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('2027: 99,5');
    expect(a.answer.split('\n').slice(0, 3).join(' ')).toContain('99,5');
  });
});
