// A table pasted one cell per line, as a PDF viewer copies it: its header's cells each on a line,
// each row its label (a line or two) and one line per figure. Each row becomes one tab-separated
// line that names its figures by the header's columns; every source line stays one line; prose,
// lists and a column of figures that no header of like columns heads are left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatTables } from '../src/corpus/flatTables.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const TABLE = [
  'Bảng 1. Chỉ tiêu giai đoạn 2025 - 2027',
  'Chỉ tiêu',
  'Năm 2025',
  'Năm 2026',
  'Năm 2027',
  'Tỷ lệ bếp ăn tập thể được kiểm tra, giám sát',
  '100%',
  '100%',
  '100%',
  'Tỷ lệ bếp ăn có Giấy chứng nhận cơ sở đủ điều',
  'kiện ATTP hoặc bản cam kết theo quy định',
  '90%',
  '95 %',
  '100%',
  'Số bếp ăn bố trí theo nguyên tắc một chiều',
  '40/46',
  '43/46',
  '46/46',
  '',
  'Ngoài các chỉ tiêu trên, phấn đấu không để xảy ra ngộ độc thực phẩm.',
];

describe('a table pasted one cell per line', () => {
  it('becomes a header line and a line per row, every source line kept', () => {
    const out = flatTables(TABLE);
    expect(out).toHaveLength(TABLE.length);
    expect(out[0]).toBe(TABLE[0]);
    expect(out[1].split('\t')).toEqual(['Chỉ tiêu', 'Năm 2025', 'Năm 2026', 'Năm 2027']);
    expect(out.slice(2, 5)).toEqual(['', '', '']);
    expect(out[5].split('\t')).toEqual(['Tỷ lệ bếp ăn tập thể được kiểm tra, giám sát', '100%', '100%', '100%']);
    expect(out[9].split('\t')).toEqual(['Tỷ lệ bếp ăn có Giấy chứng nhận cơ sở đủ điều kiện ATTP hoặc bản cam kết theo quy định', '90%', '95 %', '100%']);
    expect(out[14].split('\t')).toEqual(['Số bếp ăn bố trí theo nguyên tắc một chiều', '40/46', '43/46', '46/46']);
    expect(out[19]).toBe(TABLE[19]);
  });

  it('reads a table of text cells, its rows begun by cells that look alike ("Đợt 1", "Đợt 2")', () => {
    const schedule = ['Bảng 2. Lịch kiểm tra năm 2025', 'Đợt', 'Thời gian', 'Đơn vị chủ trì', 'Đối tượng kiểm tra', 'Đợt 1', '10/3 - 18/4/2025', 'Phòng Y tế', '24 trường mầm non', 'Đợt 2', '05/5 - 23/5/2025', 'Phòng GDĐT', '22 trường tiểu học', 'Đột xuất', 'Khi có phản ánh', 'Phòng Y tế', 'Trường có dấu hiệu vi phạm', ''];
    const out = flatTables(schedule);
    expect(out).toHaveLength(schedule.length);
    expect(out[1].split('\t')).toEqual(['Đợt', 'Thời gian', 'Đơn vị chủ trì', 'Đối tượng kiểm tra']);
    expect(out[9].split('\t')).toEqual(['Đợt 2', '05/5 - 23/5/2025', 'Phòng GDĐT', '22 trường tiểu học']);
    expect(out[13].split('\t')).toEqual(['Đột xuất', 'Khi có phản ánh', 'Phòng Y tế', 'Trường có dấu hiệu vi phạm']);
    // A signature block or a list of short lines is no table.
    const block = ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '(Đã ký)', 'Hoàng Thị Lựu', ''];
    expect(flatTables(block)).toEqual(block);
  });

  it('leaves prose, lists and unheaded figures alone', () => {
    const other = ['Kết quả năm học:', '- Tỷ lệ học sinh lên lớp', '98%', '99%', 'Số trường đạt chuẩn', '12', '14', 'Ghi chú'];
    expect(flatTables(other)).toEqual(other);
  });
});

let h: IndexedHome;
beforeAll(async () => {
  const plan = [planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN ĐỒNG SƠN', number: '59/KH-UBND', place: 'Đồng Sơn', kind: 'KẾ HOẠCH', title: 'Bảo đảm an toàn thực phẩm tại bếp ăn tập thể trường học giai đoạn 2025 - 2027' }), 'II. CHỈ TIÊU', ...TABLE].join('\n');
  h = await makeIndexedHomeOf('flat-tables', { 'dong-son-kh-59-2025-attp.txt': plan }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a table pasted one cell per line, indexed', () => {
  it('answers for the year asked with the row, its figures named by their years', async () => {
    const a = await h.app.answerer.ask('Theo kế hoạch của Đồng Sơn, năm 2026 tỷ lệ bếp ăn có giấy chứng nhận đủ điều kiện ATTP hoặc bản cam kết là bao nhiêu?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('Năm 2026: 95%');
  });
});
