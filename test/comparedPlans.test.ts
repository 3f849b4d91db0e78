// A comparison between the plans it names needs each of them: a plan that states nothing on the
// matter leaves the comparison unmade, said plainly, with what the other plan states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const header = (organ: string, place: string, no: string) => planHeader({ issuer: `UBND HUYỆN ${place.toUpperCase()}`, number: `${no}/KH-UBND`, place, title: organ });

const LUNCH = `${header('HỖ TRỢ TIỀN ĂN TRƯA CHO HỌC SINH NĂM 2025', 'Sơn Hà', '41')}
I. MỤC ĐÍCH
1. Bảo đảm học sinh vùng khó khăn được ăn trưa tại trường.
II. NỘI DUNG
1. Mức hỗ trợ tiền ăn trưa: 360.000 đồng/học sinh/tháng, tối đa 9 tháng/năm học.
2. Đối tượng: học sinh tiểu học ở các xã đặc biệt khó khăn.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với Phòng Tài chính - Kế hoạch hướng dẫn thực hiện.
`;
const BUILD = `${header('XÂY DỰNG PHÒNG HỌC NĂM 2025', 'Đông Lạc', '57')}
I. MỤC ĐÍCH
1. Xóa phòng học tạm, phòng học nhờ ở các trường tiểu học.
II. NỘI DUNG
1. Xây mới 24 phòng học tại 6 trường tiểu học, hoàn thành trước ngày 31/12/2025.
2. Tổng kinh phí: 18.500 triệu đồng từ ngân sách huyện.
3. Học sinh tiểu học các trường được xây mới được trang bị bàn ghế đúng quy cách.
III. TỔ CHỨC THỰC HIỆN
1. Ban Quản lý dự án đầu tư xây dựng huyện làm chủ đầu tư.
`;

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('compared', { 'son-ha-kh-41-2025-an-trua.txt': LUNCH, 'dong-lac-kh-57-2025-phong-hoc.txt': BUILD }, { PLANBOT_SEMANTIC: 'off' });
}, 120_000);
afterAll(() => h?.dispose());

describe('comparisons between named plans', () => {
  it('says which plan is silent instead of answering from the other alone', async () => {
    const a = await h.app.answerer.ask('So sánh mức hỗ trợ tiền ăn trưa cho học sinh của Sơn Hà với Đông Lạc?');
    expect(a.intent).toBe('comparison');
    expect(a.outcome).toBe('unsure');
    expect(a.abstained).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.answer).toMatch(/Đông Lạc[^\n]*: không nêu nội dung này/);
    expect(a.citations.every((c) => c.docId.startsWith('son-ha'))).toBe(true);
  });

  it('compares on the same thing, not on the level or the words both plans share', async () => {
    // Đông Lạc's plan names primary schools, but gives no lunch support: that is not a side of the comparison.
    const a = await h.app.answerer.ask('So sánh mức hỗ trợ tiền ăn trưa cho học sinh tiểu học của Sơn Hà với Đông Lạc?');
    expect(a.outcome).toBe('unsure');
    expect(a.answer).toMatch(/Đông Lạc[^\n]*: không nêu nội dung này/);
    expect(a.citations.every((c) => c.docId.startsWith('son-ha'))).toBe(true);
  });

  it('asks the same of each of two plans named side by side, as a comparison does', async () => {
    const a = await h.app.answerer.ask('Xây phòng học: Đông Lạc hoàn thành trước ngày nào, Sơn Hà hoàn thành trước ngày nào?');
    expect(a.outcome).toBe('unsure');
    expect(a.answer).toContain('31/12/2025');
    expect(a.answer).toMatch(/Sơn Hà[^\n]*: không nêu nội dung này/);
  });

  it('answers when each plan states it', async () => {
    const a = await h.app.answerer.ask('So sánh mục đích kế hoạch của Sơn Hà và Đông Lạc');
    expect(a.outcome).toBe('answer');
    expect(new Set(a.citations.map((c) => c.docId)).size).toBe(2);
  });
});
