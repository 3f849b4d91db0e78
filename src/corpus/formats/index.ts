// Any plan file → plain text in the layout the parser reads (one paragraph a line, numbering
// as printed, table rows as tab-separated cells). The format is told by content, and must
// agree with the file's extension.
import path from 'node:path';
import { DocumentError } from '../types.js';
import { sniffFormat, formatOfName, type PlanFormat } from './sniff.js';
import { decodePlainText } from './text.js';
import { docxToText } from './docx.js';
import { pdfToText } from './pdf.js';

export interface ExtractedText {
  text: string;
  format: PlanFormat;
  /** How it was read: the text encoding, "docx" or "pdf". */
  via: string;
}

export async function extractText(file: string, bytes: Buffer): Promise<ExtractedText> {
  const name = path.basename(file);
  const sniffed = sniffFormat(bytes);
  if (!sniffed.format) throw new DocumentError(file, `${name} is ${sniffed.what}, not a plan planbot can read (.txt, .md, .docx, .pdf)`);
  const expected = formatOfName(file);
  if (expected && expected !== sniffed.format) {
    throw new DocumentError(file, `${name} is named as ${expected === 'text' ? 'text' : `a .${expected} file`} but its content is ${sniffed.format === 'text' ? 'text' : `a ${sniffed.format.toUpperCase()} file`}`);
  }
  switch (sniffed.format) {
    case 'text': {
      const d = decodePlainText(file, bytes);
      return { text: d.text, format: 'text', via: d.encoding };
    }
    case 'docx':
      return { text: await docxToText(file, bytes), format: 'docx', via: 'docx' };
    case 'pdf':
      return { text: await pdfToText(file, bytes), format: 'pdf', via: 'pdf' };
  }
}

export { sniffFormat, formatOfName, FORMAT_EXTENSION, type PlanFormat } from './sniff.js';
