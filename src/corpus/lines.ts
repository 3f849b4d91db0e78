// Logical lines: source lines with page-break splits re-joined and footnotes set aside.
// A sentence cut by a page break continues on a line that starts in lower case (or with a
// figure after a dangling "2020 -"); footnotes printed at the foot of a page sit between
// the two halves and are lifted out.

export interface LogicalLine {
  text: string;
  /** 1-based source line numbers that make up this logical line. */
  lines: number[];
}

export interface LineLayout {
  body: LogicalLine[];
  footnotes: { mark: string; line: LogicalLine }[];
}

const SUPERSCRIPT = '¹²³⁴⁵⁶⁷⁸⁹⁰';
const FOOTNOTE = new RegExp(`^([${SUPERSCRIPT}]+)\\s*(\\S.*)$`);
const ENDS_SENTENCE = /[.;:!?…]["”’)\]]*$/;
const HEADING_NUMBER = /^(\d{1,2}(\.\d{1,2})*\.\s|[IVX]{1,5}\.\s|[a-zđ]\)\s|Điều\s+\d+\.)/;

export function superscriptToNumber(mark: string): number {
  return Number([...mark].map((c) => String((SUPERSCRIPT.indexOf(c) + 1) % 10)).join(''));
}

function continues(prev: string, next: string): boolean {
  if (prev.includes('\t') || next.includes('\t')) return false;
  if (ENDS_SENTENCE.test(prev)) return false;
  if (HEADING_NUMBER.test(next)) return false;
  if (/^\p{Ll}/u.test(next)) return true;
  // "nhiệm kỳ 2020 -" / "giai đoạn" + "2025; ..." across a page break
  return /^\d/.test(next) && /([-–,]|\p{Ll})$/u.test(prev);
}

export function layoutLines(lines: string[]): LineLayout {
  const body: LogicalLine[] = [];
  const footnotes: LineLayout['footnotes'] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text) return;
    const lineNo = i + 1;
    const fn = FOOTNOTE.exec(text);
    if (fn && !/^[¹²³⁴⁵⁶⁷⁸⁹⁰]+[.,]/.test(text)) {
      footnotes.push({ mark: fn[1], line: { text, lines: [lineNo] } });
      return;
    }
    const prev = body[body.length - 1];
    if (prev && continues(prev.text, text)) {
      prev.text = `${prev.text} ${text}`;
      prev.lines.push(lineNo);
    } else {
      body.push({ text, lines: [lineNo] });
    }
  });
  return { body, footnotes };
}
