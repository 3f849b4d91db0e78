// What a date is, for a question that asks when: a day, a month, a quarter, a semester, as the
// plan writes them; not a document's number ("Thông tư số 19/2019/TT-BGDĐT") nor a word that only
// folds like one ("quy chế" is no quarter, "tuân thủ" no week).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datesLike, statesDate, statesDay, statesSpan } from '../src/answer/dateStated.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH HẠC LÂM', number: '902/KH-SGDĐT', place: 'Hạc Lâm', kind: 'KẾ HOẠCH', title: 'Bồi dưỡng thường xuyên giáo viên năm học 2024 - 2025' }),
  'Thực hiện bồi dưỡng thường xuyên (sau đây gọi tắt là BDTX) giáo viên như sau:',
  'I. THỜI GIAN THỰC HIỆN',
  '| TT | Nội dung công việc | Thời gian | Đơn vị thực hiện |',
  '|---|---|---|---|',
  '| 1 | Đăng ký mô đun tự chọn | Trước 30/9/2024 | Giáo viên |',
  '| 2 | Đánh giá, xếp loại kết quả BDTX | Từ 05/5/2025 đến 25/5/2025 | Cơ sở giáo dục |',
  'II. ĐÁNH GIÁ, XẾP LOẠI',
  '1. Việc đánh giá, xếp loại kết quả BDTX thực hiện theo Điều 11 Quy chế ban hành kèm theo Thông tư số 19/2019/TT-BGDĐT.',
  '2. Giáo viên tuân thủ quy chế học tập trên hệ thống LMS.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('date-words', { 'hac-lam-kh-902-2024-boi-duong.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a date stated', () => {
  it('is a day, a month, a quarter, a semester, a recurrence', () => {
    for (const t of ['Trước 30/9/2024', 'trong tháng 11/2026', 'Quý III/2027', 'cuối học kỳ I', 'hằng tuần', 'trong 15 ngày kể từ ngày ký', 'trước Tết Nguyên đán']) expect(statesDate(t), t).toBe(true);
    expect(statesDay('truoc ngay 30/9/2024')).toBe(true);
  });

  it('is not a document’s number, nor a word that only folds like a date word', () => {
    for (const t of ['thực hiện theo Điều 11 Quy chế ban hành kèm theo Thông tư số 19/2019/TT-BGDĐT', 'Giáo viên tuân thủ quy chế học tập', 'theo Công văn số 286/SGDĐT-QLCL']) {
      expect(statesDate(t), t).toBe(false);
      expect(datesLike(t), t).toBe(false);
    }
    expect(statesDay('theo thong tu so 19/2019/tt-bgddt')).toBe(false);
    // Unmarked text is read folded.
    expect(statesDate('hoan thanh truoc thang 10')).toBe(true);
  });
});

describe('a date asked for', () => {
  it('is the days the schedule sets, not the number of the circular a rule cites', async () => {
    const a = await h.app.answerer.ask('Việc đánh giá, xếp loại kết quả bồi dưỡng thường xuyên được tiến hành trong khoảng thời gian nào?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('05/5/2025');
    expect(a.answer).toContain('25/5/2025');
  });
});

describe('a span asked for ("từ lúc nào đến lúc nào")', () => {
  it('is read as a span, and a span is from one time to another', async () => {
    const { understand } = await import('../src/answer/understand.js');
    expect(understand('Chính sách thực hiện từ lúc nào đến lúc nào?', []).wantsSpan).toBe(true);
    expect(understand('Áp dụng từ năm học nào đến năm học nào?', []).wantsSpan).toBe(true);
    expect(understand('From when until when does the policy apply?', []).wantsSpan).toBe(true);
    expect(understand('Khi nào nộp báo cáo?', []).wantsSpan).toBe(false);
    // A start and an end asked together is a span too.
    expect(understand('Học kỳ I bắt đầu từ ngày nào và kết thúc ngày nào?', []).wantsSpan).toBe(true);
    expect(understand('When does the first semester start and end?', []).wantsSpan).toBe(true);
    expect(statesSpan('được thực hiện từ học kỳ II năm học 2025-2026 đến hết năm học 2029-2030')).toBe(true);
    expect(statesSpan('Từ 05/5/2025 đến 25/5/2025')).toBe(true);
    expect(statesSpan('trước ngày 31 tháng 01 năm 2026')).toBe(false);
  });

  it('is answered by the line that gives both ends, not by a single date', async () => {
    const { makeIndexedHomeOf: make } = await import('./helpers/indexedHome.js');
    const plan = await make('span', {
      'son-la-bac-nq-07-2025-an-trua.txt': [
        planHeader({ issuer: 'HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA BẮC', number: '07/2025/NQ-HĐND', place: 'Sơn La Bắc', kind: 'NGHỊ QUYẾT', title: 'Quy định chính sách hỗ trợ tiền ăn trưa cho học sinh' }),
        'Điều 1. Tổ chức thực hiện',
        '1. Giao Ủy ban nhân dân tỉnh ban hành danh mục thôn đặc biệt khó khăn được thực hiện chính sách trước ngày 31 tháng 01 năm 2026.',
        '2. Chính sách được thực hiện từ học kỳ II năm học 2025-2026 đến hết năm học 2029-2030.',
      ].join('\n'),
    }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    try {
      const a = await plan.app.answerer.ask('Chính sách hỗ trợ tiền ăn trưa được thực hiện từ lúc nào đến lúc nào?');
      expect(a.outcome).toBe('answer');
      expect(a.citations[0].quote).toContain('đến hết năm học 2029-2030');
    } finally {
      await plan.dispose();
    }
  });
});
