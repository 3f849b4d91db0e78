// An article asked by number in a decision that carries a QUY ĐỊNH whose articles are numbered
// again: the decision's own article, unless the question names the attached text.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';

const DECISION = `ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG

Số: 31/2025/QĐ-UBND

Đắk Nông, ngày 04 tháng 7 năm 2025

QUYẾT ĐỊNH

Ban hành Quy định hỗ trợ giáo viên mầm non

Điều 1. Ban hành kèm theo Quyết định này Quy định hỗ trợ giáo viên mầm non.

Điều 2. Quyết định này có hiệu lực từ ngày 15 tháng 7 năm 2025.

Điều 3. Giám đốc Sở Giáo dục và Đào tạo chịu trách nhiệm thi hành Quyết định này.

CHỦ TỊCH
Hồ Văn Mười

QUY ĐỊNH

Hỗ trợ giáo viên mầm non

Điều 1. Phạm vi điều chỉnh

Quy định này quy định mức hỗ trợ giáo viên mầm non hợp đồng.

Điều 2. Đối tượng

Giáo viên mầm non hợp đồng tại các trường công lập.

Điều 3. Mức hỗ trợ

Mỗi giáo viên được hỗ trợ 1.500.000 đồng/tháng.
`;

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('attached', { 'dak-nong-qd-31-2025.txt': DECISION }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(async () => h?.dispose());

it('opens the decision\'s article, or the attached regulation\'s when the question names it', async () => {
  const ask = async (q: string) => (await h.app.answerer.ask(q)).citations[0]?.clauseId;
  expect(await ask('Điều 3 quy định gì?')).toBe('dak-nong-qd-31-2025#dieu-3');
  expect(await ask('What does Article 3 say?')).toBe('dak-nong-qd-31-2025#dieu-3');
  expect(await ask('Điều 3 của Quy định nói gì?')).toBe('dak-nong-qd-31-2025#quy-dinh.dieu-3');
  expect(await ask('What does Article 3 of the regulation say?')).toBe('dak-nong-qd-31-2025#quy-dinh.dieu-3');
});
