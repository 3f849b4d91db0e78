// Everyday words a parent or an official writes, read in the plans' words before any is taken for
// a word no plan writes ("mấy ngày liền" is "liên tiếp", "cô chủ nhiệm" the "giáo viên chủ
// nhiệm"); "đặt chỉ tiêu" frames a target question; "trước mấy giờ" asks a time of day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { understand } from '../src/answer/understand.js';
import { lexicalUnits } from '../src/corpus/fold.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN LONG PHÚ BẮC', number: '03/CT-UBND', place: 'Long Phú Bắc', kind: 'CHỈ THỊ', title: 'Về tăng cường công tác chống học sinh bỏ học năm học 2025-2026' }),
  '1. Hiệu trưởng các trường:',
  '- Giáo viên chủ nhiệm báo cáo Hiệu trưởng khi học sinh nghỉ học 03 ngày liên tiếp không có lý do.',
  '- Báo cáo số học sinh đi học trở lại sau Tết về Phòng Giáo dục và Đào tạo trước 10h00 ngày 23/02/2026.',
  '2. Chỉ tiêu: tỷ lệ học sinh lớp 9 tốt nghiệp trung học cơ sở đạt 100%.',
  '3. Đăng ký tuyển sinh trực tuyến vào lớp 1: từ 8h00 ngày 01/7/2025 đến 17h00 ngày 07/7/2025.',
  '4. Mức thu tiền bán trú (ĐVT: nghìn đồng/học sinh/tháng):',
  '| Cấp học | Thị trấn | Xã |',
  '|---|---|---|',
  '| Tiểu học | 180 | 120 |',
  '| Trung học cơ sở | 200 | 140 |',
  '5. Phụ huynh đóng tiền một lần cho cả học kỳ: 5 tháng.',
  '6. Lịch kiểm tra cuối năm:',
  '| Môn | Thời gian làm bài | Giờ bắt đầu làm bài |',
  '|---|---|---|',
  '| Toán | 90 phút | 14 giờ 30 |',
  '| Ngữ văn | 120 phút | 07 giờ 35 |',
  '7. Lớp học bơi hè cho học sinh tổ chức tại bể bơi Trung tâm Văn hóa huyện từ ngày 01/6/2026.',
  '8. Học sinh tham gia lớp học bơi hè được miễn toàn bộ chi phí học bơi.',
  '9. Học sinh nghỉ Tết Nguyên đán từ ngày 14/02/2026 đến hết ngày 22/02/2026, đi học trở lại ngày 23/02/2026.',
  '10. Tổng số ngày nghỉ là 09 ngày liên tục, bao gồm cả ngày nghỉ hằng tuần.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('everyday-words', { 'long-phu-bac-ct-03-2025-bo-hoc.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('everyday words of a question', () => {
  it('read "tổng cộng", typed without marks, as the plans\' "tổng số"', async () => {
    const a = await h.app.answerer.ask('tet nay hoc sinh long phu bac duoc nghi tong cong may ngay?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('09 ngày');
  });

  it('read "cho con … có mất tiền không" as what it costs the pupil', async () => {
    const a = await h.app.answerer.ask('Cho con đi học bơi hè ở Long Phú Bắc có mất tiền không?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('miễn toàn bộ chi phí');
  });

  it('are read in the plans’ words, not taken for words no plan writes', async () => {
    const a = await h.app.answerer.ask('Học sinh nghỉ mấy ngày liền không phép thì cô chủ nhiệm phải báo cáo?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('03 ngày liên tiếp');
  });

  it('"đặt chỉ tiêu" frames a target question', async () => {
    const a = await h.app.answerer.ask('Huyện đặt chỉ tiêu bao nhiêu phần trăm học sinh lớp 9 tốt nghiệp THCS?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('100%');
  });

  it('"trước mấy giờ", "từ mấy giờ" ask a time of day', async () => {
    expect(understand('Trường phải báo cáo trước mấy giờ?', [])).toMatchObject({ wantsTime: true, wantsDuration: false, wantsDate: true });
    expect(understand('Học sinh học mấy giờ một ngày?', [])).toMatchObject({ wantsTime: false });
    const a = await h.app.answerer.ask('Hiệu trưởng phải báo cáo số học sinh đi học lại sau Tết trước mấy giờ?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('10h00 ngày 23/02/2026');
    const b = await h.app.answerer.ask('Đăng ký online vào lớp 1 mở từ mấy giờ, ngày nào?');
    expect(b.citations[0].quote).toContain('8h00 ngày 01/7/2025');
    // A time of day alone ("14 giờ 30", no date beside it) answers "mấy giờ".
    const c = await h.app.answerer.ask('môn toán làm bài bao nhiêu phút, mấy giờ bắt đầu vậy ạ');
    expect(c.outcome).toBe('answer');
    expect(c.citations[0].quote).toContain('14 giờ 30');
  });
});

describe('shorthand typed in a chat', () => {
  it('is read as the words it stands for, whole words only', () => {
    expect(understand('trung tâm dạy thêm có đc dạy tới 10h đêm ko vậy', []).question).toBe('trung tâm dạy thêm có được dạy tới 10h đêm không vậy');
    expect(understand('bé nhà em có được khám sk ko', []).question).toBe('bé nhà em có được khám sức khỏe không');
    expect(understand('gv làm j khi hs nghỉ học?', []).question).toBe('giáo viên làm gì khi học sinh nghỉ học?');
    // Calling someone ("cô ơi", "anh ơi") asks nothing.
    expect(understand('cô ơi tuần 24 là từ ngày nào đến ngày nào ạ', []).keyUnits).not.toContain('co');
    // A time of day named ("10h đêm") is weighed against the plan's hours, not searched as words.
    const t = understand('trung tâm có được dạy tới 10h đêm không', []);
    expect(t.wantsTime).toBe(true);
    expect(t.keyUnits.some((x) => /10|dem/.test(x))).toBe(false);
    // Not inside a word, a figure or a name in capitals.
    expect(understand('Kon Tum có 5k học sinh, THCS HS GV', []).question).toBe('Kon Tum có 5k học sinh, THCS HS GV');
  });
});

describe('parents as plans write them', () => {
  it('reads "phụ huynh" as "cha mẹ học sinh" too, and "để" written with its mark as no topic word', () => {
    const u = understand('Trường có được thu tiền của phụ huynh để chi cho việc chọn sách giáo khoa không?', []);
    expect(u.keyUnits).toEqual(expect.arrayContaining(['cha_me', 'me_hoc']));
    expect(u.keyUnits.some((x) => x === 'de' || x.startsWith('de_') || x.endsWith('_de'))).toBe(false);
    // "đề" (a test paper) stays a topic word.
    expect(understand('Ai ra đề kiểm tra cuối kỳ?', []).keyUnits).toContain('de');
  });
});

describe('where in a period a year stands', () => {
  it('is said by the year: "năm đầu 2026", "đến cuối giai đoạn 2030" ask for 2026 and 2030, not for the words', () => {
    const u = understand('Số trường có phòng hỗ trợ giáo dục hòa nhập: năm đầu 2026 là bao nhiêu, đến cuối giai đoạn 2030 là bao nhiêu?', []);
    expect(u.keyUnits.filter((x) => /\b(dau|cuoi|doan)\b|_(dau|cuoi)|(dau|cuoi)_/.test(x))).toEqual([]);
    expect(u.keyUnits).toContain('hoa_nhap');
    // Without a year after them they are the question's words ("đầu tư", "khám sức khỏe đầu năm học").
    expect(understand('Khám sức khỏe đầu năm học hoàn thành trước ngày nào?', []).keyUnits).toContain('dau_nam');
  });
});

describe('what a plan costs', () => {
  it('is looked for under its funding ("kinh phí"), not so an amount each one gets', () => {
    // The slot's term: "kinh phí" or "dự toán".
    const slot = (q: string) => understand(q, []).keyTerms.some((t) => t.alternatives.length === 2 && t.alternatives.some((a) => a.join(' ') === lexicalUnits('dự toán').join(' ')));
    expect(slot('Kế hoạch STEM dự kiến dùng bao nhiêu tiền từ ngân sách trung ương?')).toBe(true);
    expect(slot('What is the overall cost of the plan?')).toBe(true);
    expect(slot('Mỗi học sinh được hỗ trợ bao nhiêu tiền?')).toBe(false);
    expect(slot('How much does each smart classroom cost?')).toBe(false);
    expect(slot('Học phí lớp 1 là bao nhiêu tiền?')).toBe(false);
  });
});

describe('a question typed on a phone', () => {
  it('asks nothing with "cho hỏi", and "bao nhiêu 1 tháng" asks a monthly rate', async () => {
    const u = understand('cho hỏi tiền bán trú THCS ở xã bao nhiêu 1 tháng vậy', []);
    expect(u.askedRate).toBe('moi_thang');
    expect(u.keyUnits).not.toContain('hoi');
    expect(understand('Tiền bán trú một tháng là bao nhiêu?', []).askedRate).toBe('moi_thang');
    expect(understand('học thêm 1 tuần được học mấy buổi 1 môn vậy', []).askedRate).toBe('moi_tuan');
    const a = await h.app.answerer.ask('cho hỏi tiền bán trú THCS ở xã bao nhiêu 1 tháng vậy');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('140');
  });

  it('reads the unit a table’s lead line gives in brackets as the rows’ unit', async () => {
    const a = await h.app.answerer.ask('Tiền bán trú tiểu học ở thị trấn bao nhiêu một tháng?');
    expect(a.citations[0].quote).toContain('ĐVT: nghìn đồng/học sinh/tháng');
    expect(a.citations[0].quote).not.toContain('Mức thu tiền bán trú');
  });
});

describe('an agency named in full that the plan never names', () => {
  it('gets no duties from it; one it names does', async () => {
    const a = await h.app.answerer.ask('Sở Thông tin và Truyền thông được giao những việc gì trong chỉ thị này?');
    expect(a.abstained).toBe(true);
    expect(a.reason).toBe('concept_absent');
    const b = await h.app.answerer.ask('Phòng Giáo dục và Đào tạo nhận báo cáo gì trước 10h00 ngày 23/02/2026?');
    expect(b.outcome).toBe('answer');
  });
});
