// A heading that names an agency and defines its short name ("2. Phòng Giáo dục và Đào tạo (sau
// đây viết tắt là Phòng GDĐT)") gives the duties below to the agency, named without the definition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN ĐỒNG SƠN', number: '58/KH-UBND', place: 'Đồng Sơn', kind: 'KẾ HOẠCH', title: 'Bảo đảm an toàn thực phẩm tại bếp ăn tập thể trường học năm 2025' }),
  'I. TỔ CHỨC THỰC HIỆN',
  '1. Phòng Y tế',
  '- Chủ trì kiểm tra bếp ăn các trường mầm non.',
  '2. Phòng Giáo dục và Đào tạo (sau đây viết tắt là Phòng GDĐT)',
  '- Rà soát, đề xuất danh mục cải tạo bếp một chiều, gửi Phòng Tài chính - Kế hoạch trước ngày 30/6/2025.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('agency-short-name', { 'dong-son-kh-58-2025-attp.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('an agency heading that defines its short name', () => {
  it('names the agency without the definition', async () => {
    const a = await h.app.answerer.ask('Ai rà soát, đề xuất danh mục cải tạo bếp một chiều ở Đồng Sơn?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toMatch(/Phòng Giáo dục và Đào tạo/);
    expect(a.answer.split('\n')[0]).not.toMatch(/viết tắt/);
  });
  it('reads an English question of upgrading kitchens to the one-way layout', async () => {
    const a = await h.app.answerer.ask('Who must propose the list of kitchens to be upgraded to the one-way layout in Dong Son, and by when?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('30/6/2025');
  });
});
