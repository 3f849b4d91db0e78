// Text that lost its line breaks: a plan copied from a document-sharing page or a PDF viewer
// often comes as one paragraph ("… Độc lập - Tự do - Hạnh phúc Số: 15/KH-UBND Tân Lập, ngày …
// KẾ HOẠCH … I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích …"). The parser reads a plan by its lines (a
// heading starts one), so such a run-on line is cut back into lines where a plan's lines
// start: the motto, the number, the place and date, the document kind, "Căn cứ", a numbered
// heading after a sentence's end, the recipients and the signature block. Lines of ordinary
// length are left as they are.

// A plan's lines average ~200 characters (the longest seen, a long clause, ~1 400); a text whose
// lines average this many has lost its breaks.
const RUN_ON_MEAN = 400;
const RUN_ON_LONGEST = 800;
/** In a run-on text, the lines long enough to be cut. */
const CUT_FROM = 200;

// Each cut is placed before the match; a lookbehind keeps what precedes it.
const CUTS: RegExp[] = [
  /\s+(?=CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM)/gu,
  /\s+(?=Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc)/gu,
  /(?<=Hạnh\s+phúc)\s+/gu,
  /\s+(?=Số\s*:\s*[\d\s]*\/)/gu,
  // "Số: 15/KH-UBND Tân Lập, ngày 20 tháng 10 năm 2023": the place and date after the number.
  /(?<=Số\s*:\s*\S+)\s+(?=\p{Lu}[\p{L}. ]{1,40},\s*ngày\s+\d)/gu,
  /(?<=ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s+(?=(?:KẾ\s+HOẠCH|QUYẾT\s+ĐỊNH|CHỈ\s+THỊ|HƯỚNG\s+DẪN|THÔNG\s+BÁO|CÔNG\s+VĂN|BÁO\s+CÁO|NGHỊ\s+QUYẾT|V\/v)\b)/gu,
  // The kind in capitals, then the title in sentence case: "KẾ HOẠCH Phổ cập giáo dục …".
  /(?<=(?:KẾ\s+HOẠCH|QUYẾT\s+ĐỊNH|CHỈ\s+THỊ|HƯỚNG\s+DẪN|THÔNG\s+BÁO|NGHỊ\s+QUYẾT))\s+(?=\p{Lu}\p{Ll})/gu,
  /\s+(?=Căn\s+cứ\s)/gu,
  // A numbered heading after the end of a sentence or a heading in capitals: "… như sau: I. MỤC ĐÍCH",
  // "… trẻ 5 tuổi. 2. Yêu cầu", "… YÊU CẦU 1. Mục đích", "… đạt 100%. a) …", "… Điều 2. …".
  /(?<=[.:;!?]|\p{Lu}{2,})\s+(?=(?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2}){0,3}\.|[a-zđ]\)|Điều\s+\d{1,3}\.|Chương\s+[IVX\d]+|Phần\s+[IVX\d]+)\s+\p{Lu})/gu,
  /\s+(?=Nơi\s+nhận\s*:)/gu,
  /(?<=Nơi\s+nhận\s*:)\s+/gu,
  /(?<=;)\s+(?=-\s)/gu,
  /\s+(?=(?:TM|KT|TL|TUQ)\.\s+\p{Lu})/gu,
  // The signer's title, then the name: "… CHỦ TỊCH Lê Văn Nam".
  /(?<=(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+PHÒNG|HIỆU\s+TRƯỞNG|BỘ\s+TRƯỞNG))\s+(?=\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,4}\s*$)/gu,
];

/** The same text with its run-on lines cut back into lines; a text with line breaks is untouched. */
export function reflowRunOn(text: string): string {
  const lines = text.split('\n');
  const full = lines.filter((l) => l.trim());
  if (!full.length) return text;
  const mean = full.reduce((s, l) => s + l.length, 0) / full.length;
  if (mean < RUN_ON_MEAN || !full.some((l) => l.length >= RUN_ON_LONGEST)) return text;
  return lines.map((line) => (line.length >= CUT_FROM ? cut(line) : line)).join('\n');
}

function cut(line: string): string {
  let out = line;
  for (const re of CUTS) out = out.replace(re, '\n');
  // The title line of the signature block ("TM. ỦY BAN NHÂN DÂN") stops before its own title.
  out = out.replace(/^((?:TM|KT)\.\s+(?:\p{Lu}+\s+)*?\p{Lu}+)\s+(?=(?:CHỦ\s+TỊCH|PHÓ\s+CHỦ\s+TỊCH|GIÁM\s+ĐỐC|PHÓ\s+GIÁM\s+ĐỐC|TRƯỞNG\s+PHÒNG)\b)/gmu, '$1\n');
  return out.replace(/[ \t]+\n/g, '\n');
}
