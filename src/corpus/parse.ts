// Logical lines → clause tree with stable ids (`<docId>#<path>`, see ARCHITECTURE.md).
// Every logical line, and so every character of body text, lands in exactly one clause.
import type { Clause, ClauseKind } from './types.js';
import { layoutLines, superscriptToNumber, type LogicalLine } from './lines.js';

const ROMAN = /^([IVX]{1,5})\.\s+(\S.*)$/;
const ARTICLE = /^Điều\s+(\d{1,3})\.\s*(.*)$/;
const DECIMAL = /^(\d{1,2}(?:\.\d{1,2}){0,4})\.\s+(\S.*)$/;
const DECIMAL_NO_DOT = /^(\d{1,2}(?:\.\d{1,2}){1,4})\s+(\p{Lu}.*)$/u;
const LETTER = /^([a-zđ])\)\s+(\S.*)$/;
const CLOSING = /^(Nơi nhận\s*:|TM\.\s|KT\.\s)/;
const TABLE_ROW = /^(\d{1,3})\t(.+)$/;

const HEADING_MAX = 150;

/** Short title from a heading line: the whole line when short, else its first phrase. */
export function shortHeading(rest: string): string {
  const t = rest.trim();
  if (t.length <= HEADING_MAX) return t.replace(/[.:;]$/, '');
  const cut = t.slice(0, HEADING_MAX);
  const stop = cut.search(/[.;:](\s|$)/);
  if (stop > 20) return cut.slice(0, stop);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 40 ? space : HEADING_MAX)}…`;
}

function isAllCapsTitle(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  // Recipient lines ("- TT.HĐND TP;") are upper case too, but they are list items.
  if (/^[-+•]/.test(text) || /[;,]$/.test(text)) return false;
  return letters.length >= 5 && letters === letters.toUpperCase() && !text.includes('\t');
}

function sentenceCase(text: string): string {
  const lower = text.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

interface Draft {
  path: string;
  label: string;
  heading: string;
  kind: ClauseKind;
  parentPath: string | null;
  depth: number;
  body: LogicalLine[];
}

export function parseClauses(docId: string, normalizedLines: string[]): Clause[] {
  const { body, footnotes } = layoutLines(normalizedLines);
  const drafts: Draft[] = [];
  const byPath = new Map<string, Draft>();

  const open = (d: Omit<Draft, 'body' | 'path'> & { path: string }, line: LogicalLine): Draft => {
    let path = d.path;
    // Numbering repeated by mistake in the source: keep both, the second gets a suffix.
    for (let n = 2; byPath.has(path); n++) path = `${d.path}-${n}`;
    const draft: Draft = { ...d, path, body: [line] };
    drafts.push(draft);
    byPath.set(path, draft);
    return draft;
  };

  let current: Draft | null = null;
  let roman: string | null = null;
  let lastNumbered: string | null = null; // deepest decimal path, parent of lettered items
  let state: 'body' | 'closing' | 'appendix' = 'body';
  let appendixCount = 0;
  let appendix: Draft | null = null;
  const hasRomanAfter = (i: number) => body.slice(i + 1).some((l) => ROMAN.test(l.text));

  const nearestParent = (path: string): string | null => {
    const parts = path.split('.');
    for (let k = parts.length - 1; k > 0; k--) {
      const p = parts.slice(0, k).join('.');
      if (byPath.has(p)) return p;
    }
    return null;
  };

  body.forEach((line, i) => {
    const t = line.text;
    let m: RegExpExecArray | null;

    if (state !== 'closing' && CLOSING.test(t) && (state === 'body' || !appendix)) {
      state = 'closing';
      current = open({ path: 'closing', label: '', heading: 'Nơi nhận, chữ ký', kind: 'closing', parentPath: null, depth: 1 }, line);
      return;
    }
    if (state === 'closing' || state === 'appendix') {
      if (isAllCapsTitle(t) && !CLOSING.test(t) && !/^(TM|KT)\.|CHỦ TỊCH$|TRƯỞNG PHÒNG$|GIÁM ĐỐC$/.test(t)) {
        if (hasRomanAfter(i)) {
          state = 'body';
          current = open({ path: 'intro', label: '', heading: sentenceCase(t), kind: 'intro', parentPath: null, depth: 1 }, line);
          roman = null;
          lastNumbered = null;
          return;
        }
        state = 'appendix';
        appendixCount++;
        appendix = open({ path: `appendix-${appendixCount}`, label: '', heading: sentenceCase(t), kind: 'appendix', parentPath: null, depth: 1 }, line);
        current = appendix;
        return;
      }
      if (state === 'appendix' && appendix && (m = TABLE_ROW.exec(t))) {
        const cells = m[2].split('\t');
        current = open({ path: `${appendix.path}.${m[1]}`, label: m[1], heading: shortHeading(cells[0]), kind: 'row', parentPath: appendix.path, depth: 2 }, line);
        return;
      }
      current!.body.push(line);
      return;
    }

    if ((m = ROMAN.exec(t))) {
      roman = m[1];
      lastNumbered = roman;
      current = open({ path: roman, label: roman, heading: shortHeading(m[2]), kind: 'part', parentPath: null, depth: 1 }, line);
      return;
    }
    if ((m = ARTICLE.exec(t))) {
      roman = null;
      lastNumbered = null;
      current = open({ path: `dieu-${m[1]}`, label: `Điều ${m[1]}`, heading: shortHeading(m[2] || `Điều ${m[1]}`), kind: 'article', parentPath: null, depth: 1 }, line);
      return;
    }
    if ((m = DECIMAL.exec(t) ?? DECIMAL_NO_DOT.exec(t))) {
      const path = roman ? `${roman}.${m[1]}` : m[1];
      const parentPath = nearestParent(path);
      const depth = (parentPath ? byPath.get(parentPath)!.depth : 0) + 1;
      current = open({ path, label: m[1], heading: shortHeading(m[2]), kind: 'section', parentPath, depth }, line);
      lastNumbered = current.path;
      return;
    }
    if ((m = LETTER.exec(t)) && lastNumbered) {
      const parentPath = lastNumbered;
      current = open({ path: `${parentPath}.${m[1]}`, label: m[1], heading: shortHeading(m[2]), kind: 'item', parentPath, depth: byPath.get(parentPath)!.depth + 1 }, line);
      return;
    }
    if (!current) {
      current = open({ path: 'preamble', label: '', heading: 'Phần mở đầu', kind: 'preamble', parentPath: null, depth: 1 }, line);
      return;
    }
    current.body.push(line);
  });

  for (const { mark, line } of footnotes) {
    const n = superscriptToNumber(mark);
    open({ path: `footnote-${n}`, label: mark, heading: `Chú thích ${n}`, kind: 'footnote', parentPath: null, depth: 1 }, line);
  }

  return drafts.map((d, order) => {
    const lines = d.body.flatMap((l) => l.lines);
    return {
      id: `${docId}#${d.path}`,
      docId,
      path: d.path,
      label: d.label,
      heading: d.heading,
      text: d.body.map((l) => l.text).join('\n'),
      kind: d.kind,
      parentId: d.parentPath ? `${docId}#${d.parentPath}` : null,
      order,
      depth: d.depth,
      lineStart: Math.min(...lines),
      lineEnd: Math.max(...lines),
      lines,
    };
  });
}
