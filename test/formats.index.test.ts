// The five plans indexed from Word, PDF, UTF-16 and TCVN3 files answer the gold questions as
// the .txt originals do; a scan is skipped with its reason while the rest is indexed; versions
// of one plan: the newest answered from, the older one kept, addressable and marked superseded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile, utimes, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/repository.js';
import { indexCorpus, type IndexSummary } from '../src/search/indexer.js';
import { openApp, type AppContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Answer } from '../src/answer/compose.js';
import { makeIndexedHome, REPO, type IndexedHome } from './helpers/indexedHome.js';
import * as F from './helpers/planFixtures.js';

interface GoldItem {
  question: string;
}
const GOLD = JSON.parse(readFileSync(path.join(REPO, 'test', 'eval', 'gold.json'), 'utf8')) as GoldItem[];
/** Every other gold question: all intents, all five plans, answerable and not. */
const QUESTIONS = GOLD.filter((_, i) => i % 2 === 0).map((g) => g.question);

interface Home {
  home: string;
  app: AppContext;
  summary: IndexSummary;
}

async function homeWith(tag: string, files: Record<string, Buffer>): Promise<Home> {
  const home = await mkdtemp(path.join(os.tmpdir(), `planbot-${tag}-`));
  await mkdir(path.join(home, 'corpus'));
  for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(home, 'corpus', name), bytes);
  const cfg = loadConfig({ PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off' });
  const store = await Store.open(cfg.dbPath, { create: true });
  let summary: IndexSummary;
  try {
    summary = await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
  } finally {
    await store.close();
  }
  return { home, app: await openApp(cfg), summary };
}

/** An answer with its document ids taken back to the .txt stems, whitespace runs made one space. */
function comparable(a: Answer, fold: (s: string) => string) {
  const id = (s: string) => s.replace(/-(docx|pdf)(?=#|$)/, '');
  const ws = (s: string) => fold(s.replace(/\s+/g, ' '));
  return { abstained: a.abstained, intent: a.intent, answer: ws(a.answer), citations: a.citations.map((c) => ({ clauseId: id(c.clauseId), quote: ws(c.quote) })) };
}

describe('answers from every format', () => {
  let txt: IndexedHome;
  const expected: Answer[] = [];
  beforeAll(async () => {
    txt = await makeIndexedHome('fmt-txt', { PLANBOT_SEMANTIC: 'off' });
    for (const q of QUESTIONS) expected.push(await txt.app.answerer.ask(q));
  }, 120_000);
  afterAll(() => txt?.dispose());

  /**
   * TCVN3 cannot carry footnote marks (their codes are letters there): the footnotes stay in
   * the text where they were printed, and the answers to compare with are those of the
   * originals without the marks.
   */
  async function lossyAnswers(): Promise<Answer[]> {
    const files = Object.fromEntries(F.PLAN_STEMS.map((s) => [`${s}.txt`, Buffer.from(F.planText(s).replace(F.LEGACY_LOSSES, ''))]));
    const h = await homeWith('fmt-lossy', files);
    try {
      const out: Answer[] = [];
      for (const q of QUESTIONS) out.push(await h.app.answerer.ask(q));
      return out;
    } finally {
      await h.app.close();
      await rm(h.home, { recursive: true, force: true });
    }
  }

  const formats: [string, (stem: string) => Promise<[string, Buffer]>, (s: string) => string][] = [
    ['docx', async (s) => [`${s}.docx`, (await F.docxFromPlan(s)).bytes], (s) => s],
    ['pdf', async (s) => [`${s}.pdf`, (await F.pdfFromPlan(s)).bytes], (s) => s],
    ['utf16', async (s) => [`${s}.txt`, F.utf16le(F.planText(s))], (s) => s],
    // TCVN3 cannot carry a capital toned vowel that begins a word ("Ủy ban" → "ủy ban"): compared in lower case.
    ['tcvn3', async (s) => [`${s}.txt`, F.tcvn3(F.planText(s))], (s) => s.toLocaleLowerCase('vi')],
  ];

  it.each(formats)(`the five plans as %s answer ${QUESTIONS.length} gold questions as the .txt originals do`, async (tag, make, fold) => {
    const files = Object.fromEntries(await Promise.all(F.PLAN_STEMS.map(make)));
    const h = await homeWith(`fmt-${tag}`, files);
    try {
      expect(h.summary.errors).toEqual([]);
      expect(h.summary.documents).toBe(5);
      const docs = await h.app.store.listDocuments();
      expect(new Set(docs.map((d) => d.format))).toEqual(new Set([tag === 'docx' || tag === 'pdf' ? tag : 'text']));
      let differing = 0;
      const reference = tag === 'tcvn3' ? await lossyAnswers() : expected;
      for (const [i, q] of QUESTIONS.entries()) {
        const got = comparable(await h.app.answerer.ask(q), fold);
        const want = comparable(reference[i], fold);
        if (tag === 'tcvn3') {
          // "Ủy ban" read back as "ủy ban" can swap two equally near clauses listed with an
          // abstention: there the same clauses must be listed, in any order.
          if (want.abstained && got.abstained) {
            const ids = (x: typeof got) => x.citations.map((c) => c.clauseId).sort();
            expect(ids(got), q).toEqual(ids(want));
            continue;
          }
        }
        expect(got, q).toEqual(want);
        differing += JSON.stringify(got) === JSON.stringify(want) ? 0 : 1;
      }
      expect(differing).toBe(0);
    } finally {
      await h.app.close();
      await rm(h.home, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('a scan among the plans', () => {
  let h: Home;
  beforeAll(async () => {
    const files = Object.fromEntries(F.PLAN_STEMS.map((s) => [`${s}.txt`, Buffer.from(F.planText(s))]));
    // "~$…docx": the lock file Word leaves while a document is open; not a plan, not an error.
    h = await homeWith('fmt-scan', { ...files, 'ban-scan.pdf': await F.imageOnlyPdf(3), '~$ke-hoach.docx': Buffer.from([0x0b, 0x41, 0x00, 0x64, 0x00]) });
  }, 60_000);
  afterAll(async () => {
    await h?.app.close();
    if (h) await rm(h.home, { recursive: true, force: true });
  });

  it('is skipped with "no text layer: OCR needed" and the rest is indexed', async () => {
    expect(h.summary.documents).toBe(5);
    expect(h.summary.errors).toHaveLength(1);
    expect(h.summary.errors[0]).toMatchObject({ file: 'ban-scan.pdf', docId: 'ban-scan-pdf', reason: expect.stringMatching(/no text layer: OCR needed/) });
  });

  it('is listed by `planbot docs` as skipped, with the reason', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'docs'], { cwd: h.home, env: { ...process.env, PLANBOT_HOME: h.home, PLANBOT_LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^skipped ban-scan\.pdf: ban-scan\.pdf: no text layer: OCR needed/m);
    expect(r.stdout).toContain('hong-bang-2023-2024\n');
  });
});

describe('versions of one plan', () => {
  let h: Home;
  const OLD = 'hong-bang-2023-2024';
  const NEW = 'hong-bang-2023-2024-docx';
  const QUESTION = 'Chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024 của quận Hồng Bàng là bao nhiêu?';

  beforeAll(async () => {
    const files = Object.fromEntries(F.PLAN_STEMS.map((s) => [`${s}.txt`, Buffer.from(F.planText(s))]));
    h = await homeWith('fmt-versions', { ...files, [`${OLD}.docx`]: (await F.docxFromPlan(OLD)).bytes });
  }, 60_000);
  afterAll(async () => {
    await h?.app.close();
    if (h) await rm(h.home, { recursive: true, force: true });
  });

  async function reindex(): Promise<IndexSummary> {
    const cfg = loadConfig({ PLANBOT_HOME: h.home, PLANBOT_SEMANTIC: 'off' });
    const s = await indexCorpus(h.app.store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
    h.app.answerer.refresh();
    return s;
  }

  /** Sets a file's modification time: the order of versions signed the same day. */
  const touch = (name: string, iso: string) => utimes(path.join(h.home, 'corpus', name), new Date(iso), new Date(iso));

  it('the newer file of the same issuer, number and school year supersedes the older', async () => {
    await touch(`${OLD}.txt`, '2023-08-26T08:00:00Z');
    await touch(`${OLD}.docx`, '2023-09-02T08:00:00Z');
    // Same content hash: the times are read again only when a file changes, so change both once.
    await writeFile(path.join(h.home, 'corpus', `${OLD}.txt`), `${F.planText(OLD)}\n`);
    await touch(`${OLD}.txt`, '2023-08-26T08:00:00Z');
    const s = await reindex();
    expect(s.superseded).toEqual([{ docId: OLD, by: NEW }]);
    expect((await h.app.store.getDocument(OLD))?.supersededBy).toBe(NEW);
    expect((await h.app.store.getDocument(NEW))?.supersededBy).toBeNull();
  });

  it('answers from the newest version only', async () => {
    const a = await h.app.answerer.ask(QUESTION);
    expect(a.abstained).toBe(false);
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) {
      expect(c.docId).not.toBe(OLD);
      expect(c.superseded).toBeUndefined();
    }
    expect(a.citations[0].clauseId).toBe(`${NEW}#III.1.1`);
    const deadlines = await h.app.store.facts.listDeadlines();
    expect(deadlines.some((d) => d.docId === NEW)).toBe(true);
    expect(deadlines.some((d) => d.docId === OLD)).toBe(false);
  });

  it('opens a clause asked for by number in the current version', async () => {
    const a = await h.app.answerer.ask('Mục III.1.1 kế hoạch Hồng Bàng nói gì?');
    expect(a.intent).toBe('clause');
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0].clauseId).toBe(`${NEW}#III.1.1`);
  });

  it('`planbot clause` opens the older version, saying it is superseded', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'clause', `${OLD}#III.1.1`], { cwd: h.home, env: { ...process.env, PLANBOT_HOME: h.home, PLANBOT_LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`(superseded by ${NEW})`);
    expect(r.stdout).toContain('dưới 1%');
    const docs = spawnSync(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'docs'], { cwd: h.home, env: { ...process.env, PLANBOT_HOME: h.home, PLANBOT_LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
    expect(docs.stdout).toContain(`superseded by ${NEW} (a newer version of the same plan)`);
    expect(docs.stdout).toContain('from: docx');
  });

  it('keeps the older version addressable, and marks it superseded when cited', async () => {
    expect((await h.app.store.getClause(`${OLD}#III.1.1`))?.text).toContain('dưới 1%');
    const a = await h.app.answerer.ask(QUESTION, { docId: OLD });
    expect(a.abstained).toBe(false);
    expect(a.citations[0]).toMatchObject({ clauseId: `${OLD}#III.1.1`, superseded: true, supersededBy: NEW });
    expect(a.answer).toContain(`(bản cũ, đã có bản mới: ${NEW})`);
    expect((await h.app.answerer.ask('What is the malnutrition target in Hong Bang?', { docId: OLD })).answer).toContain(`(superseded by ${NEW})`);
    expect((await h.app.store.facts.listDeadlines({ docId: OLD })).length).toBeGreaterThan(0);
  });

  it('a corrected version signed later wins whatever the file times', async () => {
    const corrected = F.planText(OLD).replace("Hồng Bàng, ngày tháng năm 2023", "Hồng Bàng, ngày 05 tháng 9 năm 2023");
    expect(corrected).not.toBe(F.planText(OLD));
    await writeFile(path.join(h.home, 'corpus', `${OLD}-sua.txt`), corrected);
    await touch(`${OLD}-sua.txt`, '2023-01-01T00:00:00Z');
    const s = await reindex();
    expect(s.superseded).toEqual([
      { docId: OLD, by: `${OLD}-sua` },
      { docId: NEW, by: `${OLD}-sua` },
    ]);
    await rm(path.join(h.home, 'corpus', `${OLD}-sua.txt`));
  });

  it('removing the newer file makes the older one current again', async () => {
    await rm(path.join(h.home, 'corpus', `${OLD}.docx`));
    const s = await reindex();
    expect(s.superseded).toEqual([]);
    expect((await h.app.store.getDocument(OLD))?.supersededBy).toBeNull();
    expect((await h.app.answerer.ask(QUESTION)).citations[0].clauseId).toBe(`${OLD}#III.1.1`);
    expect(await readFile(path.join(h.home, 'corpus', `${OLD}.txt`), 'utf8')).toContain('KẾ HOẠCH');
  });
});
