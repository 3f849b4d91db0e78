// A task-assignment table set as an annex without a number ("PHỤ LỤC: BẢNG PHÂN CÔNG NHIỆM VỤ")
// before the plan's closing: its rows are the annex's clauses (#phu-luc-1.N), the closing after it
// is the plan's recipients and signature, and an answer quotes the row, never its header row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClauses } from '../src/corpus/parse.js';
import { normalizeText } from '../src/corpus/normalize.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN LONG KHÁNH BẮC', number: '40/KH-UBND', place: 'Long Khánh Bắc', title: 'Kế hoạch xây dựng trường học đạt chuẩn quốc gia giai đoạn 2025 - 2027' }),
  'I. MỤC TIÊU',
  'Đến năm 2027 có 80% trường đạt chuẩn quốc gia.',
  'II. TỔ CHỨC THỰC HIỆN',
  '1. Phòng Giáo dục và Đào tạo',
  'Chủ trì, tham mưu Ủy ban nhân dân huyện triển khai Kế hoạch.',
  '',
  'PHỤ LỤC: BẢNG PHÂN CÔNG NHIỆM VỤ',
  '',
  '| TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện |',
  '|---|---|---|---|---|',
  '| 1 | Rà soát cơ sở vật chất các trường | Phòng Giáo dục và Đào tạo | UBND các xã | Tháng 4/2025 |',
  '| 2 | Xóa phòng học tạm, phòng học mượn | Ban Quản lý dự án đầu tư xây dựng huyện | Phòng Giáo dục và Đào tạo | Trước ngày 31/12/2025 |',
  '',
  'PHỤ LỤC 2. KINH PHÍ',
  'ĐVT: triệu đồng',
  '| TT | Nội dung | Ngân sách tỉnh | Ngân sách huyện |',
  '|---|---|---|---|',
  '| 1 | Xây phòng học | 12.000 | 3.000 |',
  '| 2 | Mua thiết bị | 1.500 | 500 |',
  '| | Tổng cộng | 13.500 | 3.500 |',
  '',
  '| Nơi nhận: - UBND tỉnh (b/c); - Lưu: VT. | TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Đã ký) Trần Văn Nam |',
  '|---|---|',
].join('\n');

describe('a task table set as an annex without a number', () => {
  it('is phu-luc-1, its rows its clauses, and the closing after it the plan’s', () => {
    const clauses = parseClauses('long-khanh-bac-kh-40-2025', normalizeText(PLAN));
    const paths = clauses.map((c) => c.path);
    expect(paths).toContain('phu-luc-1');
    expect(paths).toEqual(expect.arrayContaining(['phu-luc-1.1', 'phu-luc-1.2', 'recipients', 'signature']));
    expect(clauses.find((c) => c.path === 'phu-luc-1.2')?.heading).toBe('Xóa phòng học tạm, phòng học mượn');
  });

  describe('answered', () => {
    let h: IndexedHome;
    beforeAll(async () => {
      h = await makeIndexedHomeOf('task-table', { 'long-khanh-bac-kh-40-2025-truong-chuan.md': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    }, 60_000);
    afterAll(() => h?.dispose());

    it('answers an amount for the whole plan from the total row', async () => {
      const a = await h.app.answerer.ask('Kế hoạch trường chuẩn của Long Khánh Bắc dùng bao nhiêu tiền ngân sách tỉnh?');
      expect(a.citations[0].quote).toContain('13.500');
      expect(a.citations.every((c) => !/^TT\b/.test(c.quote))).toBe(true);
    });

    it('quotes the row that names the lead unit, not the header row', async () => {
      const a = await h.app.answerer.ask('Ở Long Khánh Bắc, đơn vị nào chủ trì việc xóa phòng học tạm?');
      expect(a.outcome).toBe('answer');
      expect(a.citations[0].clauseId).toBe('long-khanh-bac-kh-40-2025-truong-chuan#phu-luc-1.2');
      expect(a.citations[0].quote).toContain('Ban Quản lý dự án đầu tư xây dựng huyện');
      expect(a.citations.every((c) => !c.quote.startsWith('TT'))).toBe(true);
    });
  });
});

describe('an agency named at the head of its own paragraph of duties', () => {
  let h: IndexedHome;
  beforeAll(async () => {
    const plan = [
      planHeader({ issuer: 'ỦY BAN NHÂN DÂN XÃ AN PHÚ ĐÔNG', number: '12/KH-UBND', place: 'An Phú Đông', title: 'Kế hoạch phòng, chống đuối nước cho trẻ em năm 2026' }),
      'I. NHIỆM VỤ CỦA CÁC NGÀNH',
      '1. Công an xã: Tuần tra, xử lý học sinh điều khiển xe máy khi chưa đủ tuổi; cắm biển cảnh báo tại các điểm nguy hiểm;',
      'bố trí lực lượng tuần tra ven sông vào các ngày nghỉ cuối tuần trong tháng 6 và tháng 7/2026.',
      '2. Trạm Y tế xã: Tập huấn sơ cứu cho giáo viên trong tháng 4/2026.',
    ].join('\n');
    h = await makeIndexedHomeOf('inline-agency', { 'an-phu-dong-kh-12-2026-duoi-nuoc.txt': plan }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(() => h?.dispose());

  it('has that whole paragraph quoted when its duties are asked', async () => {
    const a = await h.app.answerer.ask('Công an xã được giao những việc gì?');
    expect(a.citations[0].clauseId).toBe('an-phu-dong-kh-12-2026-duoi-nuoc#I.1');
    expect(a.citations[0].quote).toContain('chưa đủ tuổi');
    expect(a.citations[0].quote).toContain('ven sông vào các ngày nghỉ cuối tuần');
  });
});
