// Tables (markdown pipe tables and Word tables both arrive as tab-separated rows): which rows
// are the header, and what a data row is called. A row becomes a clause whose text is its own
// line, then its value cells named by their columns with the table's unit ("Số tiền: 1.200 |
// ĐVT: triệu đồng"), then the header rows as printed: a quoted amount keeps its column and unit,
// and the row's own line stays a verbatim substring of the clause.
import type { LogicalLine } from './lines.js';

/** The heading of a column that only counts the rows. */
const COUNT_COLUMN = /^(?:S\.?\s*TT|TT|Số\s*TT|STT|No\.?|#|Thứ tự)\.?$/iu;

/** "1", "12", "IV", "a", "B": the row's number as printed in its first cell. */
const ORDINAL = /^(\d{1,3}|[IVX]{1,5}|[a-zđA-Z])\.?$/;
/** A column-numbering row under a header: "A | B | 1 | 2 | 3" or "(1) | (2) | (3)". */
const COLUMN_NUMBER = /^(\(?[\p{L}\d]{1,3}\)?)$/u;
/** Dates and periods as plans write them: "30/9", "tháng 9/2024", "quý IV", "năm 2024", "2023-2024"; not a share of a count ("9/12 trường"). */
const DATE_LIKE = /\d{1,2}\/\d{1,4}(?!\d)(?! ?\p{L})|(?<!\d)(19|20)\d{2}(?!\d)|ngày|tháng|quý|tuần|học kỳ|năm/iu;

export function rowOrdinal(cells: string[]): string {
  const first = cells[0] ?? '';
  return ORDINAL.test(first) ? first.replace(/\.$/, '') : '';
}

/** The first cell that says what the row is about (not its number, not empty). */
export function rowTitle(cells: string[]): string {
  const start = rowOrdinal(cells) ? 1 : 0;
  return cells.slice(start).find((c) => c.length > 0) ?? cells.find((c) => c.length > 0) ?? '';
}

function isColumnNumbering(cells: string[]): boolean {
  const filled = cells.filter((c) => c.length > 0);
  if (filled.length < 3 || !filled.every((c) => COLUMN_NUMBER.test(c))) return false;
  // Labels that count on from cell to cell (A, B / 1, 2 / (3), (4)), not short data.
  const code = (c: string) => { const k = c.replace(/[()]/g, ''); return /^\d+$/.test(k) ? Number(k) : k.length === 1 ? k.charCodeAt(0) : NaN; };
  return filled.some((c, i) => i > 0 && code(c) === code(filled[i - 1]) + 1);
}

/**
 * How many of a table's rows are header: the first row unless it is numbered like data, and
 * every row down to a column-numbering row found among the first four (multi-level headers).
 */
export function headerRowCount(rows: LogicalLine[]): number {
  const numbering = rows.slice(0, 4).findIndex((r) => isColumnNumbering(r.cells ?? []));
  if (numbering >= 0) return numbering + 1;
  const first = rows[0]?.cells ?? [];
  return first[0] && !rowOrdinal(first) ? 1 : 0;
}

/** The rows of the table that starts at body[i]: the run of consecutive row lines. */
export function tableAt(body: LogicalLine[], i: number): LogicalLine[] {
  let end = i;
  while (end < body.length && body[end].cells) end++;
  return body.slice(i, end);
}

export interface TableLayout {
  /** Column names, from the top header row, or a lower one where the top cell is empty (merged). */
  columns: string[];
  headerLines: string[];
  unit: string | null;
}

export function tableLayout(headerRows: LogicalLine[], unit: string | null): TableLayout {
  const named = headerRows.filter((r) => !isColumnNumbering(r.cells ?? []));
  const width = Math.max(0, ...named.map((r) => r.cells?.length ?? 0));
  const columns = Array.from({ length: width }, (_, j) => {
    const top = named[0]?.cells?.[j];
    return top || [...named].reverse().map((r) => r.cells?.[j] ?? '').find(Boolean) || '';
  });
  return { columns, headerLines: headerRows.map((r) => r.text), unit };
}

/**
 * What a row repeats from its table: the cells after its title cell under their column names,
 * with the unit ("Chỉ tiêu: Dưới 1,5%", "Số tiền: 850 | ĐVT: triệu đồng"), then the header rows.
 * The title cell is not repeated: the clause's heading is that cell already.
 */
export function rowContext(cells: string[], t: TableLayout): string {
  const title = rowTitle(cells);
  const from = cells.indexOf(title) + 1;
  // A number column that names something ("Tuần | Thời gian | Nội dung": "Tuần 24"), not a mere count ("TT", "STT").
  const ordinal = rowOrdinal(cells);
  const numbered = ordinal && t.columns[0] && !COUNT_COLUMN.test(t.columns[0].trim()) ? `${t.columns[0].trim()} ${ordinal}` : '';
  // A cell that holds a date is not repeated: what reads deadlines reads the whole clause, and
  // the row's own line quotes that date already.
  const named = cells.flatMap((v, j) => (v && j >= from && !DATE_LIKE.test(v) ? [t.columns[j] ? `${t.columns[j]}: ${v}` : v] : []));
  const pairs = t.columns.some(Boolean) || t.unit ? [...(numbered ? [numbered] : []), ...named, ...(t.unit ? [t.unit] : [])].join(' | ') : '';
  return [pairs, ...t.headerLines].filter(Boolean).join('\n');
}
