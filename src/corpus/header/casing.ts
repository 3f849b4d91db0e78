// Sentence case for titles printed in capitals, with the document itself as the guide: a word
// keeps a capital where the document's own mixed-case text writes it so in the same context
// ("ngành Giáo dục và Đào tạo tỉnh Khánh Hòa", "theo Quyết định số 22/2013/QĐ-TTg", "Thủ tướng
// Chính phủ"); abbreviations (THPT, GDMN, UBND, II) stay as printed; known names are restored.
import { isAbbreviation, toneless } from './syllable.js';
import { isUpper } from './cells.js';

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:[\/&.-][\p{L}\p{M}\p{N}]+)*/gu;
const KIND_WORDS = new Set(['kế hoạch', 'quyết định', 'chỉ thị', 'thông tư', 'nghị quyết', 'công văn', 'hướng dẫn', 'nghị định']);

/** n-grams (n ≤ 3) of the document's mixed-case text, with the casing each token has there. */
export class CasingGuide {
  /**
   * By n-gram, for its token j: how often it is written with a capital (at 2j) and without (at
   * 2j+1) where it carries casing evidence (not sentence-initial, not in capitals, not after a
   * kind word). Counted, not listed: the counts are all that capitalised() reads.
   */
  private readonly grams = new Map<string, number[]>();
  private readonly exact = new Map<string, string>();

  /**
   * `about`: the text the guide will be asked about, when known. Only n-grams of its words are
   * kept (no other key is ever looked up), which spares building one for every phrase of the plan.
   */
  constructor(text: string, about?: string) {
    const vocabulary = about === undefined ? null : new Set(Array.from(about.matchAll(TOKEN), (m) => m[0].toLocaleLowerCase('vi')));
    // One stream over the lines, so a phrase broken over two lines still counts; a break ('')
    // wherever punctuation, a blank line or a line in capitals comes between two tokens.
    // `kept`: a token of the vocabulary (all of them without one); only those are looked up.
    const toks: { form: string; lower: string; telling: boolean; kept: boolean }[] = [];
    const BREAK = { form: '', lower: '', telling: false, kept: false };
    let between = '';
    let paragraph = true;
    for (const line of text.split('\n')) {
      if (!line.trim() || /^\s*#/.test(line) || isUpper(line)) {
        toks.push(BREAK);
        between = '';
        paragraph = true;
        continue;
      }
      let end = 0;
      for (const m of line.matchAll(TOKEN)) {
        const tok = m[0];
        const start = end;
        between += line.slice(end, m.index);
        end = m.index! + tok.length;
        const gap = /\S/.test(between) ? between.replace(/\s+/g, '') : '';
        if (gap) toks.push(BREAK);
        const lower = tok.toLowerCase();
        const kept = !vocabulary || vocabulary.has(lower);
        let telling = false;
        if (kept) {
          const head = start === 0 ? line.slice(0, m.index).trim() : '';
          // sentence-initial: after a full stop, colon, semicolon, opening quote, or a bullet
          const initial = paragraph || /[.:;!?“"(…]$/.test(gap) || /^[-+–•]$/.test(head);
          const n = toks.length;
          const afterKind = n >= 2 && KIND_WORDS.has(`${toks[n - 2].form} ${toks[n - 1].form}`.toLowerCase());
          const caps = tok.length > 1 && tok === tok.toUpperCase();
          telling = !initial && !caps && !afterKind && !/\d/.test(tok);
        }
        toks.push({ form: tok, lower, telling, kept });
        if (/\d/.test(tok) && /\p{L}/u.test(tok) && tok !== tok.toUpperCase()) this.exact.set(lower, tok);
        between = '';
        paragraph = false;
      }
      between += line.slice(end) + ' ';
    }
    for (let i = 0; i < toks.length; i++) {
      let key = '';
      for (let n = 1; n <= 3 && i + n <= toks.length; n++) {
        // Shorter n-grams from i were kept, so only the newest token can end them (longer ones hold it too).
        if (!toks[i + n - 1].kept) break;
        key = n === 1 ? toks[i].lower : `${key} ${toks[i + n - 1].lower}`;
        let counts = this.grams.get(key);
        if (!counts) this.grams.set(key, (counts = new Array<number>(2 * n).fill(0)));
        for (let j = 0; j < n; j++) {
          const t = toks[i + j];
          if (t.telling) counts[t.form[0] !== t.form[0].toLowerCase() ? 2 * j : 2 * j + 1]++;
        }
      }
    }
  }

  /** The document's form of a token with figures ("22/2013/qđ-ttg" → "22/2013/QĐ-TTg"). */
  exactForm(token: string): string | undefined {
    return this.exact.get(token.toLowerCase());
  }

  /** Capitalise token k of `words` (lower case)? null when the document gives no evidence. */
  capitalised(words: string[], k: number): boolean | null {
    for (const n of [3, 2, 1]) {
      let cap = 0;
      let low = 0;
      for (let s = Math.max(0, k - n + 1); s <= k && s + n <= words.length; s++) {
        const counts = this.grams.get(words.slice(s, s + n).join(' '));
        if (counts) {
          cap += counts[2 * (k - s)];
          low += counts[2 * (k - s) + 1];
        }
      }
      if (n === 1) return cap >= 2 && low === 0 ? true : cap + low > 0 ? false : null;
      if (cap + low > 0) return cap > low;
    }
    return null;
  }
}

const ENACTED_KIND = /(?<![\p{L}])((?:ban hành|phê duyệt)(?: kèm theo)? )(kế hoạch|đề án|chương trình|quy chế|quy định|điều lệ|chiến lược)(?![\p{L}])/gu;

const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/**
 * A subject printed in capitals → sentence case (first letter lower: it follows the kind word).
 * `names` are proper names to restore as written ("Khánh Hòa", "Hồ Chí Minh").
 */
export function sentenceCase(upper: string, guide: CasingGuide, names: string[] = []): string {
  const matches = [...upper.matchAll(TOKEN)];
  // Windows of context stay inside one stretch between punctuation marks.
  const segOf: number[] = [];
  const segments: string[][] = [];
  const indexIn: number[] = [];
  matches.forEach((m, k) => {
    const gap = k === 0 ? 'x' : upper.slice(matches[k - 1].index! + matches[k - 1][0].length, m.index).trim();
    if (gap) segments.push([]);
    segOf[k] = segments.length - 1;
    indexIn[k] = segments[segments.length - 1].length;
    segments[segments.length - 1].push(m[0].toLocaleLowerCase('vi'));
  });
  let out = '';
  let last = 0;
  matches.forEach((m, k) => {
    out += upper.slice(last, m.index);
    last = m.index! + m[0].length;
    const tok = m[0];
    let form: string;
    if (/\d/.test(tok)) form = guide.exactForm(tok) ?? tok;
    else if (isAbbreviation(tok)) form = tok;
    else {
      const lower = tok.toLocaleLowerCase('vi');
      form = guide.capitalised(segments[segOf[k]], indexIn[k]) ? upperFirst(lower) : lower;
    }
    out += form;
  });
  out += upper.slice(last);
  // A quoted name opens with a capital: Đề án “Nâng cao chất lượng …”.
  out = out.replace(/([“"])(\p{Ll})/gu, (_, q: string, c: string) => q + c.toLocaleUpperCase('vi'));
  // The document a decision issues or approves is named, so its kind keeps a capital ("phê
  // duyệt Kế hoạch …"), whatever the body writes of other plans ("xây dựng kế hoạch của đơn vị").
  out = out.replace(ENACTED_KIND, (_, verb: string, kind: string) => `${verb}${upperFirst(kind)}`);
  for (const name of names) {
    if (!name) continue;
    const re = new RegExp(`(?<![\\p{L}])${escapeRe(name)}(?![\\p{L}])`, 'giu');
    out = out.replace(re, name);
  }
  return out;
}

/** Agency names: the first syllable of each part capitalised ("LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → "Lao động - Thương binh và Xã hội"). */
export function agencyCase(upper: string): string {
  return upper
    .toLocaleLowerCase('vi')
    .split(/(\s+-\s+|\s+và\s+|,\s*)/u)
    .map((part, i) => (i % 2 === 0 ? upperFirst(part) : part))
    .join('')
    // a part with no vowel is an abbreviation: "Bộ GD&ĐT"
    .replace(/(?<![\p{L}&])[\p{L}&]+(?![\p{L}&])/gu, (w) => (w.length >= 2 && !/[aeiouyăâêôơư]/u.test(toneless(w)) ? w.toUpperCase() : w));
}

const ORGAN = /^(vụ|cục|sở|phòng|ban|viện|bộ|tổng cục|văn phòng|trung tâm)\s+(\p{L})/iu;

/** An organ with its name: "VỤ KẾ HOẠCH - TÀI CHÍNH" → "Vụ Kế hoạch - Tài chính". */
export function orgCase(upper: string): string {
  return agencyCase(upper).replace(ORGAN, (_, organ: string, c: string) => `${upperFirst(organ.toLocaleLowerCase('vi'))} ${c.toLocaleUpperCase('vi')}`);
}

/** Place names: every syllable capitalised ("THỪA THIÊN HUẾ" → "Thừa Thiên Huế"). */
export function nameCase(upper: string): string {
  return upper
    .toLocaleLowerCase('vi')
    .split(/(\s+)/)
    .map((w) => upperFirst(w))
    .join('');
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
