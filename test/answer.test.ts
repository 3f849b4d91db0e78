// Questions in, cited answers out: the real app (store, retriever, answerer) over a temp index
// of the five plans, built by the real indexer. Lexical only (no model in this suite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { openApp, type AppContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { QuestionError } from '../src/answer/answerer.js';
import type { Answer } from '../src/answer/compose.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

let home: string;
let app: AppContext;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'planbot-answer-'));
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
  const cfg = loadConfig({ PLANBOT_HOME: home });
  const store = await Store.open(cfg.dbPath, { create: true });
  try {
    const s = await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
    expect(s.clauses).toBe(196);
  } finally {
    await store.close();
  }
  app = await openApp(loadConfig({ PLANBOT_HOME: home }));
});

afterAll(async () => {
  await app?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const ask = (q: string, opts?: Parameters<AppContext['answerer']['ask']>[1]) => app.answerer.ask(q, opts);
const cited = (a: Answer) => a.citations.map((c) => c.clauseId);
const docsOf = (a: Answer) => new Set(a.citations.map((c) => c.docId));

describe('the app over a lexical index', () => {
  it('opens without semantic search and says why', () => {
    expect(app.semantic.embedder).toBeNull();
    expect(app.semantic.reason).toMatch(/no vectors/);
    expect(app.retriever.semantic).toBe(false);
  });
});

describe('answers with citations', () => {
  it('states the malnutrition target of 2023-2024 and cites Hồng Bàng §III.1.1', async () => {
    const a = await ask('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024');
    expect(a.abstained).toBe(false);
    expect(a.lang).toBe('vi');
    expect(a.intent).toBe('target');
    expect(a.answer).toContain('dưới 1%');
    expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');
    expect(a.citations[0]).toMatchObject({ docId: 'hong-bang-2023-2024', section: 'III.1.1', heading: 'Chỉ tiêu' });
    expect(a.citations[0].quote).toContain('suy dinh dưỡng dưới 1%');
    expect(a.answer).toContain('[1]');
    expect(a.answer).toContain('Hồng Bàng 2023-2024, §III.1.1');
  });

  it('names the police as responsible for school security in Hồng Bàng (§IV.9)', async () => {
    const a = await ask('ai chịu trách nhiệm đảm bảo an ninh an toàn trường học ở Hồng Bàng?');
    expect(a.abstained).toBe(false);
    expect(a.intent).toBe('responsibility');
    expect(cited(a)).toContain('hong-bang-2023-2024#IV.9');
    expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#IV.9');
    expect([...docsOf(a)]).toEqual(['hong-bang-2023-2024']); // the place in the question filters
    expect(a.answer).toContain('Công an quận');
  });

  it('abstains on a budget the plans do not state, listing the nearest clauses', async () => {
    const a = await ask('ngân sách xây trường năm 2023 là bao nhiêu tỷ đồng?');
    expect(a.abstained).toBe(true);
    expect(a.answer.startsWith('Kế hoạch không nêu')).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations.length).toBeLessThanOrEqual(3);
    for (const c of a.citations) expect(a.answer).toContain(`§${c.section}`);
    expect(a.answer).not.toMatch(/tỷ đồng/); // no figure is made up
    // Each nearest clause is listed once (no list of sources after the list), and where it
    // looked reads as a sentence.
    for (const c of a.citations) expect(a.answer.split(`§${c.section} `).length - 1).toBe(1);
    expect(a.answer).not.toContain('Nguồn:');
    expect(a.answer.split('\n')[0]).toBe('Kế hoạch không nêu thông tin này. Đã tìm trong phạm vi: năm 2023. Các mục gần nhất:');
  });

  it('says, in Vietnamese and English, which languages it reads when asked in another script or in emoji', async () => {
    for (const q of ['学校安全由谁负责？', 'Кто отвечает за безопасность школ?']) {
      const a = await ask(q);
      expect(a.outcome).toBe('not_found');
      expect(a.answer).toContain('tiếng Việt hoặc tiếng Anh');
      expect(a.answer).toContain('Vietnamese or English');
      expect(a.citations).toEqual([]);
    }
    const emoji = await ask('😀👍');
    expect(emoji.answer).toContain('không có chữ');
    expect(emoji.answer).toContain('no words');
    // A question with a Vietnamese name among English words is still read.
    expect((await ask('who is responsible for school security in Hồng Bàng?')).abstained).toBe(false);
  });

  it('answers in English with the same citation', async () => {
    const a = await ask('who is responsible for school security in Hong Bang?');
    expect(a.lang).toBe('en');
    expect(a.abstained).toBe(false);
    expect(cited(a)).toContain('hong-bang-2023-2024#IV.9');
    // English framing: the lead, then the Vietnamese quote introduced in English.
    expect(a.answer).toMatch(/^Responsible: the District Police \(Công an quận\).*\[1\]\nAccording to /);
    expect(a.answer).toContain('Sources:');
  });

  it('abstains in English on a question the plans do not answer', async () => {
    const a = await ask('what is the budget for building new stadiums in 2023 in billion dong?');
    expect(a.lang).toBe('en');
    expect(a.abstained).toBe(true);
    // The plans say nothing of stadiums: not an answer, the missing concept named when passages come close.
    expect(a.answer).toMatch(/^(The plans do not say|Not sure: no plan mentions “tỷ đồng”)/);
    for (const c of a.citations) expect(a.answer).toContain(`§${c.section}`);
  });

  it('understands a question typed without diacritics', async () => {
    const a = await ask('chi tieu suy dinh duong hong bang');
    expect(a.lang).toBe('vi');
    expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#III.1.1');
    expect(a.abstained).toBe(false);
    expect(a.answer).toContain('dưới 1%');
  });

  it('opens a clause asked for by number', async () => {
    const a = await ask('xem mục II.3 kế hoạch Thanh Xuân');
    expect(a.intent).toBe('clause');
    expect(a.abstained).toBe(false);
    expect(cited(a)).toEqual(['thanh-xuan-2021-2022#II.3']);
    expect(a.citations[0].heading).toBe('Nhiệm vụ và giải pháp');
    expect(a.answer).toContain('Thanh Xuân 2021-2022, §II.3');
  });
});

describe('filters', () => {
  it('restricts citations to the document given with docId', async () => {
    const q = 'đảm bảo an ninh an toàn trường học';
    const all = await ask(q);
    expect([...docsOf(all)].some((d) => d !== 'thanh-xuan-2021-2022')).toBe(true);
    const only = await ask(q, { docId: 'thanh-xuan-2021-2022' });
    expect(only.citations.length).toBeGreaterThan(0);
    expect([...docsOf(only)]).toEqual(['thanh-xuan-2021-2022']);
  });

  it('restricts to plans whose school year contains the year given', async () => {
    // 2021 is in both 2020-2021 (Cà Mau) and 2021-2022 (Thanh Xuân).
    const a = await ask('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng', { year: 2021 });
    expect(a.citations.length).toBeGreaterThan(0);
    for (const d of docsOf(a)) expect(['ca-mau-2020-2021', 'thanh-xuan-2021-2022']).toContain(d);
    expect(a.citations[0].clauseId).toBe('thanh-xuan-2021-2022#appendix-1.7');
    expect(a.answer).toContain('1,5%');

    const y2020 = await ask('chỉ tiêu tỷ lệ trẻ suy dinh dưỡng', { year: 2020 });
    expect(y2020.citations.length).toBeGreaterThan(0);
    expect([...docsOf(y2020)]).toEqual(['ca-mau-2020-2021']);

    const both = await ask('tỷ lệ bỏ học', { docId: 'muong-te-2022-2023', year: 2022 });
    expect([...docsOf(both)]).toEqual(['muong-te-2022-2023']);
  });

  it('refuses an unknown document id', async () => {
    await expect(ask('suy dinh dưỡng', { docId: 'ha-noi-1999-2000' })).rejects.toBeInstanceOf(QuestionError);
    await expect(ask('suy dinh dưỡng', { docId: 'ha-noi-1999-2000' })).rejects.toThrow(/ha-noi-1999-2000/);
  });
});

// Varied questions: targets, responsibilities, deadlines, English, no diacritics, abbreviations,
// comparisons, clause lookups and questions the plans do not answer.
const QUESTIONS = [
  'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024',
  'ai chịu trách nhiệm đảm bảo an ninh an toàn trường học ở Hồng Bàng?',
  'ngân sách xây trường năm 2023 là bao nhiêu tỷ đồng?',
  'who is responsible for school security in Hong Bang?',
  'what is the target for malnutrition of children?',
  'chi tieu suy dinh duong hong bang',
  'xem mục II.3 kế hoạch Thanh Xuân',
  'tỷ lệ huy động trẻ 5 tuổi đi học mẫu giáo',
  'Đoàn Thanh niên có nhiệm vụ gì?',
  'chuyển đổi số trong giáo dục',
  'tỷ lệ học sinh tốt nghiệp THPT ở Mường Tè',
  'xây dựng trường đạt chuẩn quốc gia ở Thanh Xuân',
  'Phòng Tài chính - Kế hoạch Hồng Bàng có trách nhiệm gì?',
  'Sở Giáo dục và Đào tạo TP.HCM chịu trách nhiệm gì',
  'khi nào tổng kết năm học',
  'giảm tỉ lệ trẻ MN suy dinh dưỡng Thanh Xuân',
  'so sánh chỉ tiêu suy dinh dưỡng giữa các kế hoạch',
  'Phòng GD&ĐT Cà Mau có nhiệm vụ gì',
];

describe('faithfulness and shape', () => {
  let answers: Answer[];
  beforeAll(async () => {
    answers = [];
    for (const q of QUESTIONS) answers.push(await ask(q));
  });

  it('quotes only text that is in the cited clause, and describes that clause truly', async () => {
    const titles = new Map((await app.store.listDocuments()).map((d) => [d.docId, d.title]));
    let checked = 0;
    for (const a of answers) {
      expect(a.citations.length, a.question).toBeGreaterThan(0);
      for (const c of a.citations) {
        const clause = await app.store.getClause(c.clauseId);
        expect(clause, `${a.question} → ${c.clauseId}`).toBeDefined();
        expect(c.quote.trim().length, `${a.question} → ${c.clauseId}`).toBeGreaterThan(0);
        expect(clause!.text.includes(c.quote), `${a.question} → ${c.clauseId}: ${JSON.stringify(c.quote)}`).toBe(true);
        expect(c.docId).toBe(clause!.docId);
        expect(c.section).toBe(clause!.path);
        expect(c.heading).toBe(clause!.heading);
        expect(c.docTitle).toBe(titles.get(c.docId));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(QUESTIONS.length);
  });

  it('has exactly the documented keys, numbered citations and a source list', () => {
    for (const a of answers) {
      // A non-answer also says why (README: `reason`).
      expect(Object.keys(a).sort()).toEqual(['abstained', 'answer', 'citations', 'intent', 'lang', 'outcome', 'question', ...(a.abstained ? ['reason'] : [])].sort());
      expect(typeof a.answer).toBe('string');
      expect(typeof a.abstained).toBe('boolean');
      expect(['vi', 'en']).toContain(a.lang);
      expect(['target', 'responsibility', 'deadline', 'clause', 'comparison', 'general']).toContain(a.intent);
      expect(a.question).toBe(QUESTIONS[answers.indexOf(a)]);
      a.citations.forEach((c, i) => {
        expect(Object.keys(c).sort()).toEqual(['clauseId', 'docId', 'docTitle', 'heading', 'n', 'quote', 'section'].sort());
        expect(c.n).toBe(i + 1);
        expect(c.clauseId).toBe(`${c.docId}#${c.section}`);
        expect(a.answer).toContain(`[${c.n}]`);
      });
      expect(new Set(cited(a)).size).toBe(a.citations.length); // no clause cited twice
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    }
  });

  it('answers the same question the same way', async () => {
    const again = await ask(QUESTIONS[0]);
    expect(again).toEqual(answers[0]);
  });
});

describe('questions that are refused', () => {
  it('refuses an overlong question', async () => {
    const long = 'chỉ tiêu suy dinh dưỡng '.repeat(500).slice(0, 10_000);
    expect(long).toHaveLength(10_000);
    await expect(ask(long)).rejects.toBeInstanceOf(QuestionError);
    await expect(ask(long)).rejects.toThrow(/characters/);
  });

  it('refuses an empty or blank question', async () => {
    await expect(ask('')).rejects.toBeInstanceOf(QuestionError);
    await expect(ask('   \n\t ')).rejects.toBeInstanceOf(QuestionError);
  });
});
