// What a comparison compares: "compare the targets" is answered by each plan's figure, not by a
// task line that shares more of the question's words; "so sánh hạn nộp" by each plan's date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { understand } from '../src/answer/understand.js';
import { unitWeights } from '../src/answer/evidence.js';
import { makeIndexedHome, makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const plan = (place: string, no: string, share: string, due: string) => `${planHeader({ issuer: `UBND HUYỆN ${place.toUpperCase()}`, number: `${no}/KH-UBND`, place, date: 'ngày 12 tháng 8 năm 2025', title: 'NHIỆM VỤ NĂM HỌC 2025-2026' })}
I. CHỈ TIÊU
1. Tuyển sinh vào lớp 10 đạt ${share}.
2. Tỷ lệ trẻ suy dinh dưỡng dưới 3%.
II. NHIỆM VỤ
1. Nâng cao chất lượng tuyển sinh vào lớp 10: ôn tập cho học sinh lớp 9 dự tuyển sinh vào lớp 10.
2. Các trường gửi báo cáo sơ kết học kỳ I về Phòng Giáo dục và Đào tạo ${due}.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Giáo dục và Đào tạo chủ trì, theo dõi việc thực hiện kế hoạch.
2. Công an huyện
- Bảo đảm an ninh, trật tự khu vực cổng trường trong giờ tan học.
- Phối hợp với nhà trường tuyên truyền an toàn giao thông cho học sinh.
3. Trung tâm Y tế huyện
- Kiểm tra an toàn thực phẩm tại các bếp ăn bán trú của nhà trường.
`;

let h: IndexedHome;
let five: IndexedHome;
beforeAll(async () => {
  five = await makeIndexedHome('compared-aspect-five', { PLANBOT_SEMANTIC: 'off' });
  h = await makeIndexedHomeOf('compared-aspect', {
    'phu-xuan-kh-31-2025-nhiem-vu.txt': plan('Phú Xuân', '31', '82%', 'trước ngày 10/01/2026'),
    'tan-my-kh-44-2025-nhiem-vu.txt': plan('Tân Mỹ', '44', '75%', 'trước ngày 15/01/2026'),
  }, { PLANBOT_SEMANTIC: 'off' });
}, 120_000);
afterAll(async () => {
  await h?.dispose();
  await five?.dispose();
});

describe('the aspect a comparison compares', () => {
  it('is the intent of its topic', () => {
    const en = understand('Compare the grade 10 enrolment targets of Phu Xuan and Tan My', []);
    expect(en.intent).toBe('comparison');
    expect(en.aspect).toBe('target');
    expect(understand('So sánh hạn gửi báo cáo sơ kết của Phú Xuân với Tân Mỹ', []).aspect).toBe('deadline');
    expect(understand('Hạn gửi báo cáo sơ kết là khi nào?', []).aspect).toBe('deadline');
  });

  it('answers a comparison of targets with each plan’s figure, not a task line on the same topic', async () => {
    // Thanh Xuân's task line on teachers of the grade 10 subjects shares more words with the
    // question than its target row ("Tỉ lệ HS lớp 9 thi đỗ vào lớp 10 … 86%"), but states no figure.
    const a = await five.app.answerer.ask('Compare the grade 10 enrolment targets of Thanh Xuan and Muong Te');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('86%');
    expect(a.answer).toContain('60%');
  });

  it('answers a comparison of deadlines with each plan’s date', async () => {
    const a = await h.app.answerer.ask('So sánh hạn gửi báo cáo sơ kết học kỳ I của Phú Xuân với Tân Mỹ');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('10/01/2026');
    expect(a.answer).toContain('15/01/2026');
  });
});

describe('a comparison of what one agency does in each plan', () => {
  it('is answered from each plan’s section of that agency, not from the words that name the plans', async () => {
    const q = 'Compare what the police are asked to do in the Phu Xuan school year plan and in the Tan My school year plan.';
    expect(understand(q, []).agencyDuties).toBe(true);
    const a = await h.app.answerer.ask(q);
    expect(a.outcome).toBe('answer');
    expect(new Set(a.citations.map((c) => c.clauseId))).toEqual(new Set(['phu-xuan-kh-31-2025-nhiem-vu#III.2', 'tan-my-kh-44-2025-nhiem-vu#III.2']));
  });

  it('searches with the words that name a plan by its topic but does not ask the evidence for them', () => {
    const u = understand('What must the police do under the Tan My school safety plan?', []);
    expect(u.keyTerms.some((t) => t.alternatives.some((a) => a.includes('an_toan')))).toBe(false);
    expect(u.units).toContain('an_toan');
    expect(u.keyTerms.some((t) => t.crisp && t.alternatives.some((a) => a.includes('cong_an')))).toBe(true);
  });

  it('compares dates when two plans are asked whether they fix the same day', () => {
    const u = understand("Phu Xuan's plan and Tan My's plan both set a report date. Are they the same day?", []);
    expect(u.intent).toBe('comparison');
    expect(u.aspect).toBe('deadline');
  });
});

describe('a word that only names the intent', () => {
  it('is not searched for in the senses of its longer phrases', () => {
    // "targets" is "chỉ tiêu", a cue word: it says a figure is asked, and is no topic of its own
    // (not "chương trình quốc gia" of "national target programme").
    const u = understand('Compare the grade 10 enrolment targets of Phu Xuan and Tan My', []);
    const w = unitWeights(u.keyTerms, new Map(u.keyUnits.map((k) => [k, 1])), 10);
    const units = w.terms.flatMap((t) => t.alternatives.flatMap((a) => a.units));
    expect(units).toContain('lop_10');
    expect(units).not.toContain('quoc_gia');
    expect(units).not.toContain('cu_the');
  });
});
