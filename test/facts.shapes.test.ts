// The shapes of decisions, circulars, official letters and regulations, on short synthetic
// sentences: money, area and household targets with floors and caps, table cells with their
// unit in the header or a unit line; agencies from headings, "X có trách nhiệm:" lists,
// subjects after an opening phrase, the agency before "chủ trì", central agencies; time limits,
// start dates, yearly occasions, recurrences with their day, days in words, quarters, two months.
// And a dated task with no date of its own gets no reminder.
import { describe, expect, it } from 'vitest';
import type { Clause, ClauseKind, DocumentMeta } from '../src/corpus/types.js';
import { agencyKey, agencyMatches, extractFacts, type Deadline } from '../src/facts/index.js';
import { findDates } from '../src/facts/vietnameseDates.js';
import { normalizeText } from '../src/corpus/normalize.js';
import { parseClauses } from '../src/corpus/parse.js';
import { planRows } from '../src/notify/planner.js';
import { formatDeadlineLine } from '../src/commands/deadlines.js';
import type { ActiveSubscription } from '../src/store/chats.js';
import type { DocumentRow } from '../src/store/repository.js';

const DOC = 'qd-1-2012';
const meta = (over: Partial<DocumentMeta> = {}): DocumentMeta => ({
  docId: DOC, title: 'Quyết định', shortName: 'QĐ 1/2012', issuer: null, place: null, docNumber: null,
  signed: { iso: '2012-06-25', precision: 'day', text: 'ngày 25 tháng 6 năm 2012' }, schoolYear: null, ...over,
});

/** Clauses from [path, kind, text, parent?] rows, in order. */
function clauses(rows: [string, ClauseKind, string, string?][]): Clause[] {
  return rows.map(([p, kind, text, parent], order) => ({
    id: `${DOC}#${p}`, docId: DOC, path: p, label: p.split('.').pop()!.replace(/^dieu-/, 'Điều '), heading: text.split('\n')[0].slice(0, 60), text, kind,
    parentId: parent ? `${DOC}#${parent}` : null, order, depth: p.split('.').length, lineStart: order + 1, lineEnd: order + 1, lines: [order + 1],
  }));
}
const facts = (rows: [string, ClauseKind, string, string?][], m: Partial<DocumentMeta> = {}) => extractFacts({ meta: meta(m), clauses: clauses(rows) });

describe('targets with units', () => {
  it('reads money per household, per unit and per person, in words between figure and unit', () => {
    const t = facts([
      ['dieu-3', 'article', 'Điều 3. Mức hỗ trợ\nHỗ trợ 40 triệu đồng/hộ đối với trường hợp phải phá dỡ để xây mới nhà ở.'],
      ['dieu-4', 'article', 'Điều 4. Mức quà\n- 20 (Hai mươi) triệu đồng/hộ đối với trường hợp sửa chữa;\n- Nhóm đối tượng số 5: 2.000.000 đồng/đơn vị;\n- Nhóm đối tượng số 6: 400.000 đồng/người.'],
      ['dieu-5', 'article', 'Điều 5. Mỗi dự án được cấp 1,5 tỷ đồng.'],
    ]).targets;
    expect(t.map((x) => [x.number, x.unit])).toEqual([[40, 'triệu đồng/hộ'], [20, 'triệu đồng/hộ'], [2000000, 'đồng/đơn vị'], [400000, 'đồng/người'], [1.5, 'tỷ đồng']]);
    expect(t[1].value).toBe('20 (Hai mươi) triệu đồng/hộ');
  });

  it('reads floors and caps: "tối thiểu", "không thấp hơn", "tối đa không quá", "không vượt quá", "tối đa bằng"', () => {
    const t = facts([
      ['dieu-1', 'article', 'Điều 1. Đảm bảo diện tích sử dụng tối thiểu 30 m2 (đối với hộ độc thân không thấp hơn 24 m2).'],
      ['dieu-2', 'article', 'Điều 2. Kinh phí quản lý với mức tối đa không quá 0,5% tổng kinh phí; mức tạm ứng không vượt quá 60% mức hỗ trợ; chi phí tối đa bằng 40% mức phí; cấp xã tối thiểu bằng 30%.'],
    ]).targets;
    expect(t.map((x) => [x.value, x.unit, x.comparator])).toEqual([
      ['30 m2', 'm2', 'tối thiểu'], ['24 m2', 'm2', 'tối thiểu'], ['0,5%', '%', 'tối đa'], ['60%', '%', 'tối đa'], ['40%', '%', 'tối đa'], ['30%', '%', 'tối thiểu'],
    ]);
  });

  it('reads households, weeks, classrooms and a percent range written with two signs', () => {
    const t = facts([['1', 'section', '1. Hỗ trợ khoảng 71.000 hộ; dạy đủ 35 tuần; xây mới 20 phòng học; ngân sách hỗ trợ từ 50% - 70% dự toán.']]).targets;
    expect(t.map((x) => [x.number, x.numberMax, x.unit])).toEqual([[71000, null, 'hộ'], [35, null, 'tuần'], [20, null, 'phòng học'], [50, 70, '%']]);
  });

  it('leaves a small count of people and "hộ gia đình" as words, not figures', () => {
    expect(facts([['1', 'section', '1. Trường hợp cả 2 người đã mất thì 3 hộ gia đình được xét.']]).targets).toEqual([]);
  });
});

/** A document's text through the real normalizer and parser, then the fact extractors. */
const parsedFacts = (docId: string, text: string) => extractFacts({ meta: meta({ docId }), clauses: parseClauses(docId, normalizeText(text)) });

describe('table rows', () => {
  it('reads a markdown table under its unit line, each year column a figure of its own', () => {
    const t = parsedFacts('kh-lc', ['KẾ HOẠCH', 'Đầu tư cơ sở vật chất giai đoạn 2024-2026', 'I. NHU CẦU KINH PHÍ', 'ĐVT: triệu đồng', '| STT | Nội dung | Năm 2024 | Năm 2025 |', '|---|---|---|---|', '| 1 | Xây phòng học | 12.000 | 15.500 |', '| 2 | Mua thiết bị | 4.200 | 3.800 |'].join('\n')).targets;
    expect(t.map((x) => [x.indicator, x.value, x.unit])).toEqual([
      ['Xây phòng học — Năm 2024', '12.000', 'triệu đồng'], ['Xây phòng học — Năm 2025', '15.500', 'triệu đồng'],
      ['Mua thiết bị — Năm 2024', '4.200', 'triệu đồng'], ['Mua thiết bị — Năm 2025', '3.800', 'triệu đồng'],
    ]);
  });

  it('reads figures with the unit of the unit line, under their header cells', () => {
    const t = facts([
      ['appendix-1', 'appendix', 'DỰ TOÁN KINH PHÍ'],
      ['appendix-1.1', 'row', 'ĐVT: triệu đồng\nTT\tNội dung\tNăm 2019\tDự toán 2020\n1\tTrợ cấp ưu đãi\t1.200\t1.350', 'appendix-1'],
    ]).targets;
    expect(t.map((x) => [x.indicator, x.number, x.unit])).toEqual([['Trợ cấp ưu đãi — Năm 2019', 1200, 'triệu đồng'], ['Trợ cấp ưu đãi — Dự toán 2020', 1350, 'triệu đồng']]);
  });

  it('reads the unit of a header cell ("(trđ/hộ)", "(%)")', () => {
    const t = facts([
      ['appendix-1', 'appendix', 'TỔNG HỢP'],
      ['appendix-1.1', 'row', 'TT\tHuyện\tHỗ trợ xây mới (trđ/hộ)\tTỷ lệ hộ (%)\n1\tHuyện A\t40\t12,5', 'appendix-1'],
    ]).targets;
    expect(t.map((x) => [x.number, x.unit])).toEqual([[40, 'triệu đồng/hộ'], [12.5, '%']]);
  });

  it('finds the row line among the header and "column: cell" lines a row clause may carry', () => {
    const t = facts([
      ['appendix-1', 'appendix', 'DỰ TOÁN'],
      ['appendix-1.2', 'row', '2\tĐiều dưỡng tập trung\t850\nNăm 2020: 850\nTT\tNội dung\tNăm 2020 (triệu đồng)\nĐơn vị: Trung tâm A', 'appendix-1'],
    ]).targets;
    expect(t.map((x) => [x.indicator, x.number, x.unit, x.quote])).toEqual([['Điều dưỡng tập trung — Năm 2020', 850, 'triệu đồng', '2\tĐiều dưỡng tập trung\t850']]);
  });

  it('reads no figure whose unit the clause does not show', () => {
    const t = facts([
      ['appendix-1', 'appendix', 'TỔNG HỢP'],
      ['appendix-1.1', 'row', 'TT\tHuyện\tSố lượng\n1\tHuyện A\t40', 'appendix-1'],
    ]).targets;
    expect(t.filter((x) => x.number !== null)).toEqual([]);
  });
});

describe('responsibilities', () => {
  it('reads "X chủ trì, phối hợp với Y" and "Giao X …" written as plain sentences under "TỔ CHỨC THỰC HIỆN"', () => {
    const r = parsedFacts('kh-tc', ['KẾ HOẠCH', 'Đầu tư năm 2024', 'I. MỤC TIÊU', 'Xây 10 phòng học.', 'II. TỔ CHỨC THỰC HIỆN', 'Sở Tài chính chủ trì, phối hợp với Sở Giáo dục và Đào tạo tham mưu bố trí vốn. Giao Sở Xây dựng thẩm định thiết kế.'].join('\n')).responsibilities;
    expect(r.map((x) => [x.agency, x.role, x.partners])).toEqual([['Sở Tài chính', 'chủ trì', ['Sở Giáo dục và Đào tạo']], ['Sở Xây dựng', 'thực hiện', []]]);
  });

  it('gives an agency heading on its own line the duties below it, and a "Trách nhiệm của X" part its items', () => {
    const r = facts([
      ['dieu-8', 'article', 'Điều 8. Tổ chức thực hiện'],
      ['dieu-8.1', 'section', '1. Trách nhiệm của các Bộ, ngành Trung ương', 'dieu-8'],
      ['dieu-8.1.a', 'item', 'a) Bộ Xây dựng:\n- Chủ trì, phối hợp với Bộ Tài chính hướng dẫn các tỉnh triển khai thực hiện;\n- Bố trí kinh phí cho công tác chỉ đạo.', 'dieu-8.1'],
      ['dieu-8.2', 'section', '2. Trách nhiệm của Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương', 'dieu-8'],
      ['dieu-8.2.a', 'item', 'a) Công bố công khai về đối tượng, tiêu chuẩn được hỗ trợ;', 'dieu-8.2'],
    ]).responsibilities;
    expect(r.map((x) => [x.agency, x.role, x.partners])).toEqual([
      ['Bộ Xây dựng', 'chủ trì', ['Bộ Tài chính']],
      ['Bộ Xây dựng', 'thực hiện', []],
      ['Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương', 'thực hiện', []],
    ]);
  });

  it('reads a numbered agency item "1. Sở …:" and "X: …, có trách nhiệm:" with points below', () => {
    const r = facts([
      ['dieu-5', 'article', 'Điều 5. Giao trách nhiệm:'],
      ['dieu-5.1', 'section', '1. Sở Lao động - Thương binh và Xã hội:\nHằng năm xây dựng kế hoạch, dự toán kinh phí.\nPhối hợp với Ủy ban nhân dân huyện tổ chức trao quà.', 'dieu-5'],
      ['dieu-5.2', 'section', '2. Sở Tài chính, Kho bạc Nhà nước tỉnh: Thẩm định dự toán, cấp kinh phí.', 'dieu-5'],
      ['dieu-7', 'article', 'Điều 7. Đối với các cơ quan nhà nước'],
      ['dieu-7.1', 'section', '1. Ủy ban nhân dân xã, phường, thị trấn: Khi nhận được hồ sơ, trong thời hạn không quá 15 ngày làm việc có trách nhiệm:', 'dieu-7'],
      ['dieu-7.1.a', 'item', 'a) Tiến hành bình xét, lấy ý kiến công khai.', 'dieu-7.1'],
    ]).responsibilities;
    expect(r.map((x) => [x.agency, x.role])).toEqual([
      ['Sở Lao động - Thương binh và Xã hội', 'thực hiện'],
      ['Sở Lao động - Thương binh và Xã hội', 'phối hợp'],
      ['Sở Tài chính, Kho bạc Nhà nước tỉnh', 'thực hiện'],
      ['Ủy ban nhân dân xã, phường, thị trấn', 'thực hiện'],
    ]);
    expect(r[2].members).toEqual(['Sở Tài chính', 'Kho bạc Nhà nước tỉnh']);
  });

  it('reads "Giám đốc Sở … có trách nhiệm:" and its bullets as the Sở\'s duties', () => {
    const r = facts([['body', 'section', 'Giám đốc Sở Lao động - Thương binh và Xã hội có trách nhiệm:\n- Phối hợp với Tổng công ty Bưu điện Việt Nam hoàn thiện Đề án.\n- Kịp thời giải đáp, hướng dẫn những vướng mắc.']]).responsibilities;
    expect(r.map((x) => [x.agency, x.role, x.partners])).toEqual([
      ['Sở Lao động - Thương binh và Xã hội', 'phối hợp', ['Tổng công ty Bưu điện Việt Nam']],
      ['Sở Lao động - Thương binh và Xã hội', 'thực hiện', []],
    ]);
  });

  it('reads "X chủ trì, phối hợp với Y", the agency before "chủ trì" and a subject after an opening phrase or "; "', () => {
    const r = facts([
      ['1', 'section', '1. Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Lao động - Thương binh và Xã hội xây dựng quy trình điện tử.'],
      ['2', 'section', '2. Ủy ban nhân dân cấp xã có trách nhiệm lập danh sách gửi Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp với Phòng Tài chính - Kế hoạch xét duyệt.'],
      ['3', 'section', '3. Căn cứ Quyết định phê duyệt của UBND cấp huyện, Sở Xây dựng tổng hợp danh sách.'],
      ['4', 'section', '4. Ủy ban nhân dân cấp xã lập danh sách; Ủy ban nhân dân cấp huyện tổng hợp, kiểm tra và phê duyệt danh sách.'],
    ]).responsibilities;
    expect(r.map((x) => [x.agency, x.role, x.partners])).toEqual([
      ['Sở Thông tin và Truyền thông', 'chủ trì', ['Sở Lao động - Thương binh và Xã hội']],
      ['Ủy ban nhân dân cấp xã', 'thực hiện', []],
      ['Phòng Lao động - Thương binh và Xã hội', 'chủ trì', ['Phòng Tài chính - Kế hoạch']],
      ['Sở Xây dựng', 'thực hiện', []],
      ['Ủy ban nhân dân cấp xã', 'thực hiện', []],
      ['Ủy ban nhân dân cấp huyện', 'thực hiện', []],
    ]);
  });

  it('knows central agencies: Chính phủ, Thủ tướng Chính phủ, Kho bạc Nhà nước, Ngân hàng Chính sách xã hội, Bưu điện, Cục', () => {
    const r = facts([
      ['1', 'section', '1. Kết thúc năm 2013, Chính phủ báo cáo Ủy ban thường vụ Quốc hội kết quả thực hiện.'],
      ['2', 'section', '2. Thủ tướng Chính phủ phê duyệt Đề án.'],
      ['3', 'section', '3. Kho bạc Nhà nước thực hiện kiểm soát thanh toán vốn.'],
      ['4', 'section', '4. Ngân hàng Chính sách xã hội cho vay ưu đãi; Bưu điện tỉnh chi trả trợ cấp đến tận tay đối tượng.'],
      ['5', 'section', '5. Cục Người có công hướng dẫn nghiệp vụ.'],
    ]).responsibilities;
    expect(r.map((x) => x.agency)).toEqual(['Chính phủ', 'Thủ tướng Chính phủ', 'Kho bạc Nhà nước', 'Ngân hàng Chính sách xã hội', 'Bưu điện tỉnh', 'Cục Người có công']);
    // and their abbreviations, as users and other documents write them
    expect(agencyMatches('KBNN', [agencyKey('Kho bạc Nhà nước tỉnh')])).toBe(true);
    expect(agencyMatches('UBTVQH', [agencyKey('Ủy ban thường vụ Quốc hội')])).toBe(true);
    expect(agencyMatches('NHCSXH', [agencyKey('Ngân hàng Chính sách xã hội')])).toBe(true);
    expect(agencyKey('Giám đốc Sở Lao động - Thương binh và Xã hội')).toBe(agencyKey('Sở LĐTBXH'));
  });

  it('gives no duty to those who "chịu trách nhiệm thi hành Quyết định này", and reads no wrapper article of a plan', () => {
    expect(facts([['dieu-3', 'article', 'Điều 3. Chánh Văn phòng UBND tỉnh; Giám đốc Sở Tài chính chịu trách nhiệm thi hành Quyết định này./.']]).responsibilities).toEqual([]);
    const wrapped = facts([
      ['dieu-2', 'article', 'Điều 2. Sở Tài chính bố trí kinh phí trước ngày 15/7/2012.'],
      ['I', 'part', 'I. MỤC ĐÍCH'],
    ]);
    expect(wrapped.responsibilities).toEqual([]);
    expect(wrapped.deadlines).toEqual([]);
  });
});

describe('dated tasks', () => {
  const one = (t: string, ctx = {}) => findDates(t, ctx);
  it('reads a day written in words, "quý I/2023" and "quý 1/2023", two months at once', () => {
    expect(one('Hoàn thành trước ngày mười lăm tháng 7 năm 2023.').map((d) => d.iso)).toEqual(['2023-07-15']);
    // …and its month in words too, as a date written out in full is
    expect(one('Nộp hồ sơ trước ngày mười lăm tháng năm năm 2025.').map((d) => d.iso)).toEqual(['2025-05-15']);
    expect(one('Khai mạc vào ngày hai mươi mốt tháng mười hai năm 2024.').map((d) => d.iso)).toEqual(['2024-12-21']);
    expect(one('Báo cáo trong quý I/2023 và quý 1/2024.').map((d) => d.iso)).toEqual(['2023-Q1', '2024-Q1']);
    expect(one('Tổ chức tập huấn trong tháng 7 và tháng 8 năm 2023.').map((d) => [d.iso, d.dueLast])).toEqual([['2023-07', '2023-07-31'], ['2023-08', '2023-08-31']]);
  });

  it('reads recurrences and the day they fall on, without a date when there is no school year', () => {
    expect(one('Hằng quý, trước ngày 15 của tháng cuối quý, gửi báo cáo.').map((d) => [d.recurrence, d.recursOn, d.iso])).toEqual([['quarterly', 'M3-15', null]]);
    expect(one('Hằng tháng, trước ngày 20, tổng hợp số liệu.').map((d) => [d.recurrence, d.recursOn])).toEqual([['monthly', '20']]);
    expect(one('Tặng quà hằng năm vào dịp 27/7.').map((d) => [d.kind, d.recurrence, d.recursOn, d.iso])).toEqual([['recurring', 'yearly', '07-27', null]]);
    expect(one('Tặng quà vào ngày Thương binh liệt sĩ 27 tháng 7 và Quốc khánh 2 tháng 9.').map((d) => d.recursOn)).toEqual(['07-27', '09-02']);
    expect(one('Điều dưỡng luân phiên 02 năm một lần; 3 tháng một lần có báo cáo.').map((d) => d.recurrence)).toEqual(['every_2_years', 'quarterly']);
  });

  it('does not read how an allowance is paid as a duty', () => {
    expect(one('Bà mẹ Việt Nam anh hùng đang hưởng trợ cấp ưu đãi hằng tháng.')).toEqual([]);
  });

  it('reads time limits: from the signing (dated when the signing date is known) and from an event (never dated)', () => {
    const signed = { signed: '2012-06-25' };
    const [a] = one('Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.', signed);
    expect(a).toMatchObject({ text: 'sau 10 ngày kể từ ngày ký', iso: '2012-07-05', precision: 'day', starts: true, relative: { amount: 10, unit: 'day', anchor: 'signing' } });
    expect(one('Quyết định này có hiệu lực sau 10 ngày, kể từ ngày ký.')[0]).toMatchObject({ iso: null, dueLast: null, relative: { amount: 10 } });
    const [b] = one('Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở xem xét.', signed);
    expect(b).toMatchObject({ iso: null, dueLast: null, kind: 'deadline', relative: { amount: 5, unit: 'working_day', anchor: 'receipt', anchorText: 'ngày nhận đủ hồ sơ' } });
    expect(one('Nghị quyết này có hiệu lực thi hành kể từ ngày ký.', signed)[0]).toMatchObject({ iso: '2012-06-25', starts: true, relative: { amount: 0, anchor: 'signing' } });
    expect(one('Kế hoạch tài chính - NSNN 03 năm 2020-2022.').map((d) => d.relative)).toEqual([undefined]);
  });

  it('reads start dates, a year end "Kết thúc năm", a span "trong hai năm 2012 - 2013", and drops what ended before the signing', () => {
    expect(one('Thời gian thực hiện: Từ ngày 01/01/2019.')[0]).toMatchObject({ iso: '2019-01-01', starts: true });
    expect(one('Kết thúc năm 2013, Chính phủ báo cáo.')[0]).toMatchObject({ iso: '2013-12', kind: 'deadline' });
    expect(one('Thực hiện cơ bản xong trong hai năm 2012 - 2013.')[0]).toMatchObject({ iso: '2013', kind: 'deadline' });
    expect(one('Ngày 16/8/2018 Bộ có Công văn gửi Tổng công ty.', { signed: '2018-12-03' })).toEqual([]);
    expect(one('Chính sách được thực hiện kể từ ngày 15 tháng 6 năm 2013.', { signed: '2013-07-24' })[0]).toMatchObject({ iso: '2013-06-15', starts: true });
  });

  it('carries the new details into the deadlines of a document', () => {
    const d = facts([
      ['dieu-3', 'article', 'Điều 3. Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.'],
      ['dieu-7', 'article', 'Điều 7. Sở Tài chính: Trong thời hạn không quá 05 (năm) ngày làm việc, kể từ ngày nhận được văn bản đề nghị, có trách nhiệm thẩm định.'],
      ['dieu-8', 'article', 'Điều 8. Hàng quý, Ủy ban nhân dân huyện có trách nhiệm tổng hợp.'],
    ]).deadlines;
    expect(d.map((x) => [x.due, x.kind, x.starts ?? false, x.relative?.unit ?? null, x.recurrence])).toEqual([
      ['2012-07-05', 'scheduled_event', true, 'day', null],
      [null, 'deadline', false, 'working_day', null],
      [null, 'recurring', false, null, 'quarterly'],
    ]);
    expect(d[1].responsible).toBe('Sở Tài chính');
  });
});

describe('the deadlines list', () => {
  it('says time limits, start dates, every-n recurrences and their days in Vietnamese', () => {
    const d = facts([
      ['dieu-3', 'article', 'Điều 3. Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.'],
      ['dieu-7', 'article', 'Điều 7. Sở Tài chính: Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ, thẩm định dự toán.'],
      ['dieu-8', 'article', 'Điều 8. Điều dưỡng luân phiên 02 năm một lần; tặng quà hằng năm vào dịp 27/7; hằng quý, trước ngày 15 của tháng cuối quý, báo cáo.'],
    ]).deadlines.map((x) => formatDeadlineLine(x).split('  ')[0]);
    expect(d).toEqual(['từ 05/07/2012', '5 ngày làm việc kể từ ngày nhận đủ hồ sơ', '2 năm một lần (—)', 'hằng năm vào 27/7', 'hằng quý vào ngày 15 tháng cuối quý']);
  });

  it('wraps an entry to a terminal width at spaces, cutting nothing', () => {
    const [x] = facts([['dieu-9', 'article', 'Điều 9. Các cơ sở giáo dục hoàn thiện kế hoạch giáo dục nhà trường và báo cáo về Sở Giáo dục và Đào tạo trước ngày 10 tháng 9 năm 2023.']]).deadlines;
    const wrapped = formatDeadlineLine(x, 50).split('\n');
    expect(wrapped.length).toBeGreaterThan(2);
    for (const l of wrapped) expect(l.length).toBeLessThanOrEqual(50);
    expect(wrapped.map((l) => l.trim()).join(' ').replace(/\s+/g, ' ')).toBe(formatDeadlineLine(x).replace(/\s+/g, ' '));
    expect(formatDeadlineLine(x)).toContain('năm 2023');
  });
});

describe('reminders', () => {
  it('plans none for a recurring or relative deadline without a date, and plans the dated time limit', () => {
    const base = { docId: DOC, task: 'Việc', responsible: null, responsibleKeys: [], precision: 'day' as const, quote: 'Việc', recurrence: null };
    const deadlines: Deadline[] = [
      { ...base, id: `${DOC}#a@1`, clauseId: `${DOC}#a`, due: null, dueLast: null, precision: null, kind: 'recurring', recurrence: 'yearly', recursOn: '07-27', dateText: '27 tháng 7' },
      { ...base, id: `${DOC}#b@1`, clauseId: `${DOC}#b`, due: null, dueLast: null, precision: null, kind: 'deadline', dateText: '05 ngày làm việc', relative: { amount: 5, unit: 'working_day', anchor: 'receipt', anchorText: 'ngày nhận đủ hồ sơ' } },
      { ...base, id: `${DOC}#c@1`, clauseId: `${DOC}#c`, due: '2026-07-05', dueLast: '2026-07-05', kind: 'deadline', dateText: 'sau 10 ngày kể từ ngày ký', relative: { amount: 10, unit: 'day', anchor: 'signing', anchorText: 'ngày ký' } },
    ];
    const sub = {
      id: 1, platform: 'telegram', chatId: '1', kind: 'all', target: '', label: 'tất cả', includeProgrammes: false, createdAt: '2026-01-01T00:00:00.000Z',
      chat: { platform: 'telegram', chatId: '1', chatType: 'private', userId: '1', userName: null, active: true, inactiveReason: null, createdAt: '', lastSeenAt: '' },
    } as ActiveSubscription;
    const rows = planRows({ now: Date.parse('2026-05-01T00:00:00Z'), settings: { offsets: [7, 0], hour: 8 }, subscriptions: [sub], deadlines, documents: [{ docId: DOC } as DocumentRow], clauses: new Map(), written: new Set() });
    expect(rows.filter((r) => r.kind === 'reminder').map((r) => `${r.deadlineId} ${r.sendAt}`)).toEqual([`${DOC}#c@1 2026-06-28T01:00:00.000Z`, `${DOC}#c@1 2026-07-05T01:00:00.000Z`]);
  });
});
