// What a plan's title says holds for its clauses: a resolution "on support for ethnic-minority
// pupils at boarding schools" answers "how much is the boarding pupils' monthly scholarship?" with
// its "Học bổng: 1.200.000 đồng/học sinh/tháng", though that line names neither. Who runs a school
// (public, private) and the levels a title names limit the plan as a level does; a rate in time is
// one thing however written ("monthly", "a month", "hằng tháng", "/tháng"); how long a paper lasts is
// minutes or hours. Plans written for this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexicalUnits } from '../src/corpus/fold.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const BOARDING = [
  planHeader({ issuer: 'HỘI ĐỒNG NHÂN DÂN TỈNH TÂN AN BẮC', number: '08/2025/NQ-HĐND', place: 'Tân An Bắc', date: 'ngày 12 tháng 7 năm 2025', kind: 'NGHỊ QUYẾT', title: 'Quy định chính sách hỗ trợ học sinh người dân tộc thiểu số học tại các trường phổ thông dân tộc nội trú tỉnh Tân An Bắc' }),
  'Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng',
  '1. Nghị quyết này quy định mức hỗ trợ, thời gian hỗ trợ và nguồn kinh phí thực hiện.',
  '2. Đối tượng áp dụng: học sinh đang học tại các trường được giao chỉ tiêu tuyển sinh hằng năm.',
  '',
  'Điều 2. Mức hỗ trợ',
  '1. Học bổng: 1.200.000 đồng/học sinh/tháng, tối đa 9 tháng/năm học.',
  '2. Hỗ trợ mua đồ dùng cá nhân: 500.000 đồng/học sinh/năm học.',
  '',
  'Điều 3. Tổ chức thực hiện',
  'Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.',
].join('\n');

const FEES = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN TỈNH SÔNG LAM', number: '15/2025/QĐ-UBND', place: 'Sông Lam', date: 'ngày 20 tháng 8 năm 2025', kind: 'QUYẾT ĐỊNH', title: 'Quy định mức thu các khoản dịch vụ phục vụ hoạt động giáo dục năm học 2025-2026 trên địa bàn tỉnh Sông Lam' }),
  'Điều 1. Mức thu tiền dịch vụ bán trú',
  '1. Cơ sở giáo dục công lập: 200.000 đồng/học sinh/tháng.',
  '2. Cơ sở giáo dục ngoài công lập: theo thỏa thuận với cha mẹ học sinh, tối đa 450.000 đồng/học sinh/tháng.',
  '',
  'Điều 2. Tổ chức thực hiện',
  'Sở Giáo dục và Đào tạo hướng dẫn các cơ sở giáo dục thực hiện Quyết định này.',
].join('\n');

const PRIVATE_TEACHERS = [
  planHeader({ issuer: 'HỘI ĐỒNG NHÂN DÂN TỈNH PHÚ AN', number: '21/2025/NQ-HĐND', place: 'Phú An', date: 'ngày 05 tháng 9 năm 2025', kind: 'NGHỊ QUYẾT', title: 'Quy định chính sách hỗ trợ giáo viên mầm non làm việc tại cơ sở giáo dục mầm non dân lập, tư thục trên địa bàn tỉnh Phú An' }),
  'Điều 1. Đối tượng áp dụng',
  'Giáo viên có hợp đồng lao động từ 12 tháng trở lên.',
  '',
  'Điều 2. Mức hỗ trợ',
  'Mức hỗ trợ: 900.000 đồng/người/tháng, chi trả theo học kỳ.',
  '',
  'Điều 3. Tổ chức thực hiện',
  'Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.',
].join('\n');

const DROWNING = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN XÃ AN THẠNH ĐÔNG', number: '33/KH-UBND', place: 'An Thạnh Đông', date: 'ngày 02 tháng 4 năm 2025', kind: 'KẾ HOẠCH', title: 'Phòng, chống đuối nước trẻ em trên địa bàn xã năm 2025' }),
  'I. MỤC ĐÍCH',
  'Nâng cao nhận thức của cha mẹ và trẻ em về an toàn khi ở gần ao, hồ, sông.',
  'II. KINH PHÍ',
  'Tổng kinh phí: 85 triệu đồng, lấy từ ngân sách xã và nguồn vận động xã hội hóa.',
  'III. TỔ CHỨC THỰC HIỆN',
  'Giao Văn phòng Ủy ban nhân dân xã theo dõi, tổng hợp kết quả.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('title-context', { 'tan-an-bac-nq-08-2025-hoc-bong.txt': BOARDING, 'song-lam-qd-15-2025-ban-tru.txt': FEES, 'phu-an-nq-21-2025-giao-vien.txt': PRIVATE_TEACHERS, 'an-thanh-dong-kh-33-2025-duoi-nuoc.txt': DROWNING }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 120_000);
afterAll(() => h?.dispose());

const ask = (q: string) => h.app.answerer.ask(q);

describe("a plan's title as the context of its clauses", () => {
  it('holds the words that name the plan asked about for each of its clauses', async () => {
    const a = await ask('Kế hoạch phòng chống đuối nước trẻ em của xã An Thạnh Đông dự kiến chi hết bao nhiêu tiền?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('85 triệu đồng');
  });

  it('answers from a line that names none of what the title does', async () => {
    for (const q of ['Học sinh dân tộc thiểu số ở trường nội trú được học bổng bao nhiêu mỗi tháng?', 'What monthly scholarship do ethnic minority boarding school students get in Tan An Bac?']) {
      const a = await ask(q);
      expect(a.outcome, q).toBe('answer');
      expect(a.citations[0].quote, q).toContain('1.200.000 đồng/học sinh/tháng');
    }
  });

  it('quotes the body, not the title line that restates the question', async () => {
    const a = await ask('Học sinh dân tộc nội trú ở Tân An Bắc được hỗ trợ những gì?');
    expect(a.outcome).toBe('answer');
    expect(a.citations.some((c) => c.quote.includes('1.200.000'))).toBe(true);
  });
});

describe('public and private schools', () => {
  it('gives the line for the kind of school asked', async () => {
    const priv = await ask('Trường tư thục thu tiền bán trú tối đa bao nhiêu một tháng?');
    expect(priv.citations[0].quote).toContain('450.000');
    const pub = await ask('How much do public schools in Song Lam charge per month for semi-boarding?');
    expect(pub.citations[0].quote).toContain('200.000');
  });

  it('does not answer for public schools from a plan whose title limits it to private ones', async () => {
    for (const q of ['Giáo viên mầm non trường công lập ở Phú An được hỗ trợ bao nhiêu mỗi tháng?', 'How much a month do public preschool teachers in Phu An receive?']) {
      const a = await ask(q);
      expect(a.abstained, q).toBe(true);
    }
    for (const q of ['Giáo viên mầm non tư thục ở Phú An được hỗ trợ bao nhiêu mỗi tháng?', 'How much a month do private preschool teachers in Phu An receive?']) {
      const a = await ask(q);
      expect(a.outcome, q).toBe('answer');
      expect(a.citations[0].quote, q).toContain('900.000 đồng/người/tháng');
    }
  });
});

describe('a rate in time', () => {
  it('is one unit however written', () => {
    for (const t of ['hằng tháng', 'hàng tháng', 'từng tháng', 'mỗi tháng', '900.000 đồng/người/tháng']) expect(lexicalUnits(t), t).toContain('moi_thang');
    // A year is not a rate of pay: "hằng năm" is how often a task recurs.
    expect(lexicalUnits('tổ chức hằng năm')).not.toContain('moi_nam');
  });
});

describe('how long a paper lasts', () => {
  it('asks minutes or hours, not the days of a time limit', async () => {
    const { understand } = await import('../src/answer/understand.js');
    for (const q of ['How long is the literature paper in the grade 10 entrance exam?', 'Thi môn Toán bao lâu?', 'Bài kiểm tra cuối kỳ làm bài trong bao lâu?']) expect(understand(q, []).durationUnit, q).toBe('phút|giờ');
    expect(understand('How long is the exam registration period?', []).durationUnit).toBeNull();
    expect(understand('Phúc khảo trong mấy ngày?', []).durationUnit).toBe('ngày');
  });

  it("is answered by the paper's length", async () => {
    const { makeIndexedHomeOf: make } = await import('./helpers/indexedHome.js');
    const exam = await make('exam-length', {
      'song-lam-kh-30-2025-tuyen-sinh-10.txt': [
        planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH SÔNG LAM', number: '30/KH-SGDĐT', place: 'Sông Lam', title: 'Tuyển sinh vào lớp 10 trung học phổ thông năm học 2025-2026' }),
        'I. BÀI THI',
        '1. Thí sinh dự thi 3 bài thi: Ngữ văn, Toán và Tiếng Anh.',
        '2. Thời gian làm bài: Ngữ văn 120 phút; Toán 90 phút; Tiếng Anh 60 phút.',
        'II. LỊCH THI VÀ PHÚC KHẢO',
        '1. Công bố kết quả thi trước ngày 25/6/2025; phúc khảo bài thi trong 05 ngày kể từ ngày công bố kết quả.',
      ].join('\n'),
    }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    try {
      const a = await exam.app.answerer.ask('How long is the literature paper in the Song Lam grade 10 entrance exam?');
      expect(a.citations[0]?.quote).toContain('Ngữ văn 120 phút');
    } finally {
      await exam.dispose();
    }
  });
});

describe('an amount in a table whose unit line names the currency', () => {
  it('is an amount of money ("Tổng cộng: 186.500 | ĐVT: triệu đồng")', async () => {
    const { makeIndexedHomeOf: make } = await import('./helpers/indexedHome.js');
    const plan = await make('money-unit-line', {
      'song-lam-kh-31-2025-truong-chuan.md': [
        planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN SÔNG LAM', number: '31/KH-UBND', place: 'Sông Lam', title: 'Kế hoạch xây dựng trường học đạt chuẩn quốc gia giai đoạn 2025 - 2027' }),
        'I. MỤC TIÊU',
        'Đến năm 2027 có 80% trường đạt chuẩn quốc gia.',
        'II. KINH PHÍ THỰC HIỆN',
        'ĐVT: triệu đồng',
        '| TT | Nguồn vốn | Năm 2025 | Năm 2026 | Tổng cộng |',
        '|---|---|---|---|---|',
        '| 1 | Ngân sách tỉnh | 28.000 | 33.000 | 61.000 |',
        '| 2 | Ngân sách huyện | 22.800 | 25.400 | 48.200 |',
        '| | Tổng cộng | 50.800 | 58.400 | 109.200 |',
      ].join('\n'),
    }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    try {
      const a = await plan.app.answerer.ask('Kế hoạch trường chuẩn của Sông Lam cần tổng cộng bao nhiêu tiền cho cả giai đoạn?');
      expect(a.outcome).toBe('answer');
      expect(a.citations[0].quote).toContain('109.200');
      // Led as an amount, in the unit the table's unit line gives.
      // Led as an amount, the row's total column in the unit its unit line gives.
      expect(a.answer.split('\n')[0]).toBe('Số tiền: 109.200 triệu đồng [1]');
      // Asked in other words ("the overall cost"), the total comes first.
      const b = await plan.app.answerer.ask('What is the overall cost of the Song Lam standard schools plan?');
      expect(b.outcome).toBe('answer');
      expect(b.citations[0].quote).toContain('Tổng cộng: 109.200');
    } finally {
      await plan.dispose();
    }
  });
});

describe('a line headed by its year', () => {
  it('gives that year’s figure, not the year asked', async () => {
    const { figuresForOtherYears } = await import('../src/answer/compose.js');
    expect(figuresForOtherYears('Năm 2025: công nhận mới ít nhất 05 trường đạt chuẩn quốc gia', 2026)).toBe(true);
    expect(figuresForOtherYears('Đến hết năm 2027, có 45/53 trường đạt chuẩn quốc gia', 2026)).toBe(true);
    expect(figuresForOtherYears('Năm 2026: công nhận mới 04 trường', 2026)).toBe(false);
    // A table row by year is read as before: the year asked among them answers.
    expect(figuresForOtherYears('Năm 2025: 72 | Năm 2026: 70 | ĐVT: %', 2026)).toBe(false);
    expect(figuresForOtherYears('Tỷ lệ huy động trẻ đạt 98%', 2026)).toBe(false);
  });
});
