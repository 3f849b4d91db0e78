// Vietnamese abbreviations and their full forms, used both ways: a question saying "THCS"
// matches text saying "trung học cơ sở", and the other way round.
import { foldChars } from '../corpus/fold.js';

export const ABBREVIATIONS: [string, string][] = [
  ['ubnd', 'ủy ban nhân dân'],
  ['hdnd', 'hội đồng nhân dân'],
  ['gd&dt', 'giáo dục và đào tạo'],
  ['gddt', 'giáo dục và đào tạo'],
  ['gd-dt', 'giáo dục và đào tạo'],
  ['thcs', 'trung học cơ sở'],
  ['thpt', 'trung học phổ thông'],
  ['mn', 'mầm non'],
  ['gdtx', 'giáo dục thường xuyên'],
  ['sdd', 'suy dinh dưỡng'],
  ['cntt', 'công nghệ thông tin'],
  ['pcgd', 'phổ cập giáo dục'],
  ['attp', 'an toàn thực phẩm'],
  ['vsattp', 'vệ sinh an toàn thực phẩm'],
  ['pccc', 'phòng cháy chữa cháy'],
  ['atgt', 'an toàn giao thông'],
  ['hs', 'học sinh'],
  ['gv', 'giáo viên'],
  ['cb', 'cán bộ'],
  ['cbql', 'cán bộ quản lý'],
  ['qg', 'quốc gia'],
  ['tp', 'thành phố'],
];

const COMPILED = ABBREVIATIONS.map(([abbr, full]) => ({
  abbr,
  full,
  abbrRe: new RegExp(`(^|[^a-z0-9&])${abbr.replace(/[&-]/g, (c) => `\\${c}`)}($|[^a-z0-9&])`),
  fullFolded: foldChars(full),
}));

/** Phrases to add to a text so that both forms of each abbreviation it uses are present. */
export function abbreviationVariants(text: string): string[] {
  const folded = foldChars(text);
  const out: string[] = [];
  for (const a of COMPILED) {
    if (a.abbrRe.test(folded)) out.push(a.full);
    if (folded.includes(a.fullFolded) && !/[&-]/.test(a.abbr)) out.push(a.abbr);
  }
  return out;
}
