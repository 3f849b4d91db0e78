// Tables laid out with spaces, as text copied from a PDF keeps them ("pdftotext -layout", a
// report pasted into a .txt): each row a line, its cells apart by runs of spaces, the columns
// where the header row's cells start. Their rows become tab-separated cells, the form pipe and
// Word tables take (normalize.ts), and the rules inside the table ("-----") blank lines, so the
// header and its rows stay one table. Every source line stays one line.

/** A cell of a line: its text and the column it starts at. */
interface Cell {
  text: string;
  start: number;
}

/** Runs of two spaces or more part cells; one space parts words of a cell. */
function cellsOf(line: string): Cell[] {
  const out: Cell[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) out.push({ text: m[0], start: m.index! });
  return out;
}

const RULE = /^\s*[-=_─—]{5,}\s*$/;
/** A table row has at least this many cells (two are prose justified with a double space). */
const MIN_CELLS = 3;
/** …and a table at least a header and two rows. */
const MIN_ROWS = 3;
/** How far left of a column's start a cell may begin and still be in it (a centred figure begins right of it). */
const SLACK = 3;

/** Prose justified in a PDF has a double space here and there; a table's columns stand wider apart. */
const WIDE_GAP = /\S {3,}\S/g;
const isRow = (line: string) => !line.includes('|') && !line.includes('\t') && (line.match(WIDE_GAP)?.length ?? 0) >= 2 && cellsOf(line).length >= MIN_CELLS;

/** The lines, with each table laid out with spaces turned into tab-separated rows. */
export function alignedTables(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < lines.length; ) {
    if (!isRow(lines[i])) {
      i++;
      continue;
    }
    // The block: rows, rules between them, and the wrapped rest of a row's cells under it.
    let end = i;
    const rows: number[] = [];
    const wrapped: number[] = [];
    const between = (k: number) => k + 1 < lines.length && isRow(lines[k + 1]);
    while (end < lines.length && (isRow(lines[end]) || ((RULE.test(lines[end]) || (rows.length > 0 && isWrap(lines[end]))) && between(end)))) {
      if (isRow(lines[end])) rows.push(end);
      else if (!RULE.test(lines[end])) wrapped.push(end);
      end++;
    }
    if (rows.length >= MIN_ROWS) {
      const anchors = columnStarts(rows.map((r) => lines[r]));
      const cells = new Map(rows.map((r) => [r, cutAt(lines[r], anchors)]));
      // "(hiện trạng)" under "2024-2025": the rest of the cell above, in its column.
      for (const k of wrapped) {
        const above = cells.get(rows.filter((r) => r < k).pop()!)!;
        cutAt(lines[k], anchors).forEach((c, j) => c && (above[j] = above[j] ? `${above[j]} ${c}` : c));
        out[k] = '';
      }
      for (const r of rows) out[r] = cells.get(r)!.join('\t');
      for (let k = i; k < end; k++) if (RULE.test(lines[k])) out[k] = '';
    }
    i = end;
  }
  return out;
}

/** A line of a cell or two indented under a row's columns: the wrapped rest of the row's cells, not prose. */
const isWrap = (line: string) => /^ {8,}\S/.test(line) && !line.includes('|') && !line.includes('\t') && cellsOf(line).length <= 2;

/** Where the columns start: at the cells of the row with most cells, the first such (the header, mostly). */
function columnStarts(rows: string[]): number[] {
  const split = rows.map(cellsOf);
  const widest = split.reduce((best, c) => (c.length > best.length ? c : best), split[0]);
  return widest.map((c) => c.start);
}

/** A row's cells under the columns: a cell in the column it starts in; one that runs over a column's start at a single space there is two. */
function cutAt(line: string, anchors: number[]): string[] {
  const cells: string[][] = anchors.map(() => []);
  const columnOf = (start: number) => {
    let j = 0;
    while (j + 1 < anchors.length && anchors[j + 1] <= start + SLACK) j++;
    return j;
  };
  for (const cell of cellsOf(line)) {
    let { text, start } = cell;
    let j = columnOf(start);
    // "9/12 trường Chưa đạt": a cell whose words cross the next column's start at a single space.
    while (j + 1 < anchors.length && start + text.length > anchors[j + 1] + SLACK) {
      const at = nearestSpace(text, anchors[j + 1] - start);
      if (at < 0) break;
      cells[j].push(text.slice(0, at));
      text = text.slice(at + 1);
      start += at + 1;
      j = columnOf(start);
    }
    cells[j].push(text);
  }
  return cells.map((c) => c.join(' '));
}

/** The index of the space in the text nearest to `at`, within SLACK of it; -1 when none. */
function nearestSpace(text: string, at: number): number {
  for (let d = 0; d <= SLACK; d++) {
    if (text[at - d] === ' ') return at - d;
    if (text[at + d] === ' ') return at + d;
  }
  return -1;
}
