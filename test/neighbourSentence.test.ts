// A sentence may stand on the one after it as on the one before ("Thời hạn gửi kế hoạch dạy thêm:
// trước ngày 30/9/2025. Các trường THPT … gửi về Sở GDĐT"); and "nộp kế hoạch dạy thêm" names
// no plan of the corpus whose title shares none of "dạy thêm", however much it shares otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const GUIDANCE = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH MỸ LAN', number: '1876/HD-SGDĐT', place: 'Mỹ Lan', kind: 'HƯỚNG DẪN', title: 'Thực hiện quy định về dạy thêm, học thêm trên địa bàn tỉnh Mỹ Lan' }),
  'I. DẠY THÊM TRONG NHÀ TRƯỜNG',
  '1. Dạy thêm trong nhà trường không được thu tiền của học sinh.',
  '2. Thời hạn gửi kế hoạch dạy thêm trong nhà trường: trước ngày 30/9/2025. Các trường THPT và các Trung tâm GDNN-GDTX gửi về Sở GDĐT; các trường tiểu học, THCS gửi về Ủy ban nhân dân cấp xã.',
].join('\n');

const EXAM = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH TRƯỜNG AN', number: '412/KH-SGDĐT', place: 'Trường An', kind: 'KẾ HOẠCH', title: 'Tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2026 trên địa bàn tỉnh Trường An' }),
  'I. ĐĂNG KÝ DỰ THI',
  '1. Các trường THPT tiếp nhận hồ sơ đăng ký dự thi của học sinh trước ngày 20/4/2026.',
  '2. Sở GDĐT kiểm tra hồ sơ tại các trường THPT trong tháng 5/2026.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('neighbour-sentence', { 'my-lan-hd-1876-2025-day-them.txt': GUIDANCE, 'truong-an-kh-412-2026-thi-tot-nghiep.txt': EXAM }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a deadline stated beside who it binds', () => {
  it('is answered from the guidance on tutoring, not from the exam plan the question shares words with', async () => {
    const a = await h.app.answerer.ask('trường thpt nộp kế hoạch dạy thêm trong trường cho sở hạn chót ngày nào vậy ạ');
    expect(a.outcome).toBe('answer');
    expect(a.citations[0].docId).toBe('my-lan-hd-1876-2025-day-them');
    expect(a.answer).toContain('30/9/2025');
  });
});
