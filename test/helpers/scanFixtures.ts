// Scanned plans made here from the corpus texts, so no binary fixture is committed: the plan
// typeset to a text PDF with DejaVu (planFixtures), each page rasterised by Debian's pdftoppm,
// and the page images bound into a PDF that holds nothing else (no text layer), as a
// scanner's PDF does. Also a single page as a PNG, and a "bomb": a tiny PNG whose header
// declares 60000×60000 pixels.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { pdfFromLines, planLines, pngOf } from './planFixtures.js';

const run = promisify(execFile);

export interface ScanFixture {
  /** The image-only PDF. */
  pdf: Buffer;
  /** Each page as a PNG (grey, `dpi`). */
  pngs: Buffer[];
  /** The lines typeset, as the parser reads the text version. */
  lines: string[];
}

/** Plan lines up to `maxLines` non-blank ones (the whole plan when omitted). */
export function scanLines(stem: string, maxLines = Infinity): string[] {
  const out: string[] = [];
  for (const l of planLines(stem)) {
    if (out.filter((x) => x.trim()).length >= maxLines) break;
    out.push(l);
  }
  return out;
}

/** `lines` typeset, printed and scanned back at `dpi`. */
export async function scanFromLines(lines: string[], dpi = 200): Promise<ScanFixture> {
  const text = await pdfFromLines(lines);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-scanfix-'));
  try {
    await writeFile(path.join(dir, 'text.pdf'), text.bytes);
    await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', path.join(dir, 'text.pdf'), path.join(dir, 'p')], { timeout: 120_000 });
    const names = (await readdir(dir)).filter((n) => n.endsWith('.png')).sort();
    const pngs = await Promise.all(names.map((n) => readFile(path.join(dir, n))));
    return { pdf: await imagePdf(pngs), pngs, lines };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function scanFromPlan(stem: string, o: { maxLines?: number; dpi?: number } = {}): Promise<ScanFixture> {
  return scanFromLines(scanLines(stem, o.maxLines), o.dpi);
}

/** PNG pages bound into an A4 PDF of images only. */
export async function imagePdf(pngs: Buffer[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const png of pngs) {
    const img = await pdf.embedPng(png);
    pdf.addPage([595, 842]).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
  }
  return Buffer.from(await pdf.save());
}

/** A PNG of a few hundred bytes whose header declares `w`×`h` pixels (its data is one row). */
export function pngBomb(w = 60_000, h = 60_000): Buffer {
  return pngOf(w, h, 1, Buffer.alloc(1 + Math.ceil(w / 8)));
}

/** Levenshtein distance over code points (NFC), two rows at a time. */
export function editDistance(a: string, b: string): number {
  const x = [...a.normalize('NFC')];
  const y = [...b.normalize('NFC')];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  let cur = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    [prev, cur] = [cur, prev];
  }
  return prev[y.length];
}

/** 1 − edit distance / source length, whitespace runs made one space on both sides. */
export function charAccuracy(ocr: string, source: string): number {
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  const src = flat(source);
  return Math.max(0, 1 - editDistance(flat(ocr), src) / Math.max(1, [...src].length));
}
