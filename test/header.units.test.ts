// The generic pieces of header reading, on short synthetic strings: syllables, mending broken
// words, rebuilding header cells, the signature block, sentence case, the issuer's name.
import { describe, it, expect } from 'vitest';
import { isSyllable, isAbbreviation } from '../src/corpus/header/syllable.js';
import { mendWords, mendDigits, wordsOf } from '../src/corpus/header/mend.js';
import { headerCells } from '../src/corpus/header/cells.js';
import { findSigner, ownPosition } from '../src/corpus/header/signer.js';
import { CasingGuide, sentenceCase, agencyCase } from '../src/corpus/header/casing.js';
import { parseIssuer, issuerFromCode } from '../src/corpus/header/issuer.js';
import { readTitle } from '../src/corpus/header/title.js';
import { extractMetadata } from '../src/corpus/metadata.js';
import { normalizeText } from '../src/corpus/normalize.js';

describe('syllables', () => {
  it('tells Vietnamese syllables from fragments and abbreviations', () => {
    for (const w of ['Quảng', 'ương', 'nghiêng', 'BỘ', 'gì', 'khuya', 'Đặng', 'xã']) expect(isSyllable(w), w).toBe(true);
    for (const w of ['Qu', 'ươ', 'Đặ', 'B', 'ng', 'THPT', 'UBND', 'trươn g']) expect(isSyllable(w), w).toBe(false);
    expect(isAbbreviation('THPT')).toBe(true);
    expect(isAbbreviation('GD&ĐT')).toBe(true);
    expect(isAbbreviation('XIII')).toBe(true);
    expect(isAbbreviation('TỈNH')).toBe(false);
    expect(isAbbreviation('Tỉnh')).toBe(false);
  });
});

describe('mending broken words', () => {
  it('joins letter-spaced and split syllables when the join is one syllable', () => {
    expect(mendWords('B Ộ LAO ĐỘNG - THƯƠNG BINH V À X Ã HỘI')).toBe('BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI');
    expect(mendWords('Qu ả ng Ngãi, ngày 04')).toBe('Quảng Ngãi, ngày 04');
    expect(mendWords('CHỦ TỊCH Đặ ng Văn Minh')).toBe('CHỦ TỊCH Đặng Văn Minh');
    expect(mendWords('ngân sách trung ươ n g')).toBe('ngân sách trung ương');
  });
  it('leaves words, abbreviations and figures alone', () => {
    const s = 'UBND TỈNH GD&ĐT THPT 22/2013/QĐ-TTg a) b) V/v xã hội';
    expect(mendWords(s)).toBe(s);
    // Two capitals that could be an abbreviation join only into a word the document uses.
    expect(mendWords('TR ƯỜNG', wordsOf('Các trường học'))).toBe('TRƯỜNG');
    expect(mendWords('TR ƯỜNG', wordsOf('Sở Giáo dục'))).toBe('TR ƯỜNG');
  });
  it('joins a two-digit figure split after its zero', () => {
    expect(mendDigits('ngày 15 tháng 0 6 năm 2020')).toBe('ngày 15 tháng 06 năm 2020');
    expect(mendDigits('từ 10 0 học sinh')).toBe('từ 10 0 học sinh');
  });
});

describe('header cells', () => {
  const texts = (lines: string[]) => headerCells(lines).map((c) => c.text);
  it('splits table rows into cells and rules out of cells', () => {
    expect(texts(['BỘ TÀI CHÍNH --------\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ----', '', 'Số: 98/2013/TT-BTC\tHà Nội, ngày 24 tháng 07 năm 2013'])).toEqual([
      'BỘ TÀI CHÍNH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc', 'Số: 98/2013/TT-BTC', 'Hà Nội, ngày 24 tháng 07 năm 2013',
    ]);
  });
  it('rebuilds cells broken over lines between lone bars', () => {
    const lines = ['ỦY', 'BAN NHÂN DÂN', 'TỈNH CÀ MAU', '-------', '|', 'CỘNG', 'HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '|', 'Số:', '36/KH-UBND', '|', 'Cà', 'Mau, ngày 21 tháng 02 năm 2022', '|', 'KẾ HOẠCH'];
    expect(texts(lines)).toEqual(['ỦY BAN NHÂN DÂN TỈNH CÀ MAU', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 36/KH-UBND', 'Cà Mau, ngày 21 tháng 02 năm 2022', 'KẾ HOẠCH']);
  });
  it('reads rows flattened to "a | b |" and numbers split after the slash', () => {
    expect(texts(['- 1 Kế hoạch 206/KH-UBND năm 2022 về …', 'ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |', 'Số: 5872', '/KH-UBND |', 'Ninh Thuận,', 'ngày 12 tháng 12 năm 2012 |'])).toEqual([
      '- 1 Kế hoạch 206/KH-UBND năm 2022 về …', 'ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 5872 /KH-UBND', 'Ninh Thuận, ngày 12 tháng 12 năm 2012',
    ]);
  });
  it('keeps each paragraph of a one-cell-per-paragraph header apart', () => {
    expect(texts(['BỘ GIÁO DỤC VÀ ĐÀO TẠO', '', '_____________', '', 'Số: 1277/BGDĐT-QLCL', '', 'V/v hướng dẫn tổ chức Kỳ thi', '', 'Hà Nội, ngày 22 tháng 3 năm 2024'])).toEqual([
      'BỘ GIÁO DỤC VÀ ĐÀO TẠO', 'Số: 1277/BGDĐT-QLCL', 'V/v hướng dẫn tổ chức Kỳ thi', 'Hà Nội, ngày 22 tháng 3 năm 2024',
    ]);
  });
});

describe('signature block', () => {
  it('reads the right cell of a signature row', () => {
    expect(findSigner(['Nơi nhận: - Như trên; - Lưu: VT.\tKT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An'])).toEqual({
      name: 'Nguyễn Văn An', position: 'Phó Chủ tịch', text: 'KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An',
    });
    expect(findSigner(['\tTHỦ TƯỚNG Nguyễn Tấn Dũng'])).toMatchObject({ name: 'Nguyễn Tấn Dũng', position: 'Thủ tướng' });
    expect(findSigner(['\tTrần Văn Bình (Đã ký)'])).toMatchObject({ name: 'Trần Văn Bình', position: null });
  });
  it('reads plain lines: marks, position, then the name', () => {
    expect(findSigner(['Nơi nhận:', '- Lưu VT.', '', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '', '', 'Lê Thị Vân'])).toEqual({
      name: 'Lê Thị Vân', position: 'Phó Chủ tịch', text: 'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Thị Vân',
    });
  });
  it('reads the signature column of recipients lines copied across both columns from a PDF', () => {
    const lines = ['Nơi nhận: TM. ỦY BAN NHÂN DÂN', '- UBND tỉnh Thượng Giang (b/c); KT. CHỦ TỊCH', '- Sở Y tế; Sở Giáo dục và Đào tạo (b/c); PHÓ CHỦ TỊCH', '- TT Đảng ủy, TT HĐND xã;', '- CT, các PCT UBND xã; (Đã ký)', '- Các trường MN, TH, THCS trên địa bàn;', '- Trưởng các thôn; Nguyễn Thị Hồng Vân', '- Lưu: VT, VHXH.'];
    expect(findSigner(lines)).toMatchObject({ name: 'Nguyễn Thị Hồng Vân', position: 'Phó Chủ tịch' });
    // Recipients alone, a filing code in capitals: nobody signed there.
    expect(findSigner(['Nơi nhận: - Như trên;', '- Lưu: VT, VHXH.'])).toBeNull();
  });
  it('steps over a "(Đã ký)" line between the title and the name', () => {
    expect(findSigner(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', '(Đã ký)', '', 'Nguyễn Thị Hoa'])).toMatchObject({ name: 'Nguyễn Thị Hoa', position: 'Phó Giám đốc' });
  });
  it('passes over form placeholders and enacting lines', () => {
    expect(findSigner(['\t....., ngày .... tháng ..... năm...... CHỦ TỊCH (Ký, ghi rõ họ tên, đóng dấu)'])).toBeNull();
    expect(findSigner(['CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH', '', 'Căn cứ Luật Tổ chức chính quyền địa phương'])).toBeNull();
  });
  it('reads the names of ethnic-minority officials, whose words are no Vietnamese syllables', () => {
    expect(findSigner(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '', '(Đã ký)', '', 'Y Khuê Mlô'])).toMatchObject({ name: 'Y Khuê Mlô', position: 'Phó Chủ tịch' });
    expect(findSigner(['Nơi nhận:\tTM. ỦY BAN NHÂN DÂN', '- UBND tỉnh (b/c);\tKT. CHỦ TỊCH', '- Sở GDĐT tỉnh;\tPHÓ CHỦ TỊCH', '- Lưu: VT.\tA Hlôm'])).toMatchObject({ name: 'A Hlôm', position: 'Phó Chủ tịch' });
    expect(findSigner(['- Lưu: VT.\tCHỦ TỊCH Ksor Y Blin'])).toMatchObject({ name: 'Ksor Y Blin', position: 'Chủ tịch' });
    expect(findSigner(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', "H'Hen Niê"])).toMatchObject({ name: "H'Hen Niê", position: 'Phó Giám đốc' });
    // Capitalised words without any Vietnamese syllable among them are no name we can tell.
    expect(findSigner(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', 'Ksor Blin'])).toBeNull();
  });
  it('takes a name alone on its line under the recipients as the signature column\'s (a PDF pasted with its indent lost)', () => {
    const lines = ['Nơi nhận:\tTM. ỦY BAN NHÂN DÂN', '- UBND tỉnh Phù Lĩnh (b/c);\tKT. CHỦ TỊCH', '- Sở Y tế, Sở GDĐT tỉnh;\tPHÓ CHỦ TỊCH', '- TT Huyện ủy, TT HĐND huyện;', '- Lưu: VT, YT.', ' Hoàng Thị Lựu'];
    expect(findSigner(lines)).toMatchObject({ name: 'Hoàng Thị Lựu', position: 'Phó Chủ tịch' });
  });
  it('names the signer\'s own title, after the authority he signs for', () => {
    expect(ownPosition('TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH')).toBe('Vụ trưởng Vụ Kế hoạch - Tài chính');
    expect(ownPosition('KT. TRƯỞNG PHÒNG PHÓ TRƯỞNG PHÒNG')).toBe('Phó Trưởng phòng');
    expect(ownPosition('TM. ỦY BAN NHÂN DÂN TỈNH CHỦ TỊCH')).toBe('Chủ tịch');
  });
});

describe('sentence case', () => {
  const body = [
    'Thực hiện Quyết định số 22/2013/QĐ-TTg ngày 26/4/2013 của Thủ tướng Chính phủ, ngành Giáo dục',
    'và Đào tạo tỉnh Khánh Hòa triển khai chương trình giáo dục mầm non.',
  ].join('\n');
  const guide = new CasingGuide(body);
  it('keeps the capitals the document itself writes in that context', () => {
    expect(sentenceCase('THEO QUYẾT ĐỊNH SỐ 22/2013/QĐ-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ', guide)).toBe('theo Quyết định số 22/2013/QĐ-TTg của Thủ tướng Chính phủ');
    expect(sentenceCase('CỦA NGÀNH GIÁO DỤC VÀ ĐÀO TẠO TỈNH KHÁNH HÒA', guide)).toBe('của ngành Giáo dục và Đào tạo tỉnh Khánh Hòa');
    expect(sentenceCase('CHƯƠNG TRÌNH GIÁO DỤC MẦM NON', guide)).toBe('chương trình giáo dục mầm non');
  });
  it('capitalises the kind of the document a decision issues or approves, not of other plans', () => {
    const own = new CasingGuide('Xây dựng kế hoạch phát triển văn hóa đọc của đơn vị.\nTổ chức thực hiện Kế hoạch phát triển văn hóa đọc.');
    expect(sentenceCase('VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH PHÁT TRIỂN VĂN HÓA ĐỌC', own)).toBe('về việc phê duyệt Kế hoạch phát triển văn hóa đọc');
    expect(sentenceCase('BAN HÀNH QUY CHẾ TỔ CHỨC VÀ HOẠT ĐỘNG', own)).toBe('ban hành Quy chế tổ chức và hoạt động');
    expect(sentenceCase('TRIỂN KHAI KẾ HOẠCH PHÁT TRIỂN VĂN HÓA ĐỌC', own)).toBe('triển khai kế hoạch phát triển văn hóa đọc');
  });
  it('keeps abbreviations, restores names, opens a quotation with a capital', () => {
    expect(sentenceCase('TUYỂN SINH LỚP 10 THPT TỈNH HƯNG YÊN', guide, ['Hưng Yên'])).toBe('tuyển sinh lớp 10 THPT tỉnh Hưng Yên');
    expect(sentenceCase('ĐỀ ÁN “NÂNG CAO CHẤT LƯỢNG” GIAI ĐOẠN II', guide)).toBe('đề án “Nâng cao chất lượng” giai đoạn II');
  });
  it('writes agency names with a capital to each part', () => {
    expect(agencyCase('LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI')).toBe('Lao động - Thương binh và Xã hội');
    expect(agencyCase('GIÁO DỤC VÀ ĐÀO TẠO')).toBe('Giáo dục và Đào tạo');
  });
});

describe('issuer', () => {
  const none = () => null;
  it('names the body, its level and type', () => {
    expect(parseIssuer('UỶ BAN NHÂN DÂN TỈNH GIA LAI', none)).toMatchObject({ name: 'UBND tỉnh Gia Lai', level: 'province', type: 'UBND' });
    expect(parseIssuer('ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI', none)).toMatchObject({ name: 'UBND thành phố Hà Nội', level: 'province' });
    expect(parseIssuer('UBND THÀNH PHỐ CÀ MAU PHÒNG GIÁO DỤC VÀ ĐÀO TẠO', none)).toMatchObject({ name: 'Phòng Giáo dục và Đào tạo thành phố Cà Mau', level: 'district', type: 'Phòng' });
    expect(parseIssuer('THỦ TƯỚNG CHÍNH PHỦ', none)).toMatchObject({ name: 'Thủ tướng Chính phủ', level: 'central', type: 'Thủ tướng' });
    expect(parseIssuer('ỦY BAN NHÂN DÂN', () => 'tỉnh An Giang')).toMatchObject({ name: 'UBND tỉnh An Giang', level: 'province' });
  });
  it('gives a Sở plan headed by its parent UBND to the Sở, by its number', () => {
    const parent = parseIssuer('UBND TỈNH VĨNH LONG', none)!;
    expect(issuerFromCode(parent, 'KH-SGDĐT')).toMatchObject({ name: 'Sở Giáo dục và Đào tạo tỉnh Vĩnh Long', type: 'Sở', level: 'province' });
    expect(issuerFromCode(parent, 'KH-UBND')).toBe(parent);
  });
});

describe('title block and whole header', () => {
  it('reads a type line alone and its subject lines', () => {
    expect(readTitle(['', 'QUYẾT ĐỊNH', '', 'HỖ TRỢ NGƯỜI CÓ CÔNG', 'VỚI CÁCH MẠNG VỀ NHÀ Ở', '', 'Căn cứ Luật'], 0)).toMatchObject({ kind: 'Quyết định', subject: 'HỖ TRỢ NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG VỀ NHÀ Ở', upper: true });
    expect(readTitle(['VỀ THỰC HIỆN NHIỆM VỤ NĂM HỌC 2022-2023', 'Năm học 2022-2023, ngành…'], 0)).toMatchObject({ kind: null, subject: 'VỀ THỰC HIỆN NHIỆM VỤ NĂM HỌC 2022-2023' });
  });
  it('takes nothing from a related-documents list or a scraped title above the header', () => {
    const text = [
      '# Kế hoạch 999/KH-UBND về một việc khác',
      '- 1 Quyết định 2457/QĐ-BGDĐT năm 2023 về Kế hoạch nhiệm vụ năm học 2023-2024',
      'ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |',
      'Số: 11/CT-UBND | An Giang, ngày 11 tháng 9 năm 2023 |',
      'VỀ VIỆC THỰC HIỆN NHIỆM VỤ TRỌNG TÂM NĂM HỌC 2023-2024 TRÊN ĐỊA BÀN TỈNH AN GIANG',
      'Thực hiện Quyết định số 2457/QĐ-BGDĐT ngày 23/8/2023 của Bộ Giáo dục và Đào tạo.',
    ].join('\n');
    const m = extractMetadata('x', normalizeText(text));
    expect(m).toMatchObject({
      docNumber: '11/CT-UBND', docKind: 'Chỉ thị', issuer: 'UBND tỉnh An Giang', place: 'An Giang', signed: { iso: '2023-09-11' },
      title: 'Chỉ thị về việc thực hiện nhiệm vụ trọng tâm năm học 2023-2024 trên địa bàn tỉnh An Giang', schoolYear: '2023-2024', signer: null, period: null,
      shortName: 'An Giang 2023-2024',
    });
  });
  it('reads a Sở plan headed by its parent, one paragraph per cell, decomposed Unicode and an en-dash motto', () => {
    const text = [
      'Hệ thống pháp luật', '',
      'UBND TỈNH BẾN TRE', '-------', '',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập – Tự do – Hạnh phúc', '---------------', '',
      'Số:', '512/KH-SGDĐT', '',
      'Bến Tre, ngày 0 5 tháng 9 năm 2023', '', '\u00A0', '',
      'KẾ HOẠCH', '', 'TỔ CHỨC HỘI THI GIÁO VIÊN DẠY GIỎI CẤP TỈNH NĂM HỌC 2023 - 2024', '',
      '(Ban hành kèm theo Quyết định số 77/QĐ-SGDĐT ngày 05/9/2023 của Sở Giáo dục và Đào tạo)', '',
      'Sở Giáo dục và Đào tạo tổ chức hội thi giáo viên dạy giỏi.', '',
      'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', 'Trần Văn Bình',
    ].join('\n').normalize('NFD');
    expect(extractMetadata('bt', normalizeText(text))).toMatchObject({
      issuer: 'Sở Giáo dục và Đào tạo tỉnh Bến Tre', issuerType: 'Sở', issuerLevel: 'province', docKind: 'Kế hoạch',
      docNumber: '512/KH-SGDĐT', enclosingNumber: '77/QĐ-SGDĐT', place: 'Bến Tre', signed: { iso: '2023-09-05' },
      title: 'Kế hoạch tổ chức hội thi giáo viên dạy giỏi cấp tỉnh năm học 2023 - 2024', schoolYear: '2023-2024',
      signer: { name: 'Trần Văn Bình', position: 'Phó Giám đốc' }, shortName: 'Bến Tre 2023-2024',
    });
  });
  it('reads number, place and date from a motto line read across the number cell', () => {
    const m = extractMetadata('x', normalizeText('ỦY BAN NHÂN DÂN XÃ PHÚC THẠNH ĐÔNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc Số: 45/KH-UBND Phúc Thạnh Đông, ngày 24 tháng 02 năm 2026\nKẾ HOẠCH\nPhòng, chống đuối nước cho trẻ em năm 2026\n'));
    expect(m).toMatchObject({ docNumber: '45/KH-UBND', place: 'Phúc Thạnh Đông' });
    expect(m.signed?.iso).toBe('2026-02-24');
  });
  it('reads a party-style number and its type code', () => {
    const m = extractMetadata('tu', normalizeText('TỈNH ỦY HÀ GIANG\nSố: 12-KH/TU\nHà Giang, ngày 3 tháng 1 năm 2024\nKẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT'));
    expect(m).toMatchObject({ docNumber: '12-KH/TU', docKind: 'Kế hoạch', place: 'Hà Giang', signed: { iso: '2024-01-03' }, title: 'Kế hoạch thực hiện nghị quyết' });
  });
  it('leaves a field the document does not give empty', () => {
    const m = extractMetadata('y', normalizeText('KẾ HOẠCH\nThực hiện nhiệm vụ năm học\n\nI. MỤC ĐÍCH'));
    expect(m).toMatchObject({ issuer: null, place: null, docNumber: null, signed: null, signer: null, schoolYear: null, period: null, title: 'Kế hoạch thực hiện nhiệm vụ năm học' });
  });
});
