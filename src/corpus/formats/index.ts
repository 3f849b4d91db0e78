// Any plan file → plain text in the layout the parser reads (one paragraph a line, numbering
// as printed, table rows as tab-separated cells). The format is told by content, and must
// agree with the file's extension.
import path from 'node:path';
import { DocumentError } from '../types.js';
import { sniffFormat, formatOfName, type PlanFormat } from './sniff.js';
import { decodePlainText, repairLegacyText, checkPlanText } from './text.js';
import { docxToText } from './docx.js';
import { pdfToText } from './pdf.js';

export interface ExtractedText {
  text: string;
  format: PlanFormat;
  /** How it was read: the text encoding, or "docx"/"pdf" (with "+tcvn3"/"+vni" when typed in a legacy font). */
  via: string;
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

export async function extractText(file: string, bytes: Buffer): Promise<ExtractedText> {
  const name = path.basename(file);
  const sniffed = sniffFormat(bytes);
  const expected = formatOfName(file);
  // "plan.docx" that is not one: say so first, then what it is.
  const promised = expected === 'docx' ? 'a Word file' : expected === 'pdf' ? 'a PDF file' : null;
  if (!sniffed.format) throw new DocumentError(file, promised ? `${name} is not ${promised}: its content is ${sniffed.what}` : `${name} is ${sniffed.what}, not a plan planbot can read (.txt, .md, .docx, .pdf)`);
  if (promised && sniffed.format === 'text') throw new DocumentError(file, `${name} is not ${promised}: its content is plain text (name it .txt)`);
  if (expected && expected !== sniffed.format) {
    throw new DocumentError(file, `${name} is named as ${expected === 'text' ? 'text' : `a .${expected} file`} but its content is ${sniffed.format === 'text' ? 'text' : `a ${sniffed.format.toUpperCase()} file`}`);
  }
  switch (sniffed.format) {
    case 'text': {
      const d = decodePlainText(file, bytes);
      return { text: d.text, format: 'text', via: d.encoding };
    }
    case 'docx':
      return finish(file, 'docx', await docxToText(file, bytes));
    case 'pdf':
      return finish(file, 'pdf', await pdfToText(file, bytes));
  }
}

export { sniffFormat, formatOfName, FORMAT_EXTENSION, type PlanFormat } from './sniff.js';
