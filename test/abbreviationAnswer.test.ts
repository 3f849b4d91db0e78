// "«Phòng GDĐT» là viết tắt của cơ quan nào?", "What does BHYT stand for?": answered from the
// sentence of the plan that defines the short form, quoted verbatim and cited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionIn } from '../src/corpus/abbreviations.js';
import { abbreviationAsked } from '../src/answer/abbreviationAnswer.js';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const TEXT = 'Sở Giáo dục và Đào tạo (sau đây gọi tắt là Sở GDĐT) hướng dẫn Phòng Giáo dục và Đào tạo các huyện, thị xã (sau đây gọi tắt là Phòng GDĐT) phối hợp với Trung tâm Kiểm soát bệnh tật tỉnh Sông Lam (sau đây gọi tắt là CDC tỉnh) bảo đảm 100% học sinh tham gia bảo hiểm y tế (viết tắt là BHYT) và chăm lo người có công (NCC).';

describe('a short form defined in the text', () => {
  it('is found with its full form and the words that define it', () => {
    expect(definitionIn(TEXT, 'Phòng GDĐT')).toEqual({ full: 'Phòng Giáo dục và Đào tạo các huyện, thị xã', quote: 'Phòng Giáo dục và Đào tạo các huyện, thị xã (sau đây gọi tắt là Phòng GDĐT)' });
    expect(definitionIn(TEXT, 'sở gdđt')?.full).toBe('Sở Giáo dục và Đào tạo');
    expect(definitionIn(TEXT, 'CDC tỉnh')?.full).toBe('Trung tâm Kiểm soát bệnh tật tỉnh Sông Lam');
    expect(definitionIn(TEXT, 'BHYT')?.full).toBe('bảo hiểm y tế');
    expect(definitionIn(TEXT, 'NCC')?.full).toBe('người có công');
    expect(definitionIn(TEXT, 'CSVC')).toBeNull();
    for (const s of ['Phòng GDĐT', 'CDC tỉnh', 'BHYT', 'NCC']) expect(TEXT).toContain(definitionIn(TEXT, s)!.quote);
  });

  it('is what these questions ask the meaning of', () => {
    expect(abbreviationAsked('Trong Công văn 312, "Phòng GDĐT" là viết tắt để chỉ cơ quan nào?')).toBe('Phòng GDĐT');
    expect(abbreviationAsked('BHYT là viết tắt của gì?')).toBe('BHYT');
    expect(abbreviationAsked('CDC tỉnh là gì?')).toBe('CDC tỉnh');
    expect(abbreviationAsked('What does NCC stand for?')).toBe('NCC');
    expect(abbreviationAsked('Ai chịu trách nhiệm an ninh trường học?')).toBeNull();
    expect(abbreviationAsked('What does the plan say about school security?')).toBeNull();
  });

  describe('answered', () => {
    let h: IndexedHome;
    beforeAll(async () => {
      const plan = [planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH SÔNG LAM', number: '90/SGDĐT-CTTT', place: 'Sông Lam', kind: 'CÔNG VĂN', title: 'V/v hướng dẫn công tác y tế trường học năm 2025' }), '1. Phạm vi', TEXT, '2. Thời hạn', 'Phòng GDĐT báo cáo Sở GDĐT trước ngày 15/5/2025.'].join('\n');
      h = await makeIndexedHomeOf('abbreviation-answer', { 'song-lam-cv-90-2025-y-te-truong-hoc.txt': plan }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    }, 60_000);
    afterAll(() => h?.dispose());

    it('quotes and cites the definition, in either language', async () => {
      const vi = await h.app.answerer.ask('«Phòng GDĐT» là viết tắt của cơ quan nào?');
      expect(vi.outcome).toBe('answer');
      expect(vi.answer).toContain('Phòng Giáo dục và Đào tạo các huyện, thị xã');
      expect(vi.citations[0].quote).toContain('(sau đây gọi tắt là Phòng GDĐT)');
      const en = await h.app.answerer.ask('What does CDC tỉnh stand for in the Song Lam letter?');
      expect(en.answer).toContain('is short for “Trung tâm Kiểm soát bệnh tật tỉnh Sông Lam”');
      expect(en.citations[0].clauseId).toBe('song-lam-cv-90-2025-y-te-truong-hoc#1');
    });

    it('answers as before when the plans define no such short form', async () => {
      const a = await h.app.answerer.ask('CSVC là gì?');
      expect(a.answer).not.toContain('viết tắt của');
    });
  });
});
