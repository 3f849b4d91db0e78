// Positioned text of PDF pages → plan lines. Pure: pdfjs gives each page's text pieces with
// their positions; this puts them in reading order, rebuilds lines (wide gaps are table
// cells, written as tabs), drops running headers, footers and page numbers, and re-joins
// lines that a paragraph wrapped onto the next line or page.

export interface TextPiece {
  str: string;
  x: number;
  /** Baseline, PDF units from the page bottom. */
  y: number;
  width: number;
  /** Font size (height of the piece). */
  size: number;
  /** A word read by OCR: the recogniser's confidence, 0–100. */
  conf?: number;
}

export interface PageText {
  width: number;
  height: number;
  pieces: TextPiece[];
}

interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** 1-based page the line starts on. */
  page: number;
  /** Sum and count of OCR word confidences (0 and 0 for a text layer). */
  confSum: number;
  confWords: number;
}

/** A laid-out line with the page it starts on and, read by OCR, its words' mean confidence (0–1). */
export interface LaidLine {
  text: string;
  page: number;
  confidence: number | null;
  words: number;
}

export interface LayoutOptions {
  /** Two lines a paragraph wrapped, joined some other way than with a space (OCR's end-of-line hyphens), or null. */
  join?: (prev: string, next: string) => string | null;
}

/** Pieces on one baseline (within a third of the font size) form a line, read left to right. */
function pageLines(page: PageText, pageNo: number): Line[] {
  const pieces = page.pieces.filter((p) => p.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextPiece[][] = [];
  for (const p of pieces) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - p.y) <= Math.max(1, row[0].size / 3)) row.push(p);
    else rows.push([p]);
  }
  return rows
    .map((row) => {
      row.sort((a, b) => a.x - b.x);
      let text = '';
      let end = row[0].x;
      let spaced = false;
      for (const p of row) {
        // A whitespace piece is a space; the gap after it still tells a table cell from a word.
        if (!p.str.trim()) {
          spaced = true;
          continue;
        }
        const gap = p.x - end;
        const size = p.size || 10;
        // More than two ems of empty space separates table cells; a smaller one is a word space.
        if (text && gap > 2 * size) text = `${text.replace(/\s+$/, '')}\t`;
        // An OCR piece is a whole word: always a space before it.
        else if (text && (spaced || gap > 0.15 * size || p.conf !== undefined) && !/\s$/.test(text) && !/^\s/.test(p.str)) text += ' ';
        text += p.str;
        end = Math.max(end, p.x + p.width);
        spaced = false;
      }
      const size = Math.max(...row.map((p) => p.size));
      const confs = row.filter((p) => p.conf !== undefined && p.str.trim());
      return { text: text.replace(/[ ]+/g, ' ').trim(), x: row[0].x, right: end, y: row[0].y, size, page: pageNo, confSum: confs.reduce((a, p) => a + p.conf!, 0), confWords: confs.length };
    })
    .filter((l) => l.text.length > 0);
}

const PAGE_NUMBER = /^(?:(?:trang|page)\s*)?[-–—]?\s*\d{1,4}\s*(?:\/\s*\d{1,4})?\s*[-–—]?$/iu;
const shape = (t: string) => t.replace(/\d+/g, '#').toLowerCase();

/**
 * Lines printed at the same place on most pages (the top two or bottom two lines, digits
 * ignored so "Trang 3" matches "Trang 4") are running headers or footers.
 */
function runningLines(pages: Line[][]): Set<string> {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const edge = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((l) => shape(l.text)));
    for (const s of edge) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const min = Math.max(2, Math.ceil(pages.length / 2));
  return new Set([...counts].filter(([, n]) => pages.length >= 2 && n >= min).map(([s]) => s));
}

// Lines that start something new: numbered headings as the parser knows them, list items.
const HEADING_START = /^(\d{1,2}(\.\d{1,2})*\.\s|\d{1,2}(\.\d{1,2})+\s+\p{Lu}|[IVX]{1,5}\.\s|[a-zđ]\)\s|Điều\s+\d+\.|[-+•*]\s)/u;
const ENDS_SENTENCE = /[.;:!?…]["”’)\]]*$/;

/** The usual distance between baselines on a page: lines further apart start a new paragraph. */
function linePitch(lines: Line[]): number {
  const deltas = lines.slice(1).map((l, i) => Math.round(lines[i].y - l.y)).filter((d) => d > 0);
  if (!deltas.length) return Infinity;
  const counts = new Map<number, number>();
  for (const d of deltas) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
}

/**
 * The top of the first page of a Vietnamese plan is two columns: the issuer and "Số: …" on the
 * left, the national motto and the place and date on the right, printed side by side. Up to the
 * last line of the first eight that has two cells, lines are split into the columns (a line of
 * one piece goes by which half of the page it starts in), and read left column first.
 */
function headerColumns(lines: Line[], pageWidth: number): Line[] {
  let last = -1;
  lines.slice(0, 8).forEach((l, i) => {
    if (l.text.split('\t').length === 2) last = i;
  });
  if (last < 0) return lines;
  const left: Line[] = [];
  const right: Line[] = [];
  for (const l of lines.slice(0, last + 1)) {
    const cells = l.text.split('\t');
    if (cells.length === 2) {
      left.push({ ...l, text: cells[0] });
      right.push({ ...l, text: cells[1] });
    } else if (cells.length === 1) (l.x < pageWidth / 2 ? left : right).push(l);
    else return lines; // three cells or more: a table, not the header
  }
  // Each column is its own block: no wrapped-line joins across them.
  const block = (col: Line[]) => col.filter((l) => l.text.trim()).map((l) => ({ ...l, right: 0 }));
  return [...block(left), ...block(right), ...lines.slice(last + 1)];
}

export function layoutPdfText(pages: PageText[]): string {
  return layoutPdfLines(pages).map((l) => l.text).join('\n');
}

export function layoutPdfLines(pages: PageText[], opts: LayoutOptions = {}): LaidLine[] {
  const perPage = pages.map((p, i) => pageLines(p, i + 1));
  if (perPage.length) perPage[0] = headerColumns(perPage[0], pages[0].width);
  const running = runningLines(perPage);
  const out: Line[] = [];
  let prevPage: { right: number; spaced: boolean } | null = null;
  for (const lines of perPage) {
    const body = lines.filter((l, i) => {
      const atEdge = i < 2 || i >= lines.length - 2;
      return !(atEdge && (running.has(shape(l.text)) || PAGE_NUMBER.test(l.text)));
    });
    if (!body.length) continue;
    // The text block: where lines start, where wrapped lines end, how far apart lines are.
    const right = Math.max(...body.map((l) => l.right));
    const left = Math.min(...body.map((l) => l.x));
    const pitch = linePitch(body);
    // Paragraph spacing in use: some gaps are clearly wider than the line pitch.
    const spaced = body.slice(1).some((l, i) => body[i].y - l.y > 1.2 * pitch && body[i].y - l.y < 3 * pitch);
    body.forEach((line, i) => {
      const prev = out[out.length - 1];
      if (!prev) return void out.push({ ...line });
      const prevRight = i === 0 ? prevPage!.right : right;
      const wrapped = prev.right >= prevRight - 8 * prev.size;
      const newParagraph = i === 0 ? false : prev.y - line.y > 1.15 * pitch;
      const indented = line.x > left + 0.5 * line.size;
      // A wrapped line ending a sentence may still go on: only paragraph spacing tells, where the page uses it.
      const sentenceOk = !ENDS_SENTENCE.test(prev.text) || (i === 0 ? false : spaced);
      // A dash after a wrapped, unfinished line is "kinh tế - xã hội" cut at the dash, not a list item.
      const startsNew = HEADING_START.test(line.text) && !(/^[-–]\s/.test(line.text) && !ENDS_SENTENCE.test(prev.text));
      const joins = wrapped && !newParagraph && !indented && sentenceOk && !prev.text.includes('\t') && !line.text.includes('\t') && !startsNew;
      if (joins) {
        // Vietnamese is not hyphenated across lines: a break is a space, a trailing dash is a dash.
        prev.text = opts.join?.(prev.text, line.text) ?? `${prev.text} ${line.text}`;
        prev.confSum += line.confSum;
        prev.confWords += line.confWords;
        prev.right = line.right;
        prev.y = line.y;
      } else out.push({ ...line });
    });
    prevPage = { right, spaced };
  }
  return out.map((l) => ({ text: l.text.normalize('NFC'), page: l.page, confidence: l.confWords ? l.confSum / l.confWords / 100 : null, words: l.confWords }));
}
