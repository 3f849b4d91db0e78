// Questions about documents rather than their content, and the three outcomes: a plan named by
// its number, a section by its numbering, who signed or issued a plan, the same asked of every
// plan; "not sure" with passages, "the plans do not say" with none. Real index of the five plans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentRefs, documentsNamed, sectionRefOf } from '../src/answer/references.js';
import { asksOfNamedDocuments, composeNamedDocumentsFacts, fieldsAsked, issuerTypesNamed, recipientsIn, type DocumentFacts } from '../src/answer/documentFacts.js';
import { documentBySubject, kindsNamed } from '../src/answer/subjectRefs.js';
import { understand } from '../src/answer/understand.js';
import type { ClauseRow } from '../src/store/repository.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

describe('references in a question (pure)', () => {
  it('reads document numbers with a kind word or in full, not years or school years', () => {
    expect(documentRefs('QĐ 22/2013 quy định gì?')).toMatchObject([{ number: '22', year: '2013', kind: 'QD' }]);
    expect(documentRefs('Circular 98/2013/TT-BTC')).toMatchObject([{ number: '98', year: '2013', kind: 'TT' }]);
    expect(documentRefs('Kế hoạch số 2313 của Vĩnh Long')).toMatchObject([{ number: '2313', kind: 'KH' }]);
    expect(documentRefs('Chỉ thị 11 An Giang')).toMatchObject([{ number: '11', kind: 'CT' }]);
    expect(documentRefs('kế hoạch năm học 2023-2024')).toEqual([]);
    expect(documentRefs('Kế hoạch 2023 của quận')).toEqual([]);
  });

  it('matches a number to the documents that carry it, by year and kind where given', () => {
    const docs = [
      { docId: 'a', numbers: ['22/2013/QĐ-TTg'], signedYear: 2013 },
      { docId: 'b', numbers: ['2313/KH-SGDĐT'], signedYear: 2024 },
      { docId: 'c', numbers: ['22/KH-UBND'], signedYear: 2020 },
    ];
    expect(documentsNamed(documentRefs('QĐ 22/2013')[0], docs)).toEqual(['a']);
    expect(documentsNamed(documentRefs('Kế hoạch 22')[0], docs)).toEqual(['c']);
    expect(documentsNamed(documentRefs('KH 2313')[0], docs)).toEqual(['b']);
  });

  it('reads whom a letter is addressed to: its "Kính gửi" list, not an annex form; else its "Nơi nhận"', () => {
    const clause = (path: string, text: string) => ({ id: `cv#${path}`, docId: 'cv', path, label: '', heading: '', text, breadcrumb: [], parentId: null, ord: 0 }) as unknown as ClauseRow;
    const letter = [
      clause('preamble', 'BỘ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1277/BGDĐT-QLCL\nKính gửi:\n- Các Sở Giáo dục và Đào tạo;\n- Cục Nhà trường - Bộ Quốc phòng.\nKỳ thi tốt nghiệp THPT năm 2024 được thực hiện theo Quy chế thi.'),
      clause('phu-luc-1', 'Phụ lục 1. Đơn đề nghị\nKính gửi: Ủy ban nhân dân xã'),
    ];
    const r = recipientsIn(letter)!;
    expect(r.value).toBe('Các Sở Giáo dục và Đào tạo; Cục Nhà trường - Bộ Quốc phòng');
    expect(letter[0].text).toContain(r.quote);
    expect(recipientsIn([letter[1]])).toBeNull();
    const circular = [clause('recipients', 'Nơi nhận: - Văn phòng Chính phủ; - UBND các tỉnh; - Lưu: VT, Vụ NSNN.')];
    expect(recipientsIn(circular)!.value).toBe('Văn phòng Chính phủ; UBND các tỉnh');
    const asked = (q: string) => fieldsAsked(understand(q, []));
    expect(asked('Who issued letter 1277, and who is it addressed to?')).toEqual(['issuer', 'recipients']);
    expect(asked('Công văn 1277 gửi cho ai?')).toEqual(['recipients']);
    // "Assign … to whom" asks for responsibilities, not a letter's addressees.
    expect(understand('Section III.2 of the HCMC plan: what does it assign, and to whom?', []).intent).not.toBe('document');
  });

  it('finds a document named by its kind and subject ("the housing decision"), and only when one title clearly leads', () => {
    const docs = [
      { docId: 'ttg-22', docKind: 'Quyết định', title: 'Quyết định hỗ trợ người có công với cách mạng về nhà ở' },
      { docId: 'gia-lai', docKind: 'Quyết định', title: 'Quyết định về việc ban hành quy định miễn, giảm tiền sử dụng đất cho người có công' },
      { docId: 'btc-98', docKind: 'Thông tư', title: 'Thông tư hướng dẫn quản lý nguồn vốn hỗ trợ người có công với cách mạng về nhà ở' },
    ];
    const named = (q: string) => documentBySubject(understand(q, []), docs);
    expect(kindsNamed('under the housing decision')).toEqual(['quyet dinh']);
    expect(named('How many households of people with meritorious services get housing support under the decision on housing?')).toBe('ttg-22');
    expect(named('Theo quyết định hỗ trợ người có công về nhà ở, hộ nào được hỗ trợ?')).toBe('ttg-22');
    // No kind named, or two titles equally covered: no document is assumed.
    expect(named('How many households of people with meritorious services get housing support?')).toBeNull();
    expect(named('Which decision is about people with meritorious services?')).toBeNull();
  });

  it('reads sections in Vietnamese and English, in either order', () => {
    expect(sectionRefOf('Điều 3 khoản 1 nói gì')?.path).toBe('dieu-3.1');
    expect(sectionRefOf('khoản 2 Điều 8')?.path).toBe('dieu-8.2');
    expect(sectionRefOf('điểm b khoản 2 Điều 8')?.path).toBe('dieu-8.2.b');
    expect(sectionRefOf('point b, clause 2 of Article 8')?.path).toBe('dieu-8.2.b');
    expect(sectionRefOf('mục 2 Điều 1')?.path).toBe('dieu-1.2');
    // A document named by its number is where to look, not words to find in it.
    const named = understand('Theo Quyết định số 1452/QĐ-UBND, học kỳ I bắt đầu ngày nào?', []);
    expect(named.keyUnits).not.toContain('quyet_dinh');
    expect(named.keyUnits).toContain('hoc_ky');
    // Brackets around the reference are no part of it; "Article 8(2)" is clause 2 of Article 8.
    expect(sectionRefOf('Which bodies does the Department call on (section 5.4)?')?.path).toBe('5.4');
    expect(sectionRefOf('What does [Điều 3] say?')?.path).toBe('dieu-3');
    expect(sectionRefOf('What does Article 8(2) require?')?.path).toBe('dieu-8.2');
    expect(sectionRefOf('mục B.II của kế hoạch')?.path).toBe('B.II');
    expect(sectionRefOf('section III.4 of the plan')?.path).toBe('III.4');
    expect(sectionRefOf('Phụ lục 1')).toMatchObject({ path: 'phu-luc-1', alternatives: ['appendix-1'] });
    expect(sectionRefOf('mục 2')).toBeNull(); // ambiguous alone
    // A numbered point or item is a letter's own numbering: "point 4" is §4.
    expect(sectionRefOf('What does point 4 of the letter say?')?.path).toBe('4');
    expect(sectionRefOf('Điểm 3 công văn nói gì?')?.path).toBe('3');
    // A lettered point of a numbered section, either order; a point written as a whole path.
    expect(sectionRefOf('Điểm b mục 4 công văn 519 quy định gì?')?.path).toBe('4.b');
    expect(sectionRefOf('mục 2 điểm c của hướng dẫn')?.path).toBe('2.c');
    expect(sectionRefOf('point a of section II.3')?.path).toBe('II.3.a');
    expect(sectionRefOf('What does point IV.2.b of the plan 137/KH-UBND provide?')?.path).toBe('IV.2.b');
    expect(sectionRefOf('điểm II.1 của kế hoạch')?.path).toBe('II.1');
    expect(sectionRefOf('point b, clause 2 of Article 8')?.path).toBe('dieu-8.2.b');
  });

  it('claims no order between a date of one year and a day in that year', async () => {
    const doc = (docId: string, iso: string, text: string): DocumentFacts => ({ docId, title: `Kế hoạch ${docId}`, shortName: docId, issuer: null, docNumber: null, signed: { iso, text } });
    const clauses = (docId: string, text: string) => [{ id: `${docId}#preamble`, docId, path: 'preamble', label: '', heading: 'Phần mở đầu', text, breadcrumb: [], parentId: null, ord: 0 } as unknown as ClauseRow];
    const texts: Record<string, string> = { a: 'Hà Nội, ngày tháng năm 2023', b: 'Huế, ngày 25 tháng 8 năm 2023', c: 'Huế, ngày 25 tháng 8 năm 2021' };
    const answer = (ids: string[]) =>
      composeNamedDocumentsFacts(understand('Which plan was signed earlier?', []), ids.map((id) => doc(id, id === 'a' ? '2023' : id === 'b' ? '2023-08-25' : '2021-08-25', texts[id])), async (id) => clauses(id, texts[id]), new Map());
    const same = await answer(['a', 'b']);
    expect(same.outcome).toBe('answer');
    expect(same.answer).not.toMatch(/^Earlier/);
    expect(same.answer).toContain('25 August 2023');
    expect((await answer(['b', 'c'])).answer).toMatch(/^Earlier: c \(signed 25 August 2021\); later: b \(signed 25 August 2023\)/);
  });

  it('asks which of two named plans came first only when it asks an order, not a deadline beside them', () => {
    const docs = [
      { docId: 'hb', place: 'Hồng Bàng', schoolYear: '2023-2024', yearStart: 2023, yearEnd: 2024 },
      { docId: 'tx', place: 'Thanh Xuân', schoolYear: '2021-2022', yearStart: 2021, yearEnd: 2022 },
      { docId: 'cm', place: 'Cà Mau', schoolYear: '2020-2021', yearStart: 2020, yearEnd: 2021 },
    ];
    const named = (q: string) => asksOfNamedDocuments(understand(q, docs));
    expect(named('Kế hoạch Hồng Bàng hay kế hoạch Thanh Xuân ban hành trước?')).toBe(true);
    expect(named('Which was issued first, the Hong Bang plan or the Thanh Xuan plan?')).toBe(true);
    expect(named('Hồng Bàng và Thanh Xuân ban hành hướng dẫn trước ngày 30/9 cho những trường nào?')).toBe(false);
    expect(named('What did Hong Bang and Thanh Xuan issue for the first semester?')).toBe(false);
  });

  it('tells a signer or a signing date asked from a school term ("kỳ") and a title word from a place', () => {
    expect(understand('Văn bản nào Giám đốc ký, văn bản nào Phó Giám đốc ký?', []).intent).toBe('signer');
    expect(understand('Học bạ số triển khai cho những lớp nào từ học kỳ I?', []).intent).not.toBe('signer');
    expect(understand('Kế hoạch phòng chống đuối nước của huyện Phù Mỹ ra ngày nào?', []).intent).toBe('document');
    // What was signed may stand between "ký" and "ngày nào"; registering ("đăng ký") is no signing.
    expect(understand('UBND quận Thanh Xuân ký kế hoạch nhiệm vụ năm học 2021-2022 ngày nào?', []).intent).toBe('document');
    expect(understand('Học sinh đăng ký dự thi trực tuyến từ ngày nào?', []).intent).not.toBe('document');
    expect(understand('Các trường ký kết hợp đồng với giáo viên vào ngày nào?', []).intent).not.toBe('document');
    // "Which of the plans…" asks across the plans, as "which plans…" does.
    expect(understand('Which of the plans were signed by a Vice Chairman?', []).acrossPlans).toBe(true);
    // "the Action Month for Children": English words of a campaign's name, not a place no plan covers.
    expect(understand('When is the launch of the Action Month for Children in Phu My?', []).placeCandidates).toEqual([]);
    expect(understand('Who is responsible for school security in Hanoi?', []).placeCandidates).toEqual(['Hanoi']);
  });
});

describe('questions about the plans themselves', () => {
  let h: IndexedHome;
  beforeAll(async () => {
    h = await makeIndexedHome('docq', { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
  });
  afterAll(async () => h?.dispose());
  const ask = (q: string) => h.app.answerer.ask(q);

  it('says who signed a plan, quoting its signature block', async () => {
    const a = await ask('Ai ký kế hoạch năm học của quận Thanh Xuân?');
    expect(a).toMatchObject({ intent: 'signer', outcome: 'answer', abstained: false });
    expect(a.answer).toContain('Đặng Khánh Hòa');
    const clause = await h.app.store.getClause(a.citations[0].clauseId);
    expect(clause?.text).toContain(a.citations[0].quote);
  });

  it('answers in English who issued a plan and its number, each from the header', async () => {
    const a = await ask('Who issued the Thanh Xuan plan and what is its number?');
    expect(a.intent).toBe('document');
    expect(a.answer).toContain('247/KH-UBND');
    expect(a.answer).toContain('Issued by: UBND quận Thanh Xuân');
    for (const c of a.citations) expect((await h.app.store.getClause(c.clauseId))?.text).toContain(c.quote);
  });

  it('reads the other verbs and dates of issuing a document as a question about it, in either language', async () => {
    const asked: [string, string][] = [
      ['Who sent out the Ca Mau plan?', 'Issued by: Phòng Giáo dục và Đào tạo thành phố Cà Mau'],
      ['What date is the Ca Mau plan dated?', '4 September 2020'],
      ['Which authority promulgated the Hong Bang plan?', 'Issued by: UBND quận Hồng Bàng'],
      ['Kế hoạch Cà Mau ra đời ngày nào?', 'ngày 04 tháng 9 năm 2020'],
      ['Văn bản của Hồng Bàng do cơ quan nào soạn?', 'UBND quận Hồng Bàng'],
    ];
    for (const [q, want] of asked) {
      const a = await ask(q);
      expect(a.intent, q).toBe('document');
      expect(a.answer, q).toContain(want);
    }
  });

  it('answers a header question of two plans named together, each from its own header', async () => {
    const who = await ask('Kế hoạch của Hồng Bàng và kế hoạch của Thanh Xuân do ai ký?');
    expect(who.outcome).toBe('answer');
    expect(who.answer).toContain('Lê Thị Vân');
    expect(who.answer).toContain('Đặng Khánh Hòa');
    expect(new Set(who.citations.map((c) => c.docId))).toEqual(new Set(['hong-bang-2023-2024', 'thanh-xuan-2021-2022']));
    for (const c of who.citations) expect((await h.app.store.getClause(c.clauseId))?.text).toContain(c.quote);
    // Which came first: by the signing dates, in English as English writes them.
    const first = await ask('Which was signed earlier, the Thanh Xuan plan or the Ca Mau plan?');
    expect(first.answer).toMatch(/^Earlier: Cà Mau 2020-2021 \(signed 4 September 2020\); later: Thanh Xuân 2021-2022 \(signed 25 August 2021\)/);
    expect(first.answer).not.toContain('Issued by');
    // A header that leaves day and month blank ("ngày tháng năm 2023") still orders against another year.
    const blank = await ask('Kế hoạch Hồng Bàng hay kế hoạch Thanh Xuân ban hành trước?');
    expect(blank.answer).toMatch(/^Ban hành trước: Thanh Xuân 2021-2022 \(ký ngày 25 tháng 8 năm 2021\); sau: Hồng Bàng 2023-2024/);
  });

  it('does not answer for an organ that issued none of the plans asked about', async () => {
    expect(issuerTypesNamed('Ai ký công văn hướng dẫn chọn sách của Bộ GDĐT?')).toEqual({ text: 'Bộ GDĐT', types: ['Bộ'] });
    expect(issuerTypesNamed('Who signed the letter from the Ministry of Education?')?.types).toEqual(['Bộ']);
    expect(issuerTypesNamed('Ai ký kế hoạch năm học của quận Thanh Xuân?')).toBeNull();
    // The organ before the kind in English, or right after it in Vietnamese; not a word that only looks like one.
    expect(issuerTypesNamed("What is the number of the Lâm Giang People's Council resolution on school safety?")).toEqual({ text: "People's Council", types: ['HĐND'] });
    expect(issuerTypesNamed("Who signed the Ministry of Education's circular on textbooks?")?.types).toEqual(['Bộ']);
    expect(issuerTypesNamed('Nghị quyết HĐND tỉnh về học phí số mấy?')).toEqual({ text: 'HĐND tỉnh', types: ['HĐND'] });
    expect(issuerTypesNamed('Kế hoạch phòng chống đuối nước của huyện Phù Mỹ ra ngày nào?')).toBeNull();
    expect(issuerTypesNamed('Kế hoạch bộ môn Toán do ai ký?')).toBeNull();
    expect(issuerTypesNamed("When did the People's Committee sign the plan?")).toBeNull();
    const none = await ask('Ai ký kế hoạch năm học của Bộ GDĐT?');
    expect(none).toMatchObject({ outcome: 'not_found', abstained: true, reason: 'unknown_document', citations: [] });
    expect(none.answer).toContain('Bộ GDĐT');
    const one = await ask('Who signed the Thanh Xuan plan of the Ministry of Education?');
    expect(one.answer).toMatch(/^Thanh Xuân 2021-2022 was issued by UBND quận Thanh Xuân, not by Ministry of Education/);
    // The organ that did issue it is answered as before.
    const ubnd = await ask('Ai ký kế hoạch của UBND quận Thanh Xuân?');
    expect(ubnd.outcome).toBe('answer');
    expect(ubnd.answer).toContain('Đặng Khánh Hòa');
  });

  it('does not answer a year the plan named neither covers nor writes, though other plans write it', async () => {
    // 2026 is written by the Mường Tè and TP.HCM plans, not by Thanh Xuân's plan for 2021-2022.
    const a = await ask('Tỷ lệ trẻ suy dinh dưỡng ở Thanh Xuân năm 2026 là bao nhiêu?');
    expect(a).toMatchObject({ outcome: 'not_found', abstained: true, citations: [] });
    expect(a.answer).toContain('năm 2026 (Thanh Xuân)');
    const covered = await ask('Tỷ lệ trẻ suy dinh dưỡng ở Thanh Xuân năm 2021 là bao nhiêu?');
    expect(covered.outcome).toBe('answer');
    expect(covered.answer).toContain('1,5%');
  });

  it('lists the agencies a plan gives tasks to, from its organisation part, each cited', async () => {
    const a = await ask('Which agencies does the Thanh Xuan plan assign tasks to?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toMatch(/^Thanh Xuân 2021-2022 gives tasks to \d+ agencies:/);
    expect(a.answer).toContain('the District Police (Công an quận)');
    expect(a.answer).toContain('Phòng Nội vụ');
    expect(new Set(a.citations.map((c) => c.docId))).toEqual(new Set(['thanh-xuan-2021-2022']));
    for (const c of a.citations) expect((await h.app.store.getClause(c.clauseId))?.text).toContain(c.quote);
    const vi = await ask('Kế hoạch Hồng Bàng giao việc cho những cơ quan, đơn vị nào?');
    expect(vi.answer).toMatch(/^Hồng Bàng 2023-2024 giao nhiệm vụ cho \d+ cơ quan, đơn vị:/);
    expect(vi.answer).toContain('Công an quận');
    // One task asked is not the list: its agency is answered as before.
    const one = await ask('Những đơn vị nào chịu trách nhiệm về an ninh trường học ở Hồng Bàng?');
    expect(one.answer).not.toMatch(/giao nhiệm vụ cho \d+ cơ quan/);
  });

  it('lists the plans signed by a Vice Chairman, and only those', async () => {
    const a = await ask("Which plans were signed by a Vice Chairman of the People's Committee?");
    expect(a.outcome).toBe('answer');
    for (const name of ['Lê Thị Vân', 'Kiều Hải Nam', 'Đặng Khánh Hòa']) expect(a.answer).toContain(name);
    expect(a.answer).not.toContain('Lê Minh Hải'); // Cà Mau's is a Phó Trưởng phòng
  });

  it('opens a section asked for by number, whole', async () => {
    const a = await ask('mục III.1.1 của kế hoạch Hồng Bàng');
    expect(a).toMatchObject({ intent: 'clause', outcome: 'answer' });
    expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');
    expect(a.answer).toContain('Tỷ lệ trẻ suy dinh dưỡng dưới 1%');
  });

  it('says a document number no plan has is not among the plans', async () => {
    const a = await ask('Quyết định 99/2020 quy định gì về học phí?');
    expect(a).toMatchObject({ outcome: 'not_found', abstained: true, citations: [] });
    expect(a.answer).toContain('99/2020');
  });

  it('gives the three outcomes, both non-answers abstained', async () => {
    const answered = await ask('Tỷ lệ trẻ suy dinh dưỡng ở Hồng Bàng là bao nhiêu?');
    expect(answered).toMatchObject({ outcome: 'answer', abstained: false });
    const absent = await ask('ngân sách xây sân vận động năm 2023 là bao nhiêu tỷ đồng?');
    expect(absent).toMatchObject({ outcome: 'not_found', abstained: true });
    expect(absent.answer.startsWith('Kế hoạch không nêu')).toBe(true);
    // A salary no plan gives, asked in words a plan has ("giáo viên mầm non", Thanh Xuân, 2021): not sure.
    const unsure = await ask('Lương giáo viên mầm non ở Thanh Xuân năm 2021 là bao nhiêu?');
    expect(unsure).toMatchObject({ outcome: 'unsure', abstained: true });
    expect(unsure.answer).toMatch(/^Chưa chắc chắn/);
    expect(unsure.citations.length).toBeGreaterThan(0);
    // passages are shown as passages (quoted), marked as not an answer
    for (const c of unsure.citations) expect(unsure.answer).toContain(`“${c.quote.replace(/\t+/g, ' | ')}”`);
  });
});

describe('the order the documents were signed in', () => {
  it('names the first or the last signed, its date quoted from its header, the others in order', async () => {
    const { makeIndexedHomeOf } = await import('./helpers/indexedHome.js');
    const { planHeader } = await import('./helpers/planHeader.js');
    const plan = (n: string, date: string, title: string) => `${planHeader({ issuer: 'ỦY BAN NHÂN DÂN HUYỆN AN LẠC', number: n, place: 'An Lạc', date, title })}I. MỤC TIÊU\n1. Thực hiện tốt nhiệm vụ năm học.\n`;
    const h = await makeIndexedHomeOf('document-order', {
      'an-lac-kh-10-2025-a.txt': plan('10/KH-UBND', 'ngày 05 tháng 3 năm 2025', 'Phòng, chống đuối nước năm 2025'),
      'an-lac-kh-40-2025-b.txt': plan('40/KH-UBND', 'ngày 20 tháng 8 năm 2025', 'Tuyển sinh năm học 2025-2026'),
      'an-lac-kh-25-2025-c.txt': plan('25/KH-UBND', 'ngày 12 tháng 6 năm 2025', 'Bồi dưỡng giáo viên năm 2025'),
    }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
    try {
      const first = await h.app.answerer.ask('Trong các văn bản, văn bản nào được ký sớm nhất?');
      expect(first.outcome).toBe('answer');
      expect(first.answer).toMatch(/^Ký sớm nhất: An Lạc 10\/KH-UBND/);
      expect(first.citations[0].quote).toContain('ngày 05 tháng 3 năm 2025');
      const last = await h.app.answerer.ask('Which of the plans was signed most recently?');
      // (A plan for a school year is named by it.)
      expect(last.answer).toMatch(/^Signed most recently: An Lạc 2025-2026 — Kế hoạch tuyển sinh/);
      expect(last.answer).toContain('(5 March 2025) → An Lạc 25/KH-UBND (12 June 2025) → An Lạc 2025-2026 (20 August 2025)');
    } finally {
      await h.dispose();
    }
  });
});
