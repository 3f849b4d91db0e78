// PDF → plan text through pdfjs-dist (Mozilla's PDF.js, legacy build for Node): the text
// layer of each page, laid out by pdfLayout. Runs on the main thread (no worker file, nothing
// fetched: standard fonts come from the package folder). A PDF without a text layer is a
// scan (NoTextLayerError: formats/index.ts reads it by OCR when it may), and one with more
// pages than a plan has is refused.
import path from 'node:path';
import { createRequire } from 'node:module';
import { DocumentError } from '../types.js';
import { layoutPdfText, type PageText, type TextPiece } from './pdfLayout.js';

export const MAX_PDF_PAGES = 1000;

/** A PDF of page images: what OCR needs to know of it (its pages' sizes, in points). */
export class NoTextLayerError extends DocumentError {
  constructor(
    file: string,
    readonly pageSizes: { width: number; height: number }[],
  ) {
    const n = pageSizes.length;
    super(file, `${path.basename(file)}: no text layer: OCR needed (a scanned PDF of ${n} page${n === 1 ? '' : 's'})`);
  }
}
/** Below this many letters a page has no text layer worth the name. */
const MIN_LETTERS = 50;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  // The worker module registers itself on globalThis.pdfjsWorker, which makes pdf.js run
  // in this thread instead of loading a worker script.
  const worker: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  return (pdfjs ??= import(worker).then(() => import('pdfjs-dist/legacy/build/pdf.mjs')));
}

const standardFonts = () => `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}${path.sep}`;

export async function pdfToText(file: string, bytes: Buffer): Promise<string> {
  const name = path.basename(file);
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: standardFonts(),
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    const e = err as Error;
    if (e.name === 'PasswordException') throw new DocumentError(file, `${name} is password-protected`);
    throw new DocumentError(file, `${name} is not a readable PDF (${e.message})`);
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) throw new DocumentError(file, `${name} has ${doc.numPages} pages (a plan has at most ${MAX_PDF_PAGES})`);
    const pages: PageText[] = [];
    const sizes: { width: number; height: number }[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const view = page.getViewport({ scale: 1 });
      sizes.push({ width: view.width, height: view.height });
      // pdf.js's own normalization (NFKC) turns legacy-font letters into others (TCVN3's "µ",
      // which is "à", into Greek "μ"): off; ligatures are undone below, NFC at the end.
      const content = await page.getTextContent({ disableNormalization: true });
      const pieces: TextPiece[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a, b, , , x, y] = item.transform as number[];
        pieces.push({ str: item.str, x, y, width: item.width, size: item.height || Math.hypot(a, b) });
      }
      pages.push({ width: view.width, height: view.height, pieces });
      page.cleanup();
    }
    const text = layoutPdfText(pages).replace(/[\uFB00-\uFB06]/g, (lig) => lig.normalize('NFKC'));
    const letters = (text.match(/\p{L}/gu) ?? []).length;
    if (letters < MIN_LETTERS) throw new NoTextLayerError(file, sizes);
    return text;
  } finally {
    await doc.destroy();
  }
}
