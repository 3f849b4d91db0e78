// Uploads: ingestUpload (src/search/ingest.ts) and POST /api/documents (src/chat/web/upload.ts)
// over real HTTP on 127.0.0.1. A plan sent as Word or PDF is saved into corpus/ under a safe
// name and indexed, and the reply says what was found; malicious files are refused with a
// reason, nothing is written outside corpus/ (nor inside, for a refused file), and the
// process goes on answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ingestUpload, UploadError, safeUploadName, UPLOAD_MAX_BYTES, type IngestContext } from '../src/search/ingest.js';
import { HttpServer } from '../src/chat/http.js';
import { registerDocumentUpload } from '../src/chat/web/upload.js';
import { startServer, type RunningServer } from '../src/chat/serve.js';
import { loadConfig } from '../src/config.js';
import { rawRequest } from './helpers/rawHttp.js';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';
import * as F from './helpers/planFixtures.js';

const QUESTION = 'Chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024 của quận Hồng Bàng là bao nhiêu?';

/** Everything under the temp home, so a test can see that nothing appeared where it should not. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await tree(p)).map((x) => path.join(e.name, x)));
    else out.push(e.name);
  }
  return out.filter((f) => !f.startsWith(`index${path.sep}`)).sort();
}

/** A plan of its own (another school year of Cà Mau), so it supersedes nothing. */
const anotherPlan = () => F.planText('ca-mau-2020-2021').replace(/2020 ?- ?2021/g, '2021-2022');

describe('ingestUpload', () => {
  let h: IndexedHome;
  let ctx: IngestContext;
  beforeAll(async () => {
    h = await makeIndexedHome('upload', { PLANBOT_SEMANTIC: 'off' });
    ctx = { cfg: h.cfg, store: h.app.store, embedder: null };
  }, 60_000);
  afterAll(() => h?.dispose());

  it('saves a Word plan under a safe name, indexes it and summarizes it; it supersedes the .txt of the same plan', async () => {
    const docx = (await F.docxFromPlan('hong-bang-2023-2024')).bytes;
    const r = await ingestUpload(ctx, 'Kế hoạch Hồng Bàng (bản Word).docx', docx);
    const facts = { targets: (await h.app.store.facts.listTargets({ docId: r.docId })).length, deadlines: (await h.app.store.facts.listDeadlines({ docId: r.docId })).length };
    expect(r).toEqual({
      docId: 'ke-hoach-hong-bang-ban-word-docx',
      file: 'ke-hoach-hong-bang-ban-word.docx',
      title: (await h.app.store.getDocument('hong-bang-2023-2024'))!.title,
      schoolYear: '2023-2024',
      clauses: (await h.app.store.getDocument('hong-bang-2023-2024'))!.clauseCount,
      targets: facts.targets,
      deadlines: facts.deadlines,
      supersedes: ['hong-bang-2023-2024'],
      ocr: false,
    });
    expect(r.targets).toBeGreaterThan(5);
    expect(r.deadlines).toBeGreaterThan(5);
    expect((await readFile(path.join(h.cfg.corpusDir, r.file))).equals(docx)).toBe(true);
    h.app.answerer.refresh();
    expect((await h.app.answerer.ask(QUESTION)).citations[0].clauseId).toBe(`${r.docId}#III.1.1`);
  });

  it('takes a PDF and a legacy-encoded text; the same file twice is stored once', async () => {
    const pdf = await ingestUpload(ctx, 'TP.HCM ban PDF.pdf', (await F.pdfFromPlan('tp-hcm-2023-2024')).bytes);
    expect(pdf).toMatchObject({ docId: 'tp-hcm-ban-pdf-pdf', file: 'tp-hcm-ban-pdf.pdf', schoolYear: '2023-2024', supersedes: ['tp-hcm-2023-2024'] });
    const bytes = F.tcvn3(anotherPlan());
    const first = await ingestUpload(ctx, 'ca-mau-2021-2022.txt', bytes);
    expect(first).toMatchObject({ docId: 'ca-mau-2021-2022', schoolYear: '2021-2022', supersedes: [] });
    const files = await readdir(h.cfg.corpusDir);
    expect(await ingestUpload(ctx, 'ca-mau-2021-2022.txt', bytes)).toEqual(first);
    expect(await readdir(h.cfg.corpusDir)).toEqual(files);
  });

  it('never replaces a file already there: a different file of the same name gets the next free name', async () => {
    const r = await ingestUpload(ctx, 'ca-mau-2021-2022.txt', Buffer.from(anotherPlan().replace('Cà Mau, ngày', 'Cà Mau, ngày 05 tháng 9 năm 2021 —')));
    expect(r.file).toBe('ca-mau-2021-2022-2.txt');
    expect(r.supersedes).toEqual(['ca-mau-2021-2022']);
  });

  it('is told the type by content, not by the name, and keeps an upload as .md when it says so', async () => {
    const r = await ingestUpload(ctx, 'ghi-chu.md', Buffer.from(anotherPlan().replace(/2021-2022/g, '2022-2023')));
    expect(r.file).toBe('ghi-chu.md');
  });

  const refusals: [string, string, () => Promise<Buffer> | Buffer, RegExp][] = [
    ['a zip bomb disguised as .docx', 'ke-hoach.docx', () => F.zipBomb(48), /zip bomb/],
    ['a zip bomb whose headers lie', 'ke-hoach.docx', () => F.lyingZipBomb(48), /cannot read word\/document\.xml|not a readable zip/],
    ['a PDF of 5 000 empty pages', 'ke-hoach.pdf', () => F.emptyPagesPdf(5000), /5000 pages/],
    ['a scan', 'ban-scan.pdf', () => F.imageOnlyPdf(2), /no text layer: OCR needed/],
    ['a file name with ../', '../../etc/ke-hoach.txt', () => Buffer.from(anotherPlan()), /contains a path/],
    ['a file name with ..\\', '..\\ke-hoach.txt', () => Buffer.from(anotherPlan()), /contains a path/],
    ['a hidden file name', '.bashrc', () => Buffer.from(anotherPlan()), /starts with a dot/],
    ['a PDF named .docx', 'ke-hoach.docx', async () => (await F.pdfFromPlan('ca-mau-2020-2021')).bytes, /named \.docx but its content is a PDF file/],
    ['an image named .pdf', 'ke-hoach.pdf', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), /a PNG image/],
    ['a program', 'setup.exe', () => Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), /Windows program/],
    ['an unknown extension', 'ke-hoach.odt', () => Buffer.from(anotherPlan()), /not \.odt/],
    ['an empty file', 'ke-hoach.txt', () => Buffer.alloc(0), /is empty/],
    ['a file over the size limit', 'ke-hoach.txt', () => Buffer.alloc(UPLOAD_MAX_BYTES + 1, 0x61), /the limit is 20 MiB/],
    ['garbage text', 'ke-hoach.txt', () => Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41, 0x42, 0x00, 0x07].concat(Array(200).fill(0x01))), /garbled or binary/],
  ];

  it.each(refusals)('refuses %s with a reason, writing nothing', async (_what, name, make, reason) => {
    const before = await tree(h.home);
    const bytes = await make();
    const err = await ingestUpload(ctx, name, bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadError);
    expect((err as Error).message).toMatch(reason);
    expect(await tree(h.home)).toEqual(before);
    expect(await readdir(path.dirname(h.home))).not.toContain('etc');
  }, 60_000);

  it('is still up and answering after every refusal', async () => {
    h.app.answerer.refresh();
    const a = await h.app.answerer.ask(QUESTION);
    expect(a.abstained).toBe(false);
    expect(a.answer).toContain('dưới 1%');
  });

  it('indexes uploads sent at the same time one after the other, all of them', async () => {
    const texts = ['2024-2025', '2025-2026', '2026-2027'].map((y) => Buffer.from(anotherPlan().replace(/2021-2022/g, y)));
    const rs = await Promise.all(texts.map((b, i) => ingestUpload(ctx, `dong-thoi-${i}.txt`, b)));
    expect(rs.map((r) => r.schoolYear)).toEqual(['2024-2025', '2025-2026', '2026-2027']);
    for (const r of rs) expect((await h.app.store.getDocument(r.docId))?.clauseCount).toBe(r.clauses);
  });

  it('derives safe names', () => {
    expect(safeUploadName('Kế hoạch số 247/KH.docx'.replace('/', '-'))).toEqual({ stem: 'ke-hoach-so-247-kh', ext: '.docx' });
    expect(() => safeUploadName('a/b.txt')).toThrow(UploadError);
    expect(() => safeUploadName('ke\u0000hoach.txt')).toThrow(/control characters/);
    expect(() => safeUploadName('!!!.txt')).toThrow(/no letters or digits/);
    expect(() => safeUploadName('x'.repeat(300))).toThrow(/at most 200/);
  });
});

describe('POST /api/documents', () => {
  let h: IndexedHome;
  let http: HttpServer;
  let base: string;
  const TOKEN = 'test-admin-token-0123456789';

  beforeAll(async () => {
    h = await makeIndexedHome('upload-http', { PLANBOT_SEMANTIC: 'off' });
    const ctx = { cfg: h.cfg, store: h.app.store, embedder: null };
    http = new HttpServer();
    registerDocumentUpload(http, { token: TOKEN, ingest: async (name, bodyFile) => ({ done: await ingestUpload(ctx, name, await readFile(bodyFile)) }) });
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  }, 60_000);
  afterAll(async () => {
    await http?.close();
    await h?.dispose();
  });

  const post = (body: Buffer, o: { name?: string; header?: string; token?: string | null } = {}) =>
    fetch(`${base}/api/documents${o.name ? `?name=${encodeURIComponent(o.name)}` : ''}`, {
      method: 'POST',
      headers: { ...(o.token === null ? {} : { authorization: `Bearer ${o.token ?? TOKEN}` }), ...(o.header ? { 'x-file-name': o.header } : {}), 'content-type': 'application/octet-stream' },
      body,
    });

  it('needs the admin token', async () => {
    const docx = (await F.docxFromPlan('muong-te-2022-2023')).bytes;
    expect((await post(docx, { name: 'kh.docx', token: null })).status).toBe(401);
    expect((await post(docx, { name: 'kh.docx', token: 'wrong-token-wrong-token' })).status).toBe(401);
    expect(await readdir(h.cfg.corpusDir)).not.toContain('kh.docx');
  });

  it('answers a 20 MB upload without the token 401 at once, before a byte of its body is read', async () => {
    const port = Number(new URL(base).port);
    const a = await rawRequest(port, `POST /api/documents?name=kh.docx HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${20 * 1024 * 1024}`);
    expect(a.status).toBe(401);
    expect(a.bodyBytesSent).toBe(0); // the answer came with the body still held back
    const noName = await rawRequest(port, `POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 1048576`);
    expect(noName.status).toBe(400);
    expect(noName.bodyBytesSent).toBe(0);
  });

  it('saves and indexes a plan, answering 201 with the summary', async () => {
    const res = await post((await F.docxFromPlan('muong-te-2022-2023')).bytes, { header: encodeURIComponent('Mường Tè 2022-2023.docx') });
    expect(res.status).toBe(201);
    const { document } = (await res.json()) as { document: Record<string, unknown> };
    expect(document).toMatchObject({ docId: 'muong-te-2022-2023-docx', file: 'muong-te-2022-2023.docx', schoolYear: '2022-2023', supersedes: ['muong-te-2022-2023'] });
    expect(document.clauses).toBe((await h.app.store.getDocument('muong-te-2022-2023-docx'))!.clauseCount);
  });

  it('refuses malicious files with 422 and the reason, and stays up', async () => {
    const before = await tree(h.home);
    for (const [body, name, reason] of [
      [F.zipBomb(48), 'bomb.docx', /zip bomb/],
      [await F.emptyPagesPdf(5000), 'empty.pdf', /5000 pages/],
      [Buffer.from(anotherPlan()), '../../outside.txt', /contains a path/],
    ] as [Buffer, string, RegExp][]) {
      const res = await post(body, { name });
      expect(res.status, name).toBe(422);
      expect(((await res.json()) as { error: string }).error).toMatch(reason);
    }
    expect(await tree(h.home)).toEqual(before);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);

  it('refuses a body over the size limit with 413, and a request without a file name with 400', async () => {
    expect((await post(Buffer.alloc(UPLOAD_MAX_BYTES + 1024, 0x61), { name: 'big.txt' })).status).toBe(413);
    expect((await post(Buffer.from(anotherPlan()))).status).toBe(400);
  });
});

describe('planbot serve with PLANBOT_ADMIN_TOKEN', () => {
  let h: IndexedHome;
  let server: RunningServer | null = null;
  afterAll(async () => {
    await server?.stop();
    await h?.dispose();
  });

  it('serves POST /api/documents', async () => {
    h = await makeIndexedHome('upload-serve', { PLANBOT_SEMANTIC: 'off' });
    const cfg = loadConfig({ PLANBOT_HOME: h.home, PLANBOT_SEMANTIC: 'off', PLANBOT_ADMIN_TOKEN: 'serve-admin-token-0123456789', PORT: '0', PLANBOT_LOG_LEVEL: 'silent', PLANBOT_WEB: 'off' });
    server = await startServer(cfg);
    const port = server.ctx.http.port;
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/api/documents?name=ca-mau-2021-2022.txt`, { method: 'POST', headers: { authorization: 'Bearer serve-admin-token-0123456789' }, body: Buffer.from(anotherPlan()) });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { document: { docId: string } }).document.docId).toBe('ca-mau-2021-2022');
    // The running answerer sees the new plan (the reindexer's queue refreshes it).
    const a = await server.ctx.app.answerer.ask('kế hoạch năm học 2021-2022 của Cà Mau', {});
    expect(a.citations.some((c) => c.docId === 'ca-mau-2021-2022')).toBe(true);
  }, 60_000);
});
