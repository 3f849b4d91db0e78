// The title block after the header: the type line ("KẾ HOẠCH", "QUYẾT ĐỊNH"), then the subject
// in capitals over one or more lines ("HỖ TRỢ NGƯỜI CÓ CÔNG…"), or a one-line mixed-case subject
// ("Thực hiện nhiệm vụ năm học 2023 - 2024"). Some headers have no type line: the subject starts
// at once and the kind comes from the number ("CT-UBND").
import { isUpper } from './cells.js';
import { ISSUER_HEAD } from './issuer.js';

export const KINDS: Record<string, string> = {
  'KẾ HOẠCH': 'Kế hoạch',
  'QUYẾT ĐỊNH': 'Quyết định',
  'CHỈ THỊ': 'Chỉ thị',
  'THÔNG TƯ': 'Thông tư',
  'NGHỊ QUYẾT': 'Nghị quyết',
  'HƯỚNG DẪN': 'Hướng dẫn',
  'CÔNG VĂN': 'Công văn',
  'BÁO CÁO': 'Báo cáo',
  'THÔNG BÁO': 'Thông báo',
  'NGHỊ ĐỊNH': 'Nghị định',
  'QUY ĐỊNH': 'Quy định',
  'CHƯƠNG TRÌNH': 'Chương trình',
  'ĐỀ ÁN': 'Đề án',
  'TỜ TRÌNH': 'Tờ trình',
};

/** Type codes of document numbers ("KH" in 247/KH-UBND). A code without one is a công văn. */
export const KIND_BY_CODE: Record<string, string> = {
  KH: 'Kế hoạch', QĐ: 'Quyết định', CT: 'Chỉ thị', TT: 'Thông tư', TTLT: 'Thông tư', NQ: 'Nghị quyết', HD: 'Hướng dẫn',
  CV: 'Công văn', NĐ: 'Nghị định', BC: 'Báo cáo', TB: 'Thông báo', CTr: 'Chương trình', ĐA: 'Đề án', TTr: 'Tờ trình',
};

const KIND_LINE = new RegExp(`^(${Object.keys(KINDS).join('|')})(?![\\p{L}])\\s*(.*)$`, 'u');
const SKIP = /^(?:[-*_=|\s]*|\s*)$/;
const STOP = /^(?:[IVXLC]+|[A-ZĐ]|\d+)\.\s|^(?:PHẦN|CHƯƠNG|MỤC)\b|^\(|^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ)\s*:/u;

export interface TitleBlock {
  /** The type line's kind ("Kế hoạch"), null when the header has none. */
  kind: string | null;
  /** The subject as printed (lines joined by a space). */
  subject: string;
  /** Is the subject printed in capitals? */
  upper: boolean;
  /** 0-based index of the block's first and last line. */
  first: number;
  last: number;
}

const isEnacting = (l: string) => isUpper(l) && ISSUER_HEAD.test(l);

/** The title block starting at the first content line from `from` on; null when none is there. */
export function readTitle(lines: string[], from: number, limit = from + 12): TitleBlock | null {
  // A markdown file may mark the type line and the subject as headings ("# KẾ HOẠCH", "## Chuyển đổi số …").
  const at = (j: number) => lines[j].replace(/\u00A0/g, ' ').replace(/^\s*#{1,6}\s+/, '');
  let i = from;
  while (i < Math.min(lines.length, limit) && SKIP.test(at(i))) i++;
  if (i >= lines.length || i >= limit) return null;
  const first = at(i).trim();
  if (!isUpper(first) || isEnacting(first)) return null;
  const km = KIND_LINE.exec(first);
  const kind = km ? KINDS[km[1]] : null;
  const parts: string[] = [];
  if (km && km[2].trim()) parts.push(km[2].trim());
  else if (!km) parts.push(first);
  let last = i;
  for (let j = i + 1; j < lines.length && j <= i + 8; j++) {
    const l = at(j).trim();
    if (!l) {
      // a blank line may separate the type line from the subject, not the subject's lines
      if (parts.length === 0) continue;
      break;
    }
    if (parts.length === 0 && !isUpper(l)) {
      // a mixed-case subject under the type line, not the legal bases; a line that goes on in
      // lower case ("Phòng, chống đuối nước trẻ em …" / "trên địa bàn huyện năm 2025") is its own
      if (/^(Căn cứ|\(|Kính gửi)/u.test(l) || /[:;]$/.test(l) || l.length > 300) break;
      let end = j;
      let subject = l;
      for (let k = j + 1; k <= j + 2 && k < lines.length; k++) {
        const next = at(k).trim();
        if (!/^\p{Ll}/u.test(next) || /[:;]$/.test(next) || next.length > 200 || subject.length + next.length > 300) break;
        subject = `${subject} ${next}`;
        end = k;
      }
      return { kind, subject, upper: false, first: i, last: end };
    }
    if (!isUpper(l) || isEnacting(l) || STOP.test(l)) break;
    parts.push(l);
    last = j;
  }
  return { kind, subject: parts.join(' ').replace(/\s+/g, ' ').trim(), upper: true, first: i, last };
}
