// Word (.docx) → plan text: one paragraph a line, Word's automatic numbering written out as
// the labels a reader sees ("1.", "1.1.", "a)"), data tables as rows of tab-separated cells
// (a layout table, such as the header beside the national motto, as its cells' lines),
// wholly bold paragraphs marked **…** (as in the .md plans), footnotes at the end as
// "¹ text" lines (the parser's footnote convention). Page headers and footers are not read.
import path from 'node:path';
import { DocumentError } from '../types.js';
import { readZipParts, ZipError } from './zip.js';
import { walkXml } from './xml.js';
import { WordNumbering, WordStyles, type ParagraphNumbering } from './wordNumbering.js';

const W = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const PARTS = ['word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'word/footnotes.xml'];

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const superscript = (n: number) => [...String(n)].map((d) => SUPERSCRIPT[Number(d)]).join('');

interface Paragraph {
  text: string;
  boldChars: number;
  plainChars: number;
  numId?: string;
  ilvl?: number;
  style?: string;
}

interface Table {
  /** Rows of cells of paragraphs. */
  rows: string[][][];
  row: string[][] | null;
  cell: string[] | null;
}

/**
 * A table of at most three rows with a cell of several paragraphs lays out the page: the
 * issuer and "Số: …" beside the national motto and the place and date, the recipients beside
 * the signature. Its cells are read as text, column after column; any other table is data,
 * one line a row.
 */
function isLayoutTable(rows: string[][][]): boolean {
  return rows.length <= 3 && rows.some((r) => r.some((c) => c.filter((p) => p.trim()).length >= 2));
}

function tableLines(rows: string[][][]): string[] {
  if (isLayoutTable(rows)) return rows.flatMap((r) => r.flatMap((c) => c.filter((p) => p.trim())));
  return rows.map((r) =>
    r
      // A cell holding only an automatic number ("1.") is the row number the parser reads as "1".
      .map((c) => c.map((p) => p.trim()).filter(Boolean).join(' ').replace(/\t/g, ' ').replace(/^(\d{1,3})[.)]$/, '$1'))
      .join('\t'),
  );
}

export interface WordBody {
  lines: string[];
  /** Footnote ids in the order the body refers to them. */
  footnoteRefs: string[];
}

/** Walks a WordprocessingML part (document or footnotes) into lines. */
function readBody(xml: string, numbering: WordNumbering, styles: WordStyles, onFootnote?: (id: string, text: string[]) => void): WordBody {
  const lines: string[] = [];
  const footnoteRefs: string[] = [];
  const paragraphs: Paragraph[] = [];
  const tables: Table[] = [];
  let inPPr = false;
  let inNumPr = false;
  let inRun = false;
  let inRPr = false;
  let runBold = false;
  let inText = false;
  let skipDepth = 0; // inside mc:Fallback (a copy of what mc:Choice already holds)
  let footnoteId: string | null = null;
  let footnoteLines: string[] = [];

  const append = (s: string) => {
    const p = paragraphs[paragraphs.length - 1];
    if (!p || skipDepth) return;
    p.text += s;
    if (s.trim()) runBold ? (p.boldChars += s.length) : (p.plainChars += s.length);
  };
  const emit = (line: string) => {
    const t = tables[tables.length - 1];
    if (t?.cell) t.cell.push(line);
    else if (footnoteId !== null) footnoteLines.push(line);
    else lines.push(line);
  };

  walkXml(xml, [...W, MC], {
    open(name, attr) {
      if (name === 'Fallback') skipDepth++;
      if (skipDepth) return;
      switch (name) {
        case 'footnote':
          if (!attr('type') || attr('type') === 'normal') {
            footnoteId = attr('id') ?? null;
            footnoteLines = [];
          }
          break;
        case 'p':
          paragraphs.push({ text: '', boldChars: 0, plainChars: 0 });
          break;
        case 'pPr':
          inPPr = true;
          break;
        case 'pStyle':
          if (inPPr) paragraphs[paragraphs.length - 1].style = attr('val');
          break;
        case 'numPr':
          inNumPr = inPPr;
          break;
        case 'numId':
          if (inNumPr) paragraphs[paragraphs.length - 1].numId = attr('val');
          break;
        case 'ilvl':
          if (inNumPr) paragraphs[paragraphs.length - 1].ilvl = Number(attr('val') ?? 0);
          break;
        case 'r':
          inRun = true;
          runBold = false;
          break;
        case 'rPr':
          inRPr = inRun;
          break;
        case 'b':
          if (inRPr) runBold = !['0', 'false', 'off'].includes(attr('val') ?? 'true');
          break;
        case 't':
          inText = inRun;
          break;
        case 'tab':
          if (inRun) append('\t');
          break;
        case 'br':
          if (inRun && attr('type') !== 'page') append('\n');
          break;
        case 'cr':
          if (inRun) append('\n');
          break;
        case 'noBreakHyphen':
          if (inRun) append('-');
          break;
        case 'footnoteReference': {
          const id = attr('id');
          if (id) {
            footnoteRefs.push(id);
            append(superscript(footnoteRefs.length));
          }
          break;
        }
        case 'tbl':
          tables.push({ rows: [], row: null, cell: null });
          break;
        case 'tr':
          tables[tables.length - 1].row = [];
          break;
        case 'tc':
          tables[tables.length - 1].cell = [];
          break;
      }
    },
    close(name) {
      if (name === 'Fallback') skipDepth--;
      if (skipDepth) return;
      switch (name) {
        case 'pPr':
          inPPr = false;
          inNumPr = false;
          break;
        case 'numPr':
          inNumPr = false;
          break;
        case 'r':
          inRun = false;
          break;
        case 'rPr':
          inRPr = false;
          break;
        case 't':
          inText = false;
          break;
        case 'p': {
          const p = paragraphs.pop()!;
          const style = p.style ? styles.numberingOf(p.style) : {};
          const num: ParagraphNumbering | null = (p.numId ?? style.numId) && (p.numId ?? style.numId) !== '0' ? { numId: (p.numId ?? style.numId)!, ilvl: p.ilvl ?? style.ilvl ?? 0 } : null;
          const label = num ? numbering.next(num) : null;
          let text = p.text.replace(/[ \t]+$/, '');
          if (p.boldChars > 0 && p.plainChars === 0 && text.trim()) text = `**${text.trim()}**`;
          emit(label ? `${label} ${text.replace(/^\s+/, '')}` : text);
          break;
        }
        case 'tc': {
          const t = tables[tables.length - 1];
          t.row?.push(t.cell ?? []);
          t.cell = null;
          break;
        }
        case 'tr': {
          const t = tables[tables.length - 1];
          if (t.row) t.rows.push(t.row);
          t.row = null;
          break;
        }
        case 'tbl': {
          const t = tables.pop()!;
          for (const line of tableLines(t.rows)) emit(line);
          break;
        }
        case 'footnote':
          if (footnoteId !== null) onFootnote?.(footnoteId, footnoteLines);
          footnoteId = null;
          break;
      }
    },
    text(t) {
      if (inText) append(t);
    },
  });
  return { lines, footnoteRefs };
}

export async function docxToText(file: string, bytes: Buffer): Promise<string> {
  const name = path.basename(file);
  let parts: Map<string, Buffer>;
  try {
    parts = await readZipParts(bytes, PARTS);
  } catch (err) {
    if (err instanceof ZipError) throw new DocumentError(file, `${name}: ${err.message}`);
    throw err;
  }
  const doc = parts.get('word/document.xml');
  if (!doc) throw new DocumentError(file, `${name} is a zip archive but not a Word document (no word/document.xml)`);
  const xml = (p: string) => parts.get(p)?.toString('utf8') ?? null;
  try {
    const numbering = new WordNumbering(xml('word/numbering.xml'), W);
    const styles = new WordStyles(xml('word/styles.xml'), W);
    const body = readBody(doc.toString('utf8'), numbering, styles);
    const notes = new Map<string, string[]>();
    const footnotes = xml('word/footnotes.xml');
    if (footnotes && body.footnoteRefs.length) readBody(footnotes, numbering, styles, (id, text) => notes.set(id, text));
    const tail = body.footnoteRefs.map((id, i) => `${superscript(i + 1)} ${(notes.get(id) ?? []).join(' ').trim()}`);
    return [...body.lines, ...tail].join('\n');
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError(file, `${name}: the Word XML cannot be read (${(err as Error).message})`);
  }
}
