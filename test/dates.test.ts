// Vietnamese date phrases: every form the plans use, the conventions for periods (see the head
// of src/facts/vietnameseDates.ts), and the mentions that are not the plan's own dates.
import { describe, expect, it } from 'vitest';
import { findDates, formatDueVi, parseVietnameseDate } from '../src/facts/vietnameseDates.js';

const SY = { schoolYear: '2023-2024' };
const one = (phrase: string, ctx = SY) => {
  const d = parseVietnameseDate(phrase, ctx);
  expect(d, phrase).not.toBeNull();
  return d!;
};

describe('day dates', () => {
  it('reads "ngày 25/8/2021" and "ngày 15 tháng 9 năm 2022"', () => {
    expect(one('ngày 25/8/2021', {})).toMatchObject({ iso: '2021-08-25', precision: 'day', kind: 'scheduled_event', dueLast: '2021-08-25', text: 'ngày 25/8/2021' });
    expect(one('Tổ chức hội nghị ngày 15 tháng 9 năm 2022', {})).toMatchObject({ iso: '2022-09-15', precision: 'day', kind: 'scheduled_event' });
    expect(one('khai mạc ngày 05 /9/2023')).toMatchObject({ iso: '2023-09-05', precision: 'day' });
  });
  it('reads "trước ngày …" as a deadline', () => {
    expect(one('báo cáo sơ kết thực hiện nhiệm vụ trước ngày 15 tháng 01 năm 2024')).toMatchObject({ iso: '2024-01-15', precision: 'day', kind: 'deadline', text: 'trước ngày 15 tháng 01 năm 2024' });
    expect(one('nộp hồ sơ chậm nhất ngày 30/6/2024')).toMatchObject({ iso: '2024-06-30', kind: 'deadline' });
  });
  it('places a day without a year in the plan\'s school year', () => {
    expect(one('hoàn thành trước ngày 30/9')).toMatchObject({ iso: '2023-09-30', kind: 'deadline' });
    expect(one('nộp báo cáo trước ngày 15/1')).toMatchObject({ iso: '2024-01-15', kind: 'deadline' });
    expect(parseVietnameseDate('nộp báo cáo trước ngày 15/1')).toBeNull(); // no school year to place it in
  });
  it('rejects impossible days', () => {
    expect(findDates('Nghị quyết ngày 23/20/2020', SY, { includeRejected: true })).toEqual([]);
    expect(findDates('trước ngày 30/2/2024', SY)).toEqual([]);
  });
});

describe('months, quarters, years', () => {
  it('reads "tháng 9/2022" and "tháng 10 năm 2023" at month precision', () => {
    expect(one('tháng 9/2022', { schoolYear: '2022-2023' })).toMatchObject({ iso: '2022-09', precision: 'month', dueLast: '2022-09-30', kind: 'scheduled_event' });
    expect(one('hoàn thành trong tháng 10 năm 2023')).toMatchObject({ iso: '2023-10', precision: 'month', kind: 'deadline', dueLast: '2023-10-31' });
    expect(one('trước tháng 2/2024')).toMatchObject({ iso: '2024-02', dueLast: '2024-02-29', kind: 'deadline' });
  });
  it('reads quarters, with or without a year', () => {
    expect(one('quý IV năm 2023')).toMatchObject({ iso: '2023-Q4', precision: 'quarter', kind: 'deadline', first: '2023-10-01', dueLast: '2023-12-31' });
    expect(one('hoàn thành trong quý I/2024')).toMatchObject({ iso: '2024-Q1', dueLast: '2024-03-31', kind: 'deadline' });
    expect(one('trước quý II')).toMatchObject({ iso: '2024-Q2', dueLast: '2024-06-30' });
  });
  it('reads "cuối năm 2023" as December (year end), "trong năm 2023" at year precision', () => {
    expect(one('Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia vào cuối năm 2023')).toMatchObject({ iso: '2023-12', precision: 'month', kind: 'deadline', dueLast: '2023-12-31', text: 'vào cuối năm 2023' });
    expect(one('Xây dựng trường tiểu học Nguyễn Trãi đạt chuẩn quốc gia trong năm 2023')).toMatchObject({ iso: '2023', precision: 'year', kind: 'deadline', first: '2023-01-01', dueLast: '2023-12-31' });
    expect(one('các trường tích cực hoàn thành đánh giá ngoài vào 2023')).toMatchObject({ iso: '2023', kind: 'deadline' });
    expect(one('Quận đạt chuẩn phổ cập giáo dục mầm non cho trẻ 5 tuổi năm 2023')).toMatchObject({ iso: '2023', kind: 'deadline' });
  });
  it('reads an event year as a scheduled event', () => {
    expect(one('tham gia Hội khỏe Phù Đổng các cấp lần thứ 10 năm 2024')).toMatchObject({ iso: '2024', kind: 'scheduled_event' });
    expect(one('Tổ chức tốt Kỳ thi tốt nghiệp trung học phổ thông năm 2024')).toMatchObject({ iso: '2024', kind: 'scheduled_event' });
  });
  it('keeps "đến năm 2025" only when a target is to be reached by then', () => {
    expect(one('phấn đấu hoàn thành chỉ tiêu đến năm 2025 đạt 300 phòng học')).toMatchObject({ iso: '2025', kind: 'deadline' });
    expect(one('lộ trình đến năm 2024: 100% GV các cấp học đạt chuẩn')).toMatchObject({ iso: '2024', kind: 'deadline' });
    expect(findDates('phát triển giáo dục quận đến năm 2025, định hướng đến năm 2030', SY)).toEqual([]);
    expect(findDates('tầm nhìn đến năm 2045', SY, { includeRejected: true })[0]).toMatchObject({ rejected: 'horizon' });
  });
});

describe('school years and semesters', () => {
  it('reads "trong năm học 2023 - 2024" as a school-year task due at the end of May', () => {
    expect(one('Xây dựng 01 trường tiểu học đạt chuẩn quốc gia trong năm học 2023 - 2024')).toMatchObject({
      iso: '2023-2024',
      precision: 'school_year',
      kind: 'school_year_task',
      first: '2023-09-01',
      dueLast: '2024-05-31',
    });
    expect(one('chuẩn bị thực hiện Chương trình đối với lớp 3 từ năm học 2024-2025')).toMatchObject({ iso: '2024-2025', kind: 'school_year_task' });
  });
  it('reads "học kỳ I" of the plan\'s school year', () => {
    expect(one('kiểm tra trong học kỳ I')).toMatchObject({ iso: '2023-2024-S1', precision: 'semester', kind: 'school_year_task', dueLast: '2024-01-15' });
    expect(one('hoàn thành trước học kỳ II năm học 2024-2025', SY)).toMatchObject({ iso: '2024-2025-S2', kind: 'deadline', dueLast: '2025-05-31' });
  });
  it('reads the edges of the school year', () => {
    expect(one('xây dựng kế hoạch bồi dưỡng học sinh giỏi ngay từ đầu năm học')).toMatchObject({ iso: '2023-09', precision: 'month', kind: 'deadline' });
    expect(one('Tỉ lệ đảng viên (tính đến cuối năm học)')).toMatchObject({ iso: '2023-2024', precision: 'school_year', kind: 'deadline', dueLast: '2024-05-31' });
    expect(one('danh hiệu thi đua cuối năm học')).toMatchObject({ iso: '2023-2024', kind: 'scheduled_event' });
  });
  it('does not take the plan\'s own school year used as a title for a task date', () => {
    const all = findDates('tổ chức triển khai thực hiện nhiệm vụ năm học 2023 - 2024; Kế hoạch năm học 2023-2024. Năm học 2023 - 2024, ngành tiếp tục', SY, { includeRejected: true });
    expect(all).toHaveLength(3);
    expect(all.every((d) => d.rejected === 'generic')).toBe(true);
    expect(findDates('II. NHIỆM VỤ NĂM HỌC 2023-2024', SY)).toEqual([]);
  });
});

describe('programme periods and recurring duties', () => {
  it('reads "giai đoạn 2021 - 2025" as a programme period, kept apart from deadlines', () => {
    expect(one('chuyên đề “Xây dựng trường mầm non lấy trẻ làm trung tâm giai đoạn 2021 - 2025”')).toMatchObject({
      iso: '2021/2025',
      precision: 'year',
      kind: 'programme_period',
      first: '2021-01-01',
      dueLast: '2025-12-31',
    });
    expect(one('Phấn đấu giai đoạn 2023 - 2025 toàn Thành phố đạt mục tiêu xây dựng 4.500 phòng học')).toMatchObject({ iso: '2025', kind: 'deadline' });
  });
  it('reads recurring duties', () => {
    const cases: [string, string][] = [
      ['khen thưởng hằng tháng', 'monthly'],
      ['khen thưởng hàng tháng', 'monthly'],
      ['tổng hợp kết quả, định kỳ báo cáo UBND quận', 'periodic'],
      ['tổ chức hằng năm', 'yearly'],
      ['giao ban 01 lần/quý với chủ các nhóm trẻ', '1/quarter'],
      ['Kiểm tra các trường học (02 lần/năm học)', '2/school_year'],
    ];
    for (const [phrase, recurrence] of cases) {
      expect(one(phrase), phrase).toMatchObject({ kind: 'recurring', recurrence, iso: '2023-2024', precision: 'school_year', dueLast: '2024-05-31' });
    }
    expect(parseVietnameseDate('khen thưởng hằng tháng')).toMatchObject({ kind: 'recurring', iso: null, recurrence: 'monthly' });
  });
  it('anchors a yearly duty on its day', () => {
    expect(one('Tổ chức Vinh danh truyền thống hàng năm vào dịp 20/11')).toMatchObject({ kind: 'recurring', recurrence: 'yearly', iso: '2023-11-20', precision: 'day', text: 'hàng năm vào dịp 20/11' });
  });
});

describe('dates that are not the plan\'s work', () => {
  const legal = [
    'Thực hiện Quyết định số 2457/QĐ-BGDĐT ngày 23/8/2023 của Bộ trưởng Bộ Giáo dục và Đào tạo',
    'quán triệt thực hiện nghiêm túc Nghị quyết số 03-NQ/QU ngày 13/12/2022',
    'tiếp tục thực hiện có hiệu quả Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị',
    'Thực hiện Luật Giáo dục ngày 14/6/2019',
    'Luật Giáo dục quốc phòng và an ninh năm 2013',
    'theo quy định tại Nghị định số 71/2020/NĐ-CP ngày 30 tháng 6 năm 2020 của Chính phủ',
    '(Kèm theo Kế hoạch số 217 /KH-UBND ngày 25 /8/2021 của UBND quận)',
    'Thông tư số 09/2021/BGDĐT ngày 30/3/2021 của Bộ GDĐT',
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015',
    'Nghị quyết số 98/2023/QH15 ngày 24 tháng 6 năm 2023 của Quốc hội',
  ];
  it('rejects the dates of cited legal documents', () => {
    for (const text of legal) {
      expect(findDates(text, SY), text).toEqual([]);
      expect(parseVietnameseDate(text, SY), text).toBeNull();
      const all = findDates(text, SY, { includeRejected: true });
      expect(all.length, text).toBeGreaterThan(0);
      expect(all.every((d) => d.rejected === 'legal_document' || d.rejected === 'past' || d.rejected === 'header'), text).toBe(true);
    }
  });
  it('keeps a deadline that follows a cited document', () => {
    const ds = findDates('Thực hiện Quyết định số 2457/QĐ-BGDĐT ngày 23/8/2023; báo cáo kết quả trước ngày 15/6/2024', SY);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ iso: '2024-06-15', kind: 'deadline' });
  });
  it('rejects the header, past years and work already done', () => {
    expect(findDates('Tổ chức hội nghị ngày 25/8/2021', SY, { includeRejected: true })[0]).toMatchObject({ rejected: 'past' });
    expect(findDates('Thanh Xuân, ngày 25 tháng 8 năm 2021', { schoolYear: '2021-2022' }, { includeRejected: true })[0]).toMatchObject({ rejected: 'header' });
    expect(findDates('theo quy định từ năm học 2022 - 2023', SY, { includeRejected: true })[0]).toMatchObject({ rejected: 'past' });
    expect(findDates('duy trì các lớp xóa mù chữ đã mở năm 2023', SY, { includeRejected: true })[0]).toMatchObject({ rejected: 'done' });
    expect(findDates('kỷ niệm 50 năm Ngày Giải phóng (30/4/1975 - 30/4/2025)', SY).map((d) => d.iso)).toEqual(['2025-04-30']);
  });
  it('leaves names of programmes and laws with a bare year alone', () => {
    expect(findDates('thực hiện Chương trình giáo dục phổ thông 2018 theo Luật Giáo dục 2019', SY)).toEqual([]);
  });
});

describe('formatDueVi', () => {
  it('writes due dates the Vietnamese way', () => {
    expect(formatDueVi('2023-09-10', 'day')).toBe('10/09/2023');
    expect(formatDueVi('2023-12', 'month')).toBe('tháng 12/2023');
    expect(formatDueVi('2023-Q4', 'quarter')).toBe('quý IV/2023');
    expect(formatDueVi('2023', 'year')).toBe('năm 2023');
    expect(formatDueVi('2023-2024', 'school_year')).toBe('năm học 2023-2024');
    expect(formatDueVi('2023-2024-S1', 'semester')).toBe('học kỳ I năm học 2023-2024');
    expect(formatDueVi('2021/2025', 'year')).toBe('giai đoạn 2021-2025');
  });
});
