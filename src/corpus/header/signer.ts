// The signature block: who signed and as what. Found as a table row whose last cell holds the
// block ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A", "THỦ TƯỚNG Nguyễn Tấn Dũng", "Nguyễn Mạnh
// Kiểm (Đã ký)") or as plain lines (TM./KT. line, position line, name line). Form placeholders
// ("CHỦ TỊCH (Ký, ghi rõ họ tên, đóng dấu)") name nobody and are passed over.
import { mendWords } from './mend.js';
import { isSyllable } from './syllable.js';
import { isUpper } from './cells.js';
import { orgCase } from './casing.js';

import type { Signer } from '../types.js';

const HEADS = '(?:PHÓ\\s+)?(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|GIÁM ĐỐC|TRƯỞNG PHÒNG|VỤ TRƯỞNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|TRƯỞNG ĐOÀN|CHỦ NHIỆM|TỔNG THƯ KÝ)';
const MARK = '(?:TM|KT|TL|TUQ|Q|QUYỀN)\\.';
const BLOCK_START = new RegExp(`^(?:${MARK}\\s*|${HEADS}(?![\\p{L}]))`, 'u');
const NAME_WORD = /^\p{Lu}[\p{Ll}\p{M}]*$/u;
const SIGNED_NOTE = /\((?:đã ký|Đã ký|ĐÃ KÝ)\)/u;

/**
 * A word of an ethnic-minority name as the Central Highlands write them ("Y Khuê Mlô", "A Hlôm",
 * "Ksor Y Blin", "H'Hen Niê"): capitalised, a consonant cluster Vietnamese spelling has not
 * ("Ml", "Hl", "Ks", "Bl", "Kđ"), a short word.
 */
const CLUSTER_NAME_WORD = /^(?:H['’])?\p{Lu}[\p{Ll}\p{M}]{1,8}$/u;
const nameWord = (w: string) => NAME_WORD.test(w.replace(/^H['’](?=\p{Lu})/u, '')) && (isSyllable(w) || CLUSTER_NAME_WORD.test(w));

/** "Lê Thị Vân", "Y Khuê Mlô" at the end of a text: 2–5 capitalised words (mended first), one a syllable at least. */
function trailingName(text: string): { name: string; rest: string } | null {
  const words = mendWords(text.replace(SIGNED_NOTE, ' ').trim()).split(/\s+/).filter(Boolean);
  let k = words.length;
  while (k > 0 && nameWord(words[k - 1]) && words.length - k < 5) k--;
  const n = words.length - k;
  // Words among which no syllable stands are no name we can tell, but for a woman's "H'" name.
  if (n < 2 || !words.slice(k).some((w) => isSyllable(w) || /^H['’]\p{Lu}/u.test(w))) return null;
  return { name: words.slice(k).join(' '), rest: words.slice(0, k).join(' ') };
}

const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/** "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" → "Phó Chủ tịch"; "TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH" → "Vụ trưởng Vụ Kế hoạch - Tài chính". */
export function ownPosition(caps: string): string | null {
  const re = new RegExp(`(${MARK}\\s*)?(${HEADS})(?![\\p{L}])`, 'gu');
  let own: RegExpExecArray | null = null;
  for (let m = re.exec(caps); m; m = re.exec(caps)) if (!m[1]) own = m;
  if (!own) return null;
  const head = own[2].replace(/\s+/g, ' ');
  const unit = caps.slice(own.index + own[0].length).trim();
  const words = head.toLocaleLowerCase('vi').split(' ');
  // "PHÓ CHỦ TỊCH" → "Phó Chủ tịch": the deputy's title keeps the capital of the office.
  const cased = words[0] === 'phó' ? `Phó ${upperFirst(words.slice(1).join(' '))}` : upperFirst(words.join(' '));
  if (!unit) return cased;
  return `${cased} ${orgCase(unit)}`;
}

function fromBlock(text: string): Signer | null {
  if (/\(Ký,|ghi rõ họ tên/iu.test(text)) return null;
  const found = trailingName(text);
  if (!found) return null;
  const caps = found.rest.trim();
  if (caps && !isUpper(caps)) return null;
  if (!caps && !SIGNED_NOTE.test(text)) return null;
  return { name: found.name, position: caps ? ownPosition(caps) : null, text: mendWords(text.replace(/\s+/g, ' ').trim()) };
}

/** The first signature block of the document (the one that signs its main text). */
export function findSigner(lines: string[], from = 0): Signer | null {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    // A table row: the block is its last cell…
    if (lines[i].includes('\t')) {
      const cell = lastCell(lines[i]);
      if ((BLOCK_START.test(cell) || SIGNED_NOTE.test(cell)) && cell.length < 200) {
        const s = fromBlock(cell);
        if (s) return s;
        // …or the right column of the rows from here ("Nơi nhận:\tTM. ỦY BAN NHÂN DÂN",
        // "- UBND huyện (b/c);\tCHỦ TỊCH", …, "- Lưu: VT.\tPhan Văn Lực"): two columns side by side.
        // A name alone on its line under the recipients is that column's too (its indent was the column).
        const column = lines.slice(i, i + 12).map((l) => (l.includes('\t') ? lastCell(l) : nameAlone(l) ? l.trim() : ''));
        const c = fromLines(column, 0);
        if (c) return c;
      }
      continue;
    }
    // "Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- UBND tỉnh (b/c); KT. CHỦ TỊCH", …, "- Trưởng các thôn;
    // Nguyễn Thị Hồng Vân": the two columns copied from a PDF, each line read across both.
    if (/^Nơi nhận\s*:\s*\S/u.test(line)) {
      const c = fromLines(lines.slice(i, i + 14).map(signatureCellAcross), 0);
      if (c) return c;
    }
    const s = fromLines(lines, i);
    if (s) return s;
    // The whole block on one line, as a web page flattens it ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC (đã ký) Phan Thị Diệu Linh").
    if (BLOCK_START.test(line) && line.length < 200) {
      const flat = fromBlock(line);
      if (flat) return flat;
    }
  }
  return null;
}

/** The signature column's part of a recipients line read across both columns ('' when none). */
function signatureCellAcross(row: string): string {
  const line = row.trim();
  if (SIGNED_NOTE.test(line) && /\((?:đã ký|Đã ký|ĐÃ KÝ)\)\s*$/u.test(line)) return '(Đã ký)';
  const tail = /[;:)]\s+([^;:()]+)$/u.exec(line)?.[1].trim() ?? '';
  if (!tail) return '';
  // Capitals without a comma ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), not a filing code ("Lưu: VT, VHXH").
  if (isUpper(tail) && !/[,\d]/.test(tail) && tail.replace(/[^\p{L}]/gu, '').length >= 4) return tail;
  // A name alone after the last recipient ("Trưởng các thôn; Nguyễn Thị Hồng Vân").
  const named = trailingName(tail);
  return named && named.rest === '' ? named.name : '';
}

const nameAlone = (line: string) => !/^\s*[-+•]/.test(line) && trailingName(line)?.rest === '';
const lastCell = (row: string) => row.split('\t').map((c) => c.trim()).filter(Boolean).pop() ?? '';

/** Plain lines from `i`: capitals lines of the block, then the name within a few lines. */
function fromLines(lines: string[], i: number): Signer | null {
  const line = lines[i].trim();
  if (!BLOCK_START.test(line) || !isUpper(line) || line.length > 80) return null;
  const block = [line];
  for (let j = i + 1, seen = 0; j < lines.length && seen < 5; j++) {
    const next = lines[j].trim();
    if (!next || /^\((?:đã ký|Đã ký|ĐÃ KÝ|ký|Ký)[^)]*\)$/u.test(next)) continue; // "(Đã ký)" between title and name
    seen++;
    if (isUpper(next) && next.length <= 80 && !/\d/.test(next)) {
      block.push(next);
      continue;
    }
    const s = fromBlock(`${block.join(' ')} ${next}`);
    if (s && trailingName(next)?.rest === '') return s;
    break;
  }
  return null;
}
