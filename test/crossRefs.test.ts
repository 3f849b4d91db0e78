// A sentence that says what it is about only through a reference to another clause.
import { describe, expect, it } from 'vitest';
import { buildRefIndex, referencedText } from '../src/corpus/crossRefs.js';

const clauses = [
  { path: 'dieu-2', text: 'Điều 2. Đối tượng và điều kiện được hỗ trợ' },
  { path: 'dieu-2.2', text: '2. Hộ đang ở nhà tạm hoặc nhà ở bị hư hỏng nặng với mức độ như sau:' },
  { path: 'dieu-2.2.a', text: 'a) Phải phá dỡ để xây mới nhà ở;' },
  { path: 'dieu-3.1', text: '1. Hỗ trợ 40 triệu đồng/hộ đối với trường hợp nêu tại Điểm a Khoản 2 Điều 2 Quyết định này;' },
  { path: 'quy-dinh.dieu-3.6', text: 'Nhóm đối tượng số 6: Thương binh, bệnh binh nặng đang điều dưỡng tập trung.' },
  { path: 'quy-dinh.dieu-4.1.2', text: '1.2. Nhóm đối tượng số 6 quy định tại Điều 3 của quy định này: 400.000 đồng/người.' },
];

describe('cross-references', () => {
  const index = buildRefIndex(clauses);

  it('brings in the point referred to, with the khoản that leads into it', () => {
    const t = referencedText(clauses[3].text, 'dieu-3.1', index);
    expect(t).toContain('Phải phá dỡ để xây mới nhà ở');
    expect(t).toContain('nhà ở bị hư hỏng nặng');
  });

  it('brings in a numbered group the document defines', () => {
    expect(referencedText(clauses[5].text, 'quy-dinh.dieu-4.1.2', index)).toContain('Thương binh, bệnh binh nặng');
  });

  it('brings in the items of a group whose own line only names it ("2. Nhóm đối tượng số 2:"), for each group referred to', () => {
    const groups = buildRefIndex([
      { path: 'dieu-3.1', text: '1. Nhóm đối tượng số 1:' },
      { path: 'dieu-3.1.1', text: '1.1. Bà mẹ Việt Nam anh hùng đang hưởng trợ cấp hằng tháng.' },
      { path: 'dieu-3.2', text: '2. Nhóm đối tượng số 2:' },
      { path: 'dieu-3.2.1', text: '2.1. Người hoạt động cách mạng trước ngày 01/01/1945.' },
      { path: 'dieu-3.20', text: '20. Không thuộc nhóm nào.' },
    ]);
    const t = referencedText('3.3. Nhóm đối tượng số 1, 2 quy định tại Điều 3 của quy định này: 300.000 đồng/người.', 'dieu-4.3.3', groups)!;
    expect(t).toContain('Bà mẹ Việt Nam anh hùng');
    expect(t).toContain('trước ngày 01/01/1945');
    expect(t).not.toContain('Không thuộc nhóm nào');
  });

  it('leaves a whole article, and sentences with no reference, alone', () => {
    expect(referencedText('Thực hiện theo Điều 2 Quyết định này.', 'dieu-5', index)).toBeNull();
    expect(referencedText('Hỗ trợ 20 triệu đồng/hộ.', 'dieu-3.2', index)).toBeNull();
  });
});
