// Logical lines: source lines with page-break splits re-joined and footnotes set aside.
// A sentence cut by a page break continues on a line that starts in lower case (or with a
// figure after a dangling "2020 -"); footnotes printed at the foot of a page sit between
// the two halves and are lifted out.

export interface LogicalLine {
  text: string;
  /** 1-based source line numbers that make up this logical line. */
  lines: number[];
  /** A table row (tab-separated cells, as normalize writes pipe and Word tables): its cells, empty ones kept. */
  cells?: string[];
}

export interface LineLayout {
  body: LogicalLine[];
  footnotes: { mark: string; line: LogicalLine }[];
}

const SUPERSCRIPT = '¹²³⁴⁵⁶⁷⁸⁹⁰';
const FOOTNOTE = new RegExp(`^([${SUPERSCRIPT}]+)\\s*(\\S.*)$`);
const ENDS_SENTENCE = /[.;:!?…]["”’)\]]*$/;
// "a/" and "a." items start in lower case like a continued sentence, so they are named here too.
const HEADING_NUMBER = /^(\d{1,2}(\.\d{1,2})*\.\s|[IVX]{1,5}\.\s|[A-H]\.\s|[a-zđ][)/.]\s|Điều\s+\d+\s*[.:]|Chương\s|Phần\s)/;

export function superscriptToNumber(mark: string): number {
  return Number([...mark].map((c) => String((SUPERSCRIPT.indexOf(c) + 1) % 10)).join(''));
}

const PAGE_MARK = /^(?:(?:Trang|TRANG|Page)\s+\d{1,3}(?:\s*(?:\/|trên|of)\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–])$/u;

// A numbering label alone on its line, its heading on the next ("I." + "MỤC ĐÍCH, YÊU CẦU"), as
// text copied from a PDF or a web page often has it.
const BARE_LABEL = /^(?:[IVX]{1,5}|[A-H]|\d{1,2}(?:\.\d{1,2})*)\.$|^[a-zđ][)/]$/;

function continues(prev: string, next: string): boolean {
  if (prev.includes('\t') || next.includes('\t')) return false;
  if (BARE_LABEL.test(prev)) return !BARE_LABEL.test(next) && !HEADING_NUMBER.test(next);
  if (ENDS_SENTENCE.test(prev)) return false;
  if (HEADING_NUMBER.test(next)) return false;
  if (/^\p{Ll}/u.test(next)) return true;
  // "nhiệm kỳ 2020 -" / "giai đoạn" + "2025; ..." across a page break
  if (/^\d/.test(next) && /([-–,]|\p{Ll})$/u.test(prev)) return true;
  // A heading in capitals broken over two lines: "I. MỤC ĐÍCH," + "YÊU CẦU",
  // "A. NHIỆM VỤ CHỦ YẾU NĂM HỌC" + "2017-2018 CỦA NGÀNH…".
  return HEADING_NUMBER.test(prev) && upperCase(prev) && upperCase(next) && (/[,–-]$/.test(prev) || /^\d/.test(next));
}

function upperCase(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase();
}

export function layoutLines(lines: string[]): LineLayout {
  const body: LogicalLine[] = [];
  const footnotes: LineLayout['footnotes'] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text) return;
    // A row keeps its cells; its trimmed text may have lost a leading empty cell.
    const cells = raw.includes('\t') ? raw.replace(/^ +| +$/g, '').split('\t').map((c) => c.trim()) : undefined;
    const lineNo = i + 1;
    const fn = FOOTNOTE.exec(text);
    if (fn && !/^[¹²³⁴⁵⁶⁷⁸⁹⁰]+[.,]/.test(text)) {
      footnotes.push({ mark: fn[1], line: { text, lines: [lineNo] } });
      return;
    }
    const prev = body[body.length - 1];
    // A page number copied from a PDF ("Trang 3/4", "- 3 -") between two halves of the text: its
    // line belongs to the text before it, its words to none (a sentence cut by it goes on below).
    if (prev && !prev.cells && !cells && PAGE_MARK.test(text)) {
      prev.lines.push(lineNo);
      return;
    }
    if (prev && !prev.cells && !cells && continues(prev.text, text)) {
      prev.text = `${prev.text} ${text}`;
      prev.lines.push(lineNo);
    } else {
      body.push(cells ? { text, lines: [lineNo], cells } : { text, lines: [lineNo] });
    }
  });
  return { body, footnotes };
}
