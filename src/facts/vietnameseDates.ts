// Vietnamese date phrases → ISO dates at the precision the text gives, with the kind of date
// (a deadline, a school-year task, a scheduled event, a recurring duty, a programme period)
// and, for every date, the last day of its period (`dueLast`) for reminder scheduling.
//
// Conventions (a plan rarely says more; documented here so reminders are predictable):
// - "cuối năm 2023" (year end) is read as December: iso "2023-12", precision month, dueLast 2023-12-31.
//   "trong năm 2023" stays at year precision ("2023"), with the same dueLast.
// - A school year "2023-2024" runs from 2023-09-01 to 2024-05-31 (the national framework ends
//   the school year by 31 May); semester I ends 15 January ("2023-2024-S1"), semester II 31 May.
// - "đầu năm học" is September of the school year's first year (iso "2023-09").
// - A day or month without a year ("dịp 20/11", "trước tháng 10") is placed in the plan's school
//   year: August–December in its first year, January–July in its second.
// - A recurring duty ("hằng tháng", "định kỳ", "01 lần/quý") is due over the plan's school year
//   (precision school_year), or on its anchor day when one is given ("hàng năm vào dịp 20/11").
// - A programme period "giai đoạn 2021 - 2025" is "2021/2025" (precision year, dueLast 2025-12-31),
//   kind programme_period; "Phấn đấu giai đoạn 2023 - 2025 … đạt" is a deadline at 2025;
//   "trong hai năm 2012 - 2013" (a span of years to finish in) is a deadline at 2013.
// Documents without a school year (decisions, circulars, official letters):
// - a day and month without a year ("ngày Thương binh liệt sĩ 27 tháng 7", "hằng năm vào dịp
//   27/7") is a yearly occasion: kind recurring, recurrence yearly, recursOn "07-27", no iso;
// - a time limit counted from an event ("sau 10 ngày kể từ ngày ký", "trong thời hạn 05 ngày làm
//   việc kể từ ngày nhận đủ hồ sơ") is `relative`; it gets a date only when its event is the
//   signing (ctx.signed) and it counts calendar days, weeks, months or years;
// - a date that ends before the signing date is past, unless it is when something takes effect.
// "từ ngày 01/01/2019" and "có hiệu lực kể từ ngày …" are start dates (`starts`).
// Mentions that are not the plan's own dates are found but rejected (see `Rejection`): dates of
// cited legal documents, the header's place-and-date line, past years, "đã …" (already done),
// the plan's own school year used as a title ("nhiệm vụ năm học 2023 - 2024"), and horizons
// ("định hướng đến năm 2030").

import { splitLookbehind, execSplit } from '../corpus/lookbehind.js';
import { charKind, isSurrogate, LETTER, UPPER_SAME } from '../corpus/letters.js';

export type DatePrecision = 'day' | 'month' | 'quarter' | 'year' | 'school_year' | 'semester';
export type DateKind = 'deadline' | 'school_year_task' | 'scheduled_event' | 'recurring' | 'programme_period';
export type Rejection = 'legal_document' | 'header' | 'past' | 'done' | 'generic' | 'horizon';

export interface DateContext {
  /** The plan's school year, "2023-2024": places "học kỳ I", "dịp 20/11" and recurring duties. */
  schoolYear?: string | null;
  /** The document's signing date (YYYY-MM-DD): anchors "kể từ ngày ký" and marks earlier dates as past when there is no school year. */
  signed?: string | null;
}

export interface RelativeTime {
  amount: number;
  unit: 'day' | 'working_day' | 'week' | 'month' | 'year';
  /** signing: the document's signing or issue; receipt: receiving a file or request; event: anything else. */
  anchor: 'signing' | 'receipt' | 'event';
  /** The anchor as written: "ngày ký", "ngày nhận đủ hồ sơ". */
  anchorText: string;
}

export interface VietnameseDate {
  /** The phrase as found, verbatim. */
  text: string;
  /** Offset of the phrase in the searched text. */
  index: number;
  /** "2021-08-25" | "2022-09" | "2023-Q4" | "2023" | "2023-2024" | "2023-2024-S1" | "2021/2025"; null only for a recurring duty without a school year. */
  iso: string | null;
  precision: DatePrecision | null;
  kind: DateKind;
  /** First and last day of the period (YYYY-MM-DD). */
  first: string | null;
  dueLast: string | null;
  /** For recurring duties: daily | weekly | monthly | quarterly | yearly | per_semester | periodic | "2/school_year" … */
  recurrence?: string;
  /** Set when the mention is not a date of the plan's own work (only returned with includeRejected). */
  rejected?: Rejection;
  /** The day a recurring duty falls on: "07-27" (yearly), "15" (monthly), "M3-15" (day 15 of a quarter's last month). */
  recursOn?: string;
  /** A start date ("từ ngày 01/01/2019", "có hiệu lực kể từ ngày …"), not a due date. */
  starts?: boolean;
  /** A time limit counted from an event. */
  relative?: RelativeTime;
}

export const SCHOOL_YEAR_FIRST = '09-01';
export const SCHOOL_YEAR_LAST = '05-31';
export const SEMESTER_1_LAST = '01-15';

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const ROMAN_OUT = ['', 'I', 'II', 'III', 'IV'];

function schoolYears(ctx: DateContext): [number, number] | null {
  const m = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(ctx.schoolYear?.trim() ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Year of a month that the text gave without one, inside the plan's school year. */
function yearInSchoolYear(month: number, ctx: DateContext): number | null {
  const sy = schoolYears(ctx);
  if (!sy) return null;
  return month >= 8 ? sy[0] : sy[1];
}

// ---------------------------------------------------------------- values at a precision

interface Value {
  iso: string;
  precision: DatePrecision;
  first: string;
  dueLast: string;
}

function dayValue(y: number, m: number, d: number): Value | null {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1900 || y > 2100) return null;
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  return { iso, precision: 'day', first: iso, dueLast: iso };
}
function monthValue(y: number, m: number): Value | null {
  if (m < 1 || m > 12 || y < 1900 || y > 2100) return null;
  return { iso: `${y}-${pad(m)}`, precision: 'month', first: `${y}-${pad(m)}-01`, dueLast: `${y}-${pad(m)}-${pad(daysIn(y, m))}` };
}
function quarterValue(y: number, q: number): Value {
  const last = q * 3;
  return { iso: `${y}-Q${q}`, precision: 'quarter', first: `${y}-${pad(last - 2)}-01`, dueLast: `${y}-${pad(last)}-${pad(daysIn(y, last))}` };
}
function yearValue(y: number): Value | null {
  if (y < 1900 || y > 2100) return null;
  return { iso: String(y), precision: 'year', first: `${y}-01-01`, dueLast: `${y}-12-31` };
}
function schoolYearValue(a: number, b: number): Value | null {
  if (b !== a + 1) return null;
  return { iso: `${a}-${b}`, precision: 'school_year', first: `${a}-${SCHOOL_YEAR_FIRST}`, dueLast: `${b}-${SCHOOL_YEAR_LAST}` };
}
function semesterValue(a: number, b: number, s: number): Value {
  return s === 1
    ? { iso: `${a}-${b}-S1`, precision: 'semester', first: `${a}-${SCHOOL_YEAR_FIRST}`, dueLast: `${b}-${SEMESTER_1_LAST}` }
    : { iso: `${a}-${b}-S2`, precision: 'semester', first: `${b}-01-16`, dueLast: `${b}-${SCHOOL_YEAR_LAST}` };
}

// ---------------------------------------------------------------- the phrases

type Rule = 'day' | 'month' | 'quarter' | 'year_end' | 'school_edge' | 'semester' | 'school_year' | 'period' | 'year' | 'recurring' | 'every' | 'relative' | 'since_signing' | 'occasion' | 'month_pair';

interface Candidate {
  rule: Rule;
  priority: number;
  index: number;
  text: string;
  pre: string | null;
  m: RegExpExecArray;
}

const NB = '(?<![\\p{L}\\d])'; // not inside a word or number
const PRE_DATE = '(?:(trước|chậm nhất(?: là)?|hạn chót|hạn|tính đến|đến|vào|từ|trong)\\s+)?';
/** A day written in words: "ngày mười lăm tháng 7". Longest first. */
const DAY_WORDS: [string, number][] = [];
{
  const units = ['', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
  for (let n = 31; n >= 1; n--) {
    const t = Math.floor(n / 10);
    const u = n % 10;
    const tens = t === 0 ? '' : t === 1 ? 'mười' : `${units[t]} mươi`;
    const unit = u === 0 ? '' : u === 1 && t >= 2 ? 'mốt' : u === 5 && t >= 1 ? 'lăm' : u === 4 && t >= 2 ? '(?:bốn|tư)' : units[u];
    DAY_WORDS.push([[tens, unit].filter(Boolean).join(' '), n]);
  }
}
const DAY_WORD_RE = DAY_WORDS.map(([w]) => w).join('|');
function dayNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const t = s.toLowerCase().replace(/\s+/g, ' ');
  return DAY_WORDS.find(([w]) => new RegExp(`^(?:${w})$`, 'u').test(t))?.[1] ?? NaN;
}
/** A month written in words, in a date written out ("ngày mười lăm tháng năm năm 2025"). Longest first. */
const MONTH_WORDS: [string, number][] = [['mười hai', 12], ['mười một', 11], ['chạp', 12], ['giêng', 1], ['mười', 10], ['chín', 9], ['tám', 8], ['bảy', 7], ['sáu', 6], ['năm', 5], ['tư', 4], ['ba', 3], ['hai', 2]];
const MONTH_WORD_RE = MONTH_WORDS.map(([w]) => w).join('|');
function monthNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const t = s.toLowerCase().replace(/\s+/g, ' ');
  return MONTH_WORDS.find(([w]) => w === t)?.[1] ?? NaN;
}
const TIME_UNIT = '(ngày\\s+làm\\s+việc|ngày|tuần|tháng|năm)';

/**
 * Words or figures each rule's phrase cannot do without: a text lacking them is not scanned by
 * that rule. The rules' leading lookbehinds make every scan try each position of the text, and
 * most clauses have no dates at all. Same flags as the rules, so a match implies its test.
 */
const NEED = {
  HANG: /hằng|hàng|mỗi/iu,
  DINH: /định/iu,
  LAN: /lần/iu,
  KE: /kể/iu,
  GIAI: /giai/iu,
  THANG: /tháng/iu,
  QUY: /quý/iu,
  SLASH: /\d\/\d/,
  YEAR4: /\d{4}/,
  YEARS: /\d{4}\s*[-–]\s*\d{4}/,
  // "học", "năm" and figures are in most clauses of a school plan: these rules need more of their phrase.
  SEMESTER: /học\s+k[ỳìy]/iu,
  SCHOOL_EDGE: /(?:cuối|đầu)\s+năm\s+học/iu,
  SCHOOL_YEAR: /năm\s+học\s+\d{4}/iu,
  YEAR_END: /(?:cuối|thúc)\s+năm\s+\d{4}/iu,
  DAY: /(?:ngày|dịp)\s+\d/iu,
  COUNT_UNIT: /\d(?:\s*\([\p{L} ]+\))?\s+(?:ngày|tuần|tháng|năm)(?![\p{L}])/iu,
};

const RULES: { rule: Rule; re: RegExp; need: RegExp }[] = [
  { rule: 'recurring', re: new RegExp(`${NB}(?:hằng|hàng|mỗi)\\s+(ngày|tuần|tháng|quý|năm\\s+học|năm|học\\s+k[ỳì])(?![\\p{L}])`, 'giu'), need: NEED.HANG },
  { rule: 'recurring', re: new RegExp(`${NB}định\\s+kỳ(?![\\p{L}])`, 'giu'), need: NEED.DINH },
  { rule: 'recurring', re: new RegExp(`${NB}(\\d{1,2})\\s+lần\\s*\\/\\s*(tuần|tháng|quý|năm\\s+học|năm|học\\s+k[ỳì])(?![\\p{L}])`, 'giu'), need: NEED.LAN },
  // "3 tháng một lần", "02 năm một lần": every n units
  { rule: 'every', re: new RegExp(`${NB}(\\d{1,2}|một|hai|ba|sáu)\\s+(ngày|tuần|tháng|năm)\\s+(?:một|1)\\s+lần(?![\\p{L}])`, 'giu'), need: NEED.LAN },
  // "sau 10 ngày, kể từ ngày ký", "trong thời hạn không quá 15 (mười lăm) ngày làm việc kể từ ngày nhận hồ sơ"
  { rule: 'relative', re: new RegExp(`${NB}(?:(sau|trong\\s+thời\\s+hạn(?:\\s+không\\s+quá)?|trong\\s+vòng|không\\s+quá|chậm\\s+nhất(?:\\s+là)?|tối\\s+đa)\\s+)?(\\d{1,3})(?:\\s*\\([\\p{L} ]+\\))?\\s+${TIME_UNIT}(?![\\p{L}])(?:\\s*,)?(?:\\s+(?:kể\\s+từ|tính\\s+từ|sau)\\s+(?=(?:ngày|khi)\\s))?`, 'giu'), need: NEED.COUNT_UNIT },
  // "có hiệu lực (thi hành) kể từ ngày ký"
  { rule: 'since_signing', re: new RegExp(`${NB}kể\\s+từ\\s+ngày\\s+(ký|ban\\s+hành)(?![\\p{L}])`, 'giu'), need: NEED.KE },
  { rule: 'semester', re: new RegExp(`${NB}(?:(trước|đến|vào|từ|trong|cuối|đầu)\\s+)?học\\s+k[ỳìy]\\s+(II|I|[12])(?![\\p{L}\\d])(?:\\s+(?:của\\s+)?năm\\s+học\\s+(\\d{4})\\s*[-–]\\s*(\\d{4}))?`, 'giu'), need: NEED.SEMESTER },
  { rule: 'school_edge', re: new RegExp(`${NB}(?:(ngay từ|tính đến|vào|đến|trước|từ)\\s+)?(cuối|đầu)\\s+năm\\s+học(?:\\s+(\\d{4})\\s*[-–]\\s*(\\d{4}))?(?![\\p{L}\\d])`, 'giu'), need: NEED.SCHOOL_EDGE },
  { rule: 'school_year', re: new RegExp(`${NB}(?:(trong|từ|đến|trước|cuối)\\s+)?năm\\s+học\\s+(\\d{4})\\s*[-–]\\s*(\\d{4})(?!\\d)`, 'giu'), need: NEED.SCHOOL_YEAR },
  { rule: 'period', re: new RegExp(`${NB}(?:(phấn đấu|hoàn thành)\\s+)?giai\\s+đoạn\\s+(\\d{4})\\s*[-–]\\s*(\\d{4})(?!\\d)`, 'giu'), need: NEED.GIAI },
  { rule: 'period', re: new RegExp(`${NB}(?:(trong)\\s+(?=(?:\\d{1,2}|hai|ba|bốn|năm)\\s+năm\\s))?(?:(?:\\d{1,2}|hai|ba|bốn)\\s+)?năm\\s+(\\d{4})\\s*[-–]\\s*(\\d{4})(?!\\d)`, 'giu'), need: NEED.YEARS },
  { rule: 'day', re: new RegExp(`${NB}${PRE_DATE}(?:ngày|dịp)\\s+(\\d{1,2})\\s*(?:\\/|tháng)\\s*(\\d{1,2})(?:\\s*(?:\\/|năm)\\s*(\\d{4}))?(?![\\d\\/])`, 'giu'), need: NEED.DAY },
  // a day in words, its month in figures or in words ("ngày mười lăm tháng năm năm 2025")
  { rule: 'day', re: new RegExp(`${NB}${PRE_DATE}ngày\\s+(${DAY_WORD_RE})\\s+tháng\\s*(\\d{1,2}|${MONTH_WORD_RE})(?![\\p{L}])(?:\\s*(?:\\/|năm)\\s*(\\d{4}))?(?![\\d\\/])`, 'giu'), need: NEED.THANG },
  // "ngày Thương binh liệt sĩ 27 tháng 7": a day and month with no "ngày" just before and no year
  { rule: 'occasion', re: new RegExp(`(?<![\\p{L}\\d\\/.])()(\\d{1,2})\\s+tháng\\s+(\\d{1,2})(?![\\d\\/])(?!\\s*(?:\\/|năm)\\s*\\d)`, 'giu'), need: NEED.THANG },
  // "tháng 7 và tháng 8 năm 2023": two months of one year
  { rule: 'month_pair', re: new RegExp(`${NB}(?:(trước|đến|vào|trong|từ)\\s+)?tháng\\s+(\\d{1,2})\\s*(?:và|,|-|–|đến)\\s*(?:tháng\\s+)?(\\d{1,2})(?:\\s*\\/\\s*|\\s+năm\\s+)(\\d{4})(?!\\d)`, 'giu'), need: NEED.THANG },
  { rule: 'day', re: new RegExp(`(?<![\\p{L}\\d\\/.])${PRE_DATE}(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4})(?![\\d\\/])`, 'giu'), need: NEED.SLASH },
  { rule: 'month', re: new RegExp(`${NB}(?:(trước|chậm nhất(?: là)?|hạn chót|tính đến|đến|vào|từ|trong|cuối|đầu|giữa)\\s+)?tháng\\s+(\\d{1,2})(?:\\s*\\/\\s*|\\s+năm\\s+)(\\d{4})(?!\\d)`, 'giu'), need: NEED.THANG },
  { rule: 'month', re: new RegExp(`${NB}(trước|chậm nhất(?: là)?|tính đến|đến|vào|từ|trong|cuối|đầu)\\s+tháng\\s+(\\d{1,2})()(?![\\d\\/])(?!\\s+năm\\s+\\d)`, 'giu'), need: NEED.THANG },
  { rule: 'quarter', re: new RegExp(`${NB}(?:(trước|đến|vào|từ|trong|cuối|đầu)\\s+)?quý\\s+(IV|III|II|I|[1-4])(?![\\p{L}\\d])(?:\\s*(?:\\/|năm)\\s*(\\d{4}))?`, 'giu'), need: NEED.QUY },
  { rule: 'year_end', re: new RegExp(`${NB}(?:(vào|đến|trước|tính đến)\\s+)?(?:cuối|kết\\s+thúc)\\s+năm\\s+(\\d{4})(?!\\d|\\s*[-–]\\s*\\d{4})`, 'giu'), need: NEED.YEAR_END },
  { rule: 'year', re: new RegExp(`(?<![\\p{L}\\d\\/.\\-])(?:(trong|vào|đến|trước|từ|sau)\\s+)?(năm\\s+)?(\\d{4})(?![\\d\\/]|\\s*[-–]\\s*\\d{4})`, 'giu'), need: NEED.YEAR4 },
];
const PRIORITY: Record<Rule, number> = {
  recurring: 0, every: 0, relative: 0, since_signing: 0, semester: 1, school_edge: 2, school_year: 3, period: 4, month_pair: 5, day: 5, occasion: 6, month: 6, quarter: 7, year_end: 8, year: 9,
};

// Each rule scanned without its leading lookbehind, tested where the rest matches (lookbehind.ts).
const SCANS = RULES.map((r) => ({ ...r, scan: splitLookbehind(r.re) }));

function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const has = new Map<RegExp, boolean>();
  for (const { rule, scan, need } of SCANS) {
    let ok = has.get(need);
    if (ok === undefined) has.set(need, (ok = need.test(text)));
    if (!ok) continue;
    // exec on the rule's own scan: matchAll would copy it for every text (no rule matches empty)
    scan.rest.lastIndex = 0;
    for (let m = execSplit(scan, text); m; m = execSplit(scan, text)) {
      if (rule === 'year' && !m[2] && !/^(vào|đến|trước|trong)$/i.test(m[1] ?? '')) continue; // a bare number needs "năm" or a cue
      // a count of days is a time limit only with a cue, working days or the event it counts from
      if (rule === 'relative' && !m[1] && !/làm/u.test(m[3]) && !/(kể|tính)\s+từ|sau\s*$/u.test(m[0])) continue;
      if (rule === 'relative' && /^năm$/iu.test(m[3]) && /^\d{4}/.test(text.slice(m.index! + m[0].length).trimStart())) continue; // "03 năm 2020-2022"
      const pre = rule === 'recurring' || rule === 'every' || rule === 'since_signing' ? null : (m[1] ?? null);
      out.push({ rule, priority: PRIORITY[rule], index: m.index!, text: m[0], pre: pre ? pre.toLowerCase() : null, m });
    }
  }
  out.sort((a, b) => a.index - b.index || b.text.length - a.text.length || a.priority - b.priority);
  const kept: Candidate[] = [];
  // Sorted by start, so a candidate overlaps one kept before it iff it starts before the furthest end kept.
  let end = 0;
  for (const c of out) {
    if (c.text.length === 0 ? kept.some((k) => c.index < k.index + k.text.length && k.index < c.index) : c.index < end) continue;
    kept.push(c);
    end = Math.max(end, c.index + c.text.length);
  }
  return kept;
}

// ---------------------------------------------------------------- context around a mention

/** The text before `index` back to the nearest ";", line break or sentence end, at most `max` characters. */
function lookback(text: string, index: number, max: number): string {
  let s = text.slice(Math.max(0, index - max), index);
  const cut = Math.max(s.lastIndexOf(';'), s.lastIndexOf('\n'), ...[...s.matchAll(/[.!?]\s/g)].map((m) => m.index! + 1));
  if (cut >= 0) s = s.slice(cut + 1);
  return s;
}

function lineOf(text: string, index: number): string {
  const a = text.lastIndexOf('\n', index - 1) + 1;
  const b = text.indexOf('\n', index);
  return text.slice(a, b < 0 ? text.length : b);
}

const DEADLINE_CUES = new Set(['trước', 'chậm nhất', 'chậm nhất là', 'hạn', 'hạn chót', 'đến', 'tính đến', 'trong', 'cuối']);
/** A document code just before the date: "số 2457/QĐ-BGDĐT", "05-CT/TW,", "217 /KH-UBND", "98/2023/QH15". */
const CODE_END = /(?:số\s*)?[\p{L}\d]*\d[\p{L}\d]*(?:[-.][\p{L}\d]+)*\s*\/\s*[\p{L}\d&.\-/]+\s*,?\s*$/u;
/** A legal document named without a code: "Luật Giáo dục ngày 14/6/2019", "Luật … năm 2013". */
const LEGAL_DOC = /(?<![\p{L}])(Luật|Bộ luật|Hiến pháp|Pháp lệnh|Quyết định|Nghị quyết|Chỉ thị|Thông tư|Nghị định|Công văn|Thông báo|Tờ trình|Kết luận|Chương trình hành động)(?![\p{L}])(?!\s+này)[^;]*$/u;
const EVENT_NOUN = /(?<![\p{L}])(hội khỏe|hội thi|hội thao|hội diễn|hội nghị|hội giảng|ngày hội|đại hội|kỳ thi|kì thi|cuộc thi|liên hoan|lễ|giải thi đấu|khai giảng|tổng kết|sơ kết|kỷ niệm|tựu trường)(?![\p{L}])/iu;
const COMPLETION = /(?<![\p{L}])(hoàn thành|hoàn tất|xong|đạt)(?![\p{L}])/iu;
const GENERIC_SCHOOL_YEAR = /(?<![\p{L}])(nhiệm vụ|giải pháp|kế hoạch|chủ đề|biên chế|thời gian|hướng dẫn)(?![\p{L}])/iu;

function isHeaderLine(line: string): boolean {
  return /^[^,\n]{1,40},\s*ngày\b/u.test(line.trim()) || /^\(?\s*(Ban hành )?[Kk]èm theo\b/u.test(line.trim());
}

// The last line asked about: a clause's dates are read in text order, often several on one line (a table row).
let capsLine = { line: '', caps: false };
function isAllCapsLine(line: string): boolean {
  if (line === capsLine.line) return capsLine.caps;
  capsLine = { line, caps: allCaps(line) };
  return capsLine.caps;
}

/** At least 8 letters, all their own upper case: by table (letters.ts), by regex beyond the BMP. */
function allCaps(line: string): boolean {
  let letters = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (isSurrogate(c)) {
      const all = line.replace(/[^\p{L}]/gu, '');
      return all.length >= 8 && all === all.toUpperCase();
    }
    const k = charKind(c);
    if (!(k & LETTER)) continue;
    if (!(k & UPPER_SAME)) return false;
    letters++;
  }
  return letters >= 8;
}

/** "3 tháng một lần" → quarterly, "02 năm một lần" → every_2_years. */
function everyOf(n: number, unit: string): string {
  const u = unit.toLowerCase();
  if (u === 'tháng' && n === 3) return 'quarterly';
  if ((u === 'tháng' && n === 12) || (u === 'năm' && n === 1)) return 'yearly';
  if (n === 1) return { ngày: 'daily', tuần: 'weekly', tháng: 'monthly' }[u] ?? 'yearly';
  return `every_${n}_${{ ngày: 'days', tuần: 'weeks', tháng: 'months', năm: 'years' }[u] ?? u}`;
}
const COUNT_WORDS: Record<string, number> = { một: 1, hai: 2, ba: 3, sáu: 6 };

function addDays(isoDay: string, n: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function addMonths(isoDay: string, n: number): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return `${ny}-${pad(nm)}-${pad(Math.min(d, daysIn(ny, nm)))}`;
}

/** What a time limit counts from: the words after "kể từ" up to the end of the phrase. */
function anchorAt(text: string, from: number): string {
  const rest = text.slice(from, from + 80);
  const signing = /^ngày\s+(ký|ban\s+hành)(?![\p{L}])/iu.exec(rest);
  if (signing) return signing[0];
  const stop = rest.search(/[,;:.\n(]|\s(có trách nhiệm|chịu trách nhiệm|phải|thì|và|để|do)(?=[\s:,.;]|$)/u);
  let a = stop >= 0 ? rest.slice(0, stop) : rest;
  if (a.length > 50) a = a.slice(0, a.lastIndexOf(' ', 50));
  return a.trim();
}

/** Words around a day and month that make it a yearly occasion ("ngày Thương binh liệt sĩ 27 tháng 7", "hằng năm vào dịp 27/7"). */
const OCCASION = /(dịp|nhân|lễ|kỷ niệm|Quốc khánh|Thương binh|liệt sĩ|Tết|thành lập|truyền thống|ngày\s+\p{Lu}[\p{L}\s]{0,30})\s*$/u;

function recurrenceOf(c: Candidate): string {
  const t = c.text.toLowerCase();
  if (/định\s+kỳ/.test(t)) return 'periodic';
  const n = /(\d{1,2})\s+lần\s*\/\s*(.+)$/.exec(t);
  const unit = (u: string) => (/năm\s+học/.test(u) ? 'school_year' : /năm/.test(u) ? 'year' : /quý/.test(u) ? 'quarter' : /tháng/.test(u) ? 'month' : /tuần/.test(u) ? 'week' : 'semester');
  if (n) return `${Number(n[1])}/${unit(n[2])}`;
  const u = c.m[1]?.toLowerCase() ?? '';
  return { ngày: 'daily', tuần: 'weekly', tháng: 'monthly', quý: 'quarterly' }[u] ?? (/học\s+k/.test(u) ? 'per_semester' : 'yearly');
}

// ---------------------------------------------------------------- reading one mention

function read(c: Candidate, text: string, ctx: DateContext): VietnameseDate | null {
  const sy = schoolYears(ctx);
  const base = { text: c.text, index: c.index };
  const lb = (n: number) => lookback(text, c.index, n);
  const m = c.m;
  let value: Value | null = null;
  let kind: DateKind;
  let rejected: Rejection | undefined;

  switch (c.rule) {
    case 'every': {
      const n = /^\d+$/.test(m[1]) ? Number(m[1]) : COUNT_WORDS[m[1].toLowerCase()];
      const v = sy ? schoolYearValue(sy[0], sy[1]) : null;
      return { ...base, iso: v?.iso ?? null, precision: v ? 'school_year' : null, first: v?.first ?? null, dueLast: v?.dueLast ?? null, kind: 'recurring', recurrence: everyOf(n, m[2]) };
    }
    case 'relative':
    case 'since_signing': {
      const amount = c.rule === 'since_signing' ? 0 : Number(m[2]);
      const unitWord = c.rule === 'since_signing' ? 'ngày' : m[3].toLowerCase().replace(/\s+/g, ' ');
      const unit: RelativeTime['unit'] = unitWord === 'ngày làm việc' ? 'working_day' : unitWord === 'tuần' ? 'week' : unitWord === 'tháng' ? 'month' : unitWord === 'năm' ? 'year' : 'day';
      const anchorText = c.rule === 'since_signing' ? `ngày ${m[1]}` : /(kể|tính)\s+từ|sau\s*$/iu.test(m[0]) ? anchorAt(text, c.index + c.text.length) : '';
      const anchor: RelativeTime['anchor'] = /^ngày\s+(ký|ban\s+hành)/iu.test(anchorText) ? 'signing' : /nhận/iu.test(anchorText) ? 'receipt' : 'event';
      const fullText = anchorText && c.rule === 'relative' ? text.slice(c.index, c.index + c.text.length + anchorText.length) : c.text;
      const starts = /hiệu\s+lực/iu.test(lb(40)) || undefined;
      let due: string | null = null;
      if (anchor === 'signing' && ctx.signed && unit !== 'working_day') {
        due = unit === 'day' ? addDays(ctx.signed, amount) : unit === 'week' ? addDays(ctx.signed, 7 * amount) : addMonths(ctx.signed, unit === 'month' ? amount : 12 * amount);
      }
      return {
        text: fullText, index: c.index, iso: due, precision: due ? 'day' : null, first: due, dueLast: due,
        kind: starts ? 'scheduled_event' : 'deadline', relative: { amount, unit, anchor, anchorText }, ...(starts ? { starts } : {}),
      };
    }
    case 'occasion': {
      if (sy) return null; // a plan's school year places days itself (the 'day' rule); keep its behaviour
      const d = Number(m[2]);
      const mo = Number(m[3]);
      if (!dayValue(2000, mo, d) || !OCCASION.test(lb(60))) return null;
      return { ...base, iso: null, precision: null, first: null, dueLast: null, kind: 'recurring', recurrence: 'yearly', recursOn: `${pad(mo)}-${pad(d)}` };
    }
    case 'recurring': {
      // "trợ cấp ưu đãi hằng tháng", "tiền tuất nuôi dưỡng hàng tháng": how an allowance is paid, not a duty
      if (/(trợ cấp|phụ cấp|tuất|tiền lương|học bổng)[\p{L} ]{0,25}$/iu.test(lb(40))) return null;
      const v = sy ? schoolYearValue(sy[0], sy[1]) : null;
      return { ...base, iso: v?.iso ?? null, precision: v ? 'school_year' : null, first: v?.first ?? null, dueLast: v?.dueLast ?? null, kind: 'recurring', recurrence: recurrenceOf(c) };
    }
    case 'semester': {
      const s = ROMAN[m[2].toLowerCase()];
      const years: [number, number] | null = m[3] ? [Number(m[3]), Number(m[4])] : sy;
      if (!years || years[1] !== years[0] + 1) return null;
      value = semesterValue(years[0], years[1], s);
      kind = c.pre && /^(trước|đến|cuối)$/.test(c.pre) ? 'deadline' : 'school_year_task';
      break;
    }
    case 'school_edge': {
      const years: [number, number] | null = m[3] ? [Number(m[3]), Number(m[4])] : sy;
      if (!years || years[1] !== years[0] + 1) return null;
      if (m[2].toLowerCase() === 'đầu') {
        value = monthValue(years[0], 9);
        kind = 'deadline';
      } else {
        value = schoolYearValue(years[0], years[1]);
        kind = c.pre && /^(vào|đến|trước|tính đến)$/.test(c.pre) ? 'deadline' : 'scheduled_event';
      }
      break;
    }
    case 'school_year': {
      value = schoolYearValue(Number(m[2]), Number(m[3]));
      if (!value) return null;
      kind = c.pre && /^(trước|đến|cuối)$/.test(c.pre) ? 'deadline' : 'school_year_task';
      if (sy && Number(m[2]) === sy[0] && (!c.pre || c.pre === 'trong')) {
        const before = lb(60);
        if (GENERIC_SCHOOL_YEAR.test(before) || !/\p{L}/u.test(before)) rejected = 'generic';
      }
      break;
    }
    case 'period': {
      const a = Number(m[2]);
      const b = Number(m[3]);
      if (b <= a || a < 1900 || b > 2100) return null;
      if (c.pre) {
        value = yearValue(b);
        kind = 'deadline';
      } else {
        value = { iso: `${a}/${b}`, precision: 'year', first: `${a}-01-01`, dueLast: `${b}-12-31` };
        kind = 'programme_period';
      }
      break;
    }
    case 'day': {
      const d = dayNumber(m[2]);
      const mo = monthNumber(m[3]);
      const y = m[4] ? Number(m[4]) : yearInSchoolYear(mo, ctx);
      if (y === null) {
        // no year and no school year: a yearly occasion when the words say so, else unplaceable
        if (!dayValue(2000, mo, d) || !(OCCASION.test(lb(60)) || /(hằng|hàng|mỗi)\s+năm/iu.test(lb(80)))) return null;
        return { ...base, iso: null, precision: null, first: null, dueLast: null, kind: 'recurring', recurrence: 'yearly', recursOn: `${pad(mo)}-${pad(d)}` };
      }
      value = dayValue(y, mo, d);
      kind = 'scheduled_event';
      break;
    }
    case 'month_pair':
    case 'month': {
      const mo = Number(m[2]);
      const y = c.rule === 'month_pair' ? Number(m[4]) : m[3] ? Number(m[3]) : yearInSchoolYear(mo, ctx);
      if (y === null) return null;
      value = monthValue(y, mo);
      kind = 'scheduled_event';
      break;
    }
    case 'quarter': {
      const q = ROMAN[m[2].toLowerCase()];
      const y = m[3] ? Number(m[3]) : yearInSchoolYear(q >= 3 ? 9 : 3, ctx);
      if (y === null) return null;
      value = quarterValue(y, q);
      kind = 'deadline';
      break;
    }
    case 'year_end': {
      value = monthValue(Number(m[2]), 12);
      kind = 'deadline';
      break;
    }
    case 'year': {
      value = yearValue(Number(m[3]));
      kind = 'deadline';
      if (c.pre === 'sau') rejected = 'horizon';
      else if (c.pre === 'đến') {
        const before = lb(50);
        if (/(định hướng|tầm nhìn|từ nay)\s*$/iu.test(before) || !/(hoàn thành|phấn đấu|lộ trình|chậm nhất|hoàn tất)/iu.test(before)) rejected = 'horizon';
      }
      break;
    }
  }
  if (!value) return null;

  // Kind of a plain date (day, month, quarter, year): the cue before it, else what it dates.
  if (c.rule === 'day' || c.rule === 'month' || c.rule === 'month_pair' || c.rule === 'quarter' || c.rule === 'year') {
    if (c.pre === 'từ') kind = 'scheduled_event';
    else if (c.pre && DEADLINE_CUES.has(c.pre)) kind = 'deadline';
    else if (EVENT_NOUN.test(lb(70))) kind = 'scheduled_event';
    else if (COMPLETION.test(lb(60))) kind = 'deadline';
    else kind = c.rule === 'day' || c.rule === 'month' ? 'scheduled_event' : 'deadline';

    // Dates of cited documents: a code just before, or a legal document named in the same clause piece.
    const isCue = c.pre !== null && /^(trước|chậm nhất|chậm nhất là|hạn|hạn chót)$/.test(c.pre);
    if (!isCue && (CODE_END.test(lb(40)) || LEGAL_DOC.test(lb(100)))) rejected = 'legal_document';
  }

  const line = lineOf(text, c.index);
  if (isHeaderLine(line)) rejected = 'header';
  else if (isAllCapsLine(line)) rejected = rejected ?? 'generic';
  if (!rejected && /(?<![\p{L}])đã(\s+[\p{L}]+){0,2}\s*$/u.test(lb(20))) rejected = 'done';
  if (!rejected && sy) {
    const pastYear = value.precision === 'school_year' || value.precision === 'semester' ? Number(value.iso.slice(0, 4)) < sy[0] : value.dueLast < `${sy[0]}-01-01`;
    if (pastYear) rejected = 'past';
  }
  // "từ ngày 01/01/2019", "có hiệu lực kể từ ngày …": when something starts
  const starts = c.pre === 'từ' && (c.rule === 'day' || c.rule === 'month' || c.rule === 'year');
  const takesEffect = starts && /(hiệu\s+lực|thực\s+hiện|áp\s+dụng|thi\s+hành|bắt\s+đầu)/iu.test(lb(80));
  if (!rejected && !sy && ctx.signed && value.dueLast < ctx.signed && !takesEffect) rejected = 'past';
  return { ...base, iso: value.iso, precision: value.precision, first: value.first, dueLast: value.dueLast, kind: kind!, ...(rejected ? { rejected } : {}), ...(starts ? { starts: true } : {}) };
}

/**
 * Every date phrase in a text, in text order. Rejected mentions (legal documents' dates, the
 * header, past or generic mentions) are left out unless `includeRejected`.
 */
export function findDates(text: string, ctx: DateContext = {}, opts: { includeRejected?: boolean } = {}): VietnameseDate[] {
  const found: VietnameseDate[] = [];
  const cands = candidates(text);
  let consumed = 0; // end of text already read into an earlier date
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    if (c.index < consumed) continue;
    const d = read(c, text, ctx);
    if (!d) continue;
    // "hàng năm vào dịp 20/11": a recurring duty anchored on a day or month given without a year.
    const next = cands[i + 1];
    if ((c.rule === 'recurring' || c.rule === 'every') && next && (next.rule === 'day' || next.rule === 'month' || next.rule === 'occasion') && next.index - (c.index + c.text.length) <= 25) {
      const gap = text.slice(c.index + c.text.length, next.index);
      const anchor = read(next, text, ctx);
      const noYear = next.rule === 'day' ? !next.m[4] : next.rule === 'occasion' || !next.m[3];
      if (anchor && noYear && !/[;.\n]/.test(gap)) {
        const joined = text.slice(c.index, next.index + next.text.length);
        if (anchor.recursOn) found.push({ ...d, text: joined, recursOn: anchor.recursOn });
        else found.push({ ...d, text: joined, iso: anchor.iso, precision: anchor.precision, first: anchor.first, dueLast: anchor.dueLast });
        i++;
        continue;
      }
    }
    // "hằng quý, trước ngày 15 của tháng cuối quý", "hằng tháng, trước ngày 20": the day it falls on
    if (c.rule === 'recurring' && (d.recurrence === 'quarterly' || d.recurrence === 'monthly')) {
      const after = /^[\s,]*(?:vào\s+|trước\s+|chậm\s+nhất(?:\s+là)?\s+)?ngày\s+(\d{1,2})(?:\s+(?:của\s+)?tháng\s+(cuối|đầu)\s+(?:của\s+)?quý)?(?![\d\/]|\s*tháng\s*\d)/iu.exec(text.slice(c.index + c.text.length));
      const day = after ? Number(after[1]) : 0;
      if (after && day >= 1 && day <= 31 && (d.recurrence === 'monthly' ? !after[2] : !!after[2])) {
        const recursOn = d.recurrence === 'monthly' ? pad(day) : `${after[2].toLowerCase() === 'cuối' ? 'M3' : 'M1'}-${pad(day)}`;
        const end = c.index + c.text.length + after[0].length;
        found.push({ ...d, text: text.slice(c.index, end), recursOn });
        consumed = end;
        continue;
      }
    }
    // "tháng 7 và tháng 8 năm 2023": one date per month
    if (c.rule === 'month_pair') {
      const second = read({ ...c, m: Object.assign([...c.m], { index: c.m.index, input: c.m.input, 2: c.m[3] }) as unknown as RegExpExecArray }, text, ctx);
      found.push(d);
      if (second) found.push(second);
      continue;
    }
    found.push(d);
  }
  return opts.includeRejected ? found : found.filter((d) => !d.rejected);
}

/** The first date of the plan's own work in a phrase, or null (e.g. for a legal document's date). */
export function parseVietnameseDate(phrase: string, ctx: DateContext = {}): VietnameseDate | null {
  return findDates(phrase, ctx)[0] ?? null;
}

/** A due date for people: "10/09/2023", "tháng 12/2023", "quý IV/2023", "năm 2023", "năm học 2023-2024", "học kỳ I năm học 2023-2024". */
export function formatDueVi(iso: string | null, precision: DatePrecision | null): string {
  if (!iso || !precision) return '—';
  switch (precision) {
    case 'day': {
      const [y, m, d] = iso.split('-');
      return `${d}/${m}/${y}`;
    }
    case 'month': {
      const [y, m] = iso.split('-');
      return `tháng ${Number(m)}/${y}`;
    }
    case 'quarter': {
      const [y, q] = iso.split('-Q');
      return `quý ${ROMAN_OUT[Number(q)]}/${y}`;
    }
    case 'year':
      return iso.includes('/') ? `giai đoạn ${iso.replace('/', '-')}` : `năm ${iso}`;
    case 'school_year':
      return `năm học ${iso}`;
    case 'semester': {
      const m = /^(\d{4}-\d{4})-S([12])$/.exec(iso);
      return m ? `học kỳ ${m[2] === '1' ? 'I' : 'II'} năm học ${m[1]}` : iso;
    }
  }
}
