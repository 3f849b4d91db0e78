// Abbreviations: the standard list, those a document defines in its text, and both ways
// through the real lexical index (SQLite) and the evidence units of the Answerer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { learnAbbreviations, definedVariants } from '../src/corpus/abbreviations.js';
import { abbreviationVariants, ABBREVIATIONS, forgetLearned, learnFrom } from '../src/answer/abbreviations.js';
import { foldChars } from '../src/corpus/fold.js';
import { lexicalUnits } from '../src/corpus/fold.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';

describe('abbreviationVariants', () => {
  // What it must give: each abbreviation standing as a word where letters, figures and "&" make
  // words, and each full form written out; checked against a pattern per abbreviation.
  const reference = (text: string) => {
    const folded = foldChars(text);
    const out: string[] = [];
    for (const [abbr, full] of ABBREVIATIONS) {
      if (new RegExp(`(^|[^a-z0-9&])${abbr.replace(/[&\-.]/g, (c) => `\\${c}`)}($|[^a-z0-9&])`).test(folded)) out.push(full);
      if (foldChars(full).length > abbr.length && folded.includes(foldChars(full)) && !/[&-]/.test(abbr)) out.push(abbr);
    }
    return out;
  };
  it('finds an abbreviation only as a whole word, by its characters, as a pattern would', () => {
    forgetLearned();
    const texts = [
      'Sở GD&ĐT chỉ đạo các trường THCS, THPT và Trung tâm GDNN-GDTX.',
      'Phòng GDĐT; UBND huyện (UBND) — HĐND tỉnh/THCS2 và xTHCS, THCS.',
      'tỷ lệ trẻ mầm non (MN) đạt 99%; giáo viên GV-THCS; trung học cơ sở',
      ...ABBREVIATIONS.slice(0, 40).map(([a, f]) => `${a}, ${f} và ${a.toUpperCase()}-${a}`),
    ];
    for (const t of texts) expect(abbreviationVariants(t), t).toEqual(reference(t));
  });
});

describe('learnAbbreviations', () => {
  it('takes an acronym in parentheses whose letters begin the words before it', () => {
    const got = learnAbbreviations(['Thực hiện chính sách đối với người có công (NCC) và Ngân sách nhà nước (NSNN) năm 2020.']);
    expect(got).toEqual([
      { abbr: 'NCC', full: 'người có công' },
      { abbr: 'NSNN', full: 'Ngân sách nhà nước' },
    ]);
  });

  it('skips "và" inside the full form and reads "sau đây viết tắt là" / "gọi tắt là"', () => {
    const got = learnAbbreviations([
      'Sở Giáo dục và Đào tạo (GD&ĐT) chủ trì.',
      'Danh mục thủ tục hành chính (sau đây viết tắt là TTHC) lĩnh vực người có công.',
      'Quỹ Đền ơn đáp nghĩa (sau đây gọi tắt là QĐƠĐN) do xã quản lý.',
      'Trung tâm Điều dưỡng người có công (gọi tắt là TTĐDNCC) tổ chức đón tiếp.',
    ]);
    expect(got).toEqual([
      { abbr: 'GD&ĐT', full: 'Giáo dục và Đào tạo' },
      { abbr: 'TTHC', full: 'thủ tục hành chính' },
      { abbr: 'QĐƠĐN', full: 'Quỹ Đền ơn đáp nghĩa' },
      { abbr: 'TTĐDNCC', full: 'Trung tâm Điều dưỡng người có công' },
    ]);
  });

  it('takes nothing when the letters do not fit, or from a named short form', () => {
    expect(learnAbbreviations(['Kế hoạch tuyển sinh (KHTC) năm 2023.'])).toEqual([]);
    expect(learnAbbreviations(['Quyết định số 20/2000/QĐ-TTg của Thủ tướng Chính phủ (sau đây gọi tắt là QĐ 20)'])).toEqual([]);
    expect(learnAbbreviations(['Kỳ thi tốt nghiệp THPT (gọi tắt là Kỳ thi).'])).toEqual([]);
  });

  it('gives the other form of what a text uses', () => {
    const defined = [{ abbr: 'QĐƠĐN', full: 'Quỹ Đền ơn đáp nghĩa' }];
    expect(definedVariants('Xã quản lý QĐƠĐN.', defined)).toEqual(['Quỹ Đền ơn đáp nghĩa']);
    expect(definedVariants('Xã quản lý quỹ đền ơn đáp nghĩa.', defined)).toEqual(['QĐƠĐN']);
    expect(definedVariants('Không liên quan.', defined)).toEqual([]);
  });
});

describe('the standard abbreviations', () => {
  it('cover the usual ones both ways', () => {
    expect(abbreviationVariants('chế độ ưu đãi NCC')).toContain('người có công');
    expect(abbreviationVariants('nguồn ngân sách nhà nước')).toContain('nsnn');
    expect(abbreviationVariants('Kho bạc nhà nước')).toContain('kbnn');
    expect(abbreviationVariants('đầu tư CSVC')).toContain('cơ sở vật chất');
    expect(abbreviationVariants('Sở LĐTBXH')).toContain('lao động - thương binh và xã hội');
    expect(abbreviationVariants('Sở KH&ĐT')).toContain('kế hoạch và đầu tư');
    expect(abbreviationVariants('công tác PCGD, XMC')).toEqual(expect.arrayContaining(['phổ cập giáo dục', 'xóa mù chữ']));
    // A school's staff, as plans write them.
    expect(abbreviationVariants('toàn quận thiếu 526 GV, NV')).toEqual(expect.arrayContaining(['giáo viên', 'nhân viên']));
    expect(abbreviationVariants('bồi dưỡng GVCN và TPT Đội')).toEqual(expect.arrayContaining(['giáo viên chủ nhiệm', 'tổng phụ trách']));
    expect(abbreviationVariants('tập huấn KTĐG theo CTGDPT 2018')).toEqual(expect.arrayContaining(['kiểm tra, đánh giá', 'chương trình giáo dục phổ thông']));
    // "NV1" is an admission choice (nguyện vọng 1), not staff.
    expect(abbreviationVariants('đăng ký NV1, NV2')).not.toContain('nhân viên');
  });
});

// A small plan that defines two abbreviations of its own, writes one clause with the full
// form only and one with the abbreviation only.
const PLAN = `ỦY BAN NHÂN DÂN TỈNH AN BÌNH
Số: 01/KH-UBND
KẾ HOẠCH
Chăm lo người có công năm 2024

I. MỤC ĐÍCH
1. Quản lý tốt Quỹ Đền ơn đáp nghĩa (sau đây gọi tắt là QĐƠĐN) và hoạt động của Trung tâm Điều dưỡng thương binh (TTĐDTB).
2. Các xã vận động nhân dân đóng góp xây dựng quỹ đền ơn đáp nghĩa hằng năm.
II. NHIỆM VỤ
1. Sở Tài chính hướng dẫn quyết toán QĐƠĐN trước ngày 31/12/2024.
2. Sở Y tế cử bác sĩ đến TTĐDTB mỗi quý.
3. Sở Xây dựng sửa chữa nhà ở trung tâm điều dưỡng thương binh.
`;

describe('defined abbreviations in the lexical index', () => {
  let dir: string;
  let store: Store;
  const search = async (text: string) => (await store.lexicalSearch(lexicalUnits(text), { limit: 20 })).map((h) => h.clauseId.split('#')[1]);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-abbr-'));
    const corpusDir = path.join(dir, 'corpus');
    await mkdir(corpusDir, { recursive: true });
    await writeFile(path.join(corpusDir, 'an-binh-2024.txt'), PLAN);
    const indexDir = path.join(dir, 'index');
    store = await Store.open(path.join(indexDir, 'planbot.db'), { create: true });
    await indexCorpus(store, { corpusDir, indexDir, embedder: null });
  });
  afterAll(async () => {
    await store?.close();
    forgetLearned();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the full form when the abbreviation is asked for, and the other way round', async () => {
    const clauses = await store.clausesOf('an-binh-2024');
    const pathOf = (needle: string) => clauses.find((c) => c.text.includes(needle))!.path;
    const fullOnly = pathOf('các xã vận động'.replace('các', 'Các'));
    const abbrOnly = pathOf('hướng dẫn quyết toán QĐƠĐN');
    expect(await search('QĐƠĐN')).toContain(fullOnly);
    expect(await search('quỹ đền ơn đáp nghĩa')).toContain(abbrOnly);
    const tFull = pathOf('sửa chữa nhà ở trung tâm');
    const tAbbr = pathOf('bác sĩ đến TTĐDTB');
    expect(await search('TTĐDTB')).toContain(tFull);
    expect(await search('trung tâm điều dưỡng thương binh')).toContain(tAbbr);
  });

  it('teaches the Answerer’s evidence units the document’s abbreviations', async () => {
    const texts = (await store.clausesOf('an-binh-2024')).map((c) => c.text);
    expect(learnFrom('an-binh-2024', texts)).toEqual(expect.arrayContaining([['qdodn', 'Quỹ Đền ơn đáp nghĩa']]));
    expect(abbreviationVariants('quyết toán QĐƠĐN')).toContain('Quỹ Đền ơn đáp nghĩa');
    expect(abbreviationVariants('góp quỹ đền ơn đáp nghĩa')).toContain('qdodn');
    forgetLearned();
    expect(abbreviationVariants('quyết toán QĐƠĐN')).not.toContain('Quỹ Đền ơn đáp nghĩa');
  });
});
