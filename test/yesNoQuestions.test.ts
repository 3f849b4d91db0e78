// A yes-or-no question ("có được … không?") is answered by the line that permits or forbids, not by
// the lines that repeat its framing "có"; the issuer written after a document's number ("Hướng dẫn
// 1876/HD-SGDĐT của Sở GDĐT Mỹ Lan") names the document and is no topic word; and a line naming
// only another level than the one asked does not answer for it (unless the plan's title is for
// the level asked, where other levels are named in passing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { understand, withoutYesNoFrame } from '../src/answer/understand.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const GUIDANCE = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH MỸ LAN', number: '1876/HD-SGDĐT', place: 'Mỹ Lan', kind: 'HƯỚNG DẪN', title: 'Thực hiện quy định về dạy thêm, học thêm trên địa bàn tỉnh Mỹ Lan' }),
  'Sở Giáo dục và Đào tạo (Sở GDĐT) hướng dẫn các cơ sở giáo dục, giáo viên có liên quan thực hiện quy định về dạy thêm, học thêm như sau:',
  'I. PHẠM VI',
  '1. Đối tượng áp dụng gồm: trường tiểu học, trường THCS, trường THPT có tổ chức dạy thêm cho học sinh.',
  'II. NGUYÊN TẮC',
  '1. Không tổ chức dạy thêm đối với học sinh tiểu học, trừ bồi dưỡng về nghệ thuật, thể dục, thể thao.',
  '2. Tổ chức, cá nhân có tổ chức dạy thêm ngoài nhà trường phải đăng ký kinh doanh.',
].join('\n');

const DISTRICT = [
  planHeader({ issuer: 'ỦY BAN NHÂN DÂN QUẬN LÊ CHÂN', number: '88/KH-UBND', place: 'Lê Chân', kind: 'KẾ HOẠCH', title: 'Thực hiện nhiệm vụ năm học 2025-2026' }),
  'I. CHỈ TIÊU',
  '1. Tỷ lệ học sinh được công nhận tốt nghiệp THCS đạt trên 99%.',
  '2. Tỷ lệ trẻ mẫu giáo được học 2 buổi/ngày đạt 100%.',
].join('\n');

const ADMISSIONS = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH PHƯỚC AN', number: '736/HD-SGDĐT', place: 'Phước An', kind: 'HƯỚNG DẪN', title: 'Tuyển sinh vào lớp 10 năm học 2025-2026' }),
  'I. LỊCH TUYỂN SINH',
  '1. Công bố kết quả thi: ngày 18/6/2025.',
  '2. Nhận đơn phúc khảo: từ ngày 18/6/2025 đến ngày 22/6/2025, tại trường THCS nơi nộp hồ sơ.',
].join('\n');

describe('the frame of a yes-or-no question', () => {
  it('drops "có" (and "có thể") only where the question ends in "không" or "chưa"', () => {
    expect(withoutYesNoFrame('Có được tổ chức dạy thêm cho học sinh tiểu học không?')).not.toMatch(/(?<!\p{L})có(?!\p{L})/u);
    expect(withoutYesNoFrame('trường có thể cho học sinh nghỉ không ạ')).not.toContain('có thể');
    expect(withoutYesNoFrame('trung tâm co duoc day toi 10h dem khong')).not.toMatch(/\bco\b/);
    // Not a yes-or-no question: "có" is the plan's "have" and stays.
    expect(withoutYesNoFrame('Bao nhiêu trường có nhân viên y tế?')).toContain('có');
  });

  it('leaves "có" and the issuer after a number out of what the evidence must hold', () => {
    const docs = [{ docId: 'my-lan', place: 'Mỹ Lan', schoolYear: null, yearStart: 2025, yearEnd: 2025, numbers: ['1876/HD-SGDĐT'], signedYear: 2025 }];
    const u = understand('Theo Hướng dẫn 1876/HD-SGDĐT của Sở GDĐT Mỹ Lan, có được tổ chức dạy thêm cho học sinh tiểu học không?', docs);
    expect(u.keyUnits).toContain('day_them');
    for (const gone of ['co', 'so', 'gddt', 'so_gddt']) expect(u.keyUnits).not.toContain(gone);
  });
});

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf(
    'yes-no-questions',
    { 'my-lan-hd-1876-2025-day-them.txt': GUIDANCE, 'le-chan-kh-88-2025-nhiem-vu-nam-hoc.txt': DISTRICT, 'phuoc-an-hd-736-2025-tuyen-sinh-lop-10.txt': ADMISSIONS },
    { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' },
  );
}, 60_000);
afterAll(() => h?.dispose());

describe('answers', () => {
  it('cites the line that forbids, for "có được … không?"', async () => {
    const a = await h.app.answerer.ask('Theo Hướng dẫn 1876/HD-SGDĐT của Sở GDĐT Mỹ Lan, có được tổ chức dạy thêm cho học sinh tiểu học không?');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].quote).toContain('Không tổ chức dạy thêm đối với học sinh tiểu học');
  });

  it('does not give the THCS figure of a district plan for a THPT question', async () => {
    const a = await h.app.answerer.ask('What upper secondary (THPT) graduation rate does the Le Chan plan target?');
    expect(a.abstained).toBe(true);
    expect(a.answer).not.toMatch(/^Target/);
  });

  it('still answers from a line naming another level in passing, in a plan titled for the level asked', async () => {
    const a = await h.app.answerer.ask("What's the last day to ask for a re-mark after the Phuoc An grade 10 results come out?");
    expect(a.outcome).toBe('answer');
    expect(a.answer).toContain('22');
  });
});
