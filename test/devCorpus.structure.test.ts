// Clause structure of the 11 real documents in the shared dev corpus, read through the real
// loader: the labelled ids exist and hold their snippets, clause counts are in range, every
// non-blank source line lands in exactly one clause, ids are unique and stable, and a table
// row carries its table's header (and unit line) so a quoted figure keeps its meaning.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readSource, parseSource, parseText } from '../src/corpus/index.js';
import { normalizeText, normalizeLine } from '../src/corpus/normalize.js';
import { parseClauses } from '../src/corpus/parse.js';
import { Store } from '../src/store/repository.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { expectParentsLinked } from './helpers/clauseTree.js';

const DEV = path.resolve(__dirname, '..', '..', 'shared', 'dev-corpus', 'docs');
const LABELS = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'dev-corpus', 'structure.json'), 'utf8')) as {
  docs: Record<string, { count: [number, number]; ids: [string, string][] }>;
};

describe('dev-corpus documents', () => {
  it('are present (CI has ../shared/dev-corpus)', () => {
    expect(existsSync(DEV), `${DEV} is missing`).toBe(true);
    const stems = readdirSync(DEV).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    expect(stems.sort()).toEqual(Object.keys(LABELS.docs).sort());
  });
});

let found = 0;
let total = 0;

for (const [docId, want] of Object.entries(LABELS.docs)) {
  describe(docId, async () => {
    const file = path.join(DEV, `${docId}.md`);
    const src = await readSource(file);
    const parsed = await parseSource(src);
    const clauses = parsed.clauses;
    const byPath = new Map(clauses.map((c) => [c.path, c]));

    it('is read under its file stem', () => {
      expect(src.docId).toBe(docId);
      for (const c of clauses) expect(c.id).toBe(`${docId}#${c.path}`);
    });

    it('has every labelled clause, holding its snippet', () => {
      const missing: string[] = [];
      for (const [p, snippet] of want.ids) {
        total++;
        const c = byPath.get(p);
        const s = normalizeLine(snippet);
        if (c && c.text.includes(s)) found++;
        else missing.push(`${p}: ${c ? `lacks "${s}"` : 'no such clause'}`);
      }
      expect(missing).toEqual([]);
    });

    it(`has ${want.count[0]}–${want.count[1]} clauses`, () => {
      expect(clauses.length).toBeGreaterThanOrEqual(want.count[0]);
      expect(clauses.length).toBeLessThanOrEqual(want.count[1]);
    });

    it('puts every non-blank line in exactly one clause', () => {
      const lines = normalizeText(readFileSync(file, 'utf8'));
      const used = clauses.flatMap((c) => c.lines);
      expect(new Set(used).size).toBe(used.length);
      const nonBlank = lines.flatMap((l, i) => (l.trim() ? [i + 1] : []));
      expect([...used].sort((a, b) => a - b)).toEqual(nonBlank);
    });

    it('gives unique ids, the same on a second parse', () => {
      expect(new Set(clauses.map((c) => c.id)).size).toBe(clauses.length);
      const again = parseClauses(docId, normalizeText(readFileSync(file, 'utf8')));
      expect(again.map((c) => c.id)).toEqual(clauses.map((c) => c.id));
    });

    it('links parents that exist and come first', () => expectParentsLinked(clauses));
  });
}

describe('table rows', () => {
  it('carry the header cells of their table and their own row verbatim (btc-98 annexes)', async () => {
    const { clauses } = await parseSource(await readSource(path.join(DEV, 'btc-98-2013-von-ho-tro-nha-o.md')));
    const rows = clauses.filter((c) => c.kind === 'row');
    expect(rows.length).toBeGreaterThan(20);
    const lines = normalizeText(readFileSync(path.join(DEV, 'btc-98-2013-von-ho-tro-nha-o.md'), 'utf8'));
    for (const r of rows) {
      expect(r.context, r.id).toMatch(/^TT\t/m);
      expect(r.text.endsWith(`\n${r.context}`), r.id).toBe(true);
      for (const n of r.lines) expect(r.text, r.id).toContain(lines[n - 1].trim());
    }
    const huyenA = clauses.find((c) => c.path === 'phu-luc-2.2')!;
    expect(huyenA.text).toContain('Tổng kinh phí ngân sách nhà nước hỗ trợ về nhà ở');
    expect(huyenA.text).toContain('1\tHUYỆN A');
  });

  it('keep the unit line of their table with every row', () => {
    const text = [
      'KẾ HOẠCH',
      '',
      'I. KINH PHÍ',
      '',
      '1. Dự toán năm 2024',
      '',
      'ĐVT: triệu đồng',
      '',
      '| TT | Nội dung | Số tiền |',
      '|---|---|---|',
      '| 1 | Sửa chữa phòng học | 1.200 |',
      '| 2 | Mua sắm thiết bị | 850 |',
    ].join('\n');
    const { clauses } = parseText('x.md', 'x', text);
    const rows = clauses.filter((c) => c.kind === 'row');
    expect(rows.map((r) => r.path)).toEqual(['I.1.row-1', 'I.1.row-2']);
    for (const r of rows) {
      expect(r.text).toContain('ĐVT: triệu đồng');
      expect(r.text).toContain('TT\tNội dung\tSố tiền');
      expect(r.parentId).toBe('x#I.1');
    }
    expect(rows[1].text).toContain('2\tMua sắm thiết bị\t850');
    // The amount, its column and its unit in one quotable line.
    expect(rows[1].text).toContain('Số tiền: 850 | ĐVT: triệu đồng');
    expect(rows[1].heading).toBe('Mua sắm thiết bị');
  });

  it('repeat no date of the row in the column line (deadlines read the whole clause)', () => {
    const text = ['KẾ HOẠCH', 'I. Nhiệm vụ', '| TT | Nội dung | Đơn vị chủ trì | Thời gian |', '|---|---|---|---|', '| 1 | Tổng kết năm học | Phòng GD&ĐT | Tháng 5/2024 |'].join('\n\n');
    const row = parseText('x.md', 'x', text).clauses.find((c) => c.kind === 'row')!;
    expect(row.path).toBe('I.row-1');
    expect(row.text).toContain('1\tTổng kết năm học\tPhòng GD&ĐT\tTháng 5/2024');
    expect(row.text).toContain('Đơn vị chủ trì: Phòng GD&ĐT');
    expect(row.text.split('Tháng 5/2024')).toHaveLength(2);
  });
});

describe('openings (cut-off first pages)', async () => {
  const OPENINGS = path.join(DEV, '..', 'openings');
  for (const f of readdirSync(OPENINGS).filter((x) => x.endsWith('.txt'))) {
    it(`${f}: every non-blank line in one clause, ids unique`, async () => {
      const { clauses } = await parseSource(await readSource(path.join(OPENINGS, f)));
      const lines = normalizeText(readFileSync(path.join(OPENINGS, f), 'utf8'));
      const used = clauses.flatMap((c) => c.lines).sort((a, b) => a - b);
      expect(used).toEqual(lines.flatMap((l, i) => (l.trim() ? [i + 1] : [])));
      expect(new Set(clauses.map((c) => c.id)).size).toBe(clauses.length);
    });
  }
});

describe('numbering schemes, alone or nested', () => {
  const parse = (lines: string[]) => parseClauses('x', normalizeText(lines.join('\n\n')));
  const paths = (lines: string[]) => parse(lines).map((c) => c.path);

  it('reads Phần over Roman parts, decimals and a) a/ a. items; bullets stay in their clause', () => {
    const cs = parse(['KẾ HOẠCH', 'Căn cứ Luật Giáo dục;', 'PHẦN MỘT', 'TÌNH HÌNH CHUNG', 'I. Kết quả', '1. Quy mô:', 'a/ Mầm non có 20 trường.', 'b. Tiểu học có 30 trường.', '- Trường chuẩn: 12.', 'c) Trung học cơ sở.', 'Phần thứ hai', 'NHIỆM VỤ', 'I. Mục tiêu']);
    expect(cs.map((c) => c.path)).toEqual(['preamble', 'phan-1', 'phan-1.I', 'phan-1.I.1', 'phan-1.I.1.a', 'phan-1.I.1.b', 'phan-1.I.1.c', 'phan-2', 'phan-2.I']);
    expect(cs[1].heading).toBe('TÌNH HÌNH CHUNG');
    expect(cs[5].text).toContain('- Trường chuẩn: 12.');
    expect(cs[4].parentId).toBe('x#phan-1.I.1');
  });

  it('reads lettered parts above Roman numerals (B.VIII)', () => {
    expect(paths(['CHỈ THỊ', 'A. NHIỆM VỤ CHUNG', 'I. Phương hướng', '1. Tăng cường kỷ cương', 'B. NHIỆM VỤ CỤ THỂ', 'VIII. Tổ chức thực hiện'])).toEqual(['preamble', 'A', 'A.I', 'A.I.1', 'B', 'B.VIII']);
  });

  it('reads Chương over Điều, khoản and điểm, and an article alone on its line', () => {
    const cs = parse(['QUYẾT ĐỊNH', 'Chương I', 'QUY ĐỊNH CHUNG', 'Điều 1. Phạm vi', '1. Khoản một.', 'a) Điểm a.', 'Chương II', 'Điều 2.', 'Văn bản ở đoạn sau.']);
    expect(cs.map((c) => c.path)).toEqual(['preamble', 'chuong-I', 'dieu-1', 'dieu-1.1', 'dieu-1.1.a', 'chuong-II', 'dieu-2']);
    expect(cs[1].heading).toBe('QUY ĐỊNH CHUNG');
    expect(cs[2].parentId).toBe('x#chuong-I');
    expect(cs[6].text).toContain('Văn bản ở đoạn sau.');
  });

  it('reads Mục inside a Chương (numbered again in each chapter) and ĐIỀU in capitals', () => {
    const cs = parse(['NGHỊ ĐỊNH', 'Chương I', 'QUY ĐỊNH CHUNG', 'Mục 1', 'PHẠM VI', 'ĐIỀU 1. Phạm vi', 'Mục 2. Đối tượng', 'Điều 2. Đối tượng', 'Chương II', 'Mục 1', 'Điều 3. Hồ sơ']);
    expect(cs.map((c) => c.path)).toEqual(['preamble', 'chuong-I', 'chuong-I.muc-1', 'dieu-1', 'chuong-I.muc-2', 'dieu-2', 'chuong-II', 'chuong-II.muc-1', 'dieu-3']);
    expect(cs[2].heading).toBe('PHẠM VI');
    expect(cs[3].parentId).toBe('x#chuong-I.muc-1');
    expect(cs[8].parentId).toBe('x#chuong-II.muc-1');
  });

  it('prefixes an attached regulation whose Điều numbering restarts, with or without a closing between', () => {
    expect(paths(['QUYẾT ĐỊNH', 'Điều 1. Ban hành kèm theo Quyết định này Quy chế.', 'Điều 2. Hiệu lực.', 'QUY CHẾ', 'Điều 1. Phạm vi', '1. Khoản.'])).toEqual(['preamble', 'dieu-1', 'dieu-2', 'quy-che', 'quy-che.dieu-1', 'quy-che.dieu-1.1']);
    expect(paths(['QUYẾT ĐỊNH', 'Điều 1. Ban hành Quy định.', '| Nơi nhận: - Như Điều 1; | TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn A |', '|---|---|', 'QUY ĐỊNH', 'Chương I', 'Điều 1. Phạm vi'])).toEqual(['preamble', 'dieu-1', 'recipients', 'signature', 'quy-dinh', 'quy-dinh.chuong-I', 'quy-dinh.dieu-1']);
  });

  it('keeps a plain-line closing as one clause (text plans)', () => {
    expect(paths(['KẾ HOẠCH', 'I. Mục tiêu', 'Nơi nhận:', '- Sở GD&ĐT;', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'])).toEqual(['preamble', 'I', 'closing']);
  });
});

describe('the closing of a closing table', () => {
  it('opens #recipients when the old #closing id is asked for', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-struct-'));
    const store = await Store.open(path.join(dir, 'planbot.db'), { create: true });
    try {
      const file = path.join(DEV, 'ha-noi-6154-2011-dieu-duong-luan-phien.md');
      const doc = await parseSource(await readSource(file));
      await store.replaceDocument(doc, { file, hash: 'x' });
      const c = await store.getClause('ha-noi-6154-2011-dieu-duong-luan-phien#closing');
      expect(c?.id).toBe('ha-noi-6154-2011-dieu-duong-luan-phien#recipients');
      expect((await store.getClause('ha-noi-6154-2011-dieu-duong-luan-phien#signature'))?.text).toContain('Nguyễn Huy Tưởng');
      expect(await store.getClause('ha-noi-6154-2011-dieu-duong-luan-phien#nope')).toBeUndefined();
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('label coverage', () => {
  it('reports how many labelled ids were found', () => {
    console.log(`dev-corpus structure labels found: ${found}/${total}`);
    expect(total).toBeGreaterThan(0);
  });
});
