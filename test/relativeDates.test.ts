// "When" questions answered by a time the plan sets relative to an event, not by a calendar date:
// "có hiệu lực kể từ ngày ký", "trong thời hạn 15 ngày sau khi …", "vào đầu năm học". Over a small
// decision of its own, indexed by the real indexer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';

const DECISION = `ỦY BAN NHÂN DÂN
TỈNH AN BÌNH
Số: 210/QĐ-UBND
An Bình, ngày 04 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc ban hành Quy chế quản lý thiết bị dạy học
Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý thiết bị dạy học trong các trường phổ thông.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Các trường báo cáo tình hình sử dụng thiết bị trong thời hạn 15 ngày sau khi kết thúc học kỳ.
Điều 4. Sở Giáo dục và Đào tạo tổ chức tập huấn vào đầu năm học.
Điều 5. Các trường tổ chức dạy bơi cho học sinh tiểu học trong dịp hè; kiểm tra hệ thống điện định kỳ.
Nơi nhận:
- Như Điều 4;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Hải
`;

let home: IndexedHome;

beforeAll(async () => {
  home = await makeIndexedHomeOf('relative-dates', { 'an-binh-qd-210-2024.txt': DECISION });
});

afterAll(async () => {
  await home?.dispose();
});

describe('a time set relative to an event answers "when"', () => {
  it.each([
    ['Khi nào quyết định 210 có hiệu lực?', 'dieu-2'],
    ['When does Decision 210 take effect?', 'dieu-2'],
    ['Các trường phải báo cáo tình hình sử dụng thiết bị khi nào?', 'dieu-3'],
    ['Khi nào Sở tổ chức tập huấn?', 'dieu-4'],
    // A season, as written: "hè" (summer), not the "hệ" of "hệ thống".
    ['Học sinh tiểu học được dạy bơi khi nào?', 'dieu-5'],
  ])('%s', async (question, path) => {
    const a = await home.app.answerer.ask(question);
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].clauseId).toBe(`an-binh-qd-210-2024#${path}`);
  });

  it('still says the plans do not say when nothing sets a time', async () => {
    const a = await home.app.answerer.ask('Khi nào các trường được cấp máy chiếu mới?');
    expect(a.abstained).toBe(true);
  });
});

describe('a school year named that no plan is for', () => {
  it('is answered from a plan that reports on it ("Năm học 2024-2025, ngành đã …"), and refused when none writes it', async () => {
    const report = await makeIndexedHomeOf('year-reported', {
      'an-binh-2025-2026.txt': 'ỦY BAN NHÂN DÂN TỈNH AN BÌNH\nSố: 09/CT-UBND\nAn Bình, ngày 03 tháng 9 năm 2025\nCHỈ THỊ\nVề nhiệm vụ năm học 2025-2026\nNăm học 2024-2025, tỷ lệ học sinh tốt nghiệp trung học phổ thông đạt 98,2%.\n1. Sở Giáo dục và Đào tạo tổ chức thực hiện Chỉ thị này.\n',
    });
    try {
      const a = await report.app.answerer.ask('Tỷ lệ học sinh tốt nghiệp THPT năm học 2024-2025 là bao nhiêu?');
      expect(a.outcome).toBe('answer');
      expect(a.answer).toContain('98,2%');
      const none = await report.app.answerer.ask('Tỷ lệ học sinh tốt nghiệp THPT năm học 2022-2023 là bao nhiêu?');
      expect(none.abstained).toBe(true);
      // A year no plan covers and none writes: no plan to answer from, not a figure of another year.
      const later = await report.app.answerer.ask('What is the 2028 graduation rate target?');
      expect(later.outcome).toBe('not_found');
    } finally {
      await report.dispose();
    }
  });
});
