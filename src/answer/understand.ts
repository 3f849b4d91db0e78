// Question → what it asks: language, intent, document filters, and the lexical units to
// search for (Vietnamese, with English terms translated through the domain glossary and
// abbreviations expanded both ways).
import { readFileSync } from 'node:fs';
import { foldChars, syllables, lexicalUnits } from '../corpus/fold.js';
import { resourcePath } from '../paths.js';

export type Lang = 'vi' | 'en';
export type Intent = 'target' | 'responsibility' | 'deadline' | 'clause' | 'comparison' | 'general';

export interface DocInfo {
  docId: string;
  place: string | null;
  schoolYear: string | null;
  yearStart: number | null;
  yearEnd: number | null;
}

export interface Understanding {
  question: string;
  lang: Lang;
  intent: Intent;
  /** Documents the question is limited to; undefined = all. */
  docIds?: string[];
  /** Why docIds was set, for the reply: "Hồng Bàng", "2023-2024". */
  filterNotes: string[];
  /** Units to search with (expanded). */
  units: string[];
  /** Content units that evidence must cover, with weights relative to each other. */
  keyUnits: string[];
  /** A clause path asked for by number ("mục II.3"), if any. */
  sectionRef: string | null;
}

// Function words and question words (folded) that carry no topic.
const STOP_VI = new Set(
  'la cua va cac nhung gi ai nao bao nhieu the co khong duoc cho ve o tai trong thi ma nay do voi den theo nhu mot hay hoac chiu trach nhiem duoi tren nhu the nao bao gio khi hoi xin vui long cho biet oi a nhe vay sao muon can phai se da dang'.split(' '),
);
const STOP_EN = new Set(
  'the a an of for in on at to is are was were be by with what which who whom whose when where why how much many does do did plan plans say says said about and or from this that these those it its their there any please tell me show give list according'.split(' '),
);
// Cue words of an intent are not topic words: evidence is not expected to contain them.
const INTENT_CUES = new Set('ai trach nhiem chiu bao nhieu khi nao han thoi han bao gio chi tieu muc tieu ty le'.split(' '));

const ABBREVIATIONS: [string, string][] = [
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
  ['pccc', 'phòng cháy chữa cháy'],
  ['atgt', 'an toàn giao thông'],
  ['hs', 'học sinh'],
  ['gv', 'giáo viên'],
  ['cbql', 'cán bộ quản lý'],
  ['tp', 'thành phố'],
];

const PLACE_ALIASES: Record<string, string[]> = {
  'thanh pho ho chi minh': ['tp.hcm', 'tphcm', 'tp hcm', 'hcm', 'ho chi minh', 'sai gon', 'hcmc', 'saigon'],
};

let glossary: { en: string; vi: string[] }[] | null = null;
function loadGlossary(): { en: string; vi: string[] }[] {
  if (glossary) return glossary;
  const raw = JSON.parse(readFileSync(resourcePath('src', 'answer', 'data', 'glossary.json'), 'utf8')) as { entries: [string, string[]][] };
  glossary = raw.entries.map(([en, vi]) => ({ en: en.toLowerCase(), vi })).sort((a, b) => b.en.length - a.en.length);
  return glossary;
}

const VI_MARKS = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
const VI_PLAIN = new Set('chi tieu truong hoc cua la bao nhieu ai nam ke hoach giao duc tre em nhiem vu phuong quan huyen cong an dam bao ty le muc dat duoi tren nhung cac va trach nguoi khi nao xem'.split(' '));

export function detectLanguage(text: string): Lang {
  if (VI_MARKS.test(text)) return 'vi';
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  let vi = 0;
  let en = 0;
  for (const w of words) {
    if (VI_PLAIN.has(w)) vi++;
    if (STOP_EN.has(w) || /^(target|school|responsible|security|police|deadline|rate|children|who|what|when)$/.test(w)) en++;
  }
  return vi > en ? 'vi' : 'en';
}

function detectIntent(folded: string, lang: Lang): Intent {
  const f = ` ${folded} `;
  if (/\b(muc|section|dieu khoan|khoan|clause|phan)\s+([ivx]+(\.\d+)*|\d+(\.\d+)+)\b/.test(folded) || /§\s*\S/.test(folded)) return 'clause';
  if (/ (so sanh|compare|comparison|khac nhau|differ)/.test(f)) return 'comparison';
  if (/ (ai |trach nhiem|chu tri|who |responsib|in charge|which agency|co quan nao|don vi nao)/.test(f)) return 'responsibility';
  if (/ (khi nao|thoi han|bao gio|han chot|truoc ngay|when |deadline|by when|thoi gian nao|ngay nao)/.test(f)) return 'deadline';
  if (/ (chi tieu|ty le|ti le|bao nhieu|muc tieu|target|rate |how many|how much|percentage|%)/.test(f)) return 'target';
  return lang === 'en' && /\bwhat\b/.test(f) ? 'general' : 'general';
}

/** "II.3", "IV.9", "II.2.2.1.a" asked for by number. */
function detectSectionRef(question: string): string | null {
  const m = /(?:mục|muc|section|phần|phan|khoản|khoan|điều khoản|§)\s*([IVX]+(?:\.\d+)*(?:\.[a-zđ])?|\d+(?:\.\d+)+(?:\.[a-zđ])?)/i.exec(question);
  return m ? m[1].replace(/^([ivx]+)/i, (r) => r.toUpperCase()) : null;
}

export function understand(question: string, docs: DocInfo[], explicit: { docId?: string; year?: number } = {}): Understanding {
  const lang = detectLanguage(question);
  const folded = foldChars(question).replace(/\s+/g, ' ');
  const intent = detectIntent(folded, lang);
  const filterNotes: string[] = [];

  // --- filters: explicit flags first, then what the words say ---
  let candidates = docs;
  if (explicit.docId) candidates = candidates.filter((d) => d.docId === explicit.docId);
  const placeTerms = new Set<string>();
  const matchedPlaces = docs.filter((d) => {
    if (!d.place) return false;
    const fp = syllables(d.place).join(' ');
    const names = [fp, ...(PLACE_ALIASES[fp] ?? [])];
    const hit = names.find((n) => ` ${folded.replace(/[^a-z0-9.& ]/g, ' ')} `.includes(` ${n} `));
    if (hit) syllables(hit).forEach((s) => placeTerms.add(s));
    return Boolean(hit);
  });
  if (matchedPlaces.length > 0 && !explicit.docId) {
    candidates = candidates.filter((d) => matchedPlaces.includes(d));
    filterNotes.push(...new Set(matchedPlaces.map((d) => d.place!)));
  }
  const yearTerms = new Set<string>();
  const sy = /(\d{4})\s*[-–\/]\s*(\d{4})/.exec(question);
  const year = explicit.year ?? (sy ? null : Number(/\b(20\d{2})\b/.exec(question)?.[1] ?? NaN));
  if (sy && Number(sy[2]) === Number(sy[1]) + 1) {
    const want = `${sy[1]}-${sy[2]}`;
    const hit = candidates.filter((d) => d.schoolYear === want);
    if (hit.length) {
      candidates = hit;
      filterNotes.push(want);
    }
    yearTerms.add(sy[1]).add(sy[2]);
  } else if (year && Number.isFinite(year)) {
    const hit = candidates.filter((d) => d.yearStart === year || d.yearEnd === year);
    if (hit.length || explicit.year) {
      candidates = hit;
      filterNotes.push(String(year));
    }
    yearTerms.add(String(year));
  }
  const docIds = candidates.length === docs.length ? undefined : candidates.map((d) => d.docId);

  // --- lexical units ---
  // English words the glossary translates are replaced by their Vietnamese terms; the rest
  // (place names, acronyms) are kept, since they may occur in the plans as written.
  const phrases: string[] = [];
  if (lang === 'en') {
    let rest = ` ${question.toLowerCase().replace(/[^\p{L}\p{N}'&\s\/.-]/gu, ' ').replace(/\s+/g, ' ')} `;
    for (const g of loadGlossary()) {
      const needle = ` ${g.en} `;
      if (rest.includes(needle)) {
        phrases.push(...g.vi);
        rest = rest.split(needle).join(' . ');
      }
    }
    phrases.unshift(rest);
  } else {
    phrases.push(question);
  }
  const foldedAll = phrases.map((p) => foldChars(p)).join(' . ');
  for (const [abbr, full] of ABBREVIATIONS) {
    const a = abbr.replace(/[&-]/g, (c) => `\\${c}`);
    if (new RegExp(`(^|[^a-z0-9&])${a}($|[^a-z0-9&])`).test(foldedAll)) phrases.push(full);
    if (foldedAll.includes(foldChars(full)) && !/[&-]/.test(abbr)) phrases.push(abbr);
  }
  const stop = (u: string) => {
    const parts = u.split('_');
    return parts.every((p) => STOP_VI.has(p) || STOP_EN.has(p));
  };
  const units = [...new Set(phrases.flatMap((p) => lexicalUnits(p)))].filter((u) => !stop(u));
  const keyUnits = units.filter((u) => {
    const parts = u.split('_');
    const weak = (p: string) => INTENT_CUES.has(p) || placeTerms.has(p) || yearTerms.has(p) || STOP_VI.has(p) || STOP_EN.has(p);
    if (parts.every(weak)) return false;
    return !/^[a-z]$/.test(u);
  });
  return { question, lang, intent, docIds, filterNotes, units, keyUnits, sectionRef: detectSectionRef(question) };
}
