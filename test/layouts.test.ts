// Layouts of plans as officials get them from PDF viewers and document-sharing pages (the
// texts in test/fixtures/layouts are written for these tests, in those layouts):
// - a two-column header whose columns came out across one line each ("UBND TỈNH HÀ NAM CỘNG HÒA
//   XÃ HỘI …", "Số: 1450/KH-SGDĐT Hà Nam, ngày …"), numbering labels alone on their line ("I." over
//   "MỤC ĐÍCH, YÊU CẦU") and sentences hard-wrapped mid-phrase;
// - a plan that lost every line break (one paragraph);
// - a viewer's banner lines before the header.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../src/corpus/index.js';
import { reflowRunOn } from '../src/corpus/reflow.js';
import { splitMergedHeaderColumns } from '../src/corpus/header/mergedColumns.js';
import { extractDeadlines } from '../src/facts/deadlines.js';
import { REPO } from './helpers/indexedHome.js';

const DIR = path.join(REPO, 'test', 'fixtures', 'layouts');
const parse = (name: string) => parseText(path.join(DIR, name), name.replace(/\.txt$/, ''), readFileSync(path.join(DIR, name), 'utf8'));
const ids = (name: string) => parse(name).clauses.map((c) => c.path);

describe('a header whose two columns came out across one line each', () => {
  it('reads issuer, number, place and date as from a table', () => {
    const { meta } = parse('ha-nam-pdf-copy.txt');
    expect(meta.issuer).toBe('Sở Giáo dục và Đào tạo tỉnh Hà Nam');
    expect(meta.place).toBe('Hà Nam');
    expect(meta.docNumber).toBe('1450/KH-SGDĐT');
    expect(meta.signed?.iso).toBe('2024-09-12');
    expect(meta.docKind).toBe('Kế hoạch');
    expect(meta.schoolYear).toBe('2024-2025');
    expect(meta.signer?.name).toBe('Nguyễn Văn Bình');
  });

  it('cuts only header lines, and only where the right column starts', () => {
    expect(splitMergedHeaderColumns(['UBND HUYỆN AN LÃO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'])).toEqual(['UBND HUYỆN AN LÃO\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    expect(splitMergedHeaderColumns(['Số: 12/KH-PGDĐT An Lão, ngày 3 tháng 9 năm 2024'])).toEqual(['Số: 12/KH-PGDĐT\tAn Lão, ngày 3 tháng 9 năm 2024']);
    // A lone word left over from a broken cell ("CÀ" + "MAU") is not a cell of its own.
    expect(splitMergedHeaderColumns(['MAU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'])).toEqual(['MAU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    // Below the header nothing is cut.
    const body = Array.from({ length: 25 }, (_, i) => `Dòng ${i}`);
    body.push('KÍNH GỬI CÁC ĐƠN VỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(splitMergedHeaderColumns(body).at(-1)).toBe(body.at(-1));
  });
});

describe('numbering labels alone on their line, sentences wrapped mid-phrase', () => {
  it('joins the label with its heading and nests the items under it', () => {
    expect(ids('ha-nam-pdf-copy.txt')).toEqual(['preamble', 'I', 'I.1', 'I.2', 'II', 'II.1', 'II.2', 'III', 'III.1', 'III.2', 'closing']);
    const c = parse('ha-nam-pdf-copy.txt').clauses.find((x) => x.path === 'II')!;
    expect(c.heading).toBe('CHỈ TIÊU');
    const target = parse('ha-nam-pdf-copy.txt').clauses.find((x) => x.path === 'II.1')!;
    expect(target.text).toContain('ra lớp đạt 99,5%; tỷ lệ trẻ suy dinh dưỡng');
  });
});

describe('a plan that lost its line breaks', () => {
  it('is cut back into its header, headings, items, recipients and signature', () => {
    const { meta, clauses } = parse('tan-lap-run-on.txt');
    expect(meta.issuer).toBe('UBND xã Tân Lập');
    expect(meta.docNumber).toBe('15/KH-UBND');
    expect(meta.signed?.iso).toBe('2023-10-20');
    expect(meta.title).toBe('Kế hoạch phổ cập giáo dục, xóa mù chữ xã Tân Lập năm 2023');
    expect(meta.signer).toMatchObject({ name: 'Lê Văn Nam', position: 'Chủ tịch' });
    expect(clauses.map((c) => c.path)).toEqual(['preamble', 'I', 'I.1', 'I.2', 'II', 'II.1', 'II.2', 'III', 'III.1', 'III.2', 'III.3', 'closing']);
    expect(clauses.find((c) => c.path === 'II.2')!.text).toBe('2. Tỷ lệ người từ 15 đến 35 tuổi biết chữ đạt 99%.');
  });

  it('gives its dated tasks as a plan with line breaks would', () => {
    const { meta, clauses } = parse('tan-lap-run-on.txt');
    const deadlines = extractDeadlines(meta, clauses);
    expect(deadlines.find((d) => d.due === '2023-11-30')?.clauseId).toBe('tan-lap-run-on#III.1');
  });

  it('leaves a text with line breaks as it is: the five plans and the dev corpus', () => {
    const dirs = [path.join(REPO, 'corpus'), path.join(REPO, '..', 'shared', 'dev-corpus', 'docs'), path.join(REPO, '..', 'shared', 'dev-corpus', 'openings')];
    let n = 0;
    for (const dir of dirs) {
      let names: string[] = [];
      try {
        names = readdirSync(dir).filter((f) => /\.(txt|md)$/.test(f));
      } catch {
        continue; // the dev corpus sits beside the repository in CI; a checkout without it has the five plans
      }
      for (const f of names) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        expect(reflowRunOn(text), f).toBe(text);
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(5);
  });
});

describe('a viewer banner before the header', () => {
  it('is not taken for the issuer or the title', () => {
    const { meta } = parse('duc-hoa-viewer-banner.txt');
    expect(meta.issuer).toBe('Phòng Giáo dục và Đào tạo huyện Đức Hòa');
    expect(meta.title).toBe('Kế hoạch tổ chức các hoạt động chào mừng ngày Nhà giáo Việt Nam 20/11');
    expect(meta.signed?.iso).toBe('2024-09-05');
  });
});
