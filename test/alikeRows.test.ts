// Two table rows whose cells are alike but for their first (the school each is about) are two
// lines of the answer, not one quoted twice; a kind of thing the question sets aside ("instead of
// an entrance exam") is not asked of the evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { understand } from '../src/answer/understand.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const GUIDANCE = `${planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH NAM ĐÀI', number: '540/HD-SGDĐT', place: 'Nam Đài', date: 'ngày 02 tháng 4 năm 2025', kind: 'HƯỚNG DẪN', title: 'Tuyển sinh vào lớp 10 năm học 2025-2026' })}
I. PHƯƠNG THỨC TUYỂN SINH
1. Thi tuyển đối với các trường THPT công lập trên địa bàn thành phố.
2. Xét tuyển đối với Trường THPT Sơn Lâm và Trung tâm GDNN-GDTX huyện Đông Hà, căn cứ kết quả học tập 04 năm ở cấp THCS.
II. CHỈ TIÊU
| STT | Trường | Số lớp 10 | Chỉ tiêu | Phương thức |
|---|---|---|---|---|
| 1 | THPT Nam Đài | 12 | 540 | Thi tuyển |
| 2 | THPT Sơn Lâm | 6 | 270 | Xét tuyển |
| 3 | TTGDNN-GDTX huyện Đông Hà | 6 | 270 | Xét tuyển |
`;

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('alike-rows', { 'nam-dai-hd-540-2025-tuyen-sinh-lop-10.md': GUIDANCE }, { PLANBOT_SEMANTIC: 'off' });
}, 120_000);
afterAll(() => h?.dispose());

describe('rows alike but for the school', () => {
  it('does not ask the evidence for what the question sets aside', () => {
    const u = understand('Which schools take grade 10 students on their records instead of an entrance exam?', []);
    const units = u.keyTerms.flatMap((t) => t.alternatives.flat());
    expect(units).toContain('xet_tuyen');
    expect(units).not.toContain('thi_tuyen');
  });

  it('are each quoted, under their own heading', async () => {
    const a = await h.app.answerer.ask('Which schools in Nam Dai take grade 10 students on their records instead of an entrance exam?');
    expect(a.outcome).toBe('answer');
    const rows = a.citations.filter((c) => /row-/.test(c.section));
    expect(rows.map((c) => c.heading).sort()).toEqual(expect.arrayContaining(['THPT Sơn Lâm', 'TTGDNN-GDTX huyện Đông Hà']));
    expect(a.citations.some((c) => c.heading === 'THPT Nam Đài')).toBe(false);
  });
});
