// What an amount question measures, and words told apart by their marks: over a small plan of
// its own, indexed by the real indexer, a figure of something else is not an answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/app.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { understand } from '../src/answer/understand.js';
import { Vocabulary, writtenShareIn } from '../src/answer/vocabulary.js';

// "chất lượng" often, "lương" once and without a figure: a salary question has no answer here.
const PLAN = `UỶ BAN NHÂN DÂN HUYỆN AN PHÚ

Số: 15/KH-UBND

An Phú, ngày 20 tháng 8 năm 2024

KẾ HOẠCH

Thực hiện nhiệm vụ năm học 2024 - 2025

I. MỤC TIÊU

1. Nâng cao chất lượng đội ngũ: tỷ lệ giáo viên đạt chuẩn trình độ đào tạo 95%; nâng cao chất lượng giáo dục toàn diện.

2. Chất lượng giáo dục: tỷ lệ học sinh hoàn thành chương trình lớp học đạt 99%; chất lượng bữa ăn bán trú được bảo đảm.

3. Chế độ chính sách: chi trả lương đúng hạn cho giáo viên hợp đồng; nâng cao chất lượng công tác quản lý.

4. Cơ sở vật chất: mỗi trường tiểu học được cấp 20 máy tính trong năm 2024; nâng cao chất lượng phòng học.

II. TỔ CHỨC THỰC HIỆN

Phòng Giáo dục và Đào tạo huyện chủ trì triển khai kế hoạch này, báo cáo Ủy ban nhân dân huyện, phối hợp với Ban Chỉ đạo phổ cập giáo dục huyện, Hội Khuyến học huyện, Đoàn Thanh niên huyện, các trường mầm non, tiểu học và trung học cơ sở trên địa bàn, tổng hợp kết quả thực hiện các chỉ tiêu, đánh giá những khó khăn, vướng mắc, đề xuất giải pháp khắc phục, hoàn thành trước ngày 25/5/2025.

Căn cứ Công văn số 4010/BGDĐT-GDTrH ngày 25/7/2024 của Bộ Giáo dục và Đào tạo, Phòng Giáo dục và Đào tạo huyện xây dựng kế hoạch tuyển sinh năm 2024.

Sở Giáo dục và Đào tạo tổ chức ngày hội tuyển sinh vào 27 tháng 7 và ngày hội đọc sách trong tháng 12 năm 2024.
`;

let home: IndexedHome;
let app: AppContext;

beforeAll(async () => {
  home = await makeIndexedHomeOf('measured', { 'an-phu-2024-2025.txt': PLAN });
  app = home.app;
});

afterAll(async () => {
  await home?.dispose();
});

describe('what an amount question measures', () => {
  it('is the word after "bao nhiêu", or the first topic word before it, never a figure word, unit or name', () => {
    const m = (q: string) => understand(q, []).measured;
    expect(m('Lương giáo viên mầm non ở Thanh Xuân năm 2021 là bao nhiêu?')).toBe('lương');
    expect(m('Mỗi trường được cấp bao nhiêu máy tính?')).toBe('máy');
    expect(m('Mức thưởng cho giáo viên dạy giỏi là bao nhiêu tiền?')).toBe('thưởng');
    expect(m('nha nuoc ho tro bao nhieu tien?')).toBe('nha');
    expect(m('Kinh phí là bao nhiêu triệu đồng?')).toBe('kinh');
    // Not an amount question, or one that names only the kind of figure and a place.
    expect(m('Ai chịu trách nhiệm an ninh trường học?')).toBeNull();
    expect(m('Chỉ tiêu của Mường Tè là bao nhiêu?')).toBeNull();
    expect(understand('How many teachers are short?', []).measured).toBeNull();
  });
});

describe('words told apart by their marks', () => {
  it('counts the share of a folded form the plans write as the word is', () => {
    const v = Vocabulary.fromTexts(['chất lượng giáo dục', 'số lượng học sinh', 'trả lương cho giáo viên', 'chất lượng']);
    expect(v.writtenShare('lương')).toBeCloseTo(1 / 4);
    expect(v.writtenShare('lượng')).toBeCloseTo(3 / 4);
    expect(v.writtenShare('giáo')).toBe(1);
    // Written without marks, a word is every spelling of itself.
    expect(v.writtenShare('luong')).toBe(1);
    const w = Vocabulary.fromTexts(['lương cơ sở']);
    expect(writtenShareIn([v, w], 'lương')).toBeCloseTo(2 / 5);
  });
});

describe('a figure of something else is not the answer', () => {
  it('does not answer a salary question with a teachers\' rate, though "chất lượng" folds to it', async () => {
    const a = await app.answerer.ask('Lương giáo viên ở An Phú là bao nhiêu?');
    expect(a.abstained).toBe(true);
    expect(a.answer).not.toMatch(/Chỉ tiêu: 95%/);
  });

  it('still answers the figures the plan gives', async () => {
    const rate = await app.answerer.ask('Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo ở An Phú là bao nhiêu?');
    expect(rate.abstained).toBe(false);
    expect(rate.citations[0].quote).toContain('95%');
    const computers = await app.answerer.ask('Mỗi trường tiểu học ở An Phú được cấp bao nhiêu máy tính?');
    expect(computers.abstained).toBe(false);
    expect(computers.citations[0].quote).toContain('20 máy tính');
  });

  it('reads a day and month ("27 tháng 7") and a month ("tháng 12") as dates, not as figures', async () => {
    const a = await app.answerer.ask('Sở Giáo dục và Đào tạo An Phú được cấp bao nhiêu tiền cho ngày hội tháng 12?');
    expect(a.abstained).toBe(true);
  });

  it('does not take the date of a document cited ("Công văn số 4010/BGDĐT-GDTrH ngày 25/7/2024") for a day the plan sets', async () => {
    const a = await app.answerer.ask('Phòng Giáo dục và Đào tạo An Phú phải xây dựng kế hoạch tuyển sinh trước ngày nào?');
    // The lead block (before the quotes) gives the plan's own days and years, never the letter's date.
    // (With one citation the quote follows the lead in the same block, after "Theo …".)
    const leads = a.answer.split(/\n\n/)[0].split(/\n(?=Theo )/)[0];
    expect(leads).toMatch(/Thời hạn/);
    expect(leads).not.toContain('25/7/2024');
  });

  it('quotes the part of a long sentence that holds the day asked for, and leads with it', async () => {
    const a = await app.answerer.ask('By what date must the An Phu education office report to the district People\'s Committee?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('25/5/2025');
    expect(a.answer).toContain('25 May 2025');
  });

  it('reads a report date written "ngày 25/5/2025" as a date, not as figures', async () => {
    const a = await app.answerer.ask('Phòng Giáo dục và Đào tạo An Phú báo cáo bao nhiêu lần?');
    // The only sentence about the report states a day and no count: not an answer.
    expect(a.abstained).toBe(true);
  });
});
