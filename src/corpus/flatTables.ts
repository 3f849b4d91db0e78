// Tables pasted one cell per line, as a PDF viewer copies them: the header's cells each on a line
// ("Chỉ tiêu", "Năm 2025", "Năm 2026", "Năm 2027"), then each row as its label (a line or two)
// and one line per figure ("90%", "95 %", "100%"). Found where column heads that look alike (a
// year each, or one word and a number) are followed by rows of exactly as many figures; each row
// becomes one tab-separated line, the form pipe and Word tables take (normalize.ts), at its first
// line, and the lines it took blank, so every source line stays one line.

/** A cell holding a figure: "90%", "95 %", "40/46", "1.200", "-". */
const FIGURE = /^(?:[-–x]|\d[\d.,]*\s*%?|\d+\s*\/\s*\d+|\d[\d.,]*\s*(?:trường|người|lớp|học sinh|trẻ|đồng|triệu đồng|tỷ đồng|lượt|bếp))$/u;
const isFigure = (line: string) => FIGURE.test(line.trim());
/** A short line of text: a label or a column head, not prose (no sentence ends it) and no list item. */
const isCellText = (line: string) => {
  const t = line.trim();
  return t.length > 0 && t.length <= 60 && !isFigure(t) && !/[.;]$/.test(t) && !/^(?:[-+•*]|\d+\.|[a-zđ]\)|[IVX]+\.)\s/u.test(t) && !t.includes('\t') && !t.includes('|');
};
/** Column heads that look alike: each names a year ("Năm 2025", "2026"), or they share their first word and differ in a number ("Đợt 1", "Đợt 2"). */
function headsAlike(heads: string[]): boolean {
  if (heads.some((h) => h.trim().length > 25)) return false;
  if (heads.every((h) => /(?<!\d)(?:19|20)\d\d(?!\d)/.test(h))) return true;
  const first = heads.map((h) => h.trim().split(/\s+/)[0].toLowerCase());
  return first.every((w) => w === first[0]) && heads.every((h) => /\d|\b[IVX]+\b/.test(h));
}

const MAX_LABEL_LINES = 3;
const MIN_ROWS = 2;

/** The lines, with each table pasted one cell per line turned into tab-separated rows. */
export function flatTables(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < lines.length; ) {
    const found = tableAt(lines, i) ?? cellsTableAt(lines, i);
    if (!found) {
      i++;
      continue;
    }
    const { header, rows, end } = found;
    out[header.from] = header.cells.join('\t');
    for (let k = header.from + 1; k < header.to; k++) out[k] = '';
    for (const r of rows) {
      out[r.from] = [r.label, ...r.figures].join('\t');
      for (let k = r.from + 1; k < r.to; k++) out[k] = '';
    }
    i = end;
  }
  return out;
}

interface Found {
  header: { from: number; to: number; cells: string[] };
  rows: { from: number; to: number; label: string; figures: string[] }[];
  end: number;
}

/** A table starting at line i: a run of text lines (the header, then the first row's label), then figures. */
function tableAt(lines: string[], i: number): Found | null {
  if (!isCellText(lines[i]) || (i > 0 && isCellText(lines[i - 1]))) return null;
  let j = i;
  while (j < lines.length && isCellText(lines[j])) j++;
  let k = 0;
  while (j + k < lines.length && isFigure(lines[j + k])) k++;
  if (k < 2) return null;
  // A caption may stand above the header ("Bảng 1. Chỉ tiêu giai đoạn 2025 - 2027"): the header
  // is k column heads, with a head for the labels before them or not; the rest is the first label.
  for (let start = i; start < j; start++) for (const withLabelHead of [true, false]) {
    const texts = lines.slice(start, j).map((l) => l.trim());
    const headCount = k + (withLabelHead ? 1 : 0);
    const labelLines = texts.length - headCount;
    if (labelLines < 1 || labelLines > MAX_LABEL_LINES) continue;
    const heads = texts.slice(withLabelHead ? 1 : 0, headCount);
    if (!headsAlike(heads)) continue;
    const rows: Found['rows'] = [{ from: start + headCount, to: j + k, label: texts.slice(headCount).join(' '), figures: lines.slice(j, j + k).map((l) => l.trim()) }];
    let at = j + k;
    for (;;) {
      let t = at;
      while (t < lines.length && t - at < MAX_LABEL_LINES && isCellText(lines[t])) t++;
      let f = 0;
      while (t + f < lines.length && isFigure(lines[t + f])) f++;
      if (t === at || f !== k) break;
      rows.push({ from: at, to: t + f, label: lines.slice(at, t).map((l) => l.trim()).join(' '), figures: lines.slice(t, t + f).map((l) => l.trim()) });
      at = t + f;
    }
    if (rows.length < MIN_ROWS) continue;
    return { header: { from: start, to: start + headCount, cells: [withLabelHead ? texts[0] : '', ...heads] }, rows, end: at };
  }
  return null;
}

const MAX_COLUMNS = 8;
const cellLine = (line: string) => isCellText(line) || isFigure(line);

/**
 * A table of text cells ("Đợt", "Thời gian", "Đơn vị chủ trì", then "Đợt 1", "10/3 - 18/4/2025",
 * "Phòng Y tế", …): a run of short lines that k columns part evenly, whose rows begin with cells
 * that look alike ("Đợt 1", "Đợt 2", "Đợt 3"; one row may begin otherwise: "Đột xuất") and
 * whose header holds no figure.
 */
function cellsTableAt(lines: string[], i: number): Found | null {
  if (!isCellText(lines[i]) || (i > 0 && cellLine(lines[i - 1]))) return null;
  let j = i;
  while (j < lines.length && cellLine(lines[j])) j++;
  // A caption may stand above the header ("Bảng 2. Lịch kiểm tra năm 2025").
  for (const skip of [0, 1]) {
    const found = evenCells(lines.slice(i + skip, j).map((l) => l.trim()), i + skip, j);
    if (found) return found;
  }
  return null;
}

function evenCells(run: string[], i: number, j: number): Found | null {
  for (let k = 2; k <= MAX_COLUMNS; k++) {
    const rowCount = run.length / k - 1;
    if (!Number.isInteger(rowCount) || rowCount < MIN_ROWS) continue;
    const header = run.slice(0, k);
    if (header.some((h) => isFigure(h) || h.length > 30)) continue;
    const starts = Array.from({ length: rowCount }, (_, r) => run[(r + 1) * k]);
    const alike = starts.filter((x, _, all) => all.filter((y) => y.split(/\s+/)[0] === x.split(/\s+/)[0]).length >= 2 && /\d|\b[IVX]+\b/.test(x));
    if (alike.length < Math.max(MIN_ROWS, starts.length - 1) || header.some((h) => alike.some((a) => a.split(/\s+/)[0] === h && /\d/.test(h)))) continue;
    const rows = Array.from({ length: rowCount }, (_, r) => {
      const from = i + (r + 1) * k;
      return { from, to: from + k, label: run[(r + 1) * k], figures: run.slice((r + 1) * k + 1, (r + 2) * k) };
    });
    return { header: { from: i, to: i + k, cells: header }, rows, end: j };
  }
  return null;
}
