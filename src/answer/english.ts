// Vietnamese names rendered for English answers: an agency by its official English name with
// the Vietnamese kept in parentheses ("the District Police (Công an quận)"), built from the
// lexicon's official names (agencies.json) plus the administrative level and place that follow
// ("Ủy ban nhân dân phường" → "Ward People's Committee"). A name the lexicon cannot render
// whole stays Vietnamese.
import { foldForMatch } from '../corpus/fold.js';
import { STANDARD_ABBREVIATIONS } from '../corpus/abbreviations.js';
import { lexicon } from './lexicon.js';

const LEVELS: [string, string][] = [
  ['thanh pho', 'City'],
  ['thi xa', 'Town'],
  ['thi tran', 'Township'],
  ['cap tinh', 'Provincial'],
  ['cap huyen', 'District'],
  ['cap xa', 'Commune'],
  ['quan', 'District'],
  ['huyen', 'District'],
  ['tinh', 'Provincial'],
  ['xa', 'Commune'],
  ['phuong', 'Ward'],
  ['tp', 'City'],
];

const EXPAND = new Map(STANDARD_ABBREVIATIONS.map(([a, full]) => [a, foldForMatch(full)]));

/** Folded form with standard abbreviations written out ("UBND" → "uy ban nhan dan"). */
function key(vi: string): string {
  return vi
    .split(/\s+/)
    .map((w) => EXPAND.get(w.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd')) ?? foldForMatch(w))
    .filter(Boolean)
    .join(' ');
}

let names: Map<string, string> | null = null;
/** Official English names of agencies by their folded Vietnamese names (first listed wins). */
function officialNames(): Map<string, string> {
  if (names) return names;
  names = new Map();
  for (const e of lexicon().entries) {
    if (e.category !== 'agencies' || !/^\p{Lu}/u.test(e.en)) continue;
    for (const vi of e.vi) if (!names.has(key(vi))) names.set(key(vi), e.en);
  }
  return names;
}

/** The English name of a Vietnamese agency name, or null when it cannot be rendered whole. */
export function agencyEnglish(vi: string): string | null {
  const words = vi.trim().split(/\s+/);
  const official = officialNames();
  for (let k = words.length; k >= 1; k--) {
    const head = official.get(key(words.slice(0, k).join(' ')));
    if (!head) continue;
    let rest = words.slice(k);
    if (rest.length === 0) return head;
    // "UBND các phường": the committees of every ward; "UBND 9 phường": of nine.
    const count = /^\d+$/.test(rest[0]) ? rest[0] : null;
    const plural = key(rest[0]) === 'cac' || Boolean(count);
    if (plural) rest = rest.slice(1);
    const restKey = key(rest.join(' '));
    const level = LEVELS.find(([l]) => restKey === l || restKey.startsWith(`${l} `));
    const levelWords = level ? level[0].split(' ').length : 0;
    const place = rest.slice(levelWords);
    // A place is a run of capitalised words ("Hồng Bàng"); anything else is not a name we know.
    if (place.length && !place.every((w) => /^\p{Lu}/u.test(w))) return null;
    if (!level && place.length === 0) return null;
    // "Công an" + "quận" is "District Police", unless the head already names its level.
    const headHasLevel = level && head.startsWith(`${level[1]} `);
    const named = plural && !place.length ? head.replace(/(\p{L}+)$/u, (w) => (/s$|^Police$/.test(w) ? w : `${w}s`)) : head;
    if (plural && (!level || place.length)) return null;
    return [count ?? '', place.join(' '), level && !headHasLevel ? level[1] : '', named].filter(Boolean).join(' ');
  }
  return null;
}

/**
 * "the District Police (Công an quận)", or the Vietnamese name as it is. A list of agencies
 * ("Phòng Y tế, Trung tâm Y tế quận") is rendered name by name, each unknown one as written.
 */
export function agencyForEnglish(vi: string): string {
  const en = agencyEnglish(vi);
  if (en) return `the ${en} (${vi})`;
  const parts = vi.split(/\s*,\s*|\s+và\s+/u).filter(Boolean);
  if (parts.length < 2) return vi;
  const names = parts.map((p) => agencyEnglish(p));
  if (names.every((n) => !n)) return vi;
  // A name the lexicon cannot render stays as written beside the others in English.
  const shown = parts.map((p, i) => (names[i] ? `the ${names[i]} (${p})` : p));
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** An English month name: 3 → "March". */
export function englishMonth(m: number): string {
  return new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
}

/** A date as English writes it: "2025-03-14" → "14 March 2025", "2025-03" → "March 2025"; null for anything else. */
export function englishDate(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!m) return null;
  const month = englishMonth(Number(m[2]));
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}
