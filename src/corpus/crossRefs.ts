// A sentence of a legal text often says what it is about only through a reference: "Hỗ trợ 40
// triệu đồng/hộ đối với trường hợp nêu tại Điểm a Khoản 2 Điều 2", "Nhóm đối tượng số 6 quy định
// tại Điều 3: 400.000 đồng/người". The clause referred to says the rest ("nhà ở bị hư hỏng nặng
// phải phá dỡ", "thương binh … đang điều dưỡng tập trung"). Its words count as the sentence's
// context when evidence is weighed; the quote stays the sentence itself. Pure: clauses in, text out.
import { foldChars } from './fold.js';

export interface RefIndex {
  /** Clause text by path ("dieu-2.2.a", "quy-dinh.dieu-3.6"). */
  byPath: Map<string, string>;
  /** Clause text by the label it opens with, folded ("nhom doi tuong so 6"). */
  byLabel: Map<string, string>;
}

// A clause that defines a numbered group or case: "Nhóm đối tượng số 6: …", "Trường hợp 2: …".
const LABEL_HEAD = /^(?:[\d.]+\s+|[a-zđ][).]\s+)?((?:nhóm(?: đối tượng)?|đối tượng|trường hợp|loại|hạng|mức|diện)\s+(?:số\s+)?\d{1,2})\s*[:.]/iu;
const LABEL_REF = /(nhóm(?: đối tượng)?|đối tượng|trường hợp|loại|hạng|mức|diện)\s+(?:số\s+)?(\d{1,2})(?:\s*,\s*(\d{1,2}))*/giu;
// "Điểm a Khoản 2 Điều 2", "khoản 1 Điều 3", "Điều 7".
const STRUCTURE_REF = /(?:điểm\s+([a-zđ])\s*,?\s*)?(?:khoản\s+(\d{1,2})\s*,?\s*)?điều\s+(\d{1,3})(?!\d)/giu;

const foldLabel = (s: string) => foldChars(s).toLowerCase().replace(/\s+/g, ' ').trim();

const MAX_REF_TEXT = 400;
const MAX_REF_TOTAL = 3 * MAX_REF_TEXT;

export function buildRefIndex(clauses: { path: string; text: string }[]): RefIndex {
  const byPath = new Map<string, string>();
  const byLabel = new Map<string, string>();
  for (const c of clauses) byPath.set(c.path, c.text);
  for (const c of clauses) {
    const m = LABEL_HEAD.exec(c.text.trim());
    if (m) {
      const key = foldLabel(m[1]).replace(/^nhom /, 'nhom doi tuong ').replace(/doi tuong doi tuong/, 'doi tuong').replace(/ so /, ' ');
      // "2. Nhóm đối tượng số 2:" says who only in the items under it (2.1, 2.2 …).
      const items = c.text.trim().endsWith(':') ? clauses.filter((x) => x.path.startsWith(`${c.path}.`)).map((x) => x.text) : [];
      if (!byLabel.has(key)) byLabel.set(key, [c.text, ...items].join(' . ').slice(0, MAX_REF_TEXT));
    }
  }
  return { byPath, byLabel };
}


/**
 * The text of the clauses a sentence refers to, in the same document: by article, khoản and
 * điểm (inside the same attached part as the sentence's clause when it has one), or by a
 * numbered group the document defines. Null when it refers to none.
 */
export function referencedText(sentence: string, clausePath: string, index: RefIndex): string | null {
  const out: string[] = [];
  const part = /^(.*?\.)?dieu-/.exec(clausePath)?.[1] ?? '';
  for (const m of sentence.matchAll(STRUCTURE_REF)) {
    const [, point, clause, article] = m;
    const path = `dieu-${Number(article)}${clause ? `.${Number(clause)}` : ''}${clause && point ? `.${point.toLowerCase()}` : ''}`;
    const found = index.byPath.has(`${part}${path}`) ? `${part}${path}` : index.byPath.has(path) ? path : null;
    // An article cited whole says too much to be this sentence's subject; a khoản or điểm does,
    // with the khoản that leads into a point ("2. Hộ … nhà ở bị hư hỏng nặng …: a) Phải phá dỡ …").
    if (found && clause && !clausePath.endsWith(path)) {
      for (let p = found; /\.\d+(\.[a-zđ])?$/.test(p); p = p.slice(0, p.lastIndexOf('.'))) out.unshift(index.byPath.get(p)!.split('\n')[0]);
    }
  }
  for (const m of sentence.matchAll(LABEL_REF)) {
    const kind = foldLabel(m[1]).replace(/^nhom$/, 'nhom doi tuong');
    for (const n of m[0].match(/\d{1,2}/g) ?? []) {
      const text = index.byLabel.get(`${kind} ${Number(n)}`);
      if (text && !sentence.includes(text.slice(0, 40))) out.push(text);
    }
  }
  if (!out.length) return null;
  const joined = [...new Set(out)].join(' . ');
  // Each group referred to is cut to MAX_REF_TEXT already; "số 1, 2" refers to two.
  return joined.length > MAX_REF_TOTAL ? joined.slice(0, MAX_REF_TOTAL) : joined;
}
