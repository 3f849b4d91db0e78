// Scanned plans read by OCR: real Tesseract and pdftoppm child processes on scans made here from
// the corpus text (test/helpers/scanFixtures.ts), a real SQLite index, real HTTP on 127.0.0.1.
// Kept to a few pages (OCR is seconds a page); the five-plan comparison is `npm run bench:ocr`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { extractText } from '../src/corpus/formats/index.js';
import { ocrScan, tsvPages, type OcrRun } from '../src/corpus/formats/ocr.js';
import { attachToneMarks, cleanOcrLine, fixDigitLetters, joinHyphenated, joinPercent, restoreFootnoteMarks } from '../src/corpus/formats/ocrText.js';
import { imageSizes } from '../src/corpus/formats/imageHeader.js';
import { layoutPdfLines } from '../src/corpus/formats/pdfLayout.js';
import { parseSource, parseText, DocumentError } from '../src/corpus/index.js';
import { loadConfig } from '../src/config.js';
import { ocrCacheDir } from '../src/search/indexer.js';
import { startServer, type RunningServer } from '../src/chat/serve.js';
import { ChatCore } from '../src/chat/core.js';
import { Reindexer } from '../src/chat/admin.js';
import { uploadHandler } from '../src/chat/upload.js';
import { replyText } from '../src/channels/replies.js';
import { migrate, SCHEMA_VERSION } from '../src/store/migrations.js';
import { Store } from '../src/store/repository.js';
import { makeIndexedHome, REPO, type IndexedHome } from './helpers/indexedHome.js';
import { until } from './helpers/planbotProcess.js';
import { charAccuracy, imagePdf, pngBomb, scanFromPlan, type ScanFixture } from './helpers/scanFixtures.js';
import { RUN_OCR } from './helpers/ocrTools.js';

const OCR = loadConfig({}).ocr;
const STEM = 'tp-hcm-2023-2024';
/** About three A4 pages of the plan: the decision, its recipients, and the plan's first parts. */
const LINES = 40;
const SCAN_NOTE = '(văn bản quét, có thể sai sót nhận dạng)';

let scan: ScanFixture;
const tmp: string[] = [];
async function tempDir(tag: string): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), `planbot-ocr-${tag}-`));
  tmp.push(d);
  return d;
}

beforeAll(async () => {
  if (RUN_OCR) scan = await scanFromPlan(STEM, { maxLines: LINES, dpi: 300 });
}, 120_000);
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});

const cli = (home: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), ...args], { cwd: home, env: { ...process.env, PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 300_000 });

describe('OCR text cleanup', () => {
  it('puts detached tone marks back on their vowel and composes them', () => {
    expect(attachToneMarks('ca\u0301c tru\u031Bo\u031B\u0300ng')).toBe('các trường');
    expect(attachToneMarks('ca \u0301c')).toBe('các');
    expect(attachToneMarks('ca´c')).toBe('các');
  });

  it('reads letters as digits inside numbers only', () => {
    expect(fixDigitLetters('ngày O4 tháng 9 năm 2O23')).toBe('ngày 04 tháng 9 năm 2023');
    expect(fixDigitLetters('đạt 1O0% và 1l trường')).toBe('đạt 100% và 11 trường');
    expect(fixDigitLetters('Mục II. Ông O và lo')).toBe('Mục II. Ông O và lo');
  });

  it('joins a broken percentage and a word cut by a hyphen', () => {
    expect(joinPercent('đạt 9 0 % trở lên')).toBe('đạt 90% trở lên');
    expect(joinPercent('tỷ lệ 1 0 0%')).toBe('tỷ lệ 100%');
    expect(joinPercent('năm 2023 5 %')).toBe('năm 2023 5 %'); // a year then a figure: not one number
    expect(joinHyphenated('phát tri-', 'ển giáo dục')).toBe('phát triển giáo dục');
    expect(joinHyphenated('kinh tế -', 'xã hội')).toBeNull();
    expect(joinHyphenated('Covid-', '19')).toBeNull();
    expect(cleanOcrLine('Tỷ lệ đạt 9 8 ,5 %')).toBe('Tỷ lệ đạt 9 8 ,5 %'.replace(/ {2,}/g, ' '));
    expect(cleanOcrLine(' ~ ')).toBe('');
  });

  it('puts footnote marks OCR read as digits or noise back as superscripts', () => {
    const lines = ['Đảng bộ tỉnh lần thứ XIV1, nhiệm kỳ 2020 -', '1 Nghị quyết số 05-NQ/ĐH ngày 23/10/2020.', '2025; Đảng bộ huyện lần thứ XX?, theo quy định3.', '? Nghị quyết số 01-NQ/ĐH.', 'lớp 9A1 và 3 Kế hoạch', '3 Quyết định số 949/QĐ-UBND.'];
    expect(restoreFootnoteMarks(lines)).toEqual(['Đảng bộ tỉnh lần thứ XIV¹, nhiệm kỳ 2020 -', '¹ Nghị quyết số 05-NQ/ĐH ngày 23/10/2020.', '2025; Đảng bộ huyện lần thứ XX?, theo quy định³.', '² Nghị quyết số 01-NQ/ĐH.', 'lớp 9A1 và 3 Kế hoạch', '³ Quyết định số 949/QĐ-UBND.']);
    expect(restoreFootnoteMarks(['lần thứ XIV1, nhiệm kỳ'])).toEqual(['lần thứ XIV1, nhiệm kỳ']);
  });

  it('lays out Tesseract TSV as lines with their page and confidence; a sentence going on over the page break is one line', () => {
    const row = (level: number, page: number, line: number, word: number, left: number, top: number, w: number, h: number, conf: number, text: string) =>
      [level, page, 1, 1, line, word, left, top, w, h, conf, text].join('\t');
    const page = (n: number, words: [number, string, number][]) => [
      row(1, n, 0, 0, 0, 0, 2480, 3508, -1, ''),
      row(4, n, 1, 0, 200, 300, 2000, 50, -1, ''),
      ...words.map(([x, t, c], i) => row(5, n, 1, i + 1, x, 300, 36 * t.length, 50, c, t)),
    ];
    // Page 1's line runs to the right margin (it wrapped); page 2 goes on with the sentence.
    const tsv = ['level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext', ...page(1, [[200, 'Tăng', 90], [370, 'cường', 80], [570, 'công', 96], [730, 'tác', 94]]), ...page(2, [[200, 'phòng', 70], [400, 'chống', 50]])].join('\n');
    const pages = tsvPages(tsv, 300);
    expect(pages).toHaveLength(2);
    expect(pages[0].pieces.map((p) => p.str)).toEqual(['Tăng', 'cường', 'công', 'tác']);
    const lines = layoutPdfLines(pages, { join: joinHyphenated });
    expect(lines).toEqual([{ text: 'Tăng cường công tác phòng chống', page: 1, confidence: 0.8, words: 6 }]);
  });
});

describe.skipIf(!RUN_OCR)('image headers and bounds, read before anything is decoded', () => {
  it('reads PNG, JPEG and TIFF dimensions from their headers', () => {
    expect(imageSizes('png', pngBomb(1234, 567))).toEqual([{ width: 1234, height: 567 }]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x0d, 0xb4, 0x09, 0xb0, 0x01, 0x01, 0x11, 0x00]);
    expect(imageSizes('jpeg', jpeg)).toEqual([{ width: 2480, height: 3508 }]);
    const tiff = Buffer.alloc(8 + 2 + 24 + 4);
    tiff.write('II', 0, 'ascii');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    [[256, 3, 2480], [257, 4, 3508]].forEach(([tag, type, v], i) => {
      tiff.writeUInt16LE(tag, 10 + 12 * i);
      tiff.writeUInt16LE(type, 12 + 12 * i);
      tiff.writeUInt32LE(1, 14 + 12 * i);
      if (type === 3) tiff.writeUInt16LE(v, 18 + 12 * i);
      else tiff.writeUInt32LE(v, 18 + 12 * i);
    });
    expect(imageSizes('tiff', tiff)).toEqual([{ width: 2480, height: 3508 }]);
  });

  it('refuses a tiny PNG declaring 60000×60000 pixels with the reason, without running Tesseract', async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(10_000);
    // A Tesseract that is not there: the header alone refuses the file.
    const err = await extractText('bomb.png', bomb, { ocr: { ...OCR, tesseract: '/nonexistent' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentError);
    expect((err as Error).message).toMatch(/bomb\.png: 60000×60000 pixels \(3600 M\), over OCR's limit of 40 M a page \(PLANBOT_OCR_MAX_PIXELS\): refused without decoding it/);
  });

  it('refuses a PDF page that would rasterise over the pixel limit, and a scan over the page limit', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage([14_400, 14_400]).drawImage(await pdf.embedPng(scan.pngs[0]), { x: 0, y: 0, width: 14_400, height: 14_400 });
    await expect(extractText('huge.pdf', Buffer.from(await pdf.save()), { ocr: OCR })).rejects.toThrow(/huge\.pdf: 60000×60000 pixels .*PLANBOT_OCR_MAX_PIXELS/);
    await expect(extractText('long.pdf', scan.pdf, { ocr: { ...OCR, maxPages: 2 } })).rejects.toThrow(/long\.pdf: the scanned PDF has 3 pages; OCR reads at most 2 \(PLANBOT_OCR_MAX_PAGES\)/);
  });

  it('stops a page over its time limit and kills the program', async () => {
    const dir = await tempDir('slow');
    const fake = path.join(dir, 'tesseract');
    // A Tesseract that lists Vietnamese and then hangs on the image, noting its pid.
    await writeFile(fake, `#!/bin/sh\nif [ "$1" = "--list-langs" ]; then echo "List of available languages (1):"; echo vie; exit 0; fi\necho $$ > ${dir}/pid\nexec sleep 60\n`);
    await chmod(fake, 0o755);
    const started = Date.now();
    const run: OcrRun = { ...OCR, tesseract: fake, pageSeconds: 1 };
    await expect(ocrScan('slow.png', scan.pngs[0], { kind: 'png' }, run)).rejects.toThrow(/slow\.png: OCR stopped reading: .*took longer than 1 s and was stopped \(PLANBOT_OCR_PAGE_SECONDS\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
    const pid = Number(await readFile(path.join(dir, 'pid'), 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

describe.skipIf(!RUN_OCR)('without Tesseract, or with OCR off', () => {
  it('refuses a scan as before, saying how to enable OCR', async () => {
    await expect(extractText('scan.pdf', scan.pdf, { ocr: { ...OCR, tesseract: '/nonexistent' } })).rejects.toThrow(
      /scan\.pdf: no text layer: OCR needed, but Tesseract \(\/nonexistent\) cannot run: .*apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils/,
    );
    await expect(extractText('scan.pdf', scan.pdf, { ocr: { ...OCR, enabled: false } })).rejects.toThrow(/no text layer: OCR needed, and OCR is off \(PLANBOT_OCR=off\)/);
    await expect(extractText('trang.png', scan.pngs[0])).rejects.toThrow(/trang\.png: a PNG image \(a scan\): OCR needed, and OCR is not enabled here/);
  });

  it('`planbot index` skips the scan with that reason and indexes the rest', async () => {
    const home = await tempDir('notess');
    await mkdir(path.join(home, 'corpus'));
    await writeFile(path.join(home, 'corpus', 'ban-quet.pdf'), scan.pdf);
    await writeFile(path.join(home, 'corpus', 'hong-bang-2023-2024.txt'), await readFile(path.join(REPO, 'corpus', 'hong-bang-2023-2024.txt')));
    const r = cli(home, ['index'], { PLANBOT_TESSERACT: '/nonexistent' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/indexed 1 documents/);
    expect(r.stdout).toMatch(/skipped ban-quet\.pdf: ban-quet\.pdf: no text layer: OCR needed, but Tesseract \(\/nonexistent\) cannot run.*apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils/);
  });
});

describe.skipIf(!RUN_OCR)('a scanned plan, read by Tesseract', () => {
  let home: string;
  let r: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    home = await tempDir('png');
    await mkdir(path.join(home, 'corpus'));
    await writeFile(path.join(home, 'corpus', 'quyet-dinh-quet.png'), scan.pngs[0]);
    r = cli(home, ['index']);
  }, 300_000);

  it('`planbot index` reads an image, saying "page i of n"; the text is the source nearly letter for letter', async () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/planbot: OCR quyet-dinh-quet\.png: page 1 of 1/);
    expect(r.stdout).toMatch(/indexed 1 documents/);
    const store = await Store.open(path.join(home, 'index', 'planbot.db'), { create: false });
    try {
      const [doc] = await store.listDocuments();
      expect(doc).toMatchObject({ docId: 'quyet-dinh-quet-png', format: 'png', ocr: true, issuer: expect.stringMatching(/Hồ Chí Minh/) });
      const clauses = await store.clausesOf(doc.docId);
      const text = clauses.map((c) => c.text).join('\n');
      // The same clauses from the text the page was printed from (the last one goes on over the page).
      const fromText = new Map(parseText('t.txt', doc.docId, scan.lines.join('\n')).clauses.map((c) => [c.path, c.text]));
      const whole = clauses.slice(0, -1);
      expect(whole.length).toBeGreaterThan(4);
      expect(charAccuracy(whole.map((c) => c.text).join('\n'), whole.map((c) => fromText.get(c.path) ?? '').join('\n'))).toBeGreaterThan(0.95);
      expect(clauses.every((c) => c.page === 1 && c.ocrConfidence! > 0.5 && c.ocrConfidence! <= 1)).toBe(true);
      expect(clauses.map((c) => c.path)).toEqual(expect.arrayContaining(['preamble', 'dieu-1', 'dieu-2', 'dieu-3']));
    } finally {
      await store.close();
    }
  });

  it('`planbot docs` says the plan was OCR\'d; `ask --json` citations carry the page and the confidence, the answer says it is a scan', () => {
    expect(cli(home, ['docs']).stdout).toMatch(/from: png \(scan, read by OCR\)/);
    const a = cli(home, ['ask', '--json', 'Ai có trách nhiệm thi hành Quyết định này?']);
    expect(a.status, a.stderr).toBe(0);
    const answer = JSON.parse(a.stdout) as { outcome: string; answer: string; citations: { clauseId: string; page?: number; ocrConfidence?: number }[] };
    expect(answer.outcome).toBe('answer');
    expect(answer.citations[0]).toMatchObject({ clauseId: 'quyet-dinh-quet-png#dieu-3', page: 1, ocrConfidence: expect.any(Number) });
    expect(answer.citations[0].ocrConfidence).toBeGreaterThan(0.5);
    expect(answer.answer).toMatch(new RegExp(`\\[1\\] .+ \\(văn bản quét, có thể sai sót nhận dạng\\), §dieu-3`));
    const en = JSON.parse(cli(home, ['ask', '--json', 'Who is responsible for implementing this decision?']).stdout) as { answer: string };
    expect(en.answer).toContain('(scanned document, may contain recognition errors)');
  });

  it('re-indexing does not OCR the scan again: the result is cached by its content hash under index/', async () => {
    const cacheDir = ocrCacheDir(path.join(home, 'index'));
    let started = 0;
    const t0 = Date.now();
    const again = await parseSource({ file: 'quyet-dinh-quet.png', docId: 'x', bytes: scan.pngs[0] }, { ocr: { ...OCR, cacheDir, onStart: () => started++ } });
    expect(started).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(again.ocr).toBe(true);
    // A changed file is read afresh; `planbot index` with the file unchanged reads nothing.
    expect(cli(home, ['index']).stdout).toMatch(/unchanged 1/);
  });
});

describe.skipIf(!RUN_OCR)('a scan uploaded over HTTP and in chat while questions go on', () => {
  let h: IndexedHome;
  let server: RunningServer;
  let base: string;
  const TOKEN = 'ocr-admin-token-0123456789';
  const QUESTION = 'Chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024 của quận Hồng Bàng là bao nhiêu?';
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    h = await makeIndexedHome('ocr-upload', { PLANBOT_SEMANTIC: 'off' });
    const cfg = loadConfig({ PLANBOT_HOME: h.home, PLANBOT_SEMANTIC: 'off', PLANBOT_ADMIN_TOKEN: TOKEN, PORT: '0', PLANBOT_LOG_LEVEL: 'silent', PLANBOT_WEB: 'on', PLANBOT_ASK_PER_MINUTE: '0' });
    server = await startServer(cfg);
    base = `http://127.0.0.1:${server.ctx.http.port}`;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await h?.dispose();
  });

  it('answers 202 with a job at once, answers questions while OCR runs, and the job ends with the plan indexed page by page', async () => {
    const t0 = Date.now();
    const res = await fetch(`${base}/api/documents?name=${encodeURIComponent('Kế hoạch TP.HCM (bản quét).pdf')}`, { method: 'POST', headers: auth, body: scan.pdf });
    expect(res.status).toBe(202);
    const { job, message } = (await res.json()) as { job: { id: string; status: string; pages: number; statusUrl: string }; message: string };
    expect(message).toBe('đang nhận dạng 3 trang…');
    expect(job).toMatchObject({ status: 'running', pages: 3, statusUrl: `/api/documents/jobs/${job.id}` });
    expect(res.headers.get('location')).toBe(job.statusUrl);
    expect(Date.now() - t0).toBeLessThan(10_000); // three pages take far longer than that

    // A question over HTTP while Tesseract works: answered, and the job still running after it.
    const ask = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    expect(ask.status).toBe(200);
    expect(((await ask.json()) as { answer: string }).answer).toContain('dưới 1%');
    const during = (await (await fetch(`${base}${job.statusUrl}`, { headers: auth })).json()) as { job: { status: string } };
    expect(during.job.status).toBe('running');
    expect((await fetch(`${base}${job.statusUrl}`)).status).toBe(401);
    expect((await fetch(`${base}/api/documents/jobs/nope`, { headers: auth })).status).toBe(404);

    const done = await until(
      async () => {
        const j = ((await (await fetch(`${base}${job.statusUrl}`, { headers: auth })).json()) as { job: { status: string; document?: { docId: string; ocr: boolean; clauses: number }; error?: string } }).job;
        return j.status !== 'running' && j;
      },
      280_000,
      'the OCR job',
    );
    expect(done).toMatchObject({ status: 'done', document: { docId: 'ke-hoach-tp-hcm-ban-quet-pdf', ocr: true } });

    const store = server.ctx.app.store;
    const clauses = await store.clausesOf('ke-hoach-tp-hcm-ban-quet-pdf');
    // Three pages: every clause knows its own, in order; "Trang 2" footers and the running header are gone.
    const pages = clauses.map((c) => c.page!);
    expect(pages[0]).toBe(1);
    expect(pages).toContain(2);
    expect(Math.max(...pages)).toBeLessThanOrEqual(3);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    const text = clauses.map((c) => c.text).join('\n');
    expect(text).not.toMatch(/Trang \d|bản điện tử/);
    // The same clause tree as the text it was printed from, and the same text nearly letter for letter.
    const fromText = parseText('t.txt', 'ke-hoach-tp-hcm-ban-quet-pdf', scan.lines.join('\n')).clauses;
    expect(clauses.map((c) => c.path)).toEqual(fromText.map((c) => c.path));
    expect(charAccuracy(text, fromText.map((c) => c.text).join('\n'))).toBeGreaterThan(0.98);
    // The paragraph split by the page break is one clause, read across it.
    const across = clauses.find((c) => c.text.startsWith('1. Quán triệt'));
    expect(across?.text).toMatch(/năm học 2023 - 2024 nhằm củng cố, nâng cao chất lượng giáo dục và đào tạo\.$/);
  }, 300_000);

  it('in chat: replies "Đang nhận dạng 1 trang…" at once, answers a question meanwhile, and announces the plan when done', async () => {
    const reindexer = new Reindexer(server.ctx.app.store, server.ctx.app.answerer, { corpusDir: server.ctx.cfg.corpusDir, indexDir: server.ctx.cfg.indexDir, embedder: null, ocr: OCR });
    const core = new ChatCore({
      store: server.ctx.app.store,
      answerer: server.ctx.app.answerer,
      semantic: { embedder: null, reason: 'off' },
      admins: ['42'],
      reindexer,
      upload: uploadHandler({ cfg: server.ctx.cfg, store: server.ctx.app.store, embedder: null }, reindexer),
    });
    const who = { platform: 'test', chatId: '42', chatType: 'private' as const, userId: '42', userName: null };
    // The last page alone, as a photo of it would be sent.
    const res = await core.handle({ ...who, document: { fileName: 'trang-cuoi.png', download: async () => scan.pngs[2] } });
    expect(replyText(res.replies[0])).toMatch(/^Đang nhận dạng 1 trang… \(trang-cuoi\.png là văn bản quét\)/);
    expect(res.later).toBeDefined();
    let announced = false;
    const later = res.later!.then((r) => ((announced = true), r));
    const q = await core.handle({ ...who, text: QUESTION });
    expect(announced).toBe(false);
    expect(replyText(q.replies[0])).toContain('dưới 1%');
    const [summary] = await later;
    expect(replyText(summary)).toMatch(/Đã nhận và lập chỉ mục trang-cuoi\.png[\s\S]*Mã kế hoạch: trang-cuoi-png[\s\S]*Văn bản quét, đọc bằng nhận dạng chữ \(OCR\)/);
    expect((await server.ctx.app.store.getDocument('trang-cuoi-png'))?.ocr).toBe(true);
  }, 300_000);
});

describe.skipIf(!RUN_OCR)('the OCR migration', () => {
  it('adds clauses.page, clauses.ocr_confidence and documents.ocr to an index built before it', async () => {
    const dir = await tempDir('migrate');
    const store = await Store.open(path.join(dir, 'planbot.db'), { create: true });
    try {
      const cols = async (t: string) => (await store.db.all<{ name: string; dflt_value: string | null }>(`PRAGMA table_info(${t})`)).map((c) => `${c.name}=${c.dflt_value}`);
      expect(await cols('clauses')).toEqual(expect.arrayContaining(['page=null', 'ocr_confidence=null']));
      expect(await cols('documents')).toContain('ocr=0');
      expect(await migrate(store.db)).toBe(SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  });
});

it.skipIf(!RUN_OCR)('binds page images into a PDF with no text layer (the fixture is a real scan)', async () => {
  const pdf = await imagePdf([scan.pngs[2]]);
  await expect(extractText('x.pdf', pdf)).rejects.toThrow(/no text layer: OCR needed/);
});
