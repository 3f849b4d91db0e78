// The pure parts of the format readers, on small hand-made inputs: Word numbering rules,
// PDF page layout, versions of one plan.
import { describe, expect, it } from 'vitest';
import { WordNumbering, formatNumber } from '../src/corpus/formats/wordNumbering.js';
import { layoutPdfText, type PageText, type TextPiece } from '../src/corpus/formats/pdfLayout.js';
import { resolveVersions, planKey, type VersionFacts } from '../src/corpus/versions.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const numbering = (body: string) => `<?xml version="1.0"?><w:numbering xmlns:w="${W}">${body}</w:numbering>`;
const lvl = (ilvl: number, fmt: string, text: string, extra = '') => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;

describe('Word numbering', () => {
  const abstract = `<w:abstractNum w:abstractNumId="7">${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'decimal', '%2.')}${lvl(2, 'decimal', '%2.%3.')}${lvl(3, 'lowerLetter', '%4)')}</w:abstractNum>`;

  it('counts per level, restarts deeper levels, and writes labels from the level templates', () => {
    const n = new WordNumbering(numbering(`${abstract}<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>`), [W]);
    const seq = [0, 1, 2, 2, 3, 3, 1, 2, 0, 1, 3].map((ilvl) => n.next({ numId: '1', ilvl }));
    expect(seq).toEqual(['I.', '1.', '1.1.', '1.2.', 'a)', 'b)', '2.', '2.1.', 'II.', '1.', 'a)']);
  });

  it('continues an abstract list across list instances, and restarts one with a start override', () => {
    const xml = numbering(`${abstract}<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num>`);
    const n = new WordNumbering(xml, [W]);
    expect([n.next({ numId: '1', ilvl: 1 }), n.next({ numId: '2', ilvl: 1 }), n.next({ numId: '3', ilvl: 1 }), n.next({ numId: '3', ilvl: 1 })]).toEqual(['1.', '2.', '5.', '6.']);
  });

  it('shows every level in decimal under legal numbering, bullets as "-", unknown lists as unnumbered', () => {
    const xml = numbering(`<w:abstractNum w:abstractNumId="1">${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'decimal', '%1.%2.', '<w:isLgl/>')}${lvl(2, 'bullet', '•')}</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>`);
    const n = new WordNumbering(xml, [W]);
    expect([n.next({ numId: '4', ilvl: 0 }), n.next({ numId: '4', ilvl: 0 }), n.next({ numId: '4', ilvl: 1 }), n.next({ numId: '4', ilvl: 2 }), n.next({ numId: '9', ilvl: 0 })]).toEqual(['I.', 'II.', '2.1.', '-', null]);
    expect([formatNumber(4, 'lowerRoman'), formatNumber(28, 'lowerLetter'), formatNumber(3, 'decimalZero')]).toEqual(['iv', 'bb', '03']);
  });
});

describe('PDF layout', () => {
  const piece = (str: string, x: number, y: number, size = 10): TextPiece => ({ str, x, y, width: str.length * size * 0.5, size });
  const page = (pieces: TextPiece[]): PageText => ({ width: 595, height: 842, pieces });

  it('reads lines top to bottom, left to right, whatever order the pieces come in', () => {
    expect(layoutPdfText([page([piece('thứ hai.', 50, 700), piece('Dòng', 50, 720), piece('đầu.', 80, 720)])])).toBe('Dòng đầu.\nthứ hai.');
  });

  it('drops a running header and page numbers, and joins a sentence wrapped across the page break', () => {
    const wrapped = 'Tiếp tục nâng cao chất lượng giáo dục toàn diện cho học sinh các cấp học và';
    const pages = [1, 2, 3].map((n) =>
      page([
        piece('UBND QUẬN HỒNG BÀNG - Kế hoạch năm học', 50, 800, 8),
        ...(n === 1 ? [piece('I. MỤC TIÊU', 50, 760), piece(wrapped, 50, 746)] : n === 2 ? [piece('phát triển năng lực người học.', 50, 760), piece('Câu khác.', 50, 746)] : [piece('Kết thúc.', 50, 760)]),
        piece(`- ${n} -`, 290, 30),
      ]),
    );
    expect(layoutPdfText(pages)).toBe(`I. MỤC TIÊU\n${wrapped} phát triển năng lực người học.\nCâu khác.\nKết thúc.`);
  });

  it('reads the two columns at the top of the first page one after the other', () => {
    const top = page([
      piece('UBND QUẬN HỒNG BÀNG', 50, 800),
      piece('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 320, 800),
      piece('Độc lập - Tự do - Hạnh phúc', 340, 786),
      piece('Số: 247/KH-UBND', 60, 772),
      piece('Hồng Bàng, ngày 25 tháng 8 năm 2023', 330, 772),
      piece('KẾ HOẠCH', 260, 740),
    ]);
    expect(layoutPdfText([top]).split('\n')).toEqual(['UBND QUẬN HỒNG BÀNG', 'Số: 247/KH-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Hồng Bàng, ngày 25 tháng 8 năm 2023', 'KẾ HOẠCH']);
  });

  it('writes wide gaps as tabs (table cells) and gives NFC', () => {
    const decomposed = 'Tie\u0302\u0301p tu\u0323c';
    expect(layoutPdfText([page([piece('1', 50, 700), piece(decomposed, 100, 700), piece('86%', 400, 700)])])).toBe('1\tTiếp tục\t86%');
  });
});

describe('versions of one plan', () => {
  const v = (docId: string, o: Partial<VersionFacts> = {}): VersionFacts => ({ docId, issuer: 'UBND quận Hồng Bàng', docNumber: '247/KH-UBND', schoolYear: '2023-2024', title: 'Kế hoạch', signed: null, receivedAt: null, ...o });

  it('groups by issuer, number and school year; the latest signing date, then the latest file, wins', () => {
    const m = resolveVersions([
      v('a', { signed: { iso: '2023-08-25' }, receivedAt: '2023-09-10T00:00:00Z' }),
      v('b', { signed: { iso: '2023-09-05' }, receivedAt: '2023-09-06T00:00:00Z' }),
      v('c', { signed: { iso: '2023-09-05' }, receivedAt: '2023-09-07T00:00:00Z' }),
      v('other-year', { schoolYear: '2024-2025' }),
      v('other-number', { docNumber: '248/KH-UBND' }),
    ]);
    expect(Object.fromEntries(m)).toEqual({ a: 'c', b: 'c', c: null, 'other-year': null, 'other-number': null });
  });

  it('never groups a document whose issuer or school year is unknown; tells unnumbered drafts apart by title', () => {
    expect(planKey(v('x', { issuer: null }))).toBeNull();
    expect(planKey(v('x', { schoolYear: null }))).toBeNull();
    const m = resolveVersions([v('d1', { docNumber: null, title: 'Kế hoạch A' }), v('d2', { docNumber: null, title: 'Kế hoạch B' }), v('d3', { docNumber: null, title: 'Kế hoạch A', receivedAt: '2024' })]);
    expect(Object.fromEntries(m)).toEqual({ d1: 'd3', d2: null, d3: null });
  });

  it('keeps apart issuers that differ only by their marks (Tân Thạnh, Tân Thành); an issuer written without marks joins the plan', () => {
    const m = resolveVersions([
      v('thanh-dot', { issuer: 'UBND HUYỆN TÂN THẠNH', receivedAt: '2024-01' }),
      v('thanh-grave', { issuer: 'UBND huyện Tân Thành', receivedAt: '2024-02' }),
      v('thanh-dot-typed', { issuer: 'UBND huyen Tan Thanh', receivedAt: '2024-03' }),
      v('thanh-dot-again', { issuer: 'UBND huyện  Tân Thạnh', receivedAt: '2024-04' }),
    ]);
    expect(Object.fromEntries(m)).toEqual({ 'thanh-dot': 'thanh-dot-again', 'thanh-grave': null, 'thanh-dot-typed': 'thanh-dot-again', 'thanh-dot-again': null });
  });

  it('takes an issuer written with old-style tone marks, other case or punctuation for the same body', () => {
    const m = resolveVersions([
      v('new-style', { issuer: 'Ủy ban nhân dân huyện Tân Thạnh', receivedAt: '2024-01' }),
      v('old-style', { issuer: 'UỶ BAN NHÂN DÂN HUYỆN TÂN THẠNH,', receivedAt: '2024-02' }),
    ]);
    expect(Object.fromEntries(m)).toEqual({ 'new-style': 'old-style', 'old-style': null });
  });
});

describe('Word documents as offices write them', () => {
  const NS = `xmlns:w="${W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`;
  const p = (text: string, props = '') => `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
  const style = (id: string) => `<w:pStyle w:val="${id}"/>`;

  it('numbers headings through their styles (basedOn), honours numId 0, skips deleted text, field codes and fallbacks, and puts footnotes last', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const { docxToText } = await import('../src/corpus/formats/docx.js');
    const styles = `<w:styles ${NS}>
      <w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="5"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
    </w:styles>`;
    const num = `<w:numbering ${NS}><w:abstractNum w:abstractNumId="0">${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'decimal', '%2.')}</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
    const body = [
      p('MỤC TIÊU', style('Heading1')),
      p('Chỉ tiêu', style('Heading2')),
      `<w:p><w:r><w:t>Tỷ lệ đạt 99%</w:t></w:r><w:del><w:r><w:delText> (bỏ)</w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>`,
      `<w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>Hộp chữ</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>Hộp chữ</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
      p('Nhiệm vụ', style('Heading2')),
      p('TỔ CHỨC THỰC HIỆN', style('Heading1')),
      p('Không đánh số', `${style('Heading2')}<w:numPr><w:numId w:val="0"/></w:numPr>`),
      `<w:tbl><w:tr><w:tc>${p('1.')}</w:tc><w:tc>${p('Trường đạt chuẩn')}</w:tc><w:tc>${p('5')}${p('trường')}</w:tc></w:tr><w:tr><w:tc>${p('2')}</w:tc><w:tc>${p('Phòng học')}</w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr>${p('')}</w:tc></w:tr><w:tr><w:tc>${p('3')}</w:tc><w:tc>${p('Giáo viên')}</w:tc><w:tc>${p('10')}</w:tc></w:tr><w:tr><w:tc>${p('4')}</w:tc><w:tc>${p('Thư viện')}</w:tc><w:tc>${p('2')}</w:tc></w:tr></w:tbl>`,
    ].join('');
    const footnotes = `<w:footnotes ${NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Theo Quyết định số 12/QĐ-UBND.</w:t></w:r></w:p></w:footnote></w:footnotes>`;
    const zip = zipSync({
      'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${NS}><w:body>${body}</w:body></w:document>`),
      'word/styles.xml': strToU8(styles),
      'word/numbering.xml': strToU8(num),
      'word/footnotes.xml': strToU8(footnotes),
    });
    expect((await docxToText('x.docx', Buffer.from(zip))).split('\n')).toEqual([
      'I. MỤC TIÊU',
      '1. Chỉ tiêu',
      'Tỷ lệ đạt 99%.¹',
      'Hộp chữ',
      '2. Nhiệm vụ',
      'II. TỔ CHỨC THỰC HIỆN',
      'Không đánh số',
      '1\tTrường đạt chuẩn\t5 trường',
      '2\tPhòng học\t',
      '3\tGiáo viên\t10',
      '4\tThư viện\t2',
      '¹ Theo Quyết định số 12/QĐ-UBND.',
    ]);
  });
});
