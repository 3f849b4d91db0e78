// A two-column header whose columns came out on one line each: text copied from a PDF or a
// scanned page reads the issuer cell and the motto cell across, "UBND TỈNH HÀ NAM CỘNG HÒA XÃ
// HỘI CHỦ NGHĨA VIỆT NAM", "Số: 1450/KH-SGDĐT Hà Nam, ngày 12 tháng 9 năm 2024". Such a line is
// cut where the right column starts (the motto, the place and date) and becomes a row of two
// cells, as a Word table's header would be; one output line per input line.

/** Lines of the header looked at: a header is a few lines at the top, never the body. */
const HEADER_LINES = 20;

const MOTTO = /^(.*?\S)\s+(CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM.*)$/u;
const MOTTO_LINE = /^(.*?\S)\s+(Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc.*)$/iu;
// "Số: 1450/KH-SGDĐT Hà Nam, ngày …": the number has no space in it, the place and date follow.
const NUMBER_AND_DATE = /^\s*(Số\s*:?\s*[\p{L}\d/&.-]*\d[\p{L}\d/&.-]*)\s+(\p{Lu}[\p{L}. ]{1,40},?\s+ngày\b.*)$/u;

// "Độc lập - Tự do - Hạnh phúc Số: 45/KH-UBND Phúc Thạnh Đông, ngày …": the motto's second line
// read across the number cell to the place and date below it.
const MOTTO_THEN_NUMBER = /^\s*(Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc)\s+(Số\s*:?\s*[\p{L}\d/&.-]*\d[\p{L}\d/&.-]*)(?:\s+(\p{Lu}[\p{L}. ]{1,40},?\s+ngày\b.*))?$/iu;

function splitLine(line: string): string {
  if (line.includes('\t') || line.includes('|')) return line;
  const across = MOTTO_THEN_NUMBER.exec(line);
  if (across) return [across[1], across[2], across[3]].filter(Boolean).join('\t');
  for (const re of [MOTTO, MOTTO_LINE, NUMBER_AND_DATE]) {
    const m = re.exec(line);
    // The left part of a motto line is a cell of its own only if it is a heading in capitals
    // (the issuer) or a number line; "Kính gửi: … CỘNG HÒA" is not a header row.
    if (m && (re === NUMBER_AND_DATE || isIssuerCell(m[1]))) return `${m[1]}\t${m[2]}`;
  }
  return line;
}

function isIssuerCell(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  // One word ("MAU" left over from "CÀ\nMAU") is the tail of the cell above, not a cell.
  return letters.length >= 2 && letters === letters.toUpperCase() && text.trim().split(/\s+/).length >= 2;
}

export function splitMergedHeaderColumns(lines: string[]): string[] {
  let seen = 0;
  return lines.map((line) => {
    if (seen >= HEADER_LINES || !line.trim()) return line;
    seen++;
    return splitLine(line);
  });
}
