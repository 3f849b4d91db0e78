// The tier of government a budget or a committee is of: a line naming another tier for it
// ("Ngân sách cấp huyện: 452 tỷ đồng") does not say what the tier asked gives ("ngân sách cấp xã"),
// and the line for the tier asked still answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN TỈNH NAM HÀ', number: '685/QĐ-UBND', place: 'Nam Hà', kind: 'QUYẾT ĐỊNH', title: 'Phê duyệt Kế hoạch sắp xếp mạng lưới trường, lớp học giai đoạn 2025 - 2030' }),
  'IV. KINH PHÍ THỰC HIỆN',
  'Tổng kinh phí dự kiến: 1.862 tỷ đồng, gồm:',
  '- Ngân sách tỉnh: 820 tỷ đồng;',
  '- Ngân sách cấp huyện: 452 tỷ đồng;',
  '- Nguồn xã hội hóa: 175 tỷ đồng.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('government-tier', { 'nam-ha-qd-685-2025-mang-luoi.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a budget of another tier of government', () => {
  it('does not answer for the tier asked', async () => {
    const a = await h.app.answerer.ask('Ngân sách cấp xã góp bao nhiêu tỷ cho kế hoạch sắp xếp trường lớp của tỉnh Nam Hà?');
    expect(a.answer).not.toMatch(/^(?:Số tiền|Chỉ tiêu): 452/);
    expect(a.outcome).not.toBe('answer');
  });
  it('leaves the tier asked answered', async () => {
    const a = await h.app.answerer.ask('How much does the district budget contribute to the Nam Ha school network plan?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('452 tỷ đồng');
  });
});
