// The document a plan follows ("thực hiện theo kế hoạch nào của tỉnh?", "which decision does it
// implement?") is answered from the opening lines that cite it by number, of the kind asked;
// "on whose proposal" from the line that says who proposed it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { understand } from '../src/answer/understand.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = `${planHeader({ issuer: 'UBND HUYỆN NAM SƠN', number: '62/KH-UBND', place: 'Nam Sơn', title: 'Phổ cập giáo dục, xóa mù chữ trên địa bàn huyện giai đoạn 2025-2030' })}
Thực hiện Nghị định số 20/2014/NĐ-CP ngày 24/3/2014 của Chính phủ về phổ cập giáo dục, xóa mù chữ; Kế hoạch số 118/KH-UBND ngày 20/01/2025 của UBND tỉnh Đông Sơn về phổ cập giáo dục, xóa mù chữ giai đoạn 2025-2030; theo đề nghị của Trưởng phòng Giáo dục và Đào tạo, UBND huyện ban hành Kế hoạch như sau:

I. MỤC TIÊU
1. Duy trì đạt chuẩn phổ cập giáo dục tiểu học mức độ 3 ở 100% xã, thị trấn.
II. KINH PHÍ
1. Ngân sách tỉnh hỗ trợ 300 triệu đồng; ngân sách huyện bố trí 900 triệu đồng; ngân sách xã 540 triệu đồng cho phổ cập giáo dục, xóa mù chữ.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Giáo dục và Đào tạo là cơ quan thường trực, tham mưu UBND huyện thực hiện Kế hoạch phổ cập giáo dục, xóa mù chữ của tỉnh trên địa bàn huyện.
`;

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('basis', { 'nam-son-kh-62-2025-pho-cap.txt': PLAN }, { PLANBOT_SEMANTIC: 'off' });
}, 120_000);
afterAll(() => h?.dispose());

describe('the document a plan follows', () => {
  it('is told from the question, with the kind it names', () => {
    const vi = understand('Kế hoạch phổ cập của huyện thực hiện theo kế hoạch nào của tỉnh?', []);
    expect(vi.wantsBasis).toBe(true);
    expect(vi.basisKind).toBe('ke hoach');
    const en = understand('Which decision does the Nam Son plan implement?', []);
    expect(en.wantsBasis).toBe(true);
    expect(en.basisKind).toBe('quyet dinh');
    expect(understand('Căn cứ vào văn bản nào?', []).basisKind).toBeNull();
    expect(understand('Ai thực hiện kế hoạch?', []).wantsBasis).toBe(false);
    expect(understand("On whose proposal was the plan issued?", []).wantsProposer).toBe(true);
  });

  it('is the plan of the kind asked that the opening lines cite', async () => {
    const a = await h.app.answerer.ask('Kế hoạch phổ cập giáo dục, xóa mù chữ của huyện Nam Sơn thực hiện theo kế hoạch nào của tỉnh?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].clauseId).toBe('nam-son-kh-62-2025-pho-cap#preamble');
    expect(a.citations[0].quote).toContain('118/KH-UBND');
  });

  it('says who proposed it from the line that does', async () => {
    const a = await h.app.answerer.ask('Kế hoạch phổ cập của huyện Nam Sơn ban hành theo đề nghị của ai?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('Trưởng phòng Giáo dục và Đào tạo');
  });
});
