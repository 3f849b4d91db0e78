// A place's name is its syllables as the place writes them: a question about Thái Lương may still
// ask about "chất lượng", one about Lâm Giang about "giảng dạy"; written without marks, the
// syllables that fold like the name are the name.
import { describe, expect, it } from 'vitest';
import { understand, type DocInfo } from '../src/answer/understand.js';

const doc = (docId: string, place: string): DocInfo => ({ docId, place, schoolYear: '2025-2026', yearStart: 2025, yearEnd: 2026 });
const docs = [doc('thai-luong', 'Thái Lương'), doc('lam-giang', 'Lâm Giang'), doc('other', 'Hồng Bàng')];

describe('syllables of a place named in the question', () => {
  it('are not the words of the question written with other marks', () => {
    expect(understand('Thái Lương đặt chỉ tiêu chất lượng giáo dục thế nào?', docs).keyUnits).toContain('chat_luong');
    expect(understand('Giáo viên ở Lâm Giang giảng dạy bao nhiêu tiết?', docs).keyUnits).toContain('giang_day');
    expect(understand('How often must water quality be tested in Thai Luong?', docs).keyUnits).toContain('chat_luong');
  });

  it('are the name where the question writes them as the place does, or without marks', () => {
    for (const q of ['Thái Lương đặt chỉ tiêu gì?', 'thai luong dat chi tieu gi?']) {
      const u = understand(q, docs);
      expect(u.docIds).toEqual(['thai-luong']);
      expect(u.keyUnits).not.toContain('luong');
      expect(u.keyUnits).not.toContain('thai');
    }
  });
});
