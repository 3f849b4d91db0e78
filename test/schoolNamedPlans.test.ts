// A school's own plan is named by the school's name ("the Ly Tu Trong sports festival") as a
// district's is by its place: the question is answered from that school's plan, not from another
// plan that happens to share its words. And a line headed by another school year ("Năm học
// 2023-2024, … xếp loại Tốt 38,4%": last year's results in a letter for 2024-2025) does not give
// the figure asked for 2024-2025.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const SCHOOL = [
  planHeader({ issuer: 'UBND PHƯỜNG ĐÔNG HÀ\nTRƯỜNG THCS LÝ TỰ TRỌNG', number: '86/KH-THCSLTT', place: 'Đông Hà', kind: 'KẾ HOẠCH', title: 'Tổ chức Hội khỏe Phù Đổng cấp trường năm học 2026 - 2027' }),
  'I. KHEN THƯỞNG',
  '1. Nội dung cá nhân: Giải Nhất 100.000 đồng, Giải Nhì 70.000 đồng, Giải Ba 50.000 đồng.',
  '2. Nội dung tập thể: Giải Nhất 400.000 đồng, Giải Nhì 300.000 đồng, Giải Ba 200.000 đồng.',
].join('\n');
const DISTRICT = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VỌNG', number: '57/KH-UBND', place: 'Đồng Vọng', kind: 'KẾ HOẠCH', title: 'Hội thi an toàn thực phẩm trường học năm 2026' }),
  'I. GIẢI THƯỞNG',
  '1. Giải Nhất: 01 giải, mỗi giải 2.000.000 đồng; Giải Nhì: 02 giải, mỗi giải 1.500.000 đồng.',
].join('\n');
const LETTER = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH CỬU LONG', number: '1588/SGDĐT-TCCB', place: 'Cửu Long', kind: 'CÔNG VĂN', title: 'Hướng dẫn đánh giá giáo viên theo chuẩn nghề nghiệp năm học 2024-2025' }),
  '1. Sử dụng kết quả đánh giá',
  '- Năm học 2023-2024, toàn tỉnh có 14.326 giáo viên được đánh giá, trong đó xếp loại Tốt 38,4%, Khá 47,9%, Đạt 13,2%.',
  '- Các trường báo cáo kết quả đánh giá năm học 2024-2025 về Sở trước ngày 15/6/2025.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf(
    'school-named-plans',
    { 'dong-ha-kh-86-2026-hoi-khoe-phu-dong.txt': SCHOOL, 'dong-vong-kh-57-2026-hoi-thi.txt': DISTRICT, 'cuu-long-cv-1588-2025-danh-gia.txt': LETTER },
    { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' },
  );
}, 60_000);
afterAll(() => h?.dispose());

describe('a plan named by the school that issued it', () => {
  it('answers from that school’s plan only', async () => {
    const a = await h.app.answerer.ask('At the Ly Tu Trong school sports festival, how much do the first, second and third places in individual events get?');
    expect(a.outcome).toBe('answer');
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations.every((c) => c.docId === 'dong-ha-kh-86-2026-hoi-khoe-phu-dong')).toBe(true);
    expect(a.answer).toContain('100.000 đồng');
  });
});

describe('a line headed by another school year', () => {
  it('does not answer for the school year asked', async () => {
    const a = await h.app.answerer.ask('Tỷ lệ giáo viên Cửu Long xếp loại Tốt năm học 2024-2025 là bao nhiêu?');
    expect(a.answer).not.toContain('38,4%');
  });
  it('still answers for its own school year', async () => {
    const a = await h.app.answerer.ask('Tỷ lệ giáo viên Cửu Long xếp loại Tốt năm học 2023-2024 là bao nhiêu?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('38,4%');
  });
});
