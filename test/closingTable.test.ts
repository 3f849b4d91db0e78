// A closing laid out as a Markdown table a row per line ("| Nơi nhận: | HIỆU TRƯỞNG |", then
// "| - Sở GDĐT (b/c); | |", "| - Lưu: VT. | **Nguyễn Thị Mai Lan** |"): the left cells are the
// recipients, the right ones the signature, each clause whole, its lines its own.
import { expect, it } from 'vitest';
import { normalizeText } from '../src/corpus/normalize.js';
import { parseClauses } from '../src/corpus/parse.js';

const TEXT = `| SỞ GD&ĐT BẮC SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| **TRƯỜNG THPT LỘC BÌNH** | **Độc lập - Tự do - Hạnh phúc** |
| Số: 12/KH-THPTLB | *Lộc Bình, ngày 10 tháng 02 năm 2026* |

**KẾ HOẠCH**

**Ôn tập cho học sinh lớp 12**

I. MỤC ĐÍCH
1. Giúp học sinh hệ thống hóa kiến thức.

Trên đây là Kế hoạch ôn tập của Trường THPT Lộc Bình./.

| **Nơi nhận:** | **HIỆU TRƯỞNG** |
|---|---|
| - Sở GDĐT (b/c); | |
| - Ban Giám hiệu; | *(Đã ký)* |
| - Lưu: VT. | **Nguyễn Thị Mai Lan** |`;

it('reads a closing laid out as a table a row per line into its recipients and its signature', () => {
  const lines = normalizeText(TEXT);
  const clauses = parseClauses('doc', lines);
  const recipients = clauses.find((c) => c.path === 'recipients')!;
  const signature = clauses.find((c) => c.path === 'signature')!;
  expect(recipients.text.split('\n')).toEqual(['Nơi nhận:', '- Sở GDĐT (b/c);', '- Ban Giám hiệu;', '- Lưu: VT.']);
  expect(signature.text.split('\n')).toEqual(['HIỆU TRƯỞNG', '(Đã ký)', 'Nguyễn Thị Mai Lan']);
  const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
  expect(signature.lineStart).toBe(lineOf('HIỆU TRƯỞNG'));
  expect(signature.lineEnd).toBe(lineOf('Nguyễn Thị Mai Lan'));
  expect(recipients.lineEnd).toBe(lineOf('Lưu: VT.'));
});
