// What a file is, told by its first bytes (magic numbers), never by its name: a .docx that is
// really a PDF, or a "plan.txt" that is a photo, is recognised for what it is.

export type PlanFormat = 'text' | 'docx' | 'pdf' | ImageFormat;
/** Images are scans: read by OCR (formats/ocr.ts). */
export type ImageFormat = 'png' | 'jpeg' | 'tiff';

export const isImageFormat = (f: PlanFormat | null): f is ImageFormat => f === 'png' || f === 'jpeg' || f === 'tiff';

export type Sniffed = { format: PlanFormat } | { format: null; what: string };

const startsWith = (b: Buffer, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

const IMAGES: { sig: number[]; format: ImageFormat }[] = [
  { sig: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], format: 'png' },
  { sig: [0xff, 0xd8, 0xff], format: 'jpeg' },
  { sig: [0x49, 0x49, 0x2a, 0x00], format: 'tiff' },
  { sig: [0x4d, 0x4d, 0x00, 0x2a], format: 'tiff' },
];

/** Formats planbot refuses, with what to tell the person who sent them. */
const REFUSED: { sig: number[]; what: string }[] = [
  { sig: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'a Word 97-2003 (.doc) or other OLE file; save it as .docx' },
  { sig: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { sig: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF file; save it as .docx' },
  { sig: [0x1f, 0x8b], what: 'a gzip archive' },
  { sig: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { sig: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { sig: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
  { sig: [0x4d, 0x5a], what: 'a Windows program' },
];

export function sniffFormat(bytes: Buffer): Sniffed {
  // PDF readers accept the header anywhere in the first 1024 bytes (some writers put junk first).
  if (bytes.subarray(0, 1024).includes('%PDF-')) return { format: 'pdf' };
  // A .docx is a zip (OOXML); whether it is a Word document is the docx reader's question.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { format: 'docx' };
  for (const i of IMAGES) if (startsWith(bytes, i.sig)) return { format: i.format };
  for (const r of REFUSED) if (startsWith(bytes, r.sig)) return { format: null, what: r.what };
  if (!looksLikeText(bytes)) return { format: null, what: 'garbled or binary data' };
  return { format: 'text' };
}

/**
 * Text, in any encoding planbot decodes, has next to no control bytes; random or binary data
 * has one in eight. UTF-16 (with its byte-order mark) is full of zero bytes, and is text.
 */
function looksLikeText(bytes: Buffer): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  return control <= head.length * 0.01;
}

/** The format a file name promises, or null for a name planbot does not read. */
export function formatOfName(name: string): PlanFormat | null {
  const ext = /\.[^.]+$/.exec(name.toLowerCase())?.[0];
  if (ext === '.txt' || ext === '.md') return 'text';
  if (ext === '.docx') return 'docx';
  if (ext === '.pdf') return 'pdf';
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  if (ext === '.tif' || ext === '.tiff') return 'tiff';
  return null;
}

export const FORMAT_EXTENSION: Record<PlanFormat, string> = { text: '.txt', docx: '.docx', pdf: '.pdf', png: '.png', jpeg: '.jpg', tiff: '.tif' };
