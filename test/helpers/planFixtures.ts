// Plan files in every format planbot reads, generated from the corpus texts, so no binary
// fixture is committed: a .docx with Word's automatic numbering (numbering.xml levels, not
// typed numbers) and tables, a text PDF with running headers and page numbers, an
// image-only PDF, UTF-16, TCVN3 and VNI files. Also the malicious ones: a zip bomb named
// .docx (an honest one and one whose header lies), a PDF of 5 000 empty pages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { Document, Packer, Paragraph, TextRun, Table, TableRow, TableCell, LevelFormat, AlignmentType } from 'docx';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { zipSync, strToU8 } from 'fflate';
import { normalizeLine } from '../../src/corpus/normalize.js';
import { resourcePath } from '../../src/paths.js';

export const PLAN_STEMS = ['ca-mau-2020-2021', 'hong-bang-2023-2024', 'muong-te-2022-2023', 'thanh-xuan-2021-2022', 'tp-hcm-2023-2024'];

export function planText(stem: string): string {
  return readFileSync(resourcePath('corpus', `${stem}.txt`), 'utf8');
}

/** The plan's lines as the parser sees them (the converters write clean text, as Word would hold it). */
export function planLines(stem: string): string[] {
  return planText(stem).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').map(normalizeLine);
}

// ---------------------------------------------------------------- Word

const ROMAN = /^([IVX]{1,5})\.\s+(\S.*)$/;
const DECIMAL = /^(\d{1,2}(?:\.\d{1,2}){0,4})\.\s+(\S.*)$/;
const LETTER = /^([a-z])\)\s+(\S.*)$/;
const LETTER_LEVEL = 6;

function toRoman(n: number): string {
  const t: [number, string][] = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let s = '';
  for (const [v, r] of t) for (; n >= v; n -= v) s += r;
  return s;
}

/**
 * One multi-level list for the whole plan: I. / 1. / 1.1. / 1.1.1. … / a). A typed heading
 * becomes an automatically numbered paragraph when Word's counters would print the same
 * label; where the plan's own numbering breaks the sequence (a skipped number, "đ)"), the
 * label stays typed, as in real documents.
 */
export interface DocxFixture {
  bytes: Buffer;
  /** Headings numbered by Word. */
  numbered: number;
  /** Headings whose label stayed typed. */
  typed: number;
  tableRows: number;
}

export async function docxFromPlan(stem: string): Promise<DocxFixture> {
  return docxFromLines(planLines(stem));
}

/** A two-column, one-row table of paragraphs, as the header and the signature block of a plan are laid out in Word. */
export type LayoutTable = [string[], string[]];

/**
 * `lines` as a Word document; `header` and `signature` are put before and after them as
 * layout tables (left column, right column), the way offices type the issuer beside the
 * national motto and the recipients beside the signature.
 */
export async function docxFromLines(lines: string[], o: { header?: LayoutTable; signature?: LayoutTable } = {}): Promise<DocxFixture> {
  const layout = (t: LayoutTable) =>
    new Table({ rows: [new TableRow({ children: t.map((col) => new TableCell({ children: col.map((l) => new Paragraph({ children: [new TextRun({ text: l, bold: l === l.toUpperCase() })] })) })) })] });
  const counters: (number | undefined)[] = [];
  const children: (Paragraph | Table)[] = o.header ? [layout(o.header)] : [];
  let numbered = 0;
  let typed = 0;
  let tableRows = 0;
  let rows: string[][] = [];
  const flushTable = () => {
    if (!rows.length) return;
    children.push(new Table({ rows: rows.map((cells) => new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun(c)] })] })) })) }));
    tableRows += rows.length;
    rows = [];
  };
  const advance = (level: number): number => {
    const n = (counters[level] ?? 0) + 1;
    counters[level] = n;
    counters.length = level + 1;
    return n;
  };

  for (const line of lines) {
    if (line.includes('\t')) {
      rows.push(line.split('\t'));
      continue;
    }
    flushTable();
    let m: RegExpExecArray | null;
    let level: number | null = null;
    let rest = line;
    if ((m = ROMAN.exec(line))) {
      if (toRoman((counters[0] ?? 0) + 1) === m[1]) [level, rest] = [0, m[2]];
    } else if ((m = DECIMAL.exec(line))) {
      const parts = m[1].split('.').map(Number);
      const lvl = parts.length;
      const parentsKnown = parts.slice(0, -1).every((p, i) => counters[i + 1] === p);
      if (parentsKnown && (counters[lvl] ?? 0) + 1 === parts[parts.length - 1]) [level, rest] = [lvl, m[2]];
    } else if ((m = LETTER.exec(line))) {
      if (counters.length >= 1 && String.fromCharCode(97 + (counters[LETTER_LEVEL] ?? 0)) === m[1]) [level, rest] = [LETTER_LEVEL, m[2]];
    }
    const isHeading = m !== null || (line.length > 4 && line === line.toUpperCase() && /\p{L}/u.test(line));
    if (m) level === null ? typed++ : numbered++;
    if (level !== null) advance(level);
    children.push(
      new Paragraph({
        children: rest ? [new TextRun({ text: rest, bold: isHeading })] : [],
        ...(level !== null ? { numbering: { reference: 'plan', level } } : {}),
      }),
    );
  }
  flushTable();
  if (o.signature) children.push(layout(o.signature));

  const decimalText = (k: number) => Array.from({ length: k }, (_, i) => `%${i + 2}`).join('.') + '.';
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'plan',
          levels: [
            { level: 0, format: LevelFormat.UPPER_ROMAN, text: '%1.', alignment: AlignmentType.START },
            ...[1, 2, 3, 4, 5].map((k) => ({ level: k, format: LevelFormat.DECIMAL, text: decimalText(k), alignment: AlignmentType.START })),
            { level: LETTER_LEVEL, format: LevelFormat.LOWER_LETTER, text: `%${LETTER_LEVEL + 1})`, alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
  return { bytes: await Packer.toBuffer(doc), numbered, typed, tableRows };
}

// ---------------------------------------------------------------- PDF

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** DejaVu Sans has the Vietnamese letters and comes from npm (a devDependency), so every machine has it. */
export const FONT_REGULAR = path.join(fontDir, 'DejaVuSans.ttf');
export const FONT_BOLD = path.join(fontDir, 'DejaVuSans-Bold.ttf');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

export interface PdfFixture {
  bytes: Buffer;
  pages: number;
}

/** A text PDF as Word exports it: A4, wrapped paragraphs, a running header and "Trang N" footers, table rows as positioned cells. */
export async function pdfFromPlan(stem: string): Promise<PdfFixture> {
  return pdfFromLines(planLines(stem));
}

/** `lines` as a PDF; `columns` first, printed side by side as the top of a plan's first page is. */
export async function pdfFromLines(lines: string[], o: { columns?: LayoutTable; header?: string } = {}): Promise<PdfFixture> {
  const header = o.header ?? 'Kế hoạch nhiệm vụ năm học — bản điện tử';
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(readFileSync(FONT_REGULAR), { subset: true });
  const bold = await pdf.embedFont(readFileSync(FONT_BOLD), { subset: true });
  const [W, H, margin, size, leading, gap] = [595, 842, 56, 11, 14, 6];
  const width = W - 2 * margin;
  let page = pdf.addPage([W, H]);
  let y = H - margin;
  const newPage = () => {
    page = pdf.addPage([W, H]);
    y = H - margin;
  };
  const ensure = (h: number) => {
    if (y - h < margin + 20) newPage();
  };
  if (o.columns) {
    const [left, right] = o.columns;
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      if (left[i]) page.drawText(left[i], { x: margin, y: y - size, size: size - 1, font: bold });
      if (right[i]) page.drawText(right[i], { x: W / 2 + 10, y: y - size, size: size - 1, font: bold });
      y -= leading;
    }
    y -= 2 * gap;
  }
  for (const line of lines) {
    if (!line.trim()) continue;
    if (line.includes('\t')) {
      // Cells at fixed columns; a long row gets a smaller font rather than wrapping.
      const cells = line.split('\t');
      const cols = [margin, margin + 30, margin + 330];
      let s = 9;
      // Each cell fits its column with three ems to spare, as a table's cell padding leaves.
      while (s > 3 && cells.some((c, i) => regular.widthOfTextAtSize(c, s) + 3 * s > (i === 0 ? 30 : i === 1 ? 300 : (width - 330) / Math.max(1, cells.length - 2)))) s -= 0.25;
      ensure(s + 4);
      cells.forEach((c, i) => page.drawText(c, { x: i < 2 ? cols[i] : cols[2] + ((width - 330) / Math.max(1, cells.length - 2)) * (i - 2), y: y - s, size: s, font: regular }));
      y -= s + 5;
      continue;
    }
    const heading = /^([IVX]{1,5}\.|\d{1,2}(\.\d{1,2})*\.?\s|[a-zđ]\)\s)/u.test(line) || (line === line.toUpperCase() && /\p{L}/u.test(line));
    const font = heading ? bold : regular;
    for (const l of wrap(line, font, size, width)) {
      ensure(leading);
      page.drawText(l, { x: margin, y: y - size, size, font, color: rgb(0, 0, 0) });
      y -= leading;
    }
    y -= gap;
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    p.drawText(header, { x: margin, y: H - 30, size: 8, font: regular });
    p.drawText(`Trang ${i + 1}`, { x: W / 2 - 15, y: 25, size: 9, font: regular });
  });
  return { bytes: Buffer.from(await pdf.save()), pages: pages.length };
}

/** A grey PNG, made by hand: what a scanner produces, as far as text goes (none). */
function png(w: number, h: number): Buffer {
  const raw = Buffer.alloc((w + 1) * h, 0xc0);
  for (let r = 0; r < h; r++) raw[r * (w + 1)] = 0; // filter byte per row
  return pngOf(w, h, 8, raw);
}

/** A greyscale PNG of `w`×`h` at `bitDepth` from its filtered rows (`raw`), chunk by chunk. */
export function pngOf(w: number, h: number, bitDepth: number, raw: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A scanned plan: pages holding only an image. */
export async function imageOnlyPdf(pages = 3): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const img = await pdf.embedPng(png(200, 280));
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await pdf.save());
}

export async function emptyPagesPdf(pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]);
  return Buffer.from(await pdf.save({ objectsPerTick: Infinity }));
}

// ---------------------------------------------------------------- encodings

export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
}

interface LegacyTables {
  tcvn3: Record<string, string>;
  vni: { pairs: Record<string, string>; singles: Record<string, string> };
  cp1252: Record<string, string>;
}
const legacy = JSON.parse(readFileSync(resourcePath('src', 'corpus', 'data', 'legacy-vietnamese.json'), 'utf8')) as LegacyTables;

/** What neither legacy encoding can carry: superscript footnote marks, pictographs. Dropped, as a font converter would. */
export const LEGACY_LOSSES = /[¹²³⁴⁵⁶⁷⁸⁹⁰\p{Extended_Pictographic}✓\uFE0F]/gu;

function encodeWith(text: string, map: Map<string, string>): Buffer {
  let out = '';
  for (const ch of text.normalize('NFC').replace(LEGACY_LOSSES, '')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out += ch;
    else if (map.has(ch)) out += map.get(ch)!;
    else if (map.has(ch.toLowerCase())) out += map.get(ch.toLowerCase())!; // TCVN3: a capital is the small letter in a capitals font
    else if (ch === '\u00a0') out += ' ';
    else throw new Error(`cannot encode ${JSON.stringify(ch)}`);
  }
  return Buffer.from(out, 'latin1');
}

export function tcvn3(text: string): Buffer {
  const map = new Map<string, string>();
  for (const [hex, ch] of Object.entries(legacy.cp1252)) map.set(ch, String.fromCharCode(parseInt(hex, 16)));
  for (const [hex, ch] of Object.entries(legacy.tcvn3)) map.set(ch, String.fromCharCode(parseInt(hex, 16)));
  return encodeWith(text, map);
}

export function vni(text: string): Buffer {
  const map = new Map<string, string>();
  for (const [hex, ch] of Object.entries(legacy.cp1252)) map.set(ch, String.fromCharCode(parseInt(hex, 16)));
  for (const [seq, ch] of Object.entries(legacy.vni.singles)) if (seq !== ch) map.set(ch, seq);
  for (const [seq, ch] of Object.entries(legacy.vni.pairs)) map.set(ch, seq);
  // Latin-1 letters VNI writes as they are (ì, í, Ì, Í).
  for (const [seq, ch] of Object.entries(legacy.vni.singles)) if (seq === ch) map.set(ch, seq);
  return encodeWith(text, map);
}

// ---------------------------------------------------------------- malicious

/** A .docx-shaped zip whose document part inflates `ratio`-fold to `mib` MiB. */
export function zipBomb(mib = 48): Buffer {
  const body = new Uint8Array(mib * 2 ** 20).fill(0x20);
  return Buffer.from(
    zipSync({ '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), 'word/document.xml': [body, { level: 9 }] }),
  );
}

/** A zip bomb that lies: its headers declare a few hundred bytes, its data inflates to `mib` MiB. */
export function lyingZipBomb(mib = 48): Buffer {
  const zip = zipBomb(mib);
  const declared = 300;
  // Uncompressed size: offset 22 in a local header (PK\3\4), 24 in a central directory entry (PK\1\2).
  for (let i = 0; i + 4 < zip.length; i++) {
    if (zip.readUInt32LE(i) === 0x04034b50 && zip.readUInt32LE(i + 22) > 2 ** 20) zip.writeUInt32LE(declared, i + 22);
    if (zip.readUInt32LE(i) === 0x02014b50 && zip.readUInt32LE(i + 24) > 2 ** 20) zip.writeUInt32LE(declared, i + 24);
  }
  return zip;
}
