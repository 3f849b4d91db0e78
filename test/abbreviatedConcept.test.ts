// A concept the question names in full ("food safety certificate": "giấy chứng nhận đủ điều kiện
// an toàn thực phẩm") is written by a line that abbreviates part of it as the plan defines
// ("… đủ điều kiện ATTP"), with a word between ("Giấy chứng nhận cơ sở đủ điều kiện"): the plan
// writes it, it is no concept "no plan mentions". Boarding pupils of primary schools are "bán trú".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN ĐỒNG SƠN', number: '57/KH-UBND', place: 'Đồng Sơn', kind: 'KẾ HOẠCH', title: 'Bảo đảm an toàn thực phẩm tại bếp ăn tập thể trường học giai đoạn 2025 - 2027' }),
  'I. MỤC ĐÍCH',
  '1. Nâng cao trách nhiệm của nhà trường trong việc bảo đảm an toàn thực phẩm (sau đây viết tắt là ATTP) tại các trường có tổ chức bán trú.',
  'II. CHỈ TIÊU',
  '1. Tỷ lệ bếp ăn có Giấy chứng nhận cơ sở đủ điều kiện ATTP hoặc bản cam kết theo quy định đạt 95%.',
  '2. Tỷ lệ người chế biến được tập huấn kiến thức ATTP đạt 100%.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('abbreviated-concept', { 'dong-son-kh-57-2025-attp.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a concept a line writes in part abbreviated', () => {
  it('answers the English question that names it in full', async () => {
    const a = await h.app.answerer.ask('What percentage of boarding-school kitchens in Dong Son must have the food safety certificate?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('95%');
  });
});
