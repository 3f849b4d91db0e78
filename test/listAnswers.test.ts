// A list asked for ("gồm những nội dung gì?", "những trường hợp nào…", "what does the report
// include?") is answered item by item from the section whose heading names it, over a small plan
// of its own indexed by the real indexer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { understand } from '../src/answer/understand.js';
import { asksList } from '../src/answer/listAnswer.js';

const LETTER = `UBND HUYỆN KRÔNG NĂNG
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO

Số: 311/PGDĐT-VP

V/v báo cáo tình hình đội ngũ đầu năm học 2025-2026

Krông Năng, ngày 08 tháng 9 năm 2025

Kính gửi: Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở.

1. Nội dung báo cáo
- Số giáo viên hiện có theo từng môn học;
- Số giáo viên còn thiếu so với định mức;
- Số nhân viên kế toán, văn thư, y tế học đường;
- Đề xuất tuyển dụng hoặc hợp đồng bổ sung.

2. Thời hạn báo cáo
Các trường gửi báo cáo về Phòng GDĐT trước ngày 20 tháng 9 năm 2025.

3. Trường hợp không phải báo cáo
3.1. Trường mới thành lập chưa có giáo viên.
3.2. Trường đang sáp nhập theo quyết định của UBND huyện.

Nơi nhận:
- Như trên;
- Lưu: VT.

TRƯỞNG PHÒNG

Y Bhil Niê
`;

let home: IndexedHome;

beforeAll(async () => {
  home = await makeIndexedHomeOf('lists', { 'krong-nang-cv-311-2025-doi-ngu.txt': LETTER }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);

afterAll(async () => home?.dispose());

describe('a list asked for', () => {
  it('is told from a question about one thing', () => {
    expect(asksList(understand('Báo cáo đội ngũ gồm những nội dung gì?', []))?.noun).toBe('noi dung');
    expect(asksList(understand('Những trường hợp nào không phải báo cáo?', []))?.noun).toBe('truong hop');
    expect(asksList(understand('What must the staffing report include?', []))).not.toBeNull();
    expect(asksList(understand('What share of schools must report?', []))).toBeNull();
    expect(asksList(understand('Hạn báo cáo là ngày nào?', []))).toBeNull();
    expect(asksList(understand('Những cơ quan nào được giao nhiệm vụ?', []))).toBeNull();
  });

  it('is answered item by item from the section whose heading names it, each item cited verbatim', async () => {
    const a = await home.app.answerer.ask('Báo cáo đội ngũ đầu năm gồm những nội dung gì?');
    expect(a.outcome).toBe('answer');
    expect(a.citations.map((c) => c.quote)).toEqual([
      'Số giáo viên hiện có theo từng môn học',
      'Số giáo viên còn thiếu so với định mức',
      'Số nhân viên kế toán, văn thư, y tế học đường',
      'Đề xuất tuyển dụng hoặc hợp đồng bổ sung',
    ]);
    for (const c of a.citations) expect(c.clauseId).toBe('krong-nang-cv-311-2025-doi-ngu#1');
    expect(a.answer).toContain('gồm:');
  });

  it('takes sub-sections for its items, in English too', async () => {
    const vi = await home.app.answerer.ask('Những trường hợp nào không phải báo cáo đội ngũ?');
    expect(vi.citations.map((c) => c.clauseId)).toEqual(['krong-nang-cv-311-2025-doi-ngu#3.1', 'krong-nang-cv-311-2025-doi-ngu#3.2']);
    const en = await home.app.answerer.ask('What must the report on teachers include?');
    expect(en.answer).toContain('lists:');
    expect(en.citations).toHaveLength(4);
  });

  it('is not forced on a heading that does not name it, nor on the recipients and signature', async () => {
    for (const q of ['Báo cáo đội ngũ gồm những phụ lục nào?', 'Báo cáo đội ngũ gồm những chữ ký nào?']) {
      const a = await home.app.answerer.ask(q);
      expect(a.answer).not.toContain('gồm:');
    }
  });
});

describe('the papers asked for', () => {
  it('"what paperwork do parents have to provide" asks the list of papers', async () => {
    const { understand } = await import('../src/answer/understand.js');
    const { asksList } = await import('../src/answer/listAnswer.js');
    expect(asksList(understand('What paperwork do parents have to provide when enrolling a child in grade 1?', []))).not.toBeNull();
    expect(asksList(understand('What documents must be submitted for the grade 6 admission?', []))).not.toBeNull();
    expect(asksList(understand('When must the documents be submitted?', []))).toBeNull();
  });
});
