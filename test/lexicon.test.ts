// Language by the words, the bilingual lexicon (by category, with morphology), translation of
// English and mixed questions, English agency names, and lexicon coverage.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { detectLanguage, isVietnameseSyllable, vietnameseSpans } from '../src/answer/language.js';
import { detectLanguage as detectViaUnderstand, understand } from '../src/answer/understand.js';
import { lexicon, matchLexicon, phraseSenses, stem, englishWords } from '../src/answer/lexicon.js';
import { unitWeights } from '../src/answer/evidence.js';
import { englishDate } from '../src/answer/english.js';
import { translateEnglish } from '../src/answer/translate.js';
import { agencyEnglish, agencyForEnglish } from '../src/answer/english.js';
import { lexiconCoverage, questionCoverage } from '../src/answer/lexiconCoverage.js';
import { resourcePath } from '../src/paths.js';

const docs = [
  { docId: 'hong-bang-2023-2024', place: 'Hồng Bàng', schoolYear: '2023-2024', yearStart: 2023, yearEnd: 2024 },
  { docId: 'muong-te-2022-2023', place: 'Mường Tè', schoolYear: '2022-2023', yearStart: 2022, yearEnd: 2023 },
];

/** The Vietnamese renderings the lexicon gives a phrase, or null when it matches nothing whole. */
function translationOf(phrase: string): string[] | null {
  const words = englishWords(phrase);
  const m = matchLexicon(words);
  return m.length === 1 && m[0].from === 0 && m[0].to === words.length ? m[0].vi : null;
}

describe('detectLanguage', () => {
  it('takes English with Vietnamese names in it, with or without marks, for English', () => {
    expect(detectLanguage('who is responsible for school security in Hồng Bàng?')).toBe('en');
    expect(detectLanguage('who is responsible for school security in Hong Bang?')).toBe('en');
    expect(detectLanguage('What does Sở Lao động - Thương binh và Xã hội do?')).toBe('en');
    // No grammar word at all: English content words outnumber the names.
    expect(detectLanguage('dropout rate Muong Te')).toBe('en');
  });

  it('takes Vietnamese without marks for Vietnamese', () => {
    expect(detectLanguage('ai chiu trach nhiem an ninh truong hoc o hong bang')).toBe('vi');
    expect(detectLanguage('ke hoach nhiem vu nam hoc')).toBe('vi');
    expect(detectLanguage('thoi han nop bao cao so ket')).toBe('vi');
    expect(detectLanguage('chi tieu ty le tre suy dinh duong')).toBe('vi');
  });

  it('keeps Vietnamese with an English loanword or a code Vietnamese', () => {
    expect(detectLanguage('Kế hoạch dạy học online')).toBe('vi');
    expect(detectLanguage('tỷ lệ học sinh sử dụng internet và email')).toBe('vi');
    expect(detectLanguage('Ai ký Quyết định 22/2013/QĐ-TTg?')).toBe('vi');
  });

  it('takes a mixed question with English grammar for English', () => {
    expect(detectLanguage('Who signed Quyết định 22/2013?')).toBe('en');
    expect(detectLanguage('what is the target for tỷ lệ huy động trẻ in Hồng Bàng')).toBe('en');
    expect(detectLanguage('How many truong dat chuan quoc gia in Thanh Xuan?')).toBe('en');
  });

  it('is still exported by understand.ts', () => {
    expect(detectViaUnderstand('who is responsible for school security in Hồng Bàng?')).toBe('en');
  });

  it('knows Vietnamese syllables by their shape', () => {
    for (const s of ['truong', 'nhiem', 'hoach', 'nguyen', 'khuyen', 'thuong', 'ke', 'a']) expect(isVietnameseSyllable(s)).toBe(true);
    for (const s of ['school', 'rate', 'police', 'target', 'plan', 'district', 'union']) expect(isVietnameseSyllable(s)).toBe(false);
  });
});

describe('vietnameseSpans', () => {
  it('finds the Vietnamese stretches of an English question, marked or not', () => {
    expect(vietnameseSpans('what is the target for tỷ lệ huy động trẻ in Hồng Bàng').map((s) => s.text)).toEqual(['tỷ lệ huy động trẻ', 'Hồng Bàng']);
    expect(vietnameseSpans('What are the nhiem vu of the district?').map((s) => s.text)).toEqual(['nhiem vu']);
    // "an" between Vietnamese words is Vietnamese ("Công an"), "in" before a name is not.
    expect(vietnameseSpans('list the tasks of Công an quận').map((s) => s.text)).toEqual(['Công an quận']);
  });
});

describe('the lexicon', () => {
  it('is organised by category and keeps the old glossary', () => {
    const categories = new Set(lexicon().entries.map((e) => e.category));
    for (const c of ['glossary', 'agencies', 'documents', 'education', 'policy', 'finance', 'administration', 'actions', 'levels', 'time']) expect(categories).toContain(c);
    // A glossary entry still works.
    expect(translationOf('malnutrition')).toContain('suy dinh dưỡng');
  });

  it('has the official names of ministries and agencies', () => {
    expect(translationOf('Ministry of Education and Training')).toContain('Bộ Giáo dục và Đào tạo');
    expect(translationOf('Ministry of Labour, Invalids and Social Affairs')).toContain('Bộ Lao động - Thương binh và Xã hội');
    expect(translationOf('Ministry of Construction')).toContain('Bộ Xây dựng');
    expect(translationOf('State Treasury')).toContain('Kho bạc Nhà nước');
    expect(translationOf('National Assembly Standing Committee')).toContain('Ủy ban Thường vụ Quốc hội');
    expect(translationOf('Commune People\'s Committee')).toContain('UBND xã');
  });

  it('has document kinds, school levels and policy terms', () => {
    expect(translationOf('circular')).toContain('Thông tư');
    expect(translationOf('official letter')).toContain('Công văn');
    expect(translationOf('appendix')).toContain('Phụ lục');
    expect(translationOf('upper secondary school')).toContain('trung học phổ thông');
    expect(translationOf('people with meritorious services')).toContain('người có công');
    expect(translationOf('land use fee')).toContain('tiền sử dụng đất');
    expect(translationOf('settle accounts')).toContain('quyết toán');
    expect(translationOf('preside')).toContain('chủ trì');
  });

  it('reads everyday words in the plans\' words too ("mấy đứa nhỏ", "cô giáo", "trường tư", "cấp 2"), and not a look-alike', () => {
    const alternatives = (q: string) => understand(q, []).keyTerms.flatMap((t) => t.alternatives.map((a) => a.join(' ')));
    expect(alternatives('Trường thu tiền nước của mấy đứa nhỏ bao nhiêu?').some((a) => a.includes('hoc_sinh'))).toBe(true);
    expect(alternatives('Cô giáo mầm non trường tư được hỗ trợ bao nhiêu?').some((a) => a.includes('giao_vien') && a.includes('tu_thuc'))).toBe(true);
    expect(alternatives('Học sinh cấp 2 nghỉ Tết mấy ngày?').some((a) => a.includes('trung_hoc'))).toBe(true);
    expect(alternatives('Sở có giao chỉ tiêu cho trường tư thục không?').some((a) => a.includes('giao_vien'))).toBe(false);
    // Typed without marks, "may" before what is counted is "mấy" (how many), asked not searched for; "may tinh" is a computer.
    expect(alternatives('thanh xuan kiem tra cac truong may lan mot nam hoc').some((a) => a.includes('may_lan') || a.split(' ').includes('may'))).toBe(false);
    expect(alternatives('truong co bao nhieu may tinh').some((a) => a.includes('may_tinh'))).toBe(true);
    // "Thi vào 10" is the grade 10 entrance exam ("vào lớp 10"), not a count of ten.
    expect(alternatives('Khi nào có điểm thi vào 10?').some((a) => a.includes('vao_lop') && a.includes('lop_10'))).toBe(true);
    expect(alternatives('Có 10 trường đạt chuẩn không?').some((a) => a.includes('lop_10'))).toBe(false);
  });

  it('reads an amount of money in the unit a plan may write it in, and takes no unit word for a topic word', () => {
    const alternatives = (q: string) => understand(q, []).keyTerms.flatMap((t) => t.alternatives.map((a) => a.join(' ')));
    expect(alternatives('Công trình từ 3 tỷ trở lên do ai làm chủ đầu tư?').some((a) => a.includes('3.000_trieu'))).toBe(true);
    expect(alternatives('Dự án 1.500 triệu đồng ở đâu?').some((a) => a.split(' ').includes('1,5'))).toBe(true);
    expect(alternatives('Mức hỗ trợ 500 nghìn mỗi tháng cho ai?').some((a) => a.includes('500.000_dong'))).toBe(true);
    expect(alternatives('Tổng kinh phí 148,6 tỷ đồng chi cho gì?').some((a) => a.includes('148.600_trieu'))).toBe(true);
    expect(understand('Công trình từ 3 tỷ trở lên do ai làm chủ đầu tư?', []).contentWords).not.toContain('tỷ');
    // No amount, no other reading.
    expect(alternatives('Tỷ lệ trẻ suy dinh dưỡng là bao nhiêu?')).toHaveLength(1);
  });

  it('translates the indicators English reports name, and takes framing phrases for no term', () => {
    expect(translationOf('completion rate')).toContain('hoàn thành chương trình');
    expect(translationOf('repetition rate')).toContain('lưu ban');
    expect(translationOf('subsidy')).toContain('hỗ trợ');
    expect(translationOf('free of charge')).toContain('miễn');
    expect(translationOf('admission by review')).toContain('xét tuyển');
    // School safety: traffic around schools, as school-safety directives write it.
    expect(translationOf('speed bumps')).toContain('gờ giảm tốc');
    expect(translationOf('road markings')).toContain('vạch sơn');
    expect(translationOf('helmets')).toContain('mũ bảo hiểm');
    expect(translationOf('digital library')).toContain('thư viện số');
    expect(translationOf('general schools')).toContain('trường phổ thông');
    const terms = understand('What is expected of upper secondary schools in terms of smart classrooms?', []).keyTerms.flatMap((t) => t.alternatives.map((a) => a.join(' ')));
    expect(terms.some((a) => a.includes('hoc_ky'))).toBe(false);
    expect(terms.some((a) => a.includes('thong_minh'))).toBe(true);
  });

  it('knows the unit of time a count asks for, and none for "how long" but of a paper or a test (minutes or hours)', () => {
    expect(understand('Giáo viên được nghỉ Tết mấy ngày?', []).durationUnit).toBe('ngày');
    expect(understand('How many days off do teachers get for Tet?', []).durationUnit).toBe('ngày');
    expect(understand('How many weeks does the first semester last?', []).durationUnit).toBe('tuần');
    expect(understand('Bài kiểm tra làm trong bao lâu?', [])).toMatchObject({ wantsDuration: true, durationUnit: 'phút|giờ' });
    expect(understand('Học kỳ I kéo dài bao lâu?', [])).toMatchObject({ wantsDuration: true, durationUnit: null });
    // "bao lâu" asks; it is not a topic of the question a plan must write.
    expect(understand('Giáo viên phải ký hợp đồng bao lâu thì mới được hưởng hỗ trợ?', []).keyUnits.filter((x) => /\bbao|lau\b/.test(x))).toEqual([]);
  });

  it('has grades named by their ordinal, reporting to school and the middle of the year', () => {
    expect(translationOf('first grader')).toContain('lớp 1');
    // Two modifiers sharing their head noun are two phrases: "national and provincial roads".
    const shared = (q: string) => translateEnglish(q).terms.map((t) => t.en);
    expect(shared('signs on national and provincial roads')).toEqual(expect.arrayContaining(['national roads', 'provincial roads']));
    expect(shared('in the primary and lower secondary schools')).toEqual(expect.arrayContaining(['primary school', 'lower secondary school']));
    expect(shared('teachers and parents meeting')).toEqual(expect.arrayContaining(['teachers', 'parents']));
    // …and a list of them before "and" shares it too.
    expect(shared('how much do the first, second and third places get')).toEqual(expect.arrayContaining(['first place', 'second place', 'third place']));
    expect(shared('the first, second and third prizes')).toEqual(expect.arrayContaining(['first prize', 'second prize', 'third prize']));
    expect(translateEnglish('How many fifth-graders are there?').terms.find((t) => t.en === 'fifth grader')?.vi).toEqual(['lớp 5', 'khối 5']);
    expect(translationOf('report to school')).toContain('tựu trường');
    expect(translationOf('mid-year')).toContain('giữa năm học');
  });

  it('has the staff of a school, industrial zones and rates in time', () => {
    expect(translationOf('cook')).toContain('nhân viên nấu ăn');
    expect(translationOf('nanny')).toContain('bảo mẫu');
    expect(translationOf('labour contract')).toContain('hợp đồng lao động');
    expect(translationOf('industrial park')).toContain('khu công nghiệp');
    // A rate is searched with but not required: a plan may give it in a table's unit line.
    const rate = translateEnglish('How much do teachers get per month?').terms.find((t) => t.en === 'per month');
    expect(rate?.vi).toEqual(['mỗi tháng']);
    expect(rate?.strength).toBe('soft');
  });

  it('has school life and school health by category: subjects, tests, equipment, activities, health', () => {
    expect(translationOf('invigilators')).toContain('coi thi');
    expect(translationOf('exam room')).toContain('phòng thi');
    expect(translationOf('multiple choice')).toContain('trắc nghiệm');
    expect(translationOf('mobile phones')).toContain('điện thoại di động');
    expect(translationOf('homeroom teacher')).toContain('giáo viên chủ nhiệm');
    expect(translationOf('field trip')).toContain('tham quan');
    expect(translationOf('information security')).toContain('an toàn thông tin');
    expect(translationOf('chemistry')).toContain('Hóa học');
    expect(translationOf('catch-up dose')).toContain('tiêm bù');
    expect(translationOf('dengue fever')).toContain('sốt xuất huyết');
    expect(translationOf('health station')).toContain('Trạm Y tế');
    expect(translationOf('staffing')).toContain('biên chế');
    expect(translationOf('unpaid leave')).toContain('nghỉ việc riêng không hưởng lương');
    expect(translationOf('base salary')).toContain('lương cơ sở');
    expect(translationOf('teacher training college')).toContain('cao đẳng sư phạm');
    expect(translationOf('cap')).toContain('không quá');
    for (const f of ['school', 'health', 'personnel']) expect(lexicon().entries.some((e) => e.category === f)).toBe(true);
  });

  it('does not read a phrase across the parts of a sentence ("schools report" is no school report, "entering grade 1" no entering of grades)', () => {
    const vi = (q: string) => translateEnglish(q).terms.flatMap((t) => t.vi);
    expect(vi('What time must schools report attendance after Tet?')).not.toContain('học bạ');
    expect(vi('Which vaccine do children entering grade 1 get?')).not.toContain('nhập điểm');
    // "how long" asks for a span, "where does the money come from" for a source.
    expect(understand('How long is the maths test?', []).wantsDuration).toBe(true);
    expect(understand('Bài thi Ngữ văn làm trong bao lâu?', []).wantsDuration).toBe(true);
    expect(understand('How many teachers are there?', []).wantsDuration).toBe(false);
    // "What must the report include?" asks for what plans list under "Nội dung …".
    expect(understand('What must the start-of-year report include?', []).units).toContain('noi_dung');
    expect(understand('Báo cáo gồm những nội dung gì?', []).units).toContain('noi_dung');
    expect(understand('Who must send the report?', []).units).not.toContain('noi_dung');
  });

  it('matches plurals, verb forms and British or American spellings', () => {
    expect(stem('households')).toBe(stem('household'));
    expect(stem('mobilized')).toBe(stem('mobilise'));
    expect(stem('organizing')).toBe(stem('organise'));
    expect(stem('labor')).toBe(stem('labour'));
    expect(stem('centers')).toBe(stem('centre'));
    // An irregular form meets its base word, however the base is stemmed.
    for (const [form, base] of [['took', 'take'], ['gave', 'give'], ['made', 'make'], ['held', 'hold'], ['children', 'child']]) expect(stem(form)).toBe(stem(base));
    expect(stem('submitted')).toBe(stem('submit'));
    expect(stem('supervises')).toBe(stem('supervise'));
    expect(stem('ministries')).toBe(stem('ministry'));
    expect(translationOf('poor households')).toContain('hộ nghèo');
    expect(translationOf('martyrs')).toContain('liệt sĩ');
    expect(translationOf('disbursed')).toContain('giải ngân');
    expect(translationOf('Ministry of Labor, Invalids and Social Affairs')).toContain('Bộ Lao động - Thương binh và Xã hội');
    expect(translationOf('programs')).toContain('Chương trình');
  });

  it('knows the official English acronyms of ministries, departments and People\'s Committees', () => {
    expect(translationOf('DOLISAs')).toContain('Sở Lao động - Thương binh và Xã hội');
    expect(translationOf('MOET')).toContain('Bộ Giáo dục và Đào tạo');
    expect(translationOf('PPC')).toContain('Ủy ban nhân dân tỉnh');
  });

  it('takes a word with an ending added for its base word, not for a longer word of the same stem', () => {
    // "gifts" is "quà", not "năng khiếu" (gifted); "qualifies" pools "qualify" with "qualified".
    expect(translationOf('gifts')).toContain('quà');
    expect(translationOf('gifts')).not.toContain('năng khiếu');
    expect(translationOf('gifted')).toContain('năng khiếu');
    expect(translationOf('qualifies')).toContain('đủ điều kiện');
  });

  it('does not search for the grammar words of an English question', () => {
    const u = understand('If one person qualifies under two categories, do they receive both gifts?', []);
    const words = u.keyTerms.filter((t) => !t.crisp).flatMap((t) => t.alternatives.flat());
    for (const w of ['if', 'one', 'under', 'both', 'they']) expect(words).not.toContain(w);
  });

  it('meets a count a Vietnamese question writes in words where the plan writes a figure ("ngoại ngữ thứ hai" = "ngoại ngữ 2")', () => {
    const alternatives = (q: string) => understand(q, []).keyTerms[0].alternatives;
    expect(alternatives('Trường nào dạy ngoại ngữ thứ hai?').some((a) => a.includes('ngu_2'))).toBe(true);
    expect(alternatives('Tỷ lệ học sinh học hai buổi/ngày là bao nhiêu?').some((a) => a.includes('2'))).toBe(true);
    // "năm" is also "year" and "ba" also "father": not read as figures.
    expect(alternatives('Kế hoạch năm học của ba trường')).toHaveLength(1);
  });

  it('meets a limit said in the other words plans use ("tối đa" = "không quá", maximum = "không vượt quá")', () => {
    const alternatives = understand('Mỗi lớp tối đa bao nhiêu học sinh?', []).keyTerms[0].alternatives;
    expect(alternatives.some((a) => a.includes('qua') && !a.includes('toi_da'))).toBe(true);
    expect(translationOf('maximum')).toEqual(expect.arrayContaining(['tối đa', 'không quá']));
    expect(translationOf('at least')).toContain('trở lên');
    expect(translationOf('admit')).toContain('tuyển sinh');
  });

  it('does not require the words that only say a figure is asked ("what share", "the rate"): plans state the figure without "tỷ lệ"', () => {
    const crisp = understand('What share of schools should meet the safety standard?', []).keyTerms.filter((t) => t.crisp).flatMap((t) => t.phrases ?? []);
    expect(crisp).not.toContain('tỷ lệ');
    expect(crisp).toContain('an toàn');
  });

  it('does not require the learner noun that a level or an age already names ("kindergarten children" is "mẫu giáo 5 tuổi")', () => {
    const crispPhrases = (q: string) => understand(q, []).keyTerms.filter((t) => t.crisp).flatMap((t) => t.phrases ?? []);
    expect(crispPhrases('What is the enrolment rate of 5-year-old children?')).not.toContain('trẻ');
    expect(crispPhrases('How many kindergarten children are enrolled?')).not.toContain('trẻ');
    expect(crispPhrases('How many primary school pupils dropped out?')).not.toContain('học sinh');
    // Without a level or an age, the learners are what the question is about.
    expect(crispPhrases('How many children received gifts?')).toContain('trẻ');
  });

  it('takes a cue phrase out at the end of a question too ("… bao nhiêu?"), and keeps "thi" (exam) where the marks say it is not "thì"', () => {
    const units = (q: string) => understand(q, []).keyTerms.flatMap((t) => t.alternatives.flat());
    expect(units('Nếu nhà hư hỏng thì được hỗ trợ bao nhiêu?')).not.toContain('bao');
    expect(units('Nếu nhà hư hỏng thì được hỗ trợ bao nhiêu?')).not.toContain('thi');
    expect(units('Kỳ thi tốt nghiệp THPT năm 2024 tổ chức vào ngày nào?')).toContain('ky_thi');
    expect(units('When is the graduation exam held?')).toContain('thi');
    // Without marks "thi" may be "thì": left out, as before.
    expect(units('ky thi tot nghiep thi to chuc khi nao')).not.toContain('thi');
  });

  it('takes "Hướng dẫn … số mấy?" for a question about the document\'s number', () => {
    expect(understand('Hướng dẫn phổ cập giáo dục của Hà Giang số mấy?', []).intent).toBe('document');
    expect(understand('Quyết định này mang số bao nhiêu?', []).intent).toBe('document');
    expect(understand('Mỗi lớp có bao nhiêu học viên?', []).intent).not.toBe('document');
  });

  it('does not take a month or a weekday after "in" for a place ("in October 2025")', () => {
    expect(understand('Which plans set a deadline in October 2025?', []).placeCandidates).toEqual([]);
    expect(understand('What happens in Da Nang?', []).placeCandidates).toEqual(['Da Nang']);
  });

  it('does not take an English kind of document after "for" for a place ("the legal basis for Decision 25/2024")', () => {
    expect(understand("Which resolution is the legal basis for Decision 25/2024/QĐ-UBND?", []).placeCandidates).toEqual([]);
    expect(understand('What is set out in Article 3 for Directive 02?', []).placeCandidates).toEqual([]);
  });

  it('does not take words written with other marks for a place that folds like them ("phụ đông" is not Phú Đông)', () => {
    const docs = [
      { docId: 'phu-dong', place: 'Phú Đông', schoolYear: null, yearStart: null, yearEnd: null },
      { docId: 'hong-bang', place: 'Hồng Bàng', schoolYear: null, yearStart: null, yearEnd: null },
    ];
    expect(understand('Chỉ tiêu phụ đông năm 2024 là bao nhiêu?', docs).docIds).toBeUndefined();
    expect(understand('Kế hoạch của Phú Đông năm 2024', docs).docIds).toEqual(['phu-dong']);
    expect(understand('ke hoach phu dong 2024', docs).docIds).toEqual(['phu-dong']); // without marks, either
    expect(understand('hồng bàng có bao nhiêu trường?', docs).docIds).toEqual(['hong-bang']);
    expect(understand('Hong Bang target', docs).docIds).toEqual(['hong-bang']);
  });

  it('knows when a day is asked for, not only a date or a period', () => {
    expect(understand('By what date must provinces send their plans?', []).wantsDay).toBe(true);
    expect(understand('Hạn nộp báo cáo là ngày nào?', []).wantsDay).toBe(true);
    expect(understand('When must provinces send their plans?', []).wantsDay).toBe(false);
    expect(understand('Khi nào trường đạt chuẩn quốc gia?', []).wantsDay).toBe(false);
    // The last day, the closing date, "chậm nhất": a deadline's day, however it is named.
    for (const q of ["What's the last day to apply for a re-mark?", 'What is the closing date for applications?', 'Ngày cuối cùng nhận hồ sơ là ngày nào?']) {
      const u = understand(q, []);
      expect(u.intent, q).toBe('deadline');
      expect(u.wantsDay, q).toBe(true);
    }
    expect(understand('Chậm nhất bao giờ phải nộp báo cáo?', []).intent).toBe('deadline');
    // "lúc nào", and the South's "chừng nào", "hồi nào", ask when as "khi nào" does, and are no topic words.
    for (const q of ['Chính sách áp dụng từ lúc nào?', 'Chừng nào trường khai giảng?']) {
      const u = understand(q, []);
      expect(u.intent, q).toBe('deadline');
      expect(u.wantsDate, q).toBe(true);
      expect(u.keyTerms.flatMap((t) => t.alternatives.flat()), q).not.toContain('luc_nao');
    }
    // "The number of …" asks a figure; "number" there is no document's number, not a word the passage must hold.
    const n = understand('Compare the planned number of literacy-class learners in 2026 and in 2030.', []);
    expect(n.wantsFigure).toBe(true);
    expect(n.keyTerms.filter((t) => t.crisp).flatMap((t) => t.alternatives.flat())).not.toContain('so');
    // "During which period", "over what time frame" ask when; "period" there is no class period ("tiết").
    for (const q of ['During which period do teachers study the elective modules online?', 'Over what time frame are schools assessed?']) {
      const u = understand(q, []);
      expect(u.intent, q).toBe('deadline');
      expect(u.wantsDate, q).toBe(true);
      expect(u.keyTerms.flatMap((t) => t.alternatives.flat()), q).not.toContain('tiet');
    }
  });

  it('does not take a Vietnamese question word for a topic word ("mấy" is not "máy")', () => {
    const u = understand('UBND quận kiểm tra các trường học mấy lần trong năm học?', []);
    expect(u.contentWords).not.toContain('mấy');
    expect(u.keyTerms.flatMap((t) => t.alternatives.flat())).not.toContain('may');
    // "bao nhiêu" stays a cue phrase, taken out whole.
    const v = understand('Tỷ lệ học sinh giỏi đạt bao nhiêu phần trăm?', []);
    expect(v.keyTerms.flatMap((t) => t.alternatives.flat())).not.toContain('bao');
  });

  it('prefers the longest phrase', () => {
    const m = matchLexicon(englishWords('the Department of Finance allocates the central budget'));
    expect(m.map((x) => x.en.toLowerCase())).toEqual(['department of finance', 'allocate', 'central budget']);
    expect(m[0].vi).toContain('Sở Tài chính');
  });
});

describe('translating English questions', () => {
  it('translates the English part of a mixed question and keeps the Vietnamese part', () => {
    const t = translateEnglish('what is the target for tỷ lệ huy động trẻ in Hồng Bàng');
    expect(t.viSpans).toEqual(['tỷ lệ huy động trẻ', 'Hồng Bàng']);
    expect(t.terms.map((x) => x.en)).toContain('target');
    // The Vietnamese words are not left over as untranslated English.
    expect(t.untranslated).not.toContain('huy');
    expect(t.untranslated).not.toContain('tỷ');
  });

  it('gives understand() the Vietnamese of a mixed question as a key term', () => {
    const u = understand('what is the target for tỷ lệ huy động trẻ in Hồng Bàng', docs);
    expect(u.lang).toBe('en');
    expect(u.docIds).toEqual(['hong-bang-2023-2024']);
    // ("tỷ lệ" is a cue of the target intent, so not a topic unit.)
    expect(u.keyTerms.some((k) => k.alternatives.some((a) => a.includes('huy_dong') && a.includes('dong_tre')))).toBe(true);
    expect(u.units).toEqual(expect.arrayContaining(['huy_dong', 'chi_tieu']));
    // No key term is an English word left untranslated.
    expect(u.keyUnits).not.toContain('target');
  });

  it('keeps unmarked Vietnamese in an English question as Vietnamese', () => {
    const u = understand('What are the nhiem vu of Cong an quan in Hong Bang?', docs);
    expect(u.lang).toBe('en');
    expect(u.units).toEqual(expect.arrayContaining(['nhiem_vu', 'cong_an', 'an_quan']));
    expect(u.keyTerms.some((k) => k.scale === 1 && k.alternatives.some((a) => a.includes('cong_an') && a.includes('an_quan')))).toBe(true);
    // "Hong Bang" narrows the plans; it is not an English word left over.
    expect(u.docIds).toEqual(['hong-bang-2023-2024']);
    expect(u.keyUnits).not.toContain('quan_in');
  });

  it('keeps an English place name whole ("Ho Chi Minh City")', () => {
    const t = translateEnglish('What are the key tasks of Ho Chi Minh City?');
    expect(t.viSpans).toEqual([]);
    expect(t.terms.find((x) => x.en === 'ho chi minh city')?.vi).toContain('Hồ Chí Minh');
  });
});

describe('agency names in English', () => {
  it('renders the official name, with its level and place', () => {
    expect(agencyEnglish('Công an quận')).toBe('District Police');
    expect(agencyEnglish('Bộ Xây dựng')).toBe('Ministry of Construction');
    expect(agencyEnglish('Phòng GD&ĐT')).toBe('Division of Education and Training');
    expect(agencyEnglish('Ủy ban nhân dân phường')).toBe("Ward People's Committee");
    expect(agencyEnglish('UBND các phường')).toBe("Ward People's Committees");
    expect(agencyEnglish('UBND tỉnh Tuyên Quang')).toBe("Tuyên Quang Provincial People's Committee");
    expect(agencyEnglish('Hội Liên hiệp Phụ nữ quận')).toBe("District Women's Union");
    expect(agencyEnglish('UBND 9 phường')).toBe("9 Ward People's Committees");
  });

  it('keeps the Vietnamese in parentheses, and leaves a name it cannot render whole as it is', () => {
    expect(agencyForEnglish('Công an quận')).toBe('the District Police (Công an quận)');
    expect(agencyForEnglish('các trường học')).toBe('các trường học');
    expect(agencyForEnglish('Phòng Y tế, Trung tâm Y tế quận')).toBe('the Division of Health (Phòng Y tế) and the District Health Centre (Trung tâm Y tế quận)');
    // In a list, each name it can render is in English and each other one stays as written.
    expect(agencyForEnglish('Phòng Y tế, các trường học')).toBe('the Division of Health (Phòng Y tế) and các trường học');
    expect(agencyForEnglish('Công an quận, Trung tâm VH-TT quận và Đoàn Thanh niên')).toMatch(/^the District Police \(Công an quận\), Trung tâm VH-TT quận and the .+ \(Đoàn Thanh niên\)$/);
    expect(agencyForEnglish('các trường học, Trung tâm VH-TT quận')).toBe('các trường học, Trung tâm VH-TT quận');
    expect(agencyEnglish('Sở Giáo dục và Đào tạo các tỉnh lân cận')).toBeNull();
  });
});

describe('lexicon coverage', () => {
  it('counts content words, not grammar words, numbers or names', () => {
    const words = questionCoverage('Who is responsible for the budget estimate of Tuyen Quang in 2020?');
    expect(words.map((w) => w.word)).toEqual(['responsible', 'budget', 'estimate']);
    expect(words.every((w) => w.translated)).toBe(true);
    const r = lexiconCoverage(['Which frobnicators does the Ministry of Finance approve?']);
    expect(r.untranslated).toEqual([['frobnicators', 1]]);
    expect(r.share).toBeCloseTo(3 / 4, 5);
  });

  it('has a held-out list of at least 40 English questions', () => {
    const raw = JSON.parse(readFileSync(resourcePath('test', 'fixtures', 'lexicon-heldout.json'), 'utf8')) as { questions: string[] };
    expect(raw.questions.length).toBeGreaterThanOrEqual(40);
    for (const q of raw.questions) expect(detectLanguage(q)).toBe('en');
  });
});

describe('vietnamesePlaceName', () => {
  it('gives the Vietnamese name of a place written in English', async () => {
    const { vietnamesePlaceName } = await import('../src/answer/translate.js');
    expect(vietnamesePlaceName('Hanoi')).toBe('Hà Nội');
    expect(vietnamesePlaceName('Ho Chi Minh City')).toBe('Thành phố Hồ Chí Minh');
    expect(vietnamesePlaceName('Atlantis')).toBeNull();
  });
});

describe('senses of a word from the lexicon\'s longer phrases', () => {
  it('gives a word the renderings of the phrases it is in, not of a word in many phrases', () => {
    expect(phraseSenses('passed', ['đỗ', 'trúng tuyển'])).toContain('thông qua');
    expect(phraseSenses('fair', ['khá'])).toContain('ngày hội tư vấn tuyển sinh');
    expect(phraseSenses('school', ['trường'])).toEqual([]);
  });

  it('stands for the word only where the plans write none of its own renderings', () => {
    const term = { alternatives: [['do'], ['trung', 'tuyen', 'trung_tuyen']], scale: 1, crisp: true, phrases: ['đỗ', 'trúng tuyển'], senses: [['thong', 'qua', 'thong_qua']] };
    const df = new Map([['do', 40], ['trung', 3], ['tuyen', 5], ['trung_tuyen', 0], ['thong', 9], ['qua', 30], ['thong_qua', 4]]);
    // "đỗ" is not written (only the folded "do" of "do UBND" is): the sense "thông qua" stands in.
    const backed = unitWeights([term], df, 100, (p) => p === 'thông qua').terms[0];
    expect(backed.absent).toBe(false);
    expect(backed.alternatives.map((a) => a.units)).toEqual([['thong', 'qua', 'thong_qua']]);
    // Written as itself, the word keeps its own renderings.
    const own = unitWeights([term], df, 100, (p) => p === 'đỗ').terms[0];
    expect(own.alternatives.map((a) => a.units)).toEqual([['do'], ['trung', 'tuyen', 'trung_tuyen']]);
    // No sense written either: still absent, so a question hinging on it is not answered.
    const none = unitWeights([term], new Map([...df, ['thong_qua', 0]]), 100, () => false).terms[0];
    expect(none.absent).toBe(true);
  });

  it('writes a date as English does', () => {
    expect(englishDate('2025-03-14')).toBe('14 March 2025');
    expect(englishDate('2025-03')).toBe('March 2025');
    expect(englishDate('2025')).toBeNull();
  });
});

describe('a place named in English', () => {
  it('is a name, not words to translate ("Dong Nai" is not "đồng"), and stays Vietnamese when written with marks', () => {
    const docs = [
      { docId: 'dn', place: 'Đồng Nai', schoolYear: null, yearStart: 2025, yearEnd: 2025 },
      { docId: 'mt', place: 'Mường Tè', schoolYear: '2022-2023', yearStart: 2022, yearEnd: 2023 },
    ];
    const dn = understand('What does the Dong Nai resolution give teachers?', docs);
    expect(dn.docIds).toEqual(['dn']);
    expect(dn.keyTerms.flatMap((t) => t.phrases ?? [])).not.toContain('đồng');
    const mt = understand('Which provincial directive does the Mường Tè plan implement?', docs);
    expect(mt.docIds).toEqual(['mt']);
  });
});

describe('words the lexicon must not take for others', () => {
  it('does not read a shorter word as a longer one that stems alike', async () => {
    const { matchLexicon } = await import('../src/answer/lexicon.js');
    // "them" and "theme" stem alike; "theme" is "chủ đề".
    expect(matchLexicon('send them to the department'.split(' ')).map((m) => m.en)).not.toContain('theme');
    expect(matchLexicon('the support measures'.split(' ')).map((m) => m.en)).toContain('measures');
    // An ending the question's word lacks is an inflection: "re-mark" is "re-marking".
    expect(matchLexicon(englishWords('ask for a re-mark')).map((m) => m.en)).toContain('re-marking');
    // "the last day to …" frames the question (a day is asked); it is no term of it.
    expect(understand("What's the last day to ask for a re-mark?", [])).toMatchObject({ wantsDay: true, wantsDate: true });
    expect(understand("What's the last day to ask for a re-mark?", []).keyTerms.some((t) => t.alternatives.some((a) => a.includes('last')))).toBe(false);
  });

  it('holds the general nouns of administration as soft: never a concept whose absence says the plans do not answer', async () => {
    const { matchLexicon } = await import('../src/answer/lexicon.js');
    for (const w of ['measures', 'solution', 'activities', 'requirements', 'sector']) expect(matchLexicon([w])[0]?.strength, w).toBe('soft');
    expect(matchLexicon('the education sector'.split(' ')).find((m) => m.en === 'education sector')?.strength).toBe('soft');
  });
});

describe('amounts and grades asked in general English', () => {
  it('"what is the overall estimated cost" asks an amount of money; a ninth grader is in lớp 9 or khối 9', async () => {
    expect(understand('What is the overall estimated cost of the plan for 2026-2028?', []).wantsMoney).toBe(true);
    expect(understand('How much budget has the city set aside for new classrooms?', []).wantsMoney).toBe(true);
    const t = understand('How many ninth-graders does the school have?', []).keyTerms.find((k) => k.alternatives.some((a) => a.includes('lop_9')));
    expect(t?.alternatives.some((a) => a.includes('khoi_9'))).toBe(true);
  });
});

describe('a place named in English with its unit word', () => {
  it('"Phuc Thanh Dong commune": the unit word is part of the name, not a term; "the district budget" keeps it', async () => {
    const docs = [{ docId: 'p', place: 'Phúc Thạnh Đông', schoolYear: null, yearStart: 2026, yearEnd: 2026, numbers: [], signedYear: 2026, kind: 'Kế hoạch' }];
    const terms = (q: string) => understand(q, docs as never).keyTerms.flatMap((t) => t.alternatives.flat());
    expect(terms('By how much does Phuc Thanh Dong commune want to reduce child injuries?')).not.toContain('xa');
    expect(terms('When does the first semester end?').some((x) => x === 'ket_thuc')).toBe(true);
  });
});
