// A table laid out with spaces, as text copied from a PDF keeps it: its rows become cells under
// the header's columns (a centred figure, a cell run into the next at a single space), the rules
// inside it blank, so each row is a clause that names its values by their columns. Prose justified
// with a double space here and there stays prose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignedTables } from '../src/corpus/alignedTables.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const TABLE = [
  '   Bảng 1. Kết quả thực hiện một số chỉ tiêu',
  '   ------------------------------------------------------------------------',
  '   TT  Chỉ tiêu                          Kế hoạch năm học   Thực hiện HK I   Đánh giá',
  '   ------------------------------------------------------------------------',
  '   1   Tỷ lệ huy động trẻ nhà trẻ ra lớp    40%                38,6%         Chưa đạt',
  '   2   Số trường đạt chuẩn quốc gia      10/12 trường            9/12 trường Chưa đạt',
  '   3   Tỷ lệ HS bỏ học cấp THCS          dưới 0,3%             0,18%           Đạt',
  '   ------------------------------------------------------------------------',
];

describe('a table laid out with spaces', () => {
  it('becomes rows of cells under the header’s columns, its inner rules blank, every line kept', () => {
    const out = alignedTables(TABLE);
    expect(out).toHaveLength(TABLE.length);
    expect(out[2].split('\t')).toEqual(['TT', 'Chỉ tiêu', 'Kế hoạch năm học', 'Thực hiện HK I', 'Đánh giá']);
    expect(out[3]).toBe('');
    expect(out[4].split('\t')).toEqual(['1', 'Tỷ lệ huy động trẻ nhà trẻ ra lớp', '40%', '38,6%', 'Chưa đạt']);
    expect(out[5].split('\t')).toEqual(['2', 'Số trường đạt chuẩn quốc gia', '10/12 trường', '9/12 trường', 'Chưa đạt']);
    expect(out[0]).toBe(TABLE[0]);
  });

  it('joins a header cell wrapped onto the next line to the cell above it', () => {
    const wrapped = [
      'Cấp học / loại hình        2024-2025    Năm 2026    Năm 2028    Năm 2030',
      '                          (hiện trạng)',
      'Mầm non                       214          205         198         192',
      'Tiểu học                      176          164         152         145',
      'Trung học phổ thông            36           36          37          38',
    ];
    const out = alignedTables(wrapped);
    expect(out).toHaveLength(wrapped.length);
    expect(out[0].split('\t')).toEqual(['Cấp học / loại hình', '2024-2025 (hiện trạng)', 'Năm 2026', 'Năm 2028', 'Năm 2030']);
    expect(out[1]).toBe('');
    expect(out[4].split('\t')).toEqual(['Trung học phổ thông', '36', '36', '37', '38']);
  });

  it('leaves prose justified with double spaces alone', () => {
    const prose = [
      'UBND xã đã ban hành kế hoạch thực  hiện nhiệm vụ năm học,  kế hoạch phổ cập giáo',
      'dục, xóa mù chữ;  chỉ đạo các trường tổ  chức khai giảng năm học mới an toàn, tiết',
      'kiệm vào ngày 05/9/2025.  Phòng VH-XH đã tổ chức 02 đợt  kiểm tra chuyên đề.',
    ];
    expect(alignedTables(prose)).toEqual(prose);
  });
});

let h: IndexedHome;
beforeAll(async () => {
  const plan = [planHeader({ issuer: 'ỦY BAN NHÂN DÂN XÃ KHUÊ SƠN', number: '11/BC-UBND', place: 'Khuê Sơn', kind: 'BÁO CÁO', title: 'Sơ kết học kỳ I năm học 2025 - 2026' }), 'I. KẾT QUẢ', ...TABLE, 'II. NHIỆM VỤ HỌC KỲ II', 'Duy trì sĩ số học sinh.'].join('\n');
  h = await makeIndexedHomeOf('aligned-tables', { 'khue-son-bc-11-2026-so-ket.txt': plan }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a report’s table laid out with spaces, indexed', () => {
  it('answers with the row, its values named by their columns', async () => {
    const a = await h.app.answerer.ask('Số trường đạt chuẩn quốc gia của xã Khuê Sơn trong học kỳ I là bao nhiêu?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('9/12 trường');
    expect(a.citations[0].section).toMatch(/row-2$/);
  });
});

describe('a calendar table numbered by its weeks', () => {
  it('names a row by its week ("Tuần 24"), as a count column ("TT") is not', async () => {
    const { rowContext, tableLayout } = await import('../src/corpus/tables.js');
    const weeks = tableLayout([{ text: 'Tuần\tThời gian\tNội dung', lines: [1], cells: ['Tuần', 'Thời gian', 'Nội dung'] }], null);
    expect(rowContext(['24', '08/3 – 14/3/2027', 'Kiểm tra giữa học kỳ II'], weeks).split('\n')[0]).toBe('Tuần 24');
    const counted = tableLayout([{ text: 'TT\tChỉ tiêu\tKế hoạch', lines: [1], cells: ['TT', 'Chỉ tiêu', 'Kế hoạch'] }], null);
    expect(rowContext(['3', 'Tỷ lệ trẻ ra lớp', '99%'], counted).split('\n')[0]).toBe('Kế hoạch: 99%');
  });
});

describe('a table of figures by year, its first column "(hiện trạng)"', () => {
  let y: IndexedHome;
  beforeAll(async () => {
    const plan = [
      planHeader({ issuer: 'ỦY BAN NHÂN DÂN TỈNH NAM HÀ', number: '686/QĐ-UBND', place: 'Nam Hà', kind: 'QUYẾT ĐỊNH', title: 'Phê duyệt Kế hoạch sắp xếp mạng lưới trường, lớp học giai đoạn 2025 - 2030' }),
      'II. MỤC TIÊU',
      'a) Số trường theo cấp học đến từng mốc năm:',
      'Cấp học / loại hình        2024-2025    Năm 2026    Năm 2028    Năm 2030',
      '                          (hiện trạng)',
      'Mầm non                       214          205         198         192',
      'Tiểu học                      176          164         152         145',
      'Trung học phổ thông            36           36          37          38',
    ].join('\n');
    y = await makeIndexedHomeOf('aligned-years', { 'nam-ha-qd-686-2025-mang-luoi.txt': plan }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(() => y?.dispose());

  it('answers for a year it gives, with the row that names it', async () => {
    const a = await y.app.answerer.ask('Số trường trung học phổ thông của Nam Hà năm 2028 là bao nhiêu?');
    expect(a.outcome).toBe('answer');
    const clause = await y.app.store.getClause(a.citations[0].clauseId);
    expect(clause?.text).toContain('Năm 2028: 37');
    expect(a.answer).toContain('Năm 2028: 37');
    // "(hiện trạng)" says what the column is, not the unit of its figures: no lead reads "36 hiện trạng".
    expect(a.answer).not.toMatch(/36 hiện trạng/);
  });

  it('does not answer for a year between its columns', async () => {
    const a = await y.app.answerer.ask('Số trường trung học phổ thông của Nam Hà năm 2027 là bao nhiêu?');
    expect(a.citations.some((c) => c.clauseId.includes('row') && a.outcome === 'answer')).toBe(false);
  });
});
