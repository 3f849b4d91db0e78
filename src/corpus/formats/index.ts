// Any plan file → plain text in the layout the parser reads (one paragraph a line, numbering
// as printed, table rows as tab-separated cells). The format is told by content, and must
// agree with the file's extension. Scans (a PDF without a text layer, an image) are read by
// OCR when the caller passes OCR settings; the OCR code is loaded only then.
import path from 'node:path';
import { DocumentError } from '../types.js';
import { sniffFormat, formatOfName, isImageFormat, type PlanFormat } from './sniff.js';
import { decodePlainText, repairLegacyText, checkPlanText } from './text.js';
import { docxToText } from './docx.js';
import { NoTextLayerError, pdfToText } from './pdf.js';
import type { OcrRun, ScanSource } from './ocr.js';
import type { LaidLine } from './pdfLayout.js';
import { INSTALL_HINT } from './ocrTools.js';

export interface ExtractedText {
  text: string;
  format: PlanFormat;
  /** How it was read: the text encoding, or "docx"/"pdf" (with "+tcvn3"/"+vni" when typed in a legacy font), or "ocr". */
  via: string;
  /** Read by OCR: each line's page and confidence, and the page count. */
  ocr?: { lines: LaidLine[]; pages: number };
}

export interface ExtractOptions {
  /** OCR settings; without them (or with OCR off) a scan is refused, as a file planbot cannot read. */
  ocr?: OcrRun | null;
}

/** A format as a person would name it: "a PDF file", "a PNG image", "text". */
export function formatWhat(f: PlanFormat): string {
  return f === 'text' ? 'text' : isImageFormat(f) ? `a ${f.toUpperCase()} image` : `a ${f.toUpperCase()} file`;
}

/** Word and PDF text typed in a legacy Vietnamese font is converted; then it must read as a plan. */
function finish(file: string, format: 'docx' | 'pdf', raw: string): ExtractedText {
  const { text, encoding } = repairLegacyText(raw);
  if (format === 'pdf' && (text.match(/\p{L}/gu) ?? []).length < 0.4 * text.replace(/\s/g, '').length) {
    throw new DocumentError(file, `${path.basename(file)}: its text layer cannot be read (fonts without a Unicode map): OCR needed`);
  }
  checkPlanText(file, text);
  return { text, format, via: encoding ? `${format}+${encoding}` : format };
}

async function scanned(file: string, bytes: Buffer, format: PlanFormat, source: ScanSource, o: ExtractOptions): Promise<ExtractedText> {
  const name = path.basename(file);
  if (!o.ocr?.enabled) {
    const why = o.ocr ? 'OCR is off (PLANBOT_OCR=off)' : 'OCR is not enabled here';
    throw new DocumentError(file, `${name}: ${source.kind === 'pdf' ? 'no text layer: OCR needed' : `${formatWhat(format)} (a scan): OCR needed`}, and ${why}; to read scans set PLANBOT_OCR=on with Tesseract installed (${INSTALL_HINT})`);
  }
  const { ocrScan } = await import('./ocr.js');
  const r = await ocrScan(file, bytes, source, o.ocr);
  checkPlanText(file, r.text);
  return { text: r.text, format, via: 'ocr', ocr: { lines: r.lines, pages: r.pages } };
}

export async function extractText(file: string, bytes: Buffer, opts: ExtractOptions = {}): Promise<ExtractedText> {
  const name = path.basename(file);
  const sniffed = sniffFormat(bytes);
  const expected = formatOfName(file);
  // "plan.docx" that is not one: say so first, then what it is.
  const promised = expected === 'docx' ? 'a Word file' : expected && expected !== 'text' ? formatWhat(expected) : null;
  if (!sniffed.format) throw new DocumentError(file, promised ? `${name} is not ${promised}: its content is ${sniffed.what}` : `${name} is ${sniffed.what}, not a plan planbot can read (.txt, .md, .docx, .pdf, .png, .jpg, .tif)`);
  if (promised && sniffed.format === 'text') throw new DocumentError(file, `${name} is not ${promised}: its content is plain text (name it .txt)`);
  if (expected && expected !== sniffed.format) {
    throw new DocumentError(file, `${name} is named as ${expected === 'text' ? 'text' : `a .${expected} file`} but its content is ${formatWhat(sniffed.format)}`);
  }
  switch (sniffed.format) {
    case 'text': {
      const d = decodePlainText(file, bytes);
      return { text: d.text, format: 'text', via: d.encoding };
    }
    case 'docx':
      return finish(file, 'docx', await docxToText(file, bytes));
    case 'pdf':
      try {
        return finish(file, 'pdf', await pdfToText(file, bytes));
      } catch (err) {
        if (!(err instanceof NoTextLayerError)) throw err;
        return scanned(file, bytes, 'pdf', { kind: 'pdf', pages: err.pageSizes }, opts);
      }
    default:
      return scanned(file, bytes, sniffed.format, { kind: sniffed.format }, opts);
  }
}

export { sniffFormat, formatOfName, isImageFormat, FORMAT_EXTENSION, type PlanFormat } from './sniff.js';
export type { OcrRun, OcrSettings } from './ocr.js';
