// A scan → plan text: a PDF of page images or an image file (PNG, JPEG, TIFF) read by
// Tesseract with the Vietnamese model. Bounded before anything is decoded (pages, pixels a
// page from the PDF's page sizes or the image header), a time limit a page, results cached by
// the file's content hash (re-indexing an unchanged scan reads the cache). Words become
// positioned text pieces, so pdfLayout rebuilds lines, paragraphs, tables and page-break
// joins as for a text PDF; ocrText then puts OCR's own errors right. Loaded only when a scan
// is met (dynamic import in formats/index.ts).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DocumentError } from '../types.js';
import { imageSizes, type ImageKind, type ImageSize } from './imageHeader.js';
import { layoutPdfLines, type LaidLine, type PageText, type TextPiece } from './pdfLayout.js';
import { cleanOcrLine, joinHyphenated, restoreFootnoteMarks } from './ocrText.js';
import { INSTALL_HINT, ocrUnavailable, rasterise, recognise, ToolError } from './ocrTools.js';

/** PLANBOT_OCR* settings (src/config.ts). */
export interface OcrSettings {
  enabled: boolean;
  /** The programs, by name on PATH or by path. */
  tesseract: string;
  pdftoppm: string;
  lang: string;
  dpi: number;
  maxPages: number;
  /** Pixels a page may have once decoded, read from the image header (or the PDF page size at dpi) first. */
  maxPixels: number;
  pageSeconds: number;
}

export interface OcrRun extends OcrSettings {
  /** Where results are kept by content hash (index/ocr-cache); none: no cache. */
  cacheDir?: string | null;
  /** OCR is about to start on this many pages (not called when the cache has the file). */
  onStart?: (pages: number) => void;
  onPage?: (done: number, total: number) => void;
}

export interface OcrResult {
  text: string;
  /** One per line of `text`. */
  lines: LaidLine[];
  pages: number;
}

export type ScanSource = { kind: 'pdf'; pages: ImageSize[] } | { kind: ImageKind };

/** Bump when what is cached changes shape or the way it is made does. */
const CACHE_VERSION = 1;

export async function ocrScan(file: string, bytes: Buffer, source: ScanSource, o: OcrRun): Promise<OcrResult> {
  const name = path.basename(file);
  const what = source.kind === 'pdf' ? 'scanned PDF' : `${source.kind.toUpperCase()} image`;
  // Pixels each page will have once decoded: a PDF page at the rasterising resolution, an image as its header says.
  const sizes = source.kind === 'pdf' ? source.pages.map((p) => ({ width: Math.ceil((p.width * o.dpi) / 72), height: Math.ceil((p.height * o.dpi) / 72) })) : imageSizes(source.kind, bytes);
  if (!sizes?.length) throw new DocumentError(file, `${name}: the ${what}'s header cannot be read (a damaged or truncated file)`);
  if (sizes.length > o.maxPages) throw new DocumentError(file, `${name}: the ${what} has ${sizes.length} pages; OCR reads at most ${o.maxPages} (PLANBOT_OCR_MAX_PAGES)`);
  sizes.forEach((s, i) => {
    if (s.width * s.height > o.maxPixels || s.width === 0 || s.height === 0) {
      const page = sizes.length > 1 ? ` page ${i + 1}` : '';
      throw new DocumentError(file, `${name}:${page} ${s.width}×${s.height} pixels (${((s.width * s.height) / 1e6).toFixed(0)} M), over OCR's limit of ${(o.maxPixels / 1e6).toFixed(0)} M a page (PLANBOT_OCR_MAX_PIXELS): refused without decoding it`);
    }
  });

  const key = createHash('sha256').update(bytes).update(`\0${o.lang}\0${o.dpi}\0${CACHE_VERSION}`).digest('hex');
  let pages = await readCache(o.cacheDir, key);
  if (!pages) {
    const missing = await ocrUnavailable(o, source.kind === 'pdf');
    if (missing) throw new DocumentError(file, `${name}: no text layer: OCR needed, but ${missing}; to read scans install Tesseract with its Vietnamese model and poppler (${INSTALL_HINT}) or set PLANBOT_TESSERACT / PLANBOT_PDFTOPPM`);
    o.onStart?.(sizes.length);
    pages = await recogniseAll(file, bytes, source, sizes.length, o);
    await writeCache(o.cacheDir, key, pages);
  }
  const raw = layoutPdfLines(pages, { join: joinHyphenated });
  const mended = restoreFootnoteMarks(raw.map((l) => cleanOcrLine(l.text)));
  const laid = raw.map((l, i) => ({ ...l, text: mended[i] }));
  const text = laid.map((l) => l.text).join('\n');
  if ((text.match(/\p{L}/gu) ?? []).length < 50) throw new DocumentError(file, `${name}: no text layer: OCR needed, and OCR found no text on its ${sizes.length} page${sizes.length === 1 ? '' : 's'} (a blank or unreadable ${what})`);
  return { text, lines: laid, pages: sizes.length };
}

async function recogniseAll(file: string, bytes: Buffer, source: ScanSource, count: number, o: OcrRun): Promise<PageText[]> {
  const name = path.basename(file);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-ocr-'));
  const limit = o.pageSeconds * 1000;
  try {
    const input = path.join(dir, source.kind === 'pdf' ? 'scan.pdf' : `scan.${source.kind}`);
    await writeFile(input, bytes);
    const pages: PageText[] = [];
    if (source.kind !== 'pdf') {
      // Tesseract reads every page of a TIFF in one run: the time limit is the pages' together.
      o.onPage?.(0, count);
      pages.push(...tsvPages(await step(file, 'reading', () => recognise(o, input, o.dpi, limit * count)), o.dpi));
      o.onPage?.(count, count);
      return pages;
    }
    for (let n = 1; n <= count; n++) {
      o.onPage?.(n - 1, count);
      const started = Date.now();
      const png = path.join(dir, `page-${n}`);
      await step(file, `rasterising page ${n}`, () => rasterise(o, input, n, o.dpi, png, limit));
      const tsv = await step(file, `reading page ${n}`, () => recognise(o, `${png}.png`, o.dpi, Math.max(1000, limit - (Date.now() - started))));
      pages.push(tsvPages(tsv, o.dpi)[0] ?? { width: 0, height: 0, pieces: [] });
      await rm(`${png}.png`, { force: true });
    }
    o.onPage?.(count, count);
    return pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function step<T>(file: string, what: string, work: () => Promise<T>): Promise<T> {
  const name = path.basename(file);
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    const hint = err.reason === 'timeout' ? ' (PLANBOT_OCR_PAGE_SECONDS)' : '';
    throw new DocumentError(file, `${name}: OCR stopped ${what}: ${err.message}${hint}`);
  }
}

/**
 * Tesseract's TSV (level, page, block, paragraph, line, word, left, top, width, height, conf,
 * text) → positioned words in PDF units (points, y up), every word on its line's baseline.
 */
export function tsvPages(tsv: string, dpi: number): PageText[] {
  const k = 72 / dpi;
  const pages = new Map<number, PageText>();
  const lines = new Map<string, { top: number; height: number }>();
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12) continue;
    const [level, page, block, par, line] = c.slice(0, 5).map(Number);
    const [left, top, width, height, conf] = c.slice(6, 11).map(Number);
    const lineKey = `${page}:${block}:${par}:${line}`;
    if (level === 1) pages.set(page, { width: width * k, height: height * k, pieces: [] });
    else if (level === 4) lines.set(lineKey, { top, height });
    else if (level === 5 && conf >= 0 && c[11].trim()) {
      const p = pages.get(page);
      const l = lines.get(lineKey) ?? { top, height };
      if (!p) continue;
      const piece: TextPiece = { str: c.slice(11).join('\t').trim(), x: left * k, width: width * k, y: p.height - (l.top + l.height) * k, size: 0.75 * l.height * k, conf };
      p.pieces.push(piece);
    }
  }
  return [...pages].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
}

async function readCache(dir: string | null | undefined, key: string): Promise<PageText[] | null> {
  if (!dir) return null;
  try {
    return JSON.parse(await readFile(path.join(dir, `${key}.json`), 'utf8')) as PageText[];
  } catch {
    return null;
  }
}

/** Written whole or not at all (a temp file renamed), so a crash leaves no half entry. */
async function writeCache(dir: string | null | undefined, key: string, pages: PageText[]): Promise<void> {
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${key}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, JSON.stringify(pages));
  await rename(tmp, path.join(dir, `${key}.json`));
}
