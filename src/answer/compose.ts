// The extractive composer: quotes the sentences that best answer the question, each with
// its citation, or abstains and lists the nearest clauses when the evidence is weak.
// Pure: takes the understanding and the retrieved clauses, returns the answer.
import { foldChars, foldForMatch, syllables } from '../corpus/fold.js';
import { datesLike, statesDate, statesDay, statesSpan } from './dateStated.js';
import { hasDiacritics, wordsOf, writesWord } from './vocabulary.js';
import { abbreviationVariants } from './abbreviations.js';
import { render, wording } from './wording.js';
import { composeLeads } from './leads.js';
import type { ClauseFacts } from '../store/facts.js';
import type { ClauseRow } from '../store/repository.js';
import { clauseTitle } from '../store/repository.js';
import type { Understanding, Lang, Intent } from './understand.js';
import { coverage, sentencesOf, bestWindow, textUnits, unitsWithNearPairs, quotable, type UnitWeights } from './evidence.js';
import { vietnamesePlaceName } from './translate.js';

export interface Citation {
  n: number;
  clauseId: string;
  docId: string;
  docTitle: string;
  section: string;
  heading: string;
  quote: string;
  /** Present when the cited document is an older version of a plan, replaced by supersededBy. */
  superseded?: true;
  supersededBy?: string;
  /** A clause read by OCR from a scan: the page it starts on and its words' mean confidence (0–1). */
  page?: number;
  ocrConfidence?: number;
}

/**
 * What kind of reply this is: an answer; "not sure" (passages that come close, shown as passages
 * and not as an answer); or "the plans do not say" (nothing relevant). Both non-answers are
 * `abstained`.
 */
export type Outcome = 'answer' | 'unsure' | 'not_found';

/**
 * Why a question was not answered, for measuring which mechanism abstains (the evaluation counts
 * false abstentions by reason without anyone reading held-out questions):
 * - no_passage: nothing was retrieved, or no plan is for the place or year asked;
 * - nothing_stated: passages were found, but none gives the figure or date asked for;
 * - weak_evidence: the best passage holds too little of what the question asks;
 * - concept_absent: a concept the question hinges on is written in no plan in scope;
 * - false_friend: a word the question writes is no plan's word (only its folded look-alike is);
 * - unknown_document: the question names a document by a number no plan has;
 * - field_missing: a document's field asked for (its signer, its date) that its header does not give;
 * - unreadable: no words, or not in a language planbot reads.
 */
export type AbstainReason = 'no_passage' | 'nothing_stated' | 'weak_evidence' | 'concept_absent' | 'false_friend' | 'unknown_document' | 'field_missing' | 'unreadable';

export interface Answer {
  question: string;
  lang: Lang;
  intent: Intent;
  outcome: Outcome;
  answer: string;
  abstained: boolean;
  citations: Citation[];
  /** Set when the question was not answered. */
  reason?: AbstainReason;
}

export interface Candidate {
  clause: ClauseRow;
  /** Reciprocal-rank fusion score from retrieval. */
  fused: number;
}

export interface DocNames {
  title: string;
  shortName: string;
  /** The newer version of this plan, when this document is an older one. */
  supersededBy?: string | null;
  /** Read by OCR from a scan: its citations say the text may hold recognition errors. */
  ocr?: boolean;
}

/** Evidence below this abstains. Calibrated on the evaluation set (see test/eval). */
export const DEFAULT_THRESHOLD = 0.35;
/**
 * Below the threshold but at least this much of the question's weight found in one passage: the
 * passages are shown as the closest ones ("not sure"); below it, the plans do not say.
 * Calibrated on the tuning split with the threshold.
 */
export const UNSURE_FLOOR = 0.2;


// A table row's figures by year ("Năm 2025: 72 | Năm 2027: 70 | Năm 2030: 65").
// "Năm 2027: 95", and a table's year column as a row names it ("2027: 99,5").
const YEAR_LABEL = /(?<![\p{L}\d/.,-])(?:[Nn]ăm\s+)?((?:19|20)\d\d)\s*:\s*\d/gu;
/** The text gives figures for two or more years, none of them the year asked. */
export function figuresForOtherYears(text: string, year: number | null, schoolYear: string | null = null): boolean {
  // A line headed by another school year ("Năm học 2023-2024, toàn tỉnh có … xếp loại Tốt 38,4%"
  // in a letter for 2024-2025: last year's results) gives that year's, unless it names the one asked too.
  const sy = schoolYear ? SCHOOL_YEAR_HEADED.exec(text) : null;
  if (sy && schoolYear && `${sy[1]}-${sy[2]}` !== schoolYear) {
    const [a, b] = schoolYear.split('-');
    return !new RegExp(`(?<!\\d)${a}\\s*[-–/]\\s*${b}(?!\\d)`).test(text);
  }
  if (!year) return false;
  // A line headed by its year ("Năm 2025: công nhận mới ít nhất 05 trường", "Đến năm 2027, …") gives that year's.
  const years = [...text.matchAll(YEAR_LABEL)].map((m) => Number(m[1]));
  if (years.length >= 2) return !years.includes(year);
  const headed = YEAR_HEADED.exec(text);
  return headed !== null && Number(headed[1]) !== year && !new RegExp(`(?<!\\d)${year}(?!\\d)`).test(text);
}
const SCHOOL_YEAR_HEADED = /^[-–•+*\s]*(?:(?:Trong|Kết quả)\s+)?[Nn]ăm học\s+(\d{4})\s*[-–/]\s*(\d{4})\s*[:,]/u;
const YEAR_HEADED = /^(?:[Nn]ăm|(?:Đến|Trong|Phấn đấu đến)\s+(?:hết\s+|cuối\s+)?năm)\s+(\d{4})\s*[:,]\s*\D/u;

// "160.000 đồng/trẻ/tháng", "40 (Bốn mươi) triệu đồng/hộ", "500.000đ".
// A table's figures are amounts when its unit line says so ("Tổng cộng: 186.500 | ĐVT: triệu đồng").
const statesMoney = (text: string) =>
  /\d(?:[\d.,]*\d)?\s*(?:\([^)]{1,40}\)\s*)?(?:đồng|triệu|tỷ|nghìn|ngàn|USD|VNĐ|VND|đ)(?!\p{L})/iu.test(text) ||
  (/\d/.test(text.replace(/ĐVT\s*:.*$/u, '')) && /ĐVT\s*:?\s*(?:triệu|tỷ|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND)/iu.test(text));
/** A span of time stated ("90 phút", "05 ngày"). */
const DURATION_STATED = /\d+(?:[.,]\d+)?\s*(?:\([\p{L} ]+\)\s*)?(phút|giờ|tiếng|ngày|tuần|tháng|năm|tiết|buổi)(?!\p{L})/giu;
/** A span of time stated; in the unit asked when a count of one is asked ("mấy ngày": "2 buổi/ngày" is none; "hours" are also "tiếng"). */
const statesDuration = (text: string, unit: string | null = null) =>
  [...text.matchAll(DURATION_STATED)].some((m) => !unit || unit.split('|').some((x) => m[1].toLowerCase() === x || (x === 'giờ' && m[1].toLowerCase() === 'tiếng')));
/** A time of day stated: "10h00", "8h", "17 giờ 00", "7:30". */
const statesTime = (text: string) => /(?<![\d/])\d{1,2}\s*(?:h|giờ)\s*\d{0,2}(?![\p{L}\d])|(?<![\d/])\d{1,2}:\d{2}(?!\d)/iu.test(text);
/** A share stated; a table's figures are shares when its unit line says so ("ĐVT: %", "(%)"). */
const statesPercent = (text: string) => /\d\s*%|phần trăm|ĐVT\s*:?\s*%|\(\s*%\s*\)/iu.test(text);
/** A figure other than a year ("năm học 2023 - 2024" states no amount), and other than one the question states itself ("trẻ 5 tuổi" asked: "5 tuổi" is what it is about, not its answer). */
export const statesFigure = (text: string, asked: readonly string[] = []) =>
  /\d/.test(
    asked
      .reduce((t, n) => t.replace(n === AGE_SPAN ? new RegExp(AGE_SPAN, 'giu') : new RegExp(`(?<![\\d.,/])${n.replace(/[.,]/g, '[.,]')}(?![\\d.,/%])`, 'g'), ''), text)
      // a date, a grade, an article or a document's number names something, it is not an amount
      // ("ngày 27/4/2022" whole: taking "ngày 27" alone would leave "/4/2022" to be read as figures)
      // (but "9/12 trường" is nine schools of twelve, a count)
      .replace(/(?:ngày\s+)?\d{1,2}\s*\/\s*\d{1,2}(?:\s*\/\s*\d{2,4})?(?!\d|\s+(?:trường|xã|phường|huyện|đơn vị|cơ sở|điểm trường|học sinh|HS|giáo viên|GV|cán bộ|người|trẻ|lớp|phòng|thôn|bản|tổ)(?!\p{L}))|ngày\s+\d{1,2}(\s+tháng\s+\d{1,2})?|\d{1,2}\s+tháng\s+\d{1,2}/giu, '')
      // "tháng 12" names a month ("3 tháng" is a span, and stays)
      .replace(/tháng\s+\d{1,2}(?!\d)/giu, '')
      .replace(/(?<!\d)(?:19|20)\d\d(?!\d)/g, '')
      .replace(/(lớp|điều|khoản|mục|số|chương|phụ lục|quý|học kỳ)\s+[\dIVX]+(?:[./]\S*)?/giu, '')
      .replace(/\d+\/(?:\d{4}\/)?[\p{L}Đđ&-]+/gu, '')
      // …and a number that is part of a name ("Covid-19", "SARS-CoV-2", "PCGDMN5T", "B2") is not one either
      .replace(/\p{L}+-\d+\b/gu, '')
      .replace(/\p{L}+\d+\p{L}*/gu, ''),
  );


const STATES_AGE = /\d{1,2}\s*tuổi|\d{1,2}[- ]years?[- ]olds?|aged \d/iu;
const ASKS_AGE = /\b(bao nhieu tuoi|may tuoi|do tuoi nao|tuoi nao|how old|what age|which age|age group)\b/;
/** The pattern statesFigure takes out for ages (it joins the question's numbers, as a source). */
const AGE_SPAN = '(?:từ\\s+)?\\d{1,2}(?:\\s*(?:đến|-|–)\\s*(?:dưới\\s+)?\\d{1,2})?\\s*tuổi';
/** The numbers a question writes itself ("trẻ 5 tuổi", "lớp 9"), years aside: each question's once. */
const askedFigures = new WeakMap<Understanding, string[]>();
function figuresAsked(u: Understanding): string[] {
  let out = askedFigures.get(u);
  if (!out) {
    out = [...new Set(u.question.match(/(?<![\d.,/])\d{1,3}(?:[.,]\d+)?(?![\d/])/g) ?? [])];
    // An age names who is spoken of when the question names one itself ("trẻ 5 tuổi": "trẻ từ 0 đến 5
    // tuổi" is who, not how many), unless the age is what is asked (taken out first, whole).
    if (STATES_AGE.test(u.question) && !ASKS_AGE.test(folded(u.question).toLowerCase())) out.unshift(AGE_SPAN);
    askedFigures.set(u, out);
  }
  return out;
}

interface Scored {
  c: Candidate;
  evidence: number;
  rank: number;
  quote: string;
  /** The best sentence, as written in the clause. */
  sentence: string;
  /** …with what heads it (headings, lead line). */
  ground: string;
}

/** Table cells (tab-separated in the text) shown with a visible separator. */
const cells = (quote: string) => quote.replace(/\t+/g, ' | ');

const IMPLEMENTATION = /to chuc thuc hien/;
const TARGETS = /chi tieu|muc tieu/;

const LEVEL_WORDS: Record<string, RegExp> = {
  'mầm non': /mam non|mau giao|nha tre|\bmn\b/,
  'tiểu học': /tieu hoc|lop [1-5](?!\d)/,
  THCS: /thcs|trung hoc co so|lop [6-9](?!\d)/,
  THPT: /thpt|trung hoc pho thong|lop 1[0-2](?!\d)/,
  GDTX: /gdtx|giao duc thuong xuyen/,
};

/** Small nudges from what the question says beyond its words: intent, level, preferred plan. */
// Clause sentences and headings recur from question to question: fold each once.
const FOLD_CACHE_MAX = 50_000;
const foldCache = new Map<string, string>();
function folded(text: string): string {
  let f = foldCache.get(text);
  if (f === undefined) {
    f = foldChars(text);
    if (foldCache.size >= FOLD_CACHE_MAX) foldCache.clear();
    foldCache.set(text, f);
  }
  return f;
}

function boost(u: Understanding, clause: ClauseRow): number {
  const context = folded([...clause.breadcrumb, clause.heading].join(' '));
  let b = 0;
  if (u.intent === 'responsibility' && IMPLEMENTATION.test(context)) b += 0.15;
  if (u.intent === 'target' && (TARGETS.test(context) || /\d%/.test(clause.text))) b += 0.1;
  if (u.level && (LEVEL_WORDS[u.level].test(context) || LEVEL_WORDS[u.level].test(folded(clause.text)))) b += 0.05;
  if (u.preferDocIds.includes(clause.docId)) b += 0.05;
  // "Có được … không?": of lines alike, the one that permits or forbids answers it.
  if (u.yesNo && PERMITS_OR_FORBIDS.test(folded(clause.text).toLowerCase())) b += 0.05;
  // "What are the police asked to do?": the section the agency heads ("2. Công an tỉnh:") holds its duties.
  if (u.agencyDuties && headedByAsked(u, clause)) b += 0.15;
  // A table's total row ("Tổng cộng") answers for the whole plan when the question names no row of its own.
  if (clause.kind === 'row' && (u.wantsMoney || u.wantsFigure) && TOTAL_ROW.test(folded(clause.heading).toLowerCase().trim())) b += TOTAL_ROW_BOOST;
  // "Năm 2027 … bao nhiêu?": a figure labelled by the year asked ("2027: 99,5", "Năm 2027: …") before one for no year.
  if (u.year && (u.wantsFigure || u.intent === 'target') && labelsYear(clause.text, u.year)) b += YEAR_LABEL_BOOST;
  return b;
}
const PERMITS_OR_FORBIDS = /\b(khong|nghiem cam|cam(?! ket)|duoc phep|bat buoc|phai)\b/;
/** Rank a figure labelled by the year asked gains (set before measuring). */
const YEAR_LABEL_BOOST = 0.1;
const labelsYear = (text: string, year: number) => [...text.matchAll(YEAR_LABEL)].some((m) => Number(m[1]) === year);

const TOTAL_ROW = /^(tong cong|tong so|tong|cong|toan huyen|toan tinh|toan thanh pho|toan xa|toan nganh)$/;
/** Rank added to a total row for an amount or count asked (0.05 moves nothing, 0.1 one held item, nothing lost). */
const TOTAL_ROW_BOOST = 0.1;

function headedByAsked(u: Understanding, clause: ClauseRow): boolean {
  // "Trách nhiệm của Ủy ban nhân dân các xã" heads the commune committees' duties as "UBND xã:" does.
  const plain = (text: string) => ` ${syllables(text).filter((x) => x !== 'cac' && x !== 'nhung').join(' ')}`;
  const head = plain(clause.heading).replace(DUTIES_OF, ' ');
  return u.keyTerms.some((t) => t.crisp && (t.phrases ?? []).some((p) => head.startsWith(plain(p))));
}
const DUTIES_OF = /^ (trach nhiem|nhiem vu|nhiem vu va quyen han|trach nhiem va quyen han) (cua|doi voi) /;

/** Levels a text names ("THCS", "mầm non"…). */
function levelsIn(folded: string): Set<string> {
  return new Set(Object.entries(LEVEL_WORDS).filter(([, re]) => re.test(folded)).map(([level]) => level));
}

/**
 * A sentence about another level does not answer for the level asked: "tốt nghiệp THPT" is not
 * answered by the GDTX line of the same clause. The context (headings) may name the level instead.
 */
function levelFit(u: Understanding, sentence: string, contextText: string, lead: string | null = null, title = ''): number {
  if (!u.level) return 1;
  const titled = title ? levelsIn(folded(title)) : new Set<string>();
  // In a plan whose title is for the level asked ("tuyển sinh lớp 10"), another level a line names
  // is named in passing ("nộp đơn tại trường THCS"); elsewhere the line is that level's.
  const other = titled.has(u.level) ? OTHER_LEVEL_TITLED : OTHER_LEVEL;
  // What heads the line decides: "GDTX: … tốt nghiệp THPT trên 90%" is the GDTX figure.
  const led = lead ? levelsIn(folded(lead)) : new Set<string>();
  if (led.size) return led.has(u.level) ? 1 : other;
  const own = levelsIn(folded(sentence));
  const ctx = levelsIn(folded(contextText));
  // Under another level's heading, the level asked named in passing ("hoàn thành chương trình
  // Tiểu học vào lớp 6" in the THCS section) is that section's line, not the asked level's.
  if (own.has(u.level)) return ctx.size > 0 && !ctx.has(u.level) ? IN_PASSING : 1;
  if (own.size > 0) return other;
  if (ctx.size > 0 && !ctx.has(u.level)) return 0.8;
  // A plan whose title limits it to other levels ("… học sinh tiểu học, trung học cơ sở") speaks of them throughout.
  if (titled.size > 0 && !titled.has(u.level)) return 0.8;
  return 1;
}

// The tier of government a budget or a committee is of ("ngân sách cấp xã", "UBND tỉnh", "the
// district budget"): a line that names another tier for it, and not the one asked, is that tier's
// ("Ngân sách cấp huyện: 452 tỷ đồng" does not say what the communes give).
const TIER_OF = /\b(?:cap|ngan sach|uy ban nhan dan|ubnd)\s+(trung uong|tinh|huyen|xa)\b/g;
const TIER_EN = /\b(central|provincial|province|district|commune)(?:[- ]level)?\s+(?:budget|funds?|funding|people's committee|government)\b/g;
const TIER_OF_EN: Record<string, string> = { central: 'trung uong', provincial: 'tinh', province: 'tinh', district: 'huyen', commune: 'xa' };
function tiersIn(f: string): Set<string> {
  return new Set([...f.matchAll(TIER_OF)].map((m) => m[1]));
}
function tierAsked(u: Understanding): string | null {
  const f = folded(u.question).toLowerCase();
  const tiers = new Set([...tiersIn(f), ...[...f.matchAll(TIER_EN)].map((m) => TIER_OF_EN[m[1]])]);
  return tiers.size === 1 ? [...tiers][0] : null;
}
function tierFit(tier: string | null, sentence: string): number {
  if (!tier) return 1;
  const own = tiersIn(folded(sentence).toLowerCase());
  return own.size > 0 && !own.has(tier) ? OTHER_LEVEL : 1;
}

// Who runs the schools a text speaks of (folded, lower case): "ngoài công lập" is private.
const PRIVATE_NAMED = /\b(ngoai cong lap|tu thuc|dan lap|tu nhan)\b/;
const PUBLIC_NAMED = /(?<!ngoai )\bcong lap\b/;
function ownershipsIn(f: string): Set<string> {
  const out = new Set<string>();
  if (PRIVATE_NAMED.test(f)) out.add('private');
  if (PUBLIC_NAMED.test(f)) out.add('public');
  return out;
}

/**
 * Public and private schools are set apart as levels are: "giáo viên trường công lập" is not
 * answered by the line for "dân lập, tư thục", nor by a plan whose title limits it to them.
 */
function ownershipFit(u: Understanding, sentence: string, contextText: string): number {
  if (!u.ownership) return 1;
  const own = ownershipsIn(folded(sentence).toLowerCase());
  if (own.has(u.ownership)) return 1;
  if (own.size > 0) return OTHER_OWNERSHIP;
  const ctx = ownershipsIn(folded(contextText).toLowerCase());
  return ctx.size > 0 && !ctx.has(u.ownership) ? OWNERSHIP_IN_CONTEXT : 1;
}
/** Fit of a sentence naming only the other kind of school, and of one under headings or a title that do (as for levels, set before measuring). */
const OTHER_OWNERSHIP = 0.6;
const OWNERSHIP_IN_CONTEXT = 0.8;

/** The level fit of a sentence that names the level asked under another level's heading (set before measuring). */
const IN_PASSING = 0.9;
/**
 * The level fit of a sentence, or of a line headed, naming only other levels than the one asked:
 * in most plans (chosen on the tuning halves: 0.6 → 0.45, +3 / −1; 0.3 worse), and in a plan whose title is for the level asked.
 */
const OTHER_LEVEL = 0.45;
const OTHER_LEVEL_TITLED = 0.6;

// The type line of a document, alone: "KẾ HOẠCH", "HƯỚNG DẪN", "QUYẾT ĐỊNH:".
const TYPE_LINE = /^(ke hoach|quyet dinh|chi thi|huong dan|cong van|thong tu|thong tu lien tich|nghi quyet|nghi dinh|thong bao|bao cao|to trinh|quy dinh|quy che|chuong trinh|de an|phuong an)$/;

/** Weight of a recipients list or signature block's evidence for a question not about them (set before measuring). */
const CLOSING_WEIGHT = 0.5;
const ASKS_RECIPIENTS = /\b(noi nhan|gui (den |cho )?(nhung )?(ai|don vi nao|co quan nao)|recipients?|sent to|copied to|who (gets|receives) (the|this|a copy))\b/;

/** Weight of evidence that needs the sentence before (set before measuring; flat on the tuning halves). */
const PREVIOUS_SENTENCE = 0.85;
/** Share of their weight the words of a plan's title count for in its clauses, when no clause answers without them (chosen on the tuning halves: 0.35–0.85 alike). */
const TITLE_SHARE = 0.5;
/** Share of a question the words naming its plan may cover and still be taken as a name (set before measuring). */
const NAMING_MOST = 0.75;
/** Weight of a plan's title line as an answering sentence: below the threshold, so that it never answers alone (0.25–0.8 alike on the tuning halves). */
const TITLE_LINE = 0.3;
/** Weight of a clause that does not name the commune or ward asked about: below any threshold of answering: it does not answer for that place (set before measuring). */
const PLACE_UNNAMED = 0.25;
/** Weight of a sentence without the share or span of time asked for, a kind of figure a sentence plainly has or has not (set before measuring). */
const KIND_MISSING = 0.5;
/** Weight of a sentence without the kind of thing asked for (chosen on the tuning halves). */
const FOCUS_MISSING = 0.7;
// A document cited by its number ("Kế hoạch số 118/KH-UBND", "Nghị định 20/2014/NĐ-CP"); one of
// the kind asked, when the question names it ("theo kế hoạch nào": "ke hoach so 118/…", folded).
const CITES_DOCUMENT = /\d+\s*\/\s*(?:\d{4}\s*\/\s*)?[\p{Lu}Đ]{2,}/u;
const CITES_KIND = new Map<string, RegExp>();
const citesKind = (kind: string) => CITES_KIND.get(kind) ?? CITES_KIND.set(kind, new RegExp(`\\b${kind}( so)? \\d+ ?/`)).get(kind)!;
// "Theo đề nghị của Giám đốc Sở…", "Xét Tờ trình số …" (folded).
const PROPOSED_BY = /\b(de nghi cua|xet de nghi|to trinh)\b/;
// A place named: "Địa điểm: …", "tại Nhà thi đấu …", "ở trường …", or where a file goes ("gửi Ủy ban
// nhân dân xã", "nộp về Phòng GD&ĐT"); as written, a place has capitals or a site word.
const STATES_PLACE = /[Đđ]ịa điểm|ĐỊA ĐIỂM|(?:^|\s)(?:[Tt]ại|[Ởở]|gửi|nộp|về|đến)\s+(?:các\s+)?(?:\p{Lu}|trường|nhà|hội trường|sân|trung tâm|phòng|điểm|cơ sở|khu)/u;
const AGENCY_LIKE = /\b(uy ban|ubnd|hdnd|phong|so|bo|ban|cong an|truong|hoi|doan|trung tam|chu tich|giam doc|thu tuong|chinh phu|kho bac|ngan hang|buu dien|cuc|chi cuc|vien|van phong|hoi dong|mat tran|lien doan|dai|thu truong|lanh dao|co quan|don vi|bao hiem xa hoi|bhxh|tram y te|benh vien|hieu truong|giao vien chu nhiem|to chuyen mon|to tu van|nha truong|cong ty|doanh nghiep)\b/;

/**
 * The question's focus: a target is answered by a figure, a deadline by a date or a period, a
 * responsibility by an agency (in the sentence or the headings above it). A sentence without the
 * thing asked for weighs less, however many of the question's words it shares.
 */
function focusFit(u: Understanding, sentence: string, contextText: string): number {
  const f = folded(sentence).toLowerCase();
  // "Mấy lần", "bao nhiêu", "khi nào": whatever the intent, the sentence must give what is asked.
  if ((u.aspect === 'target' || u.wantsFigure) && !statesFigure(sentence, figuresAsked(u))) return FOCUS_MISSING;
  // "Bao nhiêu phần trăm?": a count ("14 trường") is a figure, but not the share asked for.
  if (u.wantsPercent && !statesPercent(sentence)) return KIND_MISSING;
  // "Trước mấy giờ?": a time of day ("10h00"), not a date alone.
  if (u.wantsTime && !statesTime(sentence)) return KIND_MISSING;
  // "Từ lúc nào đến lúc nào?": a span ("từ học kỳ II năm học 2025-2026 đến hết năm học 2029-2030"), not one date.
  if (u.wantsSpan && !statesSpan(sentence)) return KIND_MISSING;
  // "Bao lâu?", "how long?": a span of time ("90 phút", "05 ngày"), not a count of something else.
  if (u.wantsDuration && !statesDuration(sentence, u.durationUnit)) return KIND_MISSING;
  // "How much do they get?": an amount of money ("160.000 đồng/trẻ/tháng"), not a share of children.
  if (u.wantsMoney && !statesMoney(sentence)) return KIND_MISSING;
  // "How much … per month?", "mỗi tháng được bao nhiêu?": an amount per month ("160.000 đồng/trẻ/tháng"), not a one-off sum.
  if (u.askedRate && (u.wantsMoney || u.wantsFigure || u.intent === 'target') && !textUnits(sentence).has(u.askedRate)) return KIND_MISSING;
  // "Lương … là bao nhiêu?": a figure of something else ("tỷ lệ giáo viên đạt chuẩn 89,1%") does not answer.
  if (u.measured && !mentions(`${sentence} ${contextText}`, u.measured)) return FOCUS_MISSING;
  // (A time of day asked, "mấy giờ", is a time stated: "14 giờ 30".)
  if (u.wantsDate && !statesDate(sentence) && !(u.wantsTime && statesTime(sentence))) return FOCUS_MISSING;
  if (u.wantsPlace && !STATES_PLACE.test(sentence) && !STATES_PLACE.test(contextText)) return FOCUS_MISSING;
  if (u.wantsBasis && !(u.basisKind ? citesKind(u.basisKind).test(f) : CITES_DOCUMENT.test(sentence))) return FOCUS_MISSING;
  if (u.wantsProposer && !PROPOSED_BY.test(f)) return FOCUS_MISSING;
  if (u.wantsDay && !statesDay(f)) return FOCUS_MISSING;
  if (u.aspect === 'deadline' && !datesLike(sentence) && !(u.wantsTime && statesTime(sentence))) return FOCUS_MISSING;
  // A day named ("15/6/2013", "ngày 15 tháng 6") says more than a year alone.
  if (u.aspect === 'deadline' && !statesDay(f)) return 0.9;
  if (u.aspect === 'responsibility' && !AGENCY_LIKE.test(f) && !AGENCY_LIKE.test(folded(contextText).toLowerCase())) return FOCUS_MISSING;
  return 1;
}

/** The text names the place, in any spelling ("Ea Uy" or "ea uy"). */
function namesPlace(text: string, place: string): boolean {
  return ` ${syllables(text).join(' ')} `.includes(` ${syllables(vietnamesePlaceName(place) ?? place).join(' ')} `);
}

/** The text has the word: as written when it is written with marks, in any spelling when not. */
function mentions(text: string, word: string): boolean {
  return hasDiacritics(word) ? writesWord(new Set(wordsOf(text)), word) : textUnits(text).has(syllables(word)[0]);
}

/** What a quote must hold for the question, when it asks for a kind of thing: a day, a date, a figure. */
function carriesAsked(u: Understanding): ((window: string) => boolean) | undefined {
  if (u.wantsTime) return statesTime;
  if (u.wantsSpan) return statesSpan;
  if (u.wantsDay) return (x) => statesDay(folded(x).toLowerCase());
  if (u.wantsDate) return statesDate;
  if (u.wantsPercent) return statesPercent;
  if (u.wantsDuration) return (x) => statesDuration(x, u.durationUnit);
  if (u.wantsMoney) return statesMoney;
  if (u.wantsFigure || u.intent === 'target') return (x) => statesFigure(x, figuresAsked(u));
  if (u.intent === 'deadline') return datesLike;
  return undefined;
}

/** A short line ending in a colon that heads the lines after it ("- Giáo dục THCS:", "Về số lượng:"). */
const LEAD_LINE = /^[-–•+*]?\s*([^.;:]{3,60}):\s*$/;

/** A line's own label: "THPT: Tỷ lệ …", "GDTX: Xếp loại …" (short, before a colon, at the head of the line). */
const LINE_LABEL = /^[-–•+*]?\s*([^.;:,()]{2,30}):\s+\S/;

/**
 * The sentences of a clause, each with what heads it: the lead line above it in the clause
 * ("Giáo dục THCS:"), or the label its own line opens with ("GDTX: …"), the nearer winning.
 */
function sentencesUnderLeads(text: string): { sentence: string; lead: string | null; previous: string | null; next: string | null }[] {
  const out: { sentence: string; lead: string | null; previous: string | null; next: string | null }[] = [];
  let lead: string | null = null;
  for (const line of text.split('\n')) {
    const m = LEAD_LINE.exec(line.trim());
    const label = m ? null : LINE_LABEL.exec(line.trim())?.[1] ?? null;
    const sentences = sentencesOf(line);
    sentences.forEach((sentence, k) => out.push({ sentence, lead: m ? null : label ?? lead, previous: sentences[k - 1] ?? null, next: sentences[k + 1] ?? null }));
    if (m) lead = m[1];
  }
  return out;
}

/** A row of column names: three cells or more and no figure. */
const isHeaderRow = (line: string) => line.split(/\t| \| /).length >= 3 && !/\d/.test(line);

/** The text a sentence of a clause refers to ("trường hợp nêu tại Điểm a Khoản 2 Điều 2"), if any. */
/** The text holds every word of one of the phrases, as written (diacritics kept). */
function writesWordsOf(text: string, phrases: string[]): boolean {
  // An abbreviation the text uses stands for its words ("đủ điều kiện ATTP": "an toàn thực phẩm").
  const words = new Set([text, ...abbreviationVariants(text)].flatMap((t) => wordsOf(t)));
  return phrases.some((p) => wordsOf(p).every((x) => words.has(x)));
}

/** The folded, lower-case words of a text. */
function foldedWordsOf(text: string): Set<string> {
  return new Set(wordsOf(text).map((x) => foldChars(x).toLowerCase()));
}

/** The question writes the word with a capital, not as its first word: part of a name. */
function namedInQuestion(question: string, word: string): boolean {
  const words = [...question.normalize('NFC').matchAll(/\p{L}+/gu)];
  return words.some((m, i) => i > 0 && m[0].toLowerCase() === word && /^\p{Lu}/u.test(m[0]));
}

/** A word of the question written with marks that the plans mostly write otherwise (see the answerer). */
export interface MarkedWord {
  word: string;
  /** Its folded unit. */
  unit: string;
  /** The share of its folded form the plans write as it is. */
  share: number;
}

/** Takes out of the units each marked word's unit (and the pairs with it) where the texts write it only as another word. */
function withoutLookAlikes(units: Set<string>, marked: MarkedWord[], texts: string[]): void {
  let words: Set<string> | null = null;
  for (const m of marked) {
    if (!units.has(m.unit)) continue;
    words ??= new Set(texts.flatMap(wordsOf));
    if (writesWord(words, m.word)) continue;
    for (const x of [...units]) if (x === m.unit || x.split(/[_~]/).includes(m.unit)) units.delete(x);
  }
}

export type ReferenceLookup = (clause: ClauseRow, sentence: string) => string | null;

function scoreCandidates(u: Understanding, candidates: Candidate[], w: UnitWeights, refs?: ReferenceLookup, marked: MarkedWord[] = [], titleOf: (docId: string) => string = () => '', titleWords = false): Scored[] {
  const maxFused = Math.max(...candidates.map((c) => c.fused), 1e-9);
  // The recipients list and the signature block say who gets and who signed the plan, not what it
  // sets: they answer only a question about them ("Nơi nhận", "gửi những ai").
  const asksRecipients = ASKS_RECIPIENTS.test(folded(u.question).toLowerCase());
  // "Kế hoạch phòng chống đuối nước: mục tiêu là gì?": words that name the plan and are most of the
  // question are what it asks about, not a name to take as read.
  const namingCredited = u.namingUnits.size > 0 && coverage(u.namingUnits, w) < NAMING_MOST;
  const tier = tierAsked(u);
  return candidates
    .map((c) => {
      // A table row's own line and the lines that name its cells ("Tuần 24", "Thời gian: …") are one row: each is the other's context.
      const rowLines = c.clause.kind === 'row' ? c.clause.text.split('\n') : [];
      const contextText = [...c.clause.breadcrumb, c.clause.heading, ...rowLines.slice(0, 2)].join(' . ');
      const context = unitsWithNearPairs(contextText);
      const title = titleOf(c.clause.docId);
      const titleForMatch = title ? foldForMatch(title) : '';
      const titleUnits = titleWords && title ? textUnits(title) : null;
      // The words naming the plan asked about, where its title holds them.
      const naming = namingCredited && title ? [...textUnits(title)].filter((x) => u.namingUnits.has(x)) : [];
      let best = { evidence: 0, sentence: '', lead: null as string | null, neighbour: null as string | null };
      const [headLine, ...bodyLines] = c.clause.text.split('\n');
      const headSentences = new Set(sentencesOf(headLine));
      const sentences = sentencesUnderLeads(c.clause.text);
      const closingFit = c.clause.kind === 'closing' && !asksRecipients ? CLOSING_WEIGHT : 1;
      // "Xã Ea Uy được xây bao nhiêu phòng học?": a clause that does not name the commune asked about does not answer for it.
      const placeFit = u.subPlaces.every((p) => namesPlace(`${contextText} . ${c.clause.text}`, p)) ? 1 : PLACE_UNNAMED;
      for (const { sentence: s, lead, previous, next } of sentences) {
        // A table's header row repeated in each row ("TT | Nội dung công việc | Đơn vị chủ trì | …") names columns: it answers nothing.
        if (isHeaderRow(s)) continue;
        // A type line ("HƯỚNG DẪN", "KẾ HOẠCH") names the kind of document: it answers nothing.
        if (TYPE_LINE.test(folded(quotable(s)).toLowerCase().trim())) continue;
        // A line such as "Giáo dục THCS:" heads the lines below it: they speak of its level.
        const ctxText = lead ? `${contextText} . ${lead}` : contextText;
        const referred = refs?.(c.clause, s);
        const units = new Set([...unitsWithNearPairs(s), ...context, ...(lead ? textUnits(lead) : []), ...(referred ? textUnits(referred) : [])]);
        // …for a clause that says something of the rest of the question.
        if (naming.length && coverage(units, w, true) > 0) for (const x of naming) units.add(x);
        // "lương" asked, "chất lượng" written: the folded unit is not the word asked.
        if (marked.length) withoutLookAlikes(units, marked, [s, contextText, lead ?? '', referred ?? '', previous ?? '']);
        // The heading line repeats the context; among equals a body sentence says more.
        // The sentence before it in the paragraph may name what it speaks of ("UBND cấp xã … tạm ứng.
        // Mức tạm ứng tối đa không vượt quá 60%"): its words count, for a little less.
        const own = coverage(units, w, true);
        // (Only worth the second count for a sentence that does not stand on its own.)
        // (Its look-alikes of a word the question writes with its marks are not that word either.)
        const besides = (x: string) => {
          const extra = new Set(textUnits(x));
          if (marked.length) withoutLookAlikes(extra, marked, [x]);
          return coverage(new Set([...units, ...extra]), w, true) * PREVIOUS_SENTENCE;
        };
        const withPrevious = previous && own < DEFAULT_THRESHOLD ? besides(previous) : 0;
        // …and so may the sentence after it ("Thời hạn gửi kế hoạch: trước ngày 30/9. Các trường THPT … gửi về Sở GDĐT").
        const withNext = next && own < DEFAULT_THRESHOLD ? besides(next) : 0;
        // Second pass only: the words of the plan's title hold for each of its clauses ("Mức hỗ
        // trợ: 160.000 đồng/trẻ/tháng" of a resolution on the children of industrial-zone workers),
        // for half of what they would count written in the clause.
        const base = Math.max(own, withPrevious, withNext);
        const withTitle = titleUnits ? base + (coverage(new Set([...units, ...titleUnits]), w, true) - base) * TITLE_SHARE : base;
        // The title line names what the plan is about: it answers only when nothing in the body does.
        const titleLine = titleForMatch && s.length > 15 && titleForMatch.includes(foldForMatch(quotable(s))) ? TITLE_LINE : 1;
        const ev = titleLine * withTitle * levelFit(u, s, ctxText, lead, title) * tierFit(tier, s) * ownershipFit(u, lead ? `${lead} . ${s}` : s, `${ctxText} . ${title}`) * focusFit(u, s, ctxText) * closingFit * placeFit - (bodyLines.length > 0 && headSentences.has(s) ? 0.001 : 0);
        // The neighbour whose words counted is part of what the sentence stands on (a false friend in it is seen).
        const neighbour = base > own ? (withNext > withPrevious ? next : previous) : null;
        if (ev > best.evidence) best = { evidence: ev, sentence: s, lead, neighbour };
      }
      const quote = bestWindow(best.sentence || sentences[0]?.sentence || c.clause.heading, w, context, carriesAsked(u));
      const rank = best.evidence + 0.15 * (c.fused / maxFused) + boost(u, c.clause);
      return { c, evidence: best.evidence, rank, quote, sentence: best.sentence, ground: [contextText, best.lead ?? '', best.sentence, best.neighbour ?? ''].join(' . ') };
    })
    .sort((a, b) => b.rank - a.rank);
}

// PLANBOT_TRACE=1: the question's terms and the best passages' evidence on stderr, for an
// administrator asking why a question was (not) answered.
function trace(w: UnitWeights, all: Scored[]): void {
  const terms = w.terms.map((t) => `${t.alternatives.map((a) => a.units.join('+')).join(' | ')} w${(t.weight / w.total).toFixed(2)}${t.crisp ? ' crisp' : ''}${t.absent ? ' ABSENT' : ''}`);
  process.stderr.write(`terms:\n  ${terms.join('\n  ')}\n`);
  for (const s of all.slice(0, 5)) {
    const have = unitsWithNearPairs(s.ground);
    const units = [...w.unit].map(([u, x]) => `${have.has(u) ? '+' : have.has(u.replace('_', '~')) ? '~' : '-'}${u}:${x.toFixed(1)}`);
    process.stderr.write(`${s.evidence.toFixed(3)} rank ${s.rank.toFixed(3)} ${s.c.clause.id}: ${s.sentence.slice(0, 140)}\n    ${units.join(' ')}\n`);
  }
}

export async function compose(
  u: Understanding,
  candidates: Candidate[],
  w: UnitWeights,
  docs: Map<string, DocNames>,
  opts: { threshold?: number; unsureFloor?: number; maxQuotes?: number; facts?: ClauseFacts; unknownWords?: string[]; refs?: ReferenceLookup; marked?: MarkedWord[] } = {},
): Promise<Answer> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const lang = u.lang;
  const base = { question: u.question, lang, intent: u.intent };
  // "Bao nhiêu?" is answered by a figure: a sentence with none does not answer it.
  // An amount of money asked for is answered by an amount, whatever else the passage holds; a
  // year asked, not by a table row that gives its figures for other years.
  // An amount per month asked: a one-off sum does not answer it.
  const rate = u.wantsMoney ? u.askedRate : null;
  // A year that none of the plans asked about covers ("năm 2025" of a plan for 2026): only a passage that names it answers for it.
  // So for a school year none is for ("năm học 2027-2028" of a plan for 2026-2027), written with any dash.
  const sy = u.missingSchoolYear?.split('-');
  // (In the passage itself: its sentence and what heads it, a row with its table's header; not a sentence beside it.)
  const where = (s: Scored) => `${s.ground} . ${s.c.clause.kind === 'row' ? s.c.clause.text : ''}`;
  const yearNamed = (s: Scored) =>
    // (The year itself, not one end of a school year: "2025" is not named by "năm học 2025 - 2026".)
    (!u.missingYear || new RegExp(`(?<!\\d\\s*[-–/]\\s*|\\d)${u.missingYear}(?!\\d|\\s*[-–/]\\s*\\d)`).test(where(s))) &&
    (!sy || new RegExp(`(?<!\\d)${sy[0]}\\s*[-–/]\\s*${sy[1]}(?!\\d)`).test(where(s)));
  const answering = (xs: Scored[]) => xs.filter((s) => (!u.wantsFigure || statesFigure(s.quote, figuresAsked(u))) && (!u.wantsDate || statesDate(s.quote) || (u.wantsTime && statesTime(s.quote))) && (!u.wantsMoney || statesMoney(s.quote)) && (!rate || textUnits(s.quote).has(rate)) && !figuresForOtherYears(s.c.clause.kind === 'row' ? s.c.clause.text : s.quote, u.year, u.schoolYear) && yearNamed(s));
  const titleOf = (d: string) => docs.get(d)?.title ?? '';
  let all = candidates.length ? scoreCandidates(u, candidates, w, opts.refs, opts.marked, titleOf) : [];
  let scored = answering(all);
  // Nothing answers on its own words: once more, with each plan's title as context of its clauses.
  if (candidates.length && !(scored[0]?.evidence >= threshold)) {
    all = scoreCandidates(u, candidates, w, opts.refs, opts.marked, titleOf, true);
    scored = answering(all);
  }
  const top = scored[0];
  if (process.env.PLANBOT_TRACE) {
    trace(w, all);
    process.stderr.write(`answering: ${scored.slice(0, 3).map((s) => `${s.c.clause.id} ${s.evidence.toFixed(3)}`).join(", ")}\n`);
  }
  const name = (c: ClauseRow) => docs.get(c.docId)?.shortName ?? c.docId;
  const source = (c: ClauseRow) => `${name(c)}, §${c.path} ${c.heading}`;
  const cite = (s: Scored, n: number): Citation => clauseCitation(docs, s.c.clause, s.quote, n);
  // "Searched within: Hồng Bàng, năm 2023": the filters the question set, for a reply that does not answer.
  const scopeNote = async () => (u.filterNotes.length ? render(lang, 'scope', { filters: (await Promise.all(u.filterNotes.map((f) => filterNote(lang, f)))).join(', ') }) : '');
  // Close passages shown as passages, marked as not an answer; `after`: lines said below them.
  const unsure = async (passages: Scored[], reason: AbstainReason, after: string[] = [], concept?: string): Promise<Answer> => {
    const citations = passages.map((s, i) => cite(s, i + 1));
    const items = await Promise.all(citations.map((c, i) => render(lang, 'unsureItem', { n: c.n, source: source(passages[i].c.clause), quote: cells(c.quote) })));
    // Each passage is listed once, with its source: no list of sources after it.
    const head = concept ? await render(lang, 'unsureAbsent', { concept, scope: await scopeNote() }) : await render(lang, 'unsure', { scope: await scopeNote() });
    const answer = `${head}\n${[...items, ...after].join('\n')}`;
    return { ...base, outcome: 'unsure', answer, abstained: true, citations, reason };
  };
  const citationList = async (cs: Citation[]) => {
    const lines = await Promise.all(cs.map(async (c) => render(lang, 'citation', { n: c.n, docName: await citedDocName(lang, docs, c.docId), section: c.section, heading: c.heading })));
    return `${wording(lang).citationsHeader}\n${lines.join('\n')}`;
  };

  // The question hinges on a concept no plan has: a glossary term none of whose renderings
  // occurs, or a word written with diacritics that no plan writes ("lương" ≠ "lượng").
  // A rendering the plans do not write as a phrase is still there when the best passage writes
  // its words around the figure ("độ tuổi … Nhà trẻ: Trên 60%" for "nursery-age"); so is one the
  // plans write only with its words apart ("Nhóm trẻ, lớp mẫu giáo độc lập" for "nhóm trẻ độc lập").
  // A word the question writes that no plan writes ("lương") is a false friend only where the
  // passage matched its folded form ("số lượng"); elsewhere it is just a word the passage lacks.
  // A name the question writes with capitals ("Đà Nẵng") that no plan writes is not covered at all.
  const falseFriend = (opts.unknownWords ?? []).some((x) => namedInQuestion(u.question, x) || (top && foldedWordsOf(top.ground).has(foldChars(x).toLowerCase())));
  const absentTerms = w.terms.filter((t) => t.crisp && t.absent && !((t.unwritten || t.split) && top && writesWordsOf(top.ground, t.phrases ?? [])));
  const absentConcept = absentTerms.length > 0;
  const missingConcept = absentConcept || falseFriend;
  if (!top || top.evidence < threshold || missingConcept) {
    const reason: AbstainReason = absentConcept ? 'concept_absent' : falseFriend ? 'false_friend' : !all.length ? 'no_passage' : !top ? 'nothing_stated' : 'weak_evidence';
    // Close, but not close enough to state: the passages themselves, marked as not an answer.
    if (top && !missingConcept && top.evidence >= (opts.unsureFloor ?? UNSURE_FLOOR)) return unsure((scored.length ? scored : all).slice(0, 3), reason);
    // A passage that would answer but for a concept no plan names ("lương"): shown, with the concept said to be missing.
    if (top && absentConcept && !falseFriend && top.evidence >= threshold) {
      const phrases = absentTerms.slice(0, 3).map((t) => t.phrases?.[0] ?? t.alternatives[0].units.filter((x) => !x.includes('_')).join(' '));
      return unsure((scored.length ? scored : all).slice(0, 3), reason, [], phrases.join(lang === 'vi' ? '», «' : '”, “'));
    }
    const scope = await scopeNote();
    const nearest = all.slice(0, 3);
    const head = await render(lang, 'abstain', { scope });
    const citations = nearest.map((s, i) => cite(s, i + 1));
    const items = await Promise.all(citations.map((c, i) => render(lang, 'abstainItem', { n: c.n, source: source(nearest[i].c.clause) })));
    const answer = citations.length ? `${head}\n${items.join('\n')}` : await render(lang, 'notFound', { scope });
    return { ...base, outcome: 'not_found', answer, abstained: true, citations, reason };
  }

  const perDoc = u.perDocument;
  const maxQuotes = opts.maxQuotes ?? (perDoc ? 8 : u.intent === 'responsibility' || u.intent === 'comparison' ? 4 : 3);
  // An agency's duties asked for: its own section, whole, when the best clause is that section.
  if (u.agencyDuties && !perDoc && agencySection(top, u)) top.quote = agencyDuties(top.c.clause);
  const chosen: Scored[] = [top];
  for (const s of scored.slice(1)) {
    if (chosen.length >= maxQuotes) break;
    const close = perDoc ? s.evidence >= threshold : s.evidence >= Math.max(threshold, top.evidence - 0.12) && s.rank >= 0.85 * top.rank;
    if (!close) continue;
    // The same words under another heading (two table rows alike but for their first cell) are another line.
    if (chosen.some((x) => x.quote === s.quote && x.c.clause.heading === s.c.clause.heading)) continue;
    // A comparison gives one line per plan.
    if (perDoc && chosen.some((x) => x.c.clause.docId === s.c.clause.docId)) continue;
    chosen.push(s);
  }
  // A comparison of the plans it names: each plan's best passage, down to the "not sure" floor. A
  // plan with none leaves the comparison unmade: what the others state, and that this one is silent.
  const compared = u.comparedDocIds;
  if (compared) {
    for (const d of compared) {
      if (chosen.some((x) => x.c.clause.docId === d)) continue;
      const best = scored.find((s) => s.c.clause.docId === d && s.evidence >= (opts.unsureFloor ?? UNSURE_FLOOR) && sharesTopic(s, top, w));
      if (best) chosen.push(best);
    }
    const silent = compared.filter((d) => !chosen.some((x) => x.c.clause.docId === d));
    if (silent.length) return unsure(chosen, 'weak_evidence', await Promise.all(silent.map((d) => render(lang, 'comparedSilent', { docName: docs.get(d)?.shortName ?? d }))));
  }
  // A question of two parts ("when is it held, and when are results expected?") may be answered
  // by two sentences of the best clause: the second is quoted too when it adds what the first lacks.
  // (Not beside an agency's whole section, which holds every sentence already.)
  if (!perDoc && chosen.length < maxQuotes && !(u.agencyDuties && top.quote === wholeBody(top.c.clause))) {
    const second = complementOf(top, w);
    if (second && !chosen.some((x) => x.quote === second.quote)) chosen.splice(1, 0, second);
  }
  // Each plan's section of the agency asked about, whole: "so sánh nhiệm vụ của Công an quận ở A và B".
  if (u.agencyDuties && perDoc) for (const s of chosen) if (agencySection(s, u)) s.quote = wholeBody(s.c.clause);
  const citations = chosen.map((s, i) => cite(s, i + 1));
  let body: string;
  if (chosen.length === 1) {
    body = await render(lang, 'single', { source: source(top.c.clause), quote: top.quote, n: 1 });
  } else {
    const items = await Promise.all(chosen.map((s, i) => render(lang, 'multiItem', { source: source(s.c.clause), quote: cells(s.quote), n: i + 1 })));
    body = `${wording(lang).multiHeader}\n${items.join('\n')}`;
  }
  const leads = opts.facts ? await composeLeads(u, chosen.map((s, i) => ({ clause: s.c.clause, quote: s.quote, n: i + 1, docName: name(s.c.clause) })), opts.facts, w) : '';
  if (leads) body = `${leads}\n${chosen.length > 1 ? '\n' : ''}${body}`;
  return { ...base, outcome: 'answer', answer: `${body}\n\n${await citationList(citations)}`, abstained: false, citations };
}

/** Share of the question's words the best passage holds that another plan's passage must hold too to be compared with it (set before measuring). */
const COMPARED_TOPIC_SHARE = 0.5;

/**
 * A plan compared with the best one is compared on the same thing: its passage holds most of what
 * the best passage matched of the question ("học phí"), not just the level or the words that name
 * the plan ("THCS", "kế hoạch kiên cố hóa").
 */
function sharesTopic(s: Scored, top: Scored, w: UnitWeights): boolean {
  const unitsOf = (x: Scored) => textUnits([...x.c.clause.breadcrumb, x.c.clause.heading, x.ground].join(' . '));
  const theirs = unitsOf(s);
  let matched = 0;
  let shared = 0;
  // A pair weighs at most twice its heavier syllable: one across two words ("giảng | năm") is rare
  // for being no word, not for saying more.
  const weightOf = (u: string) => {
    const x = w.unit.get(u) ?? 0;
    if (!u.includes('_')) return x;
    const [a, b] = u.split('_');
    return Math.min(x, 2 * Math.max(w.unit.get(a) ?? 0, w.unit.get(b) ?? 0));
  };
  for (const u of unitsOf(top)) {
    const weight = weightOf(u);
    if (!weight) continue;
    matched += weight;
    if (theirs.has(u)) shared += weight;
  }
  if (process.env.PLANBOT_TRACE) process.stderr.write(`sharesTopic ${s.c.clause.id} ${shared.toFixed(1)}/${matched.toFixed(1)} top=[${[...unitsOf(top)].filter((u) => w.unit.get(u)).map((u) => `${theirs.has(u) ? '+' : '-'}${u}:${weightOf(u).toFixed(1)}`).join(' ')}]\n`);
  return matched === 0 || shared >= COMPARED_TOPIC_SHARE * matched;
}

/** Gain in coverage a second sentence must bring to be quoted beside the best one (set before measuring). */
const COMPLEMENT_GAIN = 0.15;

/** The sentence of the best clause that, beside the best sentence, covers most more of the question. */
function complementOf(top: Scored, w: UnitWeights): Scored | null {
  const context = textUnits([...top.c.clause.breadcrumb, top.c.clause.heading].join(' . '));
  const sentences = sentencesOf(top.c.clause.text);
  const bestSentence = top.sentence;
  if (!bestSentence) return null;
  const base = new Set([...textUnits(bestSentence), ...context]);
  const alone = coverage(base, w);
  let best: { sentence: string; gain: number } | null = null;
  for (const x of sentences) {
    if (x === bestSentence) continue;
    const gain = coverage(new Set([...base, ...textUnits(x)]), w) - alone;
    if (gain >= COMPLEMENT_GAIN && (!best || gain > best.gain)) best = { sentence: x, gain };
  }
  if (!best) return null;
  return { ...top, quote: bestWindow(best.sentence, w, context), sentence: best.sentence, ground: best.sentence };
}

/** A filter as words: "2023" is the year 2023, "2023-2024" a school year; a place stays as it is. */
async function filterNote(lang: Lang, note: string): Promise<string> {
  if (/^(19|20)\d\d$/.test(note)) return render(lang, 'filterYear', { year: note });
  if (/^(19|20)\d\d\s*-\s*(19|20)\d\d$/.test(note)) return render(lang, 'filterSchoolYear', { years: note });
  return note;
}

/** The clause is the section of the agency asked about: the words of its heading are the question's. */
function agencySection(s: Scored, u: Understanding): boolean {
  const asked = new Set([...u.keyUnits, ...u.units]);
  const named = (text: string) => {
    const words = [...textUnits(text)].filter((x) => !x.includes('_'));
    return words.length > 0 && words.filter((x) => asked.has(x)).length / words.length >= 0.8;
  };
  if (sentencesOf(s.c.clause.text).length <= 1) return false;
  const inline = inlineAgency(s.c.clause);
  return named(s.c.clause.heading) || headedByAsked(u, s.c.clause) || (inline !== null && named(inline.agency));
}

// "2. Công an xã: Tăng cường tuần tra …": an agency named at the head of its own paragraph of duties.
const INLINE_AGENCY = /^((?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\))\s+|[-–+•]\s*)?([^:;.]{3,60}?):\s+(?=\S)/u;
function inlineAgency(c: ClauseRow): { agency: string; from: number } | null {
  const m = INLINE_AGENCY.exec(c.text);
  if (!m || !AGENCY_LIKE.test(folded(m[2]).toLowerCase())) return null;
  return { agency: m[2], from: m[1]?.length ?? 0 };
}

/** The duties of an agency's section: its body under a heading line, or the whole paragraph it heads inline. */
function agencyDuties(c: ClauseRow): string {
  const inline = inlineAgency(c);
  if (!inline) return wholeBody(c);
  const text = c.text.slice(inline.from);
  return text.length <= WHOLE_MAX ? text : wholeBody({ ...c, text: `\n${text}` });
}

/** A clause's text after its heading line, as far as it fits a reply; a verbatim substring of the clause. */
function wholeBody(c: ClauseRow): string {
  const [head, ...rest] = c.text.split('\n');
  const body = rest.length ? rest.join('\n') : head;
  if (body.length <= WHOLE_MAX) return body;
  const cut = body.slice(0, WHOLE_MAX);
  const stop = Math.max(cut.lastIndexOf(';'), cut.lastIndexOf('.'), cut.lastIndexOf('\n'));
  return cut.slice(0, stop > WHOLE_MAX / 2 ? stop : cut.lastIndexOf(' '));
}
const WHOLE_MAX = 1400;

/** The question names a place none of the plans covers. */
export async function composeNoPlan(u: Understanding, place: string, docs: Map<string, DocNames>): Promise<Answer> {
  const names = [...docs.values()].map((d) => d.shortName).join(', ');
  const answer = await render(u.lang, 'noPlan', { place, count: docs.size, names });
  return { question: u.question, lang: u.lang, intent: u.intent, outcome: 'not_found', answer, abstained: true, citations: [], reason: 'no_passage' };
}

/** A clause asked for by number: the clause itself is the answer, with its sub-clauses as far as they fit. */
export async function composeClause(u: Understanding, clause: ClauseRow, docs: Map<string, DocNames>, subtree: ClauseRow[] = [clause]): Promise<Answer> {
  const doc = docs.get(clause.docId);
  const citation = clauseCitation(docs, clause, clause.text.split('\n')[0]);
  const whole = (subtree.length ? subtree : [clause]).map((c) => c.text).join('\n');
  const text = whole.length > CLAUSE_SHOWN ? `${whole.slice(0, CLAUSE_SHOWN).replace(/\s+\S*$/, '')} …` : whole;
  const body = await render(u.lang, 'clause', { source: `${doc?.shortName ?? clause.docId}, §${clause.path} ${clauseTitle({ label: '', heading: clause.heading })}`, text, n: 1 });
  const cites = `${wording(u.lang).citationsHeader}\n${await render(u.lang, 'citation', { n: 1, docName: await citedDocName(u.lang, docs, clause.docId), section: clause.path, heading: clause.heading })}`;
  return { question: u.question, lang: u.lang, intent: 'clause', outcome: 'answer', answer: `${body}\n\n${cites}`, abstained: false, citations: [citation] };
}

/** How much of a section asked for whole is shown; the rest opens with /clause. */
const CLAUSE_SHOWN = 1500;

/** A citation of an older version of a plan says so, and names the version that replaced it. */
/** The citation of a quote from a clause, marked as an older version's or a scan's where it is one. */
export function clauseCitation(docs: Map<string, DocNames>, clause: ClauseRow, quote: string, n = 1): Citation {
  return {
    n,
    clauseId: clause.id,
    docId: clause.docId,
    docTitle: docs.get(clause.docId)?.title ?? clause.docId,
    section: clause.path,
    heading: clause.heading,
    quote,
    ...versionMark(docs, clause.docId),
    ...scanMark(clause),
  };
}

function versionMark(docs: Map<string, DocNames>, docId: string): Pick<Citation, 'superseded' | 'supersededBy'> {
  const by = docs.get(docId)?.supersededBy;
  return by ? { superseded: true, supersededBy: by } : {};
}

/** Where a clause read by OCR is on the scan, and how sure the recogniser was. */
export function scanMark(c: Pick<ClauseRow, 'page' | 'ocrConfidence'>): Pick<Citation, 'page' | 'ocrConfidence'> {
  return { ...(c.page !== undefined ? { page: c.page } : {}), ...(c.ocrConfidence !== undefined ? { ocrConfidence: c.ocrConfidence } : {}) };
}

/** A cited plan's name, marked when it is an older version and when it was read from a scan. */
export async function citedDocName(lang: Lang, docs: Map<string, DocNames>, docId: string, o: { version?: boolean } = {}): Promise<string> {
  const d = docs.get(docId);
  const name = d?.shortName ?? docId;
  const old = d?.supersededBy && o.version !== false ? await render(lang, 'supersededMark', { by: d.supersededBy }) : '';
  return `${name}${old}${d?.ocr ? wording(lang).ocrMark : ''}`;
}
