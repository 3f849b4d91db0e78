// Paraphrase and the thing asked, over two small plans of their own indexed by the real indexer:
// words the question writes side by side and the plan a few syllables apart, a share asked for
// where the plan also gives counts, a source of money that is not a place, a kind of document
// the question names, and the signing date of a decision asked in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/app.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';
import { understand, type DocInfo } from '../src/answer/understand.js';
import { coverage, textUnits, unitsWithNearPairs, unitWeights } from '../src/answer/evidence.js';

const DECISION = `ỦY BAN NHÂN DÂN HUYỆN CƯ KUIN

Số: 904/QĐ-UBND

Cư Kuin, ngày 03 tháng 6 năm 2025

QUYẾT ĐỊNH

Về việc ban hành Kế hoạch phát triển trường học giai đoạn 2025-2028

Điều 1. Ban hành Kế hoạch phát triển trường học giai đoạn 2025-2028 của huyện Cư Kuin.

Điều 2. Mục tiêu

1. Mục tiêu chung: đến năm 2028 có 80% số trường trên địa bàn huyện đạt chuẩn quốc gia.

2. Tiểu học: đến năm 2028 có 18 trường đạt chuẩn quốc gia.

3. Kinh phí thực hiện lấy từ nguồn ngân sách huyện và nguồn xã hội hóa.

4. Hội thảo chuyên đề tổ chức tại Nhà văn hóa huyện.

5. Xây dựng 12 phòng học mới cho các trường tiểu học, trong đó 4 phòng tại xã Ea Tiêu.

Điều 3. Phòng Giáo dục và Đào tạo chịu trách nhiệm thi hành Quyết định này.

CHỦ TỊCH
Phan Văn Long
`;

const LETTER = `SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK

Số: 1201/SGDĐT-KHTC

Đắk Lắk, ngày 10 tháng 6 năm 2025

CÔNG VĂN

V/v phân bổ kinh phí trường học năm 2025

1. Phòng Kế hoạch - Tài chính chủ trì phân bổ kinh phí cho các trường học.

2. Các trường hoàn thành báo cáo quyết toán trước ngày 30/11/2025.
`;

let home: IndexedHome;
let app: AppContext;

beforeAll(async () => {
  home = await makeIndexedHomeOf('paraphrase', { 'cu-kuin-qd-904-2025.txt': DECISION, 'dak-lak-cv-1201-2025.txt': LETTER }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  app = home.app;
}, 60_000);

afterAll(async () => home?.dispose());

describe('words the question writes side by side', () => {
  it('count, for less, where the plan writes them a few syllables apart, and only in choosing the answering sentence', () => {
    const u = understand('bao nhiêu trường đạt chuẩn?', []);
    const w = unitWeights(u.keyTerms, new Map(), 10);
    const adjacent = 'có 80 trường đạt chuẩn';
    const apart = 'có 80 trường trên địa bàn đạt chuẩn';
    const farApart = 'có 80 trường trên địa bàn của toàn huyện đều đạt chuẩn';
    expect(coverage(unitsWithNearPairs(apart), w, true)).toBeGreaterThan(coverage(textUnits(apart), w));
    expect(coverage(unitsWithNearPairs(apart), w, true)).toBeLessThan(coverage(unitsWithNearPairs(adjacent), w, true));
    // Too far apart, or not asked for: no credit.
    expect(coverage(unitsWithNearPairs(farApart), w, true)).toBeCloseTo(coverage(textUnits(farApart), w));
    expect(coverage(unitsWithNearPairs(apart), w)).toBeCloseTo(coverage(textUnits(apart), w));
  });
});

describe('two words side by side', () => {
  it('do not make a phrase across their boundary: "báo cáo | giáo dục" asks no "cáo giáo"', () => {
    const u = understand('hạn báo cáo kế hoạch giáo dục của đơn vị', []);
    expect(u.keyUnits).toContain('cao_giao');
    // The plans write "báo cáo" and "giáo dục" often and "cáo giáo" never: the pair is a boundary.
    const df = new Map([['bao_cao', 40], ['giao_duc', 120], ['cao_giao', 0], ['don_vi', 30], ['bao', 45], ['cao', 50], ['giao', 130], ['duc', 125], ['don', 31], ['vi', 60]]);
    const w = unitWeights(u.keyTerms, df, 200);
    expect(w.terms.flatMap((t) => t.alternatives.flatMap((a) => a.units))).not.toContain('cao_giao');
    // A passage with both words, apart, then holds all the question asks.
    expect(coverage(unitsWithNearPairs('Các đơn vị báo cáo kết quả về Sở Giáo dục và Đào tạo'), w, true)).toBeGreaterThan(0.9);
    // In a few plans the counts are small: a pair no plan writes between two written twice is a boundary too.
    const few = unitWeights(u.keyTerms, new Map([...df, ['bao_cao', 2], ['giao_duc', 3]]), 20);
    expect(few.terms.flatMap((t) => t.alternatives.flatMap((a) => a.units))).not.toContain('cao_giao');
    // A pair the plans write about as often as its neighbours is a phrase, and stays.
    const phrase = unitWeights(u.keyTerms, new Map([...df, ['cao_giao', 20]]), 200);
    expect(phrase.terms.flatMap((t) => t.alternatives.flatMap((a) => a.units))).toContain('cao_giao');
  });

  it('keep every pair of a glossary term, which must be met whole', () => {
    const u = understand('who is responsible for school security?', []);
    const df = new Map([['an_ninh', 30], ['ninh_truong', 0], ['truong_hoc', 90]]);
    const crisp = unitWeights(u.keyTerms, df, 200).terms.filter((t) => t.crisp);
    expect(crisp.flatMap((t) => t.alternatives.flatMap((a) => a.units))).toContain('ninh_truong');
  });
});

describe('words that ask nothing', () => {
  it('a year named from today ("năm ngoái", "last year") and a modal or a conjunction written with marks are not topic words', () => {
    const units = understand('Số trẻ tử vong vì đuối nước phải giảm bao nhiêu so với năm ngoái?', []).keyUnits;
    for (const x of ['ngoai', 'phai', 'vi', 'vong_vi', 'nuoc_phai']) expect(units).not.toContain(x);
    for (const x of ['tu_vong', 'duoi_nuoc', 'giam']) expect(units).toContain(x);
    // Unmarked, "vi" is of "vi phạm", and "ngoài" (outside) is a topic word.
    expect(understand('Xử lý vi phạm ở trường ngoài công lập thế nào?', []).keyUnits).toEqual(expect.arrayContaining(['vi_pham', 'ngoai', 'ngoai_cong']));
  });
});

describe('the thing asked', () => {
  it('a share ("bao nhiêu phần trăm") is answered by the clause with a percentage, not by a count', async () => {
    const a = await app.answerer.ask('Đến năm 2028 huyện Cư Kuin phấn đấu bao nhiêu phần trăm trường đạt chuẩn quốc gia?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].clauseId).toBe('cu-kuin-qd-904-2025#dieu-2.1');
    expect(a.answer).toContain('80%');
  });

  it('where money comes from asks for its source, not a place', async () => {
    expect(understand('Where does the money for the plan come from?', []).wantsPlace).toBe(false);
    expect(understand('Kinh phí lấy từ đâu?', []).wantsPlace).toBe(false);
    expect(understand('Hội thảo tổ chức ở đâu?', []).wantsPlace).toBe(true);
    const a = await app.answerer.ask('Where does the money for the Cu Kuin school plan come from?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].clauseId).toBe('cu-kuin-qd-904-2025#dieu-2.3');
  });

  it('where a file is sent asks for its destination, which plans do not give under "Địa điểm"', () => {
    const slot = (q: string) => understand(q, []).keyTerms.some((t) => t.alternatives.some((a) => a.includes('dia_diem')));
    expect(slot('Hội thảo tổ chức ở đâu?')).toBe(true);
    expect(slot('Where is the contest held?')).toBe(true);
    expect(slot('Bản giấy báo cáo gửi về đâu?')).toBe(false);
    expect(slot('Where must the signed paper copy be sent?')).toBe(false);
    // The place focus stays: a destination must be named.
    expect(understand('Nộp hồ sơ ở đâu?', []).wantsPlace).toBe(true);
  });

  it('a kind of document the question names is where to look first, unless every plan is of that kind', () => {
    const docs: DocInfo[] = [
      { docId: 'a', place: null, schoolYear: null, yearStart: null, yearEnd: null, kind: 'Quyết định' },
      { docId: 'b', place: null, schoolYear: null, yearStart: null, yearEnd: null, kind: 'Công văn' },
    ];
    expect(understand('Who funds schools under the official letter?', docs).preferDocIds).toEqual(['b']);
    expect(understand('Theo quyết định số 904, ai thi hành?', docs).preferDocIds).toEqual(['a']);
    // "quyết định" as the verb "decide" names no document.
    expect(understand('Ai quyết định phân bổ kinh phí?', docs).preferDocIds).toEqual([]);
    expect(understand('Who funds schools under the decision?', [docs[0]]).preferDocIds).toEqual([]);
  });

  it('the letter, named by its kind, answers who allocates the funds', async () => {
    const a = await app.answerer.ask('Who allocates school funding under the official letter?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].clauseId).toBe('dak-lak-cv-1201-2025#1');
  });

  it('"when was Decision N issued" asks for the decision\'s signing date', async () => {
    expect(understand('When was Decision 904 issued?', []).intent).toBe('document');
    expect(understand('When was the Cư Kuin decision on school development signed?', []).intent).toBe('document');
    const a = await app.answerer.ask('When was Decision 904 issued?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toMatch(/3 June 2025|03\/06\/2025|3\/6\/2025|ngày 03 tháng 6 năm 2025/);
  });

  it('a commune the question names must be named by the clause that answers', async () => {
    expect(understand('How many new classrooms will be built in Ea Tieu commune?', []).subPlaces).toEqual(['Ea Tieu']);
    expect(understand('Xã Ea Ning được xây bao nhiêu phòng học?', []).subPlaces).toEqual(['Ea Ning']);
    // The plan gives a count for Ea Tiêu and none for Ea Ning.
    const other = await app.answerer.ask('Xã Ea Ning được xây bao nhiêu phòng học mới?');
    expect(other.abstained).toBe(true);
    const named = await app.answerer.ask('Xã Ea Tiêu được xây bao nhiêu phòng học mới?');
    expect(named.outcome).toBe('answer');
    expect(named.citations[0].clauseId).toBe('cu-kuin-qd-904-2025#dieu-2.5');
    // Without a commune, the district's count answers.
    const district = await app.answerer.ask('Huyện Cư Kuin xây bao nhiêu phòng học mới?');
    expect(district.outcome).toBe('answer');
    expect(district.answer).toContain('12 phòng học');
  });
});

describe('an amount of money asked for', () => {
  const POLICY = `HỘI ĐỒNG NHÂN DÂN TỈNH BÌNH PHƯỚC

Số: 05/2025/NQ-HĐND

Bình Phước, ngày 10 tháng 7 năm 2025

NGHỊ QUYẾT

Quy định chính sách hỗ trợ học sinh bán trú

Điều 1. Đối tượng

Trường có từ 40% học sinh trở lên là người dân tộc thiểu số được ưu tiên xét hỗ trợ.

Điều 2. Mức hỗ trợ

1. Học sinh bán trú được hỗ trợ 15 (Mười lăm) kg gạo và 360.000 đồng/học sinh/tháng.

2. Trường được hỗ trợ một lần 50 triệu đồng để mua sắm dụng cụ nhà bếp.
`;
  let policy: IndexedHome;
  beforeAll(async () => {
    policy = await makeIndexedHomeOf('money', { 'binh-phuoc-nq-05-2025.txt': POLICY }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(async () => policy?.dispose());

  it('is told from a count or a share asked for', () => {
    expect(understand('Học sinh bán trú được hỗ trợ mỗi tháng bao nhiêu?', []).wantsMoney).toBe(true);
    expect(understand('How much do boarding pupils get per month?', []).wantsMoney).toBe(true);
    // The verbs of giving money: a percentage target is no answer to them.
    expect(understand('How much does the reading plan give each preschool to buy books?', []).wantsMoney).toBe(true);
    expect(understand('How much will the province provide for each new classroom?', []).wantsMoney).toBe(true);
    expect(understand('How much of the budget is set aside for teacher training?', []).wantsMoney).toBe(false);
    expect(understand('Mức hỗ trợ mua sắm dụng cụ là bao nhiêu?', []).wantsMoney).toBe(true);
    expect(understand('Hỗ trợ bao nhiêu trường?', []).wantsMoney).toBe(false);
    expect(understand('Mỗi trường được cấp bao nhiêu máy tính?', []).wantsMoney).toBe(false);
    expect(understand('Mỗi hộ được hỗ trợ bao nhiêu một tháng?', []).wantsMoney).toBe(true);
    expect(understand('Bao nhiêu phần trăm học sinh là người dân tộc thiểu số?', []).wantsMoney).toBe(false);
  });

  it('is answered by a sentence that states an amount, not by a share of pupils', async () => {
    const a = await policy.app.answerer.ask('How much support does a school get under the Binh Phuoc resolution?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('50 triệu đồng');
    expect(a.answer).not.toContain('40%');
    const month = await policy.app.answerer.ask('Học sinh bán trú được hỗ trợ mỗi tháng bao nhiêu tiền?');
    expect(month.answer).toContain('360.000 đồng/học sinh/tháng');
  });
});

describe('a year asked of a table of targets by year', () => {
  const PLAN = `SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH HÀ GIANG

Số: 77/KH-SGDĐT

Hà Giang, ngày 02 tháng 4 năm 2025

KẾ HOẠCH

Phổ cập bơi cho học sinh giai đoạn 2025-2030

I. MỤC TIÊU

1. Chỉ tiêu theo từng năm như sau:

ĐVT: %

| TT | Chỉ tiêu | Năm 2025 | Năm 2027 | Năm 2030 |
|---|---|---|---|---|
| 1 | Học sinh tiểu học biết bơi an toàn | 40 | 55 | 70 |
| 2 | Trường có bể bơi hoặc điểm dạy bơi | 20 | 35 | 50 |
`;
  let table: IndexedHome;
  beforeAll(async () => {
    table = await makeIndexedHomeOf('years', { 'ha-giang-kh-77-2025.md': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(async () => table?.dispose());

  it('leads with the column of the year asked', async () => {
    const a = await table.app.answerer.ask('Năm 2027 tỷ lệ học sinh tiểu học biết bơi an toàn ở Hà Giang là bao nhiêu?');
    expect(a.outcome).toBe('answer');
    const lead = a.answer.split('\n')[0];
    expect(lead).toContain('55');
    expect(lead).not.toContain('Năm 2025');
  });

  it('does not answer a year the table has no column for', async () => {
    const a = await table.app.answerer.ask('Năm 2026 tỷ lệ học sinh tiểu học biết bơi an toàn ở Hà Giang là bao nhiêu?');
    expect(a.abstained).toBe(true);
  });
});

describe('a year the plan asked about does not cover', () => {
  const PLAN = [
    planHeader({ issuer: 'ỦY BAN NHÂN DÂN XÃ TÂN THUẬN NAM', number: '45/KH-UBND', place: 'Tân Thuận Nam', date: 'ngày 10 tháng 02 năm 2026', kind: 'KẾ HOẠCH', title: 'Phòng, chống đuối nước trẻ em năm 2026' }),
    'I. TÌNH HÌNH',
    'Năm 2025, tỷ lệ trẻ em từ 6 đến dưới 16 tuổi biết bơi an toàn đạt 48%.',
    'Năm học 2025 - 2026, toàn xã có 1.250 học sinh tiểu học.',
    'II. CHỈ TIÊU',
    '1. Nâng tỷ lệ trẻ em từ 6 đến dưới 16 tuổi biết bơi an toàn lên 60%.',
    '2. Tổ chức ít nhất 02 lớp dạy bơi miễn phí trong dịp hè.',
  ].join('\n');
  let plan: IndexedHome;
  beforeAll(async () => {
    plan = await makeIndexedHomeOf('uncovered-year', { 'tan-thuan-nam-kh-45-2026-duoi-nuoc.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(async () => plan?.dispose());

  it('nor a school year it does not cover: only a line naming that school year answers for it', async () => {
    const { makeIndexedHomeOf: make } = await import('./helpers/indexedHome.js');
    const cal = await make('uncovered-school-year', {
      'sa-lam-qd-14-2026-khung-thoi-gian.txt': [
        planHeader({ issuer: 'ỦY BAN NHÂN DÂN TỈNH SA LAM', number: '14/QĐ-UBND', place: 'Sa Lam', kind: 'QUYẾT ĐỊNH', title: 'Ban hành khung kế hoạch thời gian năm học 2026 - 2027' }),
        'Điều 1. Ngày khai giảng năm học thống nhất trong toàn tỉnh là ngày 5 tháng 9 năm 2026.',
        'Điều 2. Tuyển sinh vào lớp 10 năm học 2027 - 2028: thi ngày 03 và 04/6/2027.',
      ].join('\n'),
    }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    try {
      const a = await cal.app.answerer.ask('Năm học 2027-2028 khai giảng ngày nào ở Sa Lam?');
      expect(a.abstained).toBe(true);
      expect(a.answer).not.toMatch(/^Thời hạn/);
      const b = await cal.app.answerer.ask('Thi tuyển sinh lớp 10 năm học 2027-2028 ở Sa Lam ngày nào?');
      expect(b.outcome).toBe('answer');
      expect(b.answer).toContain('04/6/2027');
    } finally {
      await cal.dispose();
    }
  });

  it('is answered only by a line that names it, not by the plan’s own target', async () => {
    const a = await plan.app.answerer.ask('Năm 2025 tỷ lệ trẻ em ở xã Tân Thuận Nam biết bơi là bao nhiêu?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('48%');
    expect(a.answer).not.toContain('60%');
    // One end of a school year ("năm học 2025 - 2026") does not name the year 2025.
    const b = await plan.app.answerer.ask('Năm 2025 xã Tân Thuận Nam có bao nhiêu học sinh tiểu học?');
    expect(b.answer).not.toContain('1.250');
  });
});
