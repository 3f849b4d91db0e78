// Header cells, rebuilt from whatever layout the header came in: plain lines, Word or pipe table
// rows (TAB-separated cells after normalization), rows flattened to "a | b |", cells broken over
// several lines with lone "|" lines between them, each cell its own paragraph. A cell's lines
// are joined when the break is inside one cell ("ỦY\nBAN NHÂN DÂN", "Số:\n36/KH-UBND",
// "Cà\nMau, ngày …"); rules (-----, *****, _____) end a cell.

import { charKind, isSurrogate, CAPITAL, LETTER } from '../letters.js';

export interface HeaderCell {
  text: string;
  /** 0-based index of its first and last line. */
  first: number;
  last: number;
}

const RULE = /(?:-{3,}|\*{3,}|_{3,}|={3,})/;

/** Mostly capitals (a header or title line), at least two letters. */
export function isUpper(text: string): boolean {
  // Asked of every line of a plan: characters told apart by letters.ts (beyond the BMP, by isUpperOf).
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSurrogate(c)) return isUpperOf(text);
    const k = charKind(c);
    if (k & LETTER) letters++;
    if (k & CAPITAL) upper++;
  }
  return letters >= 2 && upper / letters >= 0.85;
}

function isUpperOf(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2) return false;
  const upper = [...letters].filter((c) => c === c.toUpperCase() && c !== c.toLowerCase()).length;
  return upper / letters.length >= 0.85;
}

/** Does `next` continue the cell whose last line is `prev`? */
function continues(prev: string, next: string): boolean {
  if (/Số\s*:\s*[\d\s]*$/u.test(prev) || /^\s*\//.test(next)) return true; // "Số: 5872" + "/KH-UBND"
  if (/,\s*$/.test(prev) && /^\s*ngày\b/u.test(next)) return true; // "Ninh Thuận," + "ngày 12 …"
  if (/^[\p{L}.]+(?:\s+[\p{L}.]+)?$/u.test(prev.trim()) && /^[^,]{1,30},\s*ngày\b/u.test(next)) return true; // "Cà" + "Mau, ngày"
  // The motto opens a cell of its own, and so does the number; the motto whole closes its cell
  // (a flattened two-column row's next issuer line is not its tail).
  if (/CỘNG\s+H(?:ÒA|OÀ)/u.test(next) || /^Số(?![\p{L}])/u.test(next)) return false;
  if (/CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM\s*$/u.test(prev)) return false;
  return isUpper(prev) && isUpper(next);
}

export function headerCells(lines: string[], limit = 80): HeaderCell[] {
  const cells: HeaderCell[] = [];
  let cur: { parts: string[]; first: number; last: number } | null = null;
  let open = false; // may the next line continue `cur`?
  const close = () => {
    if (cur) {
      const text = cur.parts.join(' ').replace(/\s+/g, ' ').trim();
      if (text) cells.push({ text, first: cur.first, last: cur.last });
    }
    cur = null;
    open = false;
  };
  const add = (piece: string, i: number, join: boolean) => {
    const t = piece.trim();
    if (!t) return;
    if (join && cur) {
      cur.parts.push(t);
      cur.last = i;
    } else {
      close();
      cur = { parts: [t], first: i, last: i };
    }
    open = true;
  };
  for (let i = 0; i < Math.min(limit, lines.length); i++) {
    const raw = lines[i].replace(/\u00A0/g, ' ');
    if (!raw.trim() || /^\s*\|\s*$/.test(raw)) {
      close();
      continue;
    }
    const startsCut = /^\s*[|\t]/.test(raw);
    const endsCut = /[|\t]\s*$/.test(raw);
    const columns = raw.split(/\t|\|/);
    let first = true;
    for (const column of columns) {
      const pieces = column.split(RULE);
      for (let p = 0; p < pieces.length; p++) {
        const piece = pieces[p];
        if (!piece.trim()) {
          if (p < pieces.length - 1) close(); // a rule ends the cell
          continue;
        }
        const join = first && !startsCut && open && cur !== null && continues((cur as { parts: string[] }).parts[(cur as { parts: string[] }).parts.length - 1], piece);
        add(piece, i, join);
        first = false;
        if (p < pieces.length - 1) close();
      }
      if (columns.length > 1) {
        first = false;
        open = false;
      }
    }
    if (endsCut) close();
    else if (columns.length > 1) open = true;
  }
  close();
  return cells;
}
