// Parsing of the five real plans: clause counts, stable ids with their headings, metadata,
// and the rule that every character of body text lands in exactly one clause.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { normalizeText, normalizeToneMarks, stripMarkdown } from '../src/corpus/normalize.js';
import { parseClauses } from '../src/corpus/parse.js';
import { extractMetadata } from '../src/corpus/metadata.js';
import { layoutLines } from '../src/corpus/lines.js';
import { syllables, lexicalUnits } from '../src/corpus/fold.js';
import { decodeText } from '../src/corpus/load.js';
import { DocumentError } from '../src/corpus/types.js';
import { HONG_BANG_AGENCIES } from './helpers/expected.js';
import { expectParentsLinked } from './helpers/clauseTree.js';

const CORPUS = path.resolve(__dirname, '../corpus');
function load(docId: string) {
  const lines = normalizeText(readFileSync(path.join(CORPUS, `${docId}.txt`), 'utf8'));
  return { lines, clauses: parseClauses(docId, lines), meta: extractMetadata(docId, lines) };
}
const headingOf = (clauses: ReturnType<typeof parseClauses>, p: string) => clauses.find((c) => c.path === p)?.heading;

describe('normalization', () => {
  it('puts tone marks on one place and keeps qu- syllables', () => {
    expect(normalizeToneMarks('cấp uỷ, cụ thể hoá, xoá mù chữ, HOÀ')).toBe('cấp ủy, cụ thể hóa, xóa mù chữ, HÒA');
    expect(normalizeToneMarks('quý IV, quỹ đất, hoàng, thuyết')).toBe('quý IV, quỹ đất, hoàng, thuyết');
  });
  it('removes markdown emphasis and strike marks', () => {
    expect(stripMarkdown('Số: ~~247~~/KH-UBND')).toBe('Số: 247/KH-UBND');
    expect(stripMarkdown('*** Giáo dục Tiểu học:**')).toBe('- Giáo dục Tiểu học:');
    expect(stripMarkdown('thi đua “*Dạy giỏi*” và **“Đoàn kết”**')).toBe('thi đua “Dạy giỏi” và “Đoàn kết”');
    // A converter's backslash escapes are the marks they escape.
    expect(stripMarkdown('\\-\\-\\-\\-\\-')).toBe('-----');
    expect(stripMarkdown('\\- Kinh phí tổ chức lựa chọn SGK')).toBe('- Kinh phí tổ chức lựa chọn SGK');
    expect(stripMarkdown('Điều 1\\. Phạm vi \\(khoản 2\\)')).toBe('Điều 1. Phạm vi (khoản 2)');
  });
  it('drops markdown sub-heading marks so the numbering behind them is read, keeps a lone #', () => {
    expect(stripMarkdown('## II. MỤC TIÊU')).toBe('II. MỤC TIÊU');
    expect(stripMarkdown('### 2. Mục tiêu cụ thể')).toBe('2. Mục tiêu cụ thể');
    expect(stripMarkdown('# Kế hoạch 458/KH-SGDĐT')).toBe('# Kế hoạch 458/KH-SGDĐT');
    const md = ['## II. MỤC TIÊU', '### 1. Mục tiêu chung', 'Phát triển giáo dục hướng nghiệp.', '### 2. Mục tiêu cụ thể', 'a) Mỗi năm 300 giáo viên được bồi dưỡng.', '## III. NHIỆM VỤ', '### 1. Đổi mới nội dung', 'a) Mỗi tháng 02 buổi.'];
    const ids = parseClauses('md', normalizeText(md.join('\n'))).map((c) => c.id.split('#')[1]);
    expect(ids).toEqual(expect.arrayContaining(['II.1', 'II.2.a', 'III.1.a']));
    expect(ids.some((id) => /-\d$/.test(id))).toBe(false);
  });
  it('gives the paragraph that ends the body a part of its own, not the last item', () => {
    const text = ['KẾ HOẠCH', 'I. TỔ CHỨC THỰC HIỆN', '1. UBND các xã', '- Gửi kế hoạch trước ngày 10 tháng 5 năm 2025.', '', 'Trên đây là Kế hoạch phòng, chống đuối nước trẻ em năm 2025. Trong quá trình thực hiện, nếu có vướng mắc, phản ánh về Phòng Văn hóa - Xã hội./.', '', 'Nơi nhận:', '- Lưu: VT.'];
    const clauses = parseClauses('k', normalizeText(text.join('\n')));
    const last = clauses.find((c) => c.id === 'k#I.1')!;
    expect(last.text).toContain('10 tháng 5 năm 2025');
    expect(last.text).not.toContain('Trên đây');
    expect(clauses.find((c) => c.id === 'k#ket-luan')!.text).toMatch(/^Trên đây là Kế hoạch/);
    const nq = parseClauses('n', normalizeText(['NGHỊ QUYẾT', 'Điều 1. Phạm vi', 'Nội dung.', 'Nghị quyết này đã được Hội đồng nhân dân tỉnh Đồng Nai khóa X, kỳ họp thứ 24 thông qua ngày 27 tháng 6 năm 2025./.'].join('\n')));
    expect(nq.find((c) => c.id === 'n#ket-luan')!.text).toContain('thông qua ngày 27 tháng 6 năm 2025');
    expect(nq.find((c) => c.id === 'n#dieu-1')!.text).not.toContain('thông qua');
  });
  it('cleans OCR noise', () => {
    const [a, b, c, d] = normalizeText('Số: 🚜 /KH-PGDĐT\nTP. Cà Mau, ngày O4 tháng 9 năm 2020\nKÉ HOẠCH\ndưới 1 %;');
    expect([a, b, c, d]).toEqual(['Số: /KH-PGDĐT', 'TP. Cà Mau, ngày 04 tháng 9 năm 2020', 'KẾ HOẠCH', 'dưới 1%;']);
  });
  it('outputs NFC even from decomposed input', () => {
    const decomposed = 'Giáo dục'.normalize('NFD');
    expect(normalizeText(decomposed)[0]).toBe('Giáo dục'.normalize('NFC'));
  });
  it('folds diacritics and đ, unifies i/y spellings, makes bigrams', () => {
    expect(syllables('Đảm bảo tỉ lệ 99,5%')).toEqual(['dam', 'bao', 'ty', 'le', '99,5']);
    expect(lexicalUnits('suy dinh dưỡng')).toEqual(['suy', 'dinh', 'duong', 'suy_dinh', 'dinh_duong']);
    // "GD&ĐT" and "GDĐT" are one word, however an official writes it.
    expect(lexicalUnits('Sở GD&ĐT')).toEqual(lexicalUnits('Sở GDĐT'));
    // A rate after a slash is "mỗi …"; a date or a document number is no rate.
    expect(lexicalUnits('Mức hỗ trợ: 800.000 đồng/người/tháng')).toContain('moi_thang');
    expect(lexicalUnits('Mức hỗ trợ: 800.000 đồng/người/tháng')).not.toContain('moi_nguoi');
    expect(lexicalUnits('Hỗ trợ 2 tiết / tuần')).toContain('moi_tuan');
    expect(lexicalUnits('Kế hoạch số 2313/KH-SGDĐT ngày 10/9/2023').filter((x) => x.startsWith('moi'))).toEqual([]);
  });
});

describe('page-break joins and footnotes', () => {
  it('joins a sentence split by a page break and lifts footnotes out', () => {
    const { body, footnotes } = layoutLines(['nhiệm kỳ 2020 -', '', '¹ Nghị quyết số 05-NQ/ĐH.', '', '2025; Nghị quyết Đại hội.', '', '1. Mục tiêu']);
    expect(body.map((l) => l.text)).toEqual(['nhiệm kỳ 2020 - 2025; Nghị quyết Đại hội.', '1. Mục tiêu']);
    expect(body[0].lines).toEqual([1, 5]);
    expect(footnotes).toHaveLength(1);
  });
  it('keeps a page number copied from a PDF out of the text, its line with the text before it', () => {
    const { body } = layoutLines(['Trong quá trình thực', 'Trang 3/4', 'hiện, nếu có khó khăn thì báo cáo.', '- 4 -', '6. Hội Phụ nữ xã: tuyên truyền.']);
    expect(body.map((l) => l.text)).toEqual(['Trong quá trình thực hiện, nếu có khó khăn thì báo cáo.', '6. Hội Phụ nữ xã: tuyên truyền.']);
    expect(body[0].lines).toEqual([1, 2, 3, 4]);
  });
  it('does not join a heading to the next heading or to a sentence that starts in capitals', () => {
    const { body } = layoutLines(['2. Mục tiêu cụ thể', '2.1. Giáo dục Mầm non', 'a) Về số lượng', 'Huy động trẻ']);
    expect(body).toHaveLength(4);
  });
});

const EXPECTED: Record<string, { count: number; ids: [string, string][] }> = {
  'hong-bang-2023-2024': {
    count: 41,
    ids: [
      ['preamble', 'Phần mở đầu'],
      ['II.1', 'Tiếp tục thực hiện Nghị quyết Đại hội lần thứ XXIII Đảng bộ quận'],
      ['III.1.1', 'Chỉ tiêu'],
      ['III.2.1', 'Chỉ tiêu'],
      ['IV', 'TỔ CHỨC THỰC HIỆN'],
      ['IV.9', 'Công an quận'],
      ['closing', 'Nơi nhận, chữ ký'],
    ],
  },
  'thanh-xuan-2021-2022': {
    count: 55,
    ids: [
      ['II.3.1.2', 'Nâng cao vai trò quản lý nhà nước đối với các cơ sở giáo dục, đặc biệt siết chặt việc quản lý hoạt động các cơ sở ngoài công lập'],
      ['II.4.2', 'Công an quận'],
      ['II.4.1.1', 'Phòng Giáo dục và Đào tạo'],
      ['appendix-1', 'Một số chỉ tiêu cơ bản năm học 2021-2022'],
      ['appendix-1.7', 'Giảm tỉ lệ trẻ MN suy dinh dưỡng'],
      ['appendix-1.12', 'Xây dựng trường đạt chuẩn QG'],
    ],
  },
  'tp-hcm-2023-2024': {
    count: 30,
    ids: [
      ['preamble', 'Phần mở đầu'],
      ['dieu-2', 'Quyết định có hiệu lực kể từ ngày ký'],
      ['intro', 'Kế hoạch'],
      ['II.13', 'Tăng cường công tác truyền thông giáo dục'],
      ['III.2', 'Các sở, ban, ngành Thành phố'],
    ],
  },
  'muong-te-2022-2023': {
    count: 46,
    ids: [
      ['II.2.1.a', 'Về số lượng'],
      ['II.2.2.1.a', 'Về số lượng'],
      ['II.2.2.3', 'Giáo dục Trung học phổ thông và Giáo dục thường xuyên'],
      ['II.2.4', 'Về học sinh giỏi các cấp, nghiên cứu khoa học kỹ thuật'],
      ['footnote-1', 'Chú thích 1'],
      ['footnote-9', 'Chú thích 9'],
    ],
  },
  'ca-mau-2020-2021': {
    count: 24,
    ids: [
      ['II.1', 'Đối với Giáo dục mầm non'],
      ['IV.5', 'Đẩy mạnh công tác truyền thông về giáo dục và đào tạo'],
      ['V.1', 'Phòng GD&ĐT'],
    ],
  },
};

describe('clause trees of the five corpus plans', () => {
  it('covers every corpus file', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => f.replace(/\.txt$/, ''));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [docId, want] of Object.entries(EXPECTED)) {
    describe(docId, () => {
      const { lines, clauses } = load(docId);
      it(`has ${want.count} clauses and the pinned ids`, () => {
        expect(clauses).toHaveLength(want.count);
        for (const [p, heading] of want.ids) expect(headingOf(clauses, p), p).toBe(heading);
        for (const c of clauses) expect(c.id).toBe(`${docId}#${c.path}`);
      });
      it('puts every non-blank line in exactly one clause', () => {
        const used = clauses.flatMap((c) => c.lines);
        expect(new Set(used).size).toBe(used.length);
        const nonBlank = lines.flatMap((l, i) => (l.trim() ? [i + 1] : []));
        expect([...used].sort((a, b) => a - b)).toEqual(nonBlank);
      });
      it('keeps every character of body text', () => {
        const src = lines.join('').replace(/\s/g, '');
        // A table row repeats its table's header (context) after its own line: counted once.
        const got = clauses.map((c) => (c.context ? c.text.slice(0, -(c.context.length + 1)) : c.text)).join('').replace(/\s/g, '');
        expect(got.length).toBe(src.length);
        expect([...got].sort().join('')).toBe([...src].sort().join(''));
      });
      it('links parents that exist and come first', () => expectParentsLinked(clauses));
    });
  }

  it('lists the twelve agencies under IV of Hồng Bàng', () => {
    const { clauses } = load('hong-bang-2023-2024');
    const agencies = clauses.filter((c) => c.parentId === 'hong-bang-2023-2024#IV').map((c) => c.heading);
    expect(agencies).toEqual(HONG_BANG_AGENCIES);
  });

  it('reads the Thanh Xuân appendix table of basic targets as twelve rows', () => {
    const { clauses } = load('thanh-xuan-2021-2022');
    const rows = clauses.filter((c) => c.parentId === 'thanh-xuan-2021-2022#appendix-1');
    expect(rows.map((r) => r.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(rows[6].text).toContain('Dưới 1,5%');
  });

  it('joins the heading of Hồng Bàng II.1 split by a page break', () => {
    const { clauses } = load('hong-bang-2023-2024');
    const c = clauses.find((x) => x.path === 'II.1')!;
    expect(c.text.split('\n')[0]).toMatch(/ngày 13\/12\/2022 của Ban Thường vụ Quận ủy/);
  });

  it('keeps Mường Tè III body continuous across the footnote', () => {
    const { clauses } = load('muong-te-2022-2023');
    const c = clauses.find((x) => x.path === 'III')!;
    expect(c.text).toMatch(/nhiệm kỳ 2020 - 2025; Nghị quyết Đại hội đại biểu Đảng bộ huyện/);
    expect(c.text).not.toMatch(/^¹/m);
  });
});

describe('numbering schemes nested', () => {
  it('puts lettered parts under the Phần they follow, and the Roman, decimal and lettered items under them', () => {
    const text = ['KẾ HOẠCH', 'Thực hiện nhiệm vụ năm học 2024-2025', 'PHẦN I', 'ĐÁNH GIÁ', 'Năm học trước đã hoàn thành.', 'PHẦN II', 'NHIỆM VỤ', 'A. MỤC TIÊU CHUNG', 'Nâng cao chất lượng.', 'B. NHIỆM VỤ CỤ THỂ', 'I. GIÁO DỤC MẦM NON', '1. Chỉ tiêu', '1.1. Huy động trẻ', '1.1.1. Tỷ lệ trẻ mẫu giáo ra lớp đạt 95%.', '1.2. Chất lượng', 'a) Tỷ lệ trẻ suy dinh dưỡng dưới 5%;', 'đ) Tỷ lệ trường đạt chuẩn 60%.', 'PHẦN III', 'TỔ CHỨC THỰC HIỆN', '1. Sở chủ trì.'].join('\n');
    const clauses = parseClauses('kh-3', normalizeText(text));
    const paths = clauses.map((c) => c.path);
    expect(paths).toEqual(expect.arrayContaining(['phan-1', 'phan-2', 'phan-2.A', 'phan-2.B', 'phan-2.B.I', 'phan-2.B.I.1', 'phan-2.B.I.1.1', 'phan-2.B.I.1.1.1', 'phan-2.B.I.1.2', 'phan-2.B.I.1.2.a', 'phan-2.B.I.1.2.đ', 'phan-3', 'phan-3.1']));
    expectParentsLinked(clauses);
  });
});

describe('the signature block', () => {
  it('is a part of its own when it opens with a bare title ("TRƯỞNG PHÒNG", then the name), not the tail of the last clause', () => {
    const lines = normalizeText(['KẾ HOẠCH', 'Thực hiện nhiệm vụ năm học 2024-2025', 'I. TỔ CHỨC THỰC HIỆN', '1. Trạm Y tế các xã', 'Kiểm tra an toàn thực phẩm bếp ăn bán trú.', '', 'TRƯỞNG PHÒNG', '(Đã ký)', 'Lê Văn Tám'].join('\n'));
    const clauses = parseClauses('kh-1', lines);
    expect(clauses.find((c) => c.path === 'I.1')!.text).not.toMatch(/TRƯỞNG PHÒNG|Lê Văn Tám/);
    expect(clauses.find((c) => c.kind === 'closing')!.text).toContain('Lê Văn Tám');
    // A position named in a sentence, or a title line with no name under it, does not close the plan.
    const other = parseClauses('kh-2', normalizeText(['I. NHIỆM VỤ', '1. Báo cáo', 'GIÁM ĐỐC', 'Sở chủ trì việc báo cáo.'].join('\n')));
    expect(other.some((c) => c.kind === 'closing')).toBe(false);
  });
});

describe('document metadata', () => {
  it('reads issuer, place, number, signing date and school year', () => {
    const m = (id: string) => load(id).meta;
    expect(m('thanh-xuan-2021-2022')).toMatchObject({
      issuer: 'UBND quận Thanh Xuân',
      place: 'Thanh Xuân',
      docNumber: '247/KH-UBND',
      signed: { iso: '2021-08-25', precision: 'day' },
      schoolYear: '2021-2022',
      title: 'Kế hoạch nhiệm vụ năm học 2021-2022',
      shortName: 'Thanh Xuân 2021-2022',
    });
    expect(m('hong-bang-2023-2024')).toMatchObject({ issuer: 'UBND quận Hồng Bàng', docNumber: null, signed: { iso: '2023', precision: 'year' }, schoolYear: '2023-2024' });
    expect(m('muong-te-2022-2023')).toMatchObject({ issuer: 'UBND huyện Mường Tè', signed: { iso: '2022-09', precision: 'month' }, schoolYear: '2022-2023' });
    expect(m('tp-hcm-2023-2024')).toMatchObject({ issuer: 'UBND Thành phố Hồ Chí Minh', place: 'Thành phố Hồ Chí Minh', docNumber: '3679/QĐ-UBND', signed: { iso: '2023-08-31', precision: 'day' }, shortName: 'TP.HCM 2023-2024' });
    expect(m('ca-mau-2020-2021')).toMatchObject({ issuer: 'Phòng Giáo dục và Đào tạo thành phố Cà Mau', place: 'Cà Mau', signed: { iso: '2020-09-04', precision: 'day' }, schoolYear: '2020-2021' });
  });
});

describe('decoding bad input', () => {
  const bad = (bytes: Buffer) => () => decodeText('x.txt', bytes);
  it('refuses empty, binary and invalid UTF-8 files with a reason', () => {
    expect(bad(Buffer.from('   \n\n'))).toThrow(/empty/);
    expect(bad(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x41, 0x42]))).toThrow(DocumentError);
    expect(bad(Buffer.from([0xc3, 0x28, 0x41, 0x42]))).toThrow(/not valid UTF-8/);
    expect(bad(Buffer.from('% ^ & * ( ) 1 2 3 4 5 6 7 8 9 0 = + - / \\ | ; : , . < > ? ! @ # $'))).toThrow(/garbled|too short/);
  });
  it('reads UTF-16 with a byte-order mark', () => {
    const text = 'KẾ HOẠCH\n' + 'Thực hiện nhiệm vụ năm học 2023 - 2024 của ngành giáo dục và đào tạo quận.';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText('x.txt', le)).toBe(text);
  });
});
