// The kind of document a signer or document question names ("who signed the decision of …") must
// be one of the plans asked about: a place whose only plan is a Sở's letter has no decision to
// name a signer for. A plan issued as a decision ("3679/QĐ-UBND") has that decision with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const LETTER = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH THÁI HÒA', number: '2150/SGDĐT-CTTT', place: 'Thái Hòa', kind: 'CÔNG VĂN', title: 'V/v hướng dẫn công tác y tế trường học năm học 2025 - 2026' }),
  '1. Các trường tổ chức khám sức khỏe cho học sinh trước ngày 30/10/2025.',
].join('\n');
const PLAN = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN TỈNH LONG HÀ', number: '3679/QĐ-UBND', place: 'Long Hà', kind: 'KẾ HOẠCH', title: 'Triển khai nhiệm vụ năm học 2025 - 2026 của ngành Giáo dục' }),
  '1. Huy động 99% trẻ 5 tuổi ra lớp.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('kind-named', { 'thai-hoa-cv-2150-2025-y-te.txt': LETTER, 'long-ha-qd-3679-2025-nhiem-vu.txt': PLAN }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a kind of document named', () => {
  it('that none of the plans asked about is, has no signer to give', async () => {
    const a = await h.app.answerer.ask("Who signed the decision of Thai Hoa provincial People's Committee on tuition fees?");
    expect(a.abstained).toBe(true);
    expect(a.answer).toContain('a decision');
    const b = await h.app.answerer.ask('Ai ký quyết định về học phí của tỉnh Thái Hòa?');
    expect(b.abstained).toBe(true);
    expect(b.answer).toContain('quyết định');
  });

  it('is found in a plan issued as that kind', async () => {
    const a = await h.app.answerer.ask('Quyết định ban hành kế hoạch năm học của Long Hà số mấy?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('3679/QĐ-UBND');
  });
});
