// A concept the plans write with its words apart ("nhóm trẻ, lớp mẫu giáo độc lập" for
// "nhóm trẻ độc lập") is not absent from them: where the best passage writes every word of it,
// the question is answered; where no passage does, it still is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const PLAN = `${planHeader({ issuer: 'UBND TỈNH ĐỒNG AN', number: '12/KH-UBND', place: 'Đồng An', title: 'HỖ TRỢ CƠ SỞ GIÁO DỤC MẦM NON NGOÀI CÔNG LẬP NĂM 2025' })}
I. MỤC ĐÍCH
1. Bảo đảm trẻ em con công nhân được chăm sóc, giáo dục an toàn.
II. NỘI DUNG
1. Nhóm trẻ, lớp mẫu giáo độc lập dân lập, tư thục được hỗ trợ một lần 20 triệu đồng để mua sắm thiết bị dạy học.
2. Giáo viên mầm non ngoài công lập được hỗ trợ 800.000 đồng/người/tháng.
III. TỔ CHỨC THỰC HIỆN
1. Sở Giáo dục và Đào tạo chủ trì hướng dẫn thực hiện.
`;

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('split-phrase', { 'dong-an-kh-12-2025-mam-non.txt': PLAN }, { PLANBOT_SEMANTIC: 'off' });
}, 120_000);
afterAll(() => h?.dispose());

describe('a concept written with its words apart', () => {
  it('answers from the passage that writes every word of it', async () => {
    const a = await h.app.answerer.ask('How much equipment support does an independent childcare group get?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].clauseId).toBe('dong-an-kh-12-2025-mam-non#II.1');
    expect(a.answer).toContain('20 triệu đồng');
  });

  it('still abstains on a concept whose words no plan writes', async () => {
    const a = await h.app.answerer.ask('How much does an independent childcare group pay for its stadium?');
    expect(a.abstained).toBe(true);
    expect(a.reason).toBe('concept_absent');
  });
});

describe('a passage that would answer but for a concept no plan names', () => {
  it('is shown as not sure, the missing concept said', async () => {
    const a = await h.app.answerer.ask('What salary increase do preschool teachers at non-public kindergartens get per month?');
    expect(a.abstained).toBe(true);
    expect(a.reason).toBe('concept_absent');
    expect(a.outcome).toBe('unsure');
    expect(a.answer).toMatch(/^Not sure: no plan mentions “[^.]*lương/);
    expect(a.citations[0].quote).toContain('800.000 đồng/người/tháng');
  });
});
