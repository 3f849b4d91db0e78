// An agency that heads its duties ("2. Công an tỉnh" above "a) Chủ trì, phối hợp với … kiểm tra …")
// leads the answer to "who…", though the duty's own sentence does not name it: the heading bears
// it out. Over a small directive of its own indexed by the real indexer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';

const DIRECTIVE = `ỦY BAN NHÂN DÂN TỈNH HÒA VANG

Số: 03/CT-UBND

Hòa Vang, ngày 10 tháng 3 năm 2025

CHỈ THỊ

Về bảo đảm an ninh, trật tự khu vực cổng trường

1. Sở Giáo dục và Đào tạo

a) Chỉ đạo các trường xây dựng nội quy ra vào cổng trường.

2. Công an tỉnh

a) Chủ trì, phối hợp với Ủy ban nhân dân các xã kiểm tra các quán trò chơi điện tử gần cổng trường.

b) Tăng cường tuần tra vào giờ tan trường.

3. Ban Quản lý dự án đầu tư xây dựng huyện (sau đây gọi tắt là Ban QLDA huyện)

a) Làm chủ đầu tư các công trình cổng trường có tổng mức đầu tư từ 3.000 triệu đồng trở lên.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lê Văn Hùng
`;

let home: IndexedHome;
beforeAll(async () => {
  home = await makeIndexedHomeOf('heading-agency', { 'hoa-vang-ct-03-2025-cong-truong.txt': DIRECTIVE }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(async () => home?.dispose());

describe('an agency heading its duties', () => {
  it('leads the answer, cited to the duty below it', async () => {
    const a = await home.app.answerer.ask('Ai kiểm tra các quán trò chơi điện tử gần cổng trường?');
    expect(a.outcome).toBe('answer');
    expect(a.answer.split('\n')[0]).toBe('Đơn vị thực hiện: Công an tỉnh (chủ trì) [1]');
    expect(a.citations[0].clauseId).toBe('hoa-vang-ct-03-2025-cong-truong#2.a');
    const en = await home.app.answerer.ask('Who inspects the video game shops near school gates?');
    expect(en.answer.split('\n')[0]).toContain('Công an tỉnh');
  });

  it('reads a heading that defines its short name as the agency, whole, and the everyday "ai đứng …" as a who-question', async () => {
    const a = await home.app.answerer.ask('Công trình cổng trường từ 3 tỷ trở lên thì ai đứng chủ đầu tư?');
    expect(a.outcome).toBe('answer');
    expect(a.answer.split('\n')[0]).toBe('Đơn vị thực hiện: Ban Quản lý dự án đầu tư xây dựng huyện [1]');
    expect(a.citations[0].clauseId).toBe('hoa-vang-ct-03-2025-cong-truong#3.a');
  });
});
