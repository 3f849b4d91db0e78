// A question of two parts, each asking its own thing ("When is the exam held, and when are results
// expected?", "Khi nào có điểm thi, còn điểm chuẩn thì ngày nào công bố?"): each part is answered
// on its own, the second within the plan that answered the first, and the two answers are given
// together, their citations numbered in one list.
import type { Answer } from './compose.js';
import { foldChars } from '../corpus/fold.js';
import { wording } from './wording.js';

const EN_ASK = String.raw`(?:when|what|which|who|whom|where|how (?:much|many|long|often)|by (?:when|what date|which date)|to (?:which|whom|what)|from (?:which|what)|on what|is there|are there|does|do|is|are|will|can)`;
// ", and when are results expected?", "; and to which office?"
const EN_SECOND = new RegExp(String.raw`^(.*?\b${EN_ASK}\b.{6,}?)\s*[,;]\s*and\s+(${EN_ASK}\b.{4,})$`, 'iu');
// "What is the total budget … and how much does the parents' association give?": without a comma, only a wh-word after "and".
const EN_WH = String.raw`(?:when|what|which|who|where|how (?:much|many|long|often))`;
const EN_SECOND_BARE = new RegExp(String.raw`^(.*?\b${EN_ASK}\b.{10,}?)\s+and\s+(${EN_WH}\b.{4,})$`, 'iu');
const VI_ASK = String.raw`(?:khi nào|bao giờ|ngày nào|lúc nào|hạn nào|bao nhiêu|mấy|ai|đơn vị nào|cơ quan nào|ở đâu|nơi nào|những gì|gì|nào)`;
// "…, còn điểm chuẩn thì ngày nào công bố?", "…; còn … ai lo?"
const VI_SECOND = new RegExp(String.raw`^(.*?${VI_ASK}.{3,}?|.{6,}?${VI_ASK}[^,;]*)\s*[,;]\s*còn\s+(.{4,}${VI_ASK}.*)$`, 'iu');

// "…diễn ra những ngày nào? Trường chuyên thi ngày nào?", "Who signed it? When?": two questions one after the other.
const TWO_QUESTIONS = /^([^?]{8,}\?)\s+([^?]{6,}\?)\s*$/u;
const ASKS = new RegExp(`(?:^|[^\\p{L}])(?:${EN_ASK}|${VI_ASK})(?![\\p{L}])`, 'iu');
// "…do ai làm Trưởng ban và phải hoàn thành trước ngày nào?": a question word on each side of "và".
const VI_AND = new RegExp(String.raw`^(.*?(?<![\p{L}])(?:ai|đơn vị nào|cơ quan nào|bao nhiêu|mấy)(?![\p{L}]).{3,}?)\s+và\s+((?:phải\s+|được\s+|sẽ\s+)?.{4,}(?<![\p{L}])(?:khi nào|bao giờ|ngày nào|lúc nào|thời gian nào|ở đâu)(?![\p{L}]).*)$`, 'iu');

const WHOLE_ASKED = /\b(budget|funding|funds|cost|costs|money|amount|quota|target|places|posts|staff)\b/iu;
const PART_OF = /\s+(?:of (?:it|that|this|which|them|these|those))\b/iu;
const POINTS_BACK = /\b(it|its|the figure|that figure|this figure|the same|that|this|they|them|those|these|the rate|the share|the number|the amount)\b|(?<![\p{L}])(đó|này|ấy|như vậy|con số)(?![\p{L}])/iu;

/** The two parts of a question that asks two things, or null. */
export function twoParts(question: string): [string, string] | null {
  const q = question.normalize('NFC').trim();
  const two = TWO_QUESTIONS.exec(q);
  const m = EN_SECOND.exec(q) ?? EN_SECOND_BARE.exec(q) ?? VI_SECOND.exec(q) ?? (two && ASKS.test(two[1]) && ASKS.test(two[2]) ? two : null) ?? VI_AND.exec(q);
  if (!m) return null;
  const first = m[1].trim().replace(/[,;]$/, '');
  // "…total budget …, and how much of it is from the provincial budget?": a part of what the first asks
  // about, asked in the plan that answers the first, names it ("of the budget") instead of "it".
  const whole = WHOLE_ASKED.exec(first)?.[1];
  const second = m[2].trim().replace(PART_OF, whole ? ` of the ${whole.toLowerCase()}` : ' ').replace(/\s+/g, ' ');
  // "…, and what is the figure for lower secondary?": a part that points back needs the first; asked whole.
  if (POINTS_BACK.test(second)) return null;
  return first.length >= 8 && second.length >= 6 ? [first, second] : null;
}

// The levels of schooling a question may set side by side, folded ("mầm non và GDTX", "for
// preschool and for continuing education"): each is asked of the plan on its own.
const LEVEL_MENTIONS: RegExp[] = [
  /\b(mam non|mau giao|nha tre|preschool|kindergarten|nursery)\b/g,
  /\b(tieu hoc|primary)\b/g,
  /\b(thcs|trung hoc co so|lower[ -]secondary)\b/g,
  /\b(thpt|trung hoc pho thong|upper[ -]secondary|high school)\b/g,
  /\b(gdtx|gdnn-gdtx|giao duc thuong xuyen|continuing education)\b/g,
];
const COMPARES = /\b(compar\w*|so sanh|khac nhau|differ\w*|versus|vs|lan luot|respectively)\b/;
// What joins the two levels ("and for", "và của giáo viên", "với"), within a few words.
const JOINS = /^(\s*,?\s*(and|or|va|voi|hoac|so voi|compared with)\b[^,;?]{0,30})$/;

/**
 * "Chỉ tiêu … của giáo viên mầm non và của giáo viên GDTX khác nhau thế nào?": a comparison of two
 * levels of one plan, asked as two questions, each naming one level (the other's words left out);
 * null when the question sets no two levels side by side.
 */
export function levelParts(question: string): [string, string] | null {
  const q = question.normalize('NFC').trim();
  // Folding NFC text keeps each character's place: a match's place in it is its place in the question.
  const f = foldChars(q);
  if (f.length !== q.length || !COMPARES.test(f)) return null;
  const found = LEVEL_MENTIONS.map((re) => [...f.matchAll(re)][0]).filter((m): m is RegExpExecArray => Boolean(m)).sort((a, b) => a.index! - b.index!);
  if (found.length !== 2) return null;
  const [a, b] = found;
  const aEnd = a.index! + a[0].length;
  const bEnd = b.index! + b[0].length;
  if (!JOINS.test(f.slice(aEnd, b.index!))) return null;
  const first = `${q.slice(0, aEnd)}${q.slice(bEnd)}`;
  const second = `${q.slice(0, a.index!)}${q.slice(b.index!)}`;
  return [first.replace(/\s+/g, ' '), second.replace(/\s+/g, ' ')];
}

/** The two answers as one: the second's citations numbered after the first's, one list of sources. */
export function joinAnswers(question: string, first: Answer, second: Answer): Answer {
  const header = wording(first.lang).citationsHeader;
  const split = (a: Answer) => {
    const at = a.answer.lastIndexOf(`\n${header}\n`);
    return at >= 0 ? { body: a.answer.slice(0, at).trimEnd(), sources: a.answer.slice(at + header.length + 2) } : { body: a.answer.trimEnd(), sources: '' };
  };
  const k = first.citations.length;
  const shift = (text: string) => text.replace(/\[(\d+)\]/g, (_, n: string) => `[${Number(n) + k}]`);
  const a = split(first);
  const b = split(second);
  const sources = [a.sources, shift(b.sources)].filter(Boolean).join('\n');
  return {
    ...first,
    question,
    answer: `${a.body}\n\n${shift(b.body)}${sources ? `\n\n${header}\n${sources}` : ''}`,
    citations: [...first.citations, ...second.citations.map((c) => ({ ...c, n: c.n + k }))],
  };
}
