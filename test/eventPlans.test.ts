// Plans for one event (a sports festival, a training course): officials ask where and when it
// is held, what is competed, who takes part. Over two small plans of their own, indexed by the
// real indexer, each the only plan of its home (as an official's own upload would be).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeIndexedHomeOf, REPO, type IndexedHome } from './helpers/indexedHome.js';

const FESTIVAL = `UBND HUYỆN AN LÂM
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
Số: 41/KH-PGDĐT
An Lâm, ngày 15 tháng 10 năm 2024
KẾ HOẠCH
Tổ chức Hội khỏe Phù Đổng cấp huyện năm học 2024-2025
I. THỜI GIAN
Từ ngày 02/12/2024 đến ngày 06/12/2024.
II. MÔN THI ĐẤU
Môn thi đấu: điền kinh, bóng đá mini nam, cờ vua, cầu lông, kéo co.
III. KINH PHÍ
Tổng kinh phí dự kiến 350.000.000 đồng từ ngân sách sự nghiệp giáo dục.
IV. TỔ CHỨC THỰC HIỆN
Trung tâm Y tế huyện bố trí xe cứu thương trực trong suốt thời gian thi đấu.
`;

const TRAINING = `UBND HUYỆN CAM LỘ
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
Số: 95/KH-PGDĐT
Cam Lộ, ngày 10 tháng 7 năm 2024
KẾ HOẠCH
Bồi dưỡng giáo viên dạy lớp 5 thực hiện Chương trình giáo dục phổ thông 2018
I. NỘI DUNG
1. Bồi dưỡng giáo viên về phương pháp dạy học môn Tiếng Việt lớp 5.
2. Bồi dưỡng giáo viên về kiểm tra, đánh giá học sinh lớp 5.
II. THỜI GIAN
Bồi dưỡng giáo viên trong 02 ngày, từ ngày 05/8/2024 đến ngày 06/8/2024.
III. ĐỊA ĐIỂM
Hội trường Trường Tiểu học Cam Thành.
IV. TỔ CHỨC THỰC HIỆN
Hiệu trưởng các trường cử giáo viên tham gia bồi dưỡng đầy đủ.
`;

let festival: IndexedHome;
let training: IndexedHome;

beforeAll(async () => {
  festival = await makeIndexedHomeOf('festival', { 'an-lam-hkpd-2024.txt': FESTIVAL });
  training = await makeIndexedHomeOf('training', { 'cam-lo-boi-duong-2024.txt': TRAINING });
});

afterAll(async () => {
  await festival?.dispose();
  await training?.dispose();
});

describe('a plan for one event', () => {
  it('answers "ở đâu / where" from the clause that names the place, though it repeats none of the event\'s words', async () => {
    for (const q of ['Giáo viên được bồi dưỡng ở đâu?', 'Where is the teacher training held?']) {
      const a = await training.app.answerer.ask(q);
      expect(a.outcome, q).toBe('answer');
      expect(a.citations[0].clauseId, q).toBe('cam-lo-boi-duong-2024#III');
    }
  });

  it('does not take a function word the plan happens not to write for a word it lacks ("Có …" is not "cờ vua")', async () => {
    const a = await festival.app.answerer.ask('Có những môn thi đấu nào?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].clauseId).toBe('an-lam-hkpd-2024#II');
  });

  it('knows the English of events: what is competed, ambulances, the budget', async () => {
    const events = await festival.app.answerer.ask('Which events are competed?');
    expect(events.outcome).toBe('answer');
    expect(events.citations.map((c) => c.clauseId)).toContain('an-lam-hkpd-2024#II');
    const ambulance = await festival.app.answerer.ask('Who provides ambulances?');
    expect(ambulance.citations[0]?.clauseId).toBe('an-lam-hkpd-2024#IV');
  });

  it('never quotes the type line ("HƯỚNG DẪN", "KẾ HOẠCH") as an answer', async () => {
    const file = 'ha-giang-hd-880-2025-pho-cap-giao-duc.md';
    const guidance = await makeIndexedHomeOf('type-line', { [file]: readFileSync(path.join(REPO, 'test', 'fixtures', 'new-plans', file), 'utf8') });
    try {
      const a = await guidance.app.answerer.ask('What are the targets of the Hà Giang guidance for 2026?');
      for (const c of a.citations) expect(c.quote.trim()).not.toMatch(/^(KẾ HOẠCH|HƯỚNG DẪN)$/);
    } finally {
      await guidance.dispose();
    }
  });

  it('still abstains on what the plan does not give', async () => {
    expect((await festival.app.answerer.ask('Mỗi vận động viên được hỗ trợ bao nhiêu tiền ăn?')).abstained).toBe(true);
    expect((await festival.app.answerer.ask('How much prize money does a gold medal winner get?')).abstained).toBe(true);
  });
});
