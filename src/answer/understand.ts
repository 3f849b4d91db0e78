// Question → what it asks: language, intent, document filters, and the lexical units to
// search for (Vietnamese, with English terms translated through the domain glossary and
// abbreviations expanded both ways).
import { foldChars, syllables, lexicalUnits } from '../corpus/fold.js';
import { abbreviationVariants } from './abbreviations.js';
import type { KeyTerm } from './evidence.js';
import { wordsOf } from './vocabulary.js';
import { documentRefs, documentsNamed, isDocumentKind, sectionRefOf, type DocumentRef, type SectionRef } from './references.js';
import { detectLanguage, GRAMMAR_WORDS, type Lang } from './language.js';
import { translateEnglish, vietnamesePlaceName } from './translate.js';
import { englishWords, isLexiconWord, phraseSenses, vietnameseAgencyNames } from './lexicon.js';

export type { Lang };
export type Intent = 'target' | 'responsibility' | 'deadline' | 'clause' | 'comparison' | 'signer' | 'document' | 'general';

export interface DocInfo {
  docId: string;
  place: string | null;
  schoolYear: string | null;
  yearStart: number | null;
  yearEnd: number | null;
  /** Its number and any other it is known by ("ban hành kèm theo Quyết định số …"). */
  numbers?: string[];
  signedYear?: number | null;
  /** Its kind as its header states it ("Nghị quyết", "Công văn"). */
  kind?: string | null;
  /** Other names it goes by besides its place: the name of the school that issued it ("Lý Tự Trọng"). */
  names?: string[];
}

export interface Understanding {
  question: string;
  lang: Lang;
  intent: Intent;
  /** What a comparison compares ("compare the targets" compares targets): the intent its topic would have alone; the intent itself otherwise. */
  aspect: Intent;
  /** Documents the question is limited to; undefined = all. */
  docIds?: string[];
  /** The plans a comparison names, each to be answered from (null when it names none, or more than a few). */
  comparedDocIds: string[] | null;
  /** Why docIds was set, for the reply: "Hồng Bàng", "2023-2024". */
  filterNotes: string[];
  /** Units to search with (expanded). */
  units: string[];
  /** Topic terms that evidence must cover (intent cues, places and years left out). */
  keyTerms: KeyTerm[];
  /** All units of keyTerms, flattened. */
  keyUnits: string[];
  /** A clause path asked for by number ("mục II.3", "Điều 3 khoản 1" → "dieu-3.1"), if any. */
  sectionRef: string | null;
  /** The same, with the other spellings it may have in other numbering schemes. */
  section: SectionRef | null;
  /** Documents named by number ("QĐ 22/2013"). */
  docRefs: DocumentRef[];
  /** A document named by number that no indexed document has. */
  unknownDocRef: DocumentRef | null;
  /** Among the filtered plans, those the words point at most ("2023" → the one starting in 2023). */
  preferDocIds: string[];
  /** Education level named in the question. */
  level: Level | null;
  /** Public or private schools named in the question ("trường công lập", "tư thục", "private kindergartens"). */
  ownership: Ownership | null;
  /** A school year asked for that no plan covers, e.g. "2024-2025". */
  missingSchoolYear: string | null;
  /** The one school year the question asks about ("năm học 2024-2025"), covered or not; null when none or several. */
  schoolYear: string | null;
  /** The year the question asks about ("năm 2026", "the 2027 target"), not a school year or a document number's; null when none. */
  year: number | null;
  /** A year asked for ("the 2028 target") that no plan covers by its school year, period or signing. */
  missingYear: number | null;
  /** A place named in the question that none of the plans is about, e.g. "Đà Nẵng". */
  placeCandidates: string[];
  /** Communes and wards the question names ("xã Ea Uy", "Minh Khai ward"): below any plan's place, a clause must name them. */
  subPlaces: string[];
  /** Topic words of a Vietnamese question as written (with diacritics), for the exact-word check. */
  contentWords: string[];
  /** Units of the words that name the plan asked about ("kế hoạch STEM"): a clause of a plan whose title holds them has them. */
  namingUnits: Set<string>;
  /** The question asks for an amount ("bao nhiêu", "how many"): an answer must state a figure. */
  wantsFigure: boolean;
  /** "Bao nhiêu phần trăm", "what percentage": the figure asked for is a share, written with %. */
  wantsPercent: boolean;
  /** "Bao lâu", "how long", "mấy phút": a span of time is asked for. */
  wantsDuration: boolean;
  /** "Trước mấy giờ?", "what time?": a time of day is asked (answered by "10h00", "17 giờ 00"). */
  wantsTime: boolean;
  /** "Từ lúc nào đến lúc nào?", "from when until when?": a span, from one time to another. */
  wantsSpan: boolean;
  /** A yes-or-no question ("có được … không?", "Can schools …?"): a line that permits or forbids answers it. */
  yesNo?: boolean;
  /** The unit of time a count asks for ("mấy ngày", "how many weeks": "ngày", "tuần"); null for "bao lâu", "how long". */
  durationUnit: string | null;
  /** An amount of money is asked for. */
  wantsMoney: boolean;
  /** "Tổ chức ở đâu?", "Where is it held?": the answer names a place. */
  wantsPlace: boolean;
  /** "Thực hiện theo kế hoạch nào?", "which decision does it implement?": the answer cites a document. */
  wantsBasis: boolean;
  /** The kind of document the basis asked for is ("kế hoạch nào" → "ke hoach", folded); null for any. */
  basisKind: string | null;
  /** "Theo đề nghị của ai?", "on whose proposal?": the answer says who proposed it. */
  wantsProposer: boolean;
  /** The rate in time asked for ("moi_thang" of "per month", "mỗi tháng"), as a unit; null when none. */
  askedRate: string | null;
  /**
   * The word that names what is measured, when a Vietnamese question asks an amount of it:
   * "lương" in "Lương giáo viên … là bao nhiêu?", "máy" in "bao nhiêu máy tính". Lower case, as written.
   */
  measured: string | null;
  /** The question asks when ("khi nào", "by what date"): an answer must state a date or period. */
  wantsDate: boolean;
  /** "Ngày nào", "by what date": a day is asked for, a year or a month does not answer. */
  wantsDay: boolean;
  /** The answer is one line per plan: a comparison, "which plans…", or several places named. */
  perDocument: boolean;
  /** "What does the District Police do?": the agency's own section answers, whole. */
  agencyDuties: boolean;
  /** "Which plans…", "các văn bản nào…": the question is asked of every plan. */
  acrossPlans: boolean;
}

// The nouns for learners. Plans name the group by its level or age ("mẫu giáo 5 tuổi", "tiểu học")
// and leave the noun out, so beside a level or an age the noun is not required of the evidence.
const LEARNER_NOUNS = new Set(['trẻ', 'trẻ em', 'học sinh', 'sinh viên', 'học viên', 'người học']);
const isLearnerNoun = (v: string) => LEARNER_NOUNS.has(v.normalize('NFC').toLowerCase());
const AGE_RE = /\b\d{1,2}\s*(?:-\s*\d{1,2}\s*)?tuổi\b/u;

export type Level = 'mầm non' | 'tiểu học' | 'THCS' | 'THPT' | 'GDTX';

export type Ownership = 'public' | 'private';
// Who runs a school: plans set fees, support and quotas apart for public and for private ones (folded, lower case).
const PRIVATE_ASKED = /\b(ngoai cong lap|tu thuc|dan lap|tu nhan|private(ly)?|non-public|non-state)\b/;
const PUBLIC_ASKED = /\b(cong lap|public (schools?|kindergartens?|preschools?|institutions?|facilities|education (institutions?|facilities))|state(-run)? schools?)\b/;
function ownershipOf(f: string): Ownership | null {
  if (PRIVATE_ASKED.test(f)) return PUBLIC_ASKED.test(f.replace(/ngoai cong lap/g, ' ')) ? null : 'private';
  return PUBLIC_ASKED.test(f) ? 'public' : null;
}

const LEVELS: [RegExp, Level][] = [
  [/\b(mam non|mau giao|nha tre|preschool|kindergarten|nursery|early childhood)\b/, 'mầm non'],
  // A grade names its level: lớp 1–5 primary, 6–9 lower secondary, 10–12 upper secondary.
  [/\b(tieu hoc|primary|lop [1-5]|grade [1-5]|(first|second|third|fourth|fifth)[ -]grader?s?|(1st|2nd|3rd|4th|5th) grade)(?!\d)/, 'tiểu học'],
  [/\b(thcs|trung hoc co so|lower secondary|lop [6-9]|grade [6-9]|(sixth|seventh|eighth|ninth)[ -]grader?s?|([6-9])th grade)(?!\d)/, 'THCS'],
  [/\b(thpt|trung hoc pho thong|upper secondary|high school|lop 1[0-2]|grade 1[0-2]|(tenth|eleventh|twelfth)[ -]grader?s?|1[0-2]th grade)(?!\d)/, 'THPT'],
  [/\b(gdtx|giao duc thuong xuyen|continuing education)\b/, 'GDTX'],
];

// Capitalised words after a locative cue ("ở Đà Nẵng", "quận Ba Đình", "in Da Nang").
const PLACE_CUE = /(?:^|\s)(?:ở|tại|quận|huyện|thành phố|tỉnh|thị xã|in|for)\s+((?:\p{Lu}[\p{Ll}\p{Lu}]*\.?(?:\s+|$)){1,4})/gu;
// A commune, ward or town named with its unit word: a place inside a plan's district, which the
// clause that answers must name.
const SUB_PLACE = /(?:^|\s)(?:[Xx]ã|[Pp]hường|[Tt]hị trấn)\s+((?:\p{Lu}[\p{Ll}\p{Lu}]*(?:\s+|$)){1,3})|((?:\p{Lu}[\p{Ll}\p{Lu}]*\s+){1,3})(?:commune|ward)\b/gu;
// (An English kind of document is no place either: "the legal basis for Decision 25/2024".)
const NOT_PLACES = /^(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Tết|Tet|Phòng|Sở|Công|Ban|Ủy|Uỷ|UBND|HĐND|Trung|Trường|Đoàn|Kế|Nghị|Quyết|Chỉ|Luật|Điều|Mục|Section|The|What|Which|Who|When|How|English|Vietnamese|THCS|THPT|GDTX|SDD|GD|(?:Decision|Directive|Resolution|Plan|Circular|Decree|Notice|Guidance|Guideline|Instruction|Official|Letter|Report|Article|Clause|Chapter|Annex|Appendix|Part|Point)(?![\p{L}]))/u;

// Function words and question words (folded) that carry no topic.
// Folded forms are ambiguous ("bao" is also "bảo", "co" also "cơ"), so only words whose
// every reading is a function word are listed.
const STOP_VI = new Set('la cua va cac nhung gi ai nao nhieu khong duoc cho ve o thi ma nay voi den theo nhu mot hay hoac chiu khi xin vui long oi a nhe vay sao muon se ne'.split(' '));
const STOP_EN = new Set(
  'the a an of for in on at to is are was were be by with what which who whom whose when where why how much many does do did plan plans say says said about and or from this that these those it its their there any please tell me show give list according compare comparison between across differ different versus vs must should will would can could may might shall need needs has have had been being'.split(' '),
);
// Cue words of an intent are not topic words: evidence is not expected to contain them.
// Phrases that say what kind of answer is wanted, not what it is about; removed before the
// topic terms are taken (as phrases, so "so sánh" goes but "số" in "số học sinh" stays).
const CUE_PHRASES = ['phan tram', 'phan dau', 'dat ra', 'de ra', 'huong toi', 'so sanh', 'giua cac ke hoach', 'cac ke hoach', 'ke hoach', 'khac nhau', 'nhu the nao', 'chiu trach nhiem', 'trach nhiem', 'dat chi tieu', 'dat muc tieu', 'bao nhieu tien', 'bao nhieu', 'trong bao lau', 'mat bao lau', 'bao lau', 'bao xa', 'ra sao', 'lam sao', 'tai sao', 'vi sao', 'bang cach nao', 'cho toi hoi', 'cho hoi', 'cho em hoi', 'cho minh hoi', 'cho anh hoi', 'cho chi hoi', 'em muon hoi', 'toi muon hoi', 'minh muon hoi', 'la gi', 'lam gi', 'tu luc nao', 'den luc nao', 'tu khi nao', 'den khi nao', 'tu bao gio', 'den bao gio', 'tu ngay nao', 'den ngay nao', 'co oi', 'thay oi', 'anh oi', 'chi oi', 'em oi', 'ad oi', 'admin oi', 'ban oi', 'bat dau tu ngay nao', 'ket thuc ngay nao', 'bat dau ngay nao', 'ket thuc vao ngay nao', 'khi nao', 'bao gio', 'luc nao', 'hoi nao', 'chung nao', 'thoi han', 'han chot', 'cho biet', 'xin hoi', 'xem muc', 'noi dung', 'the nao', 'o dau', 'tai dau', 'nhu nao'];
// (A cue ends the question as often as not: "… bao nhiêu?".)
const CUE_RE = new RegExp(`(^|[\\s("“])(${CUE_PHRASES.join('|')})(?=[\\s?!.,;:)"”]|$)`, 'g');

// "Khi nào", "by what date", "bao giờ": an answer must state a date or a period.
// "Từ lúc nào đến lúc nào", "từ năm học nào đến năm học nào", "from when until when" (folded, lower case).
// So is a start and an end asked together ("bắt đầu từ ngày nào và kết thúc ngày nào", "when does it start and end").
const WANTS_SPAN = /\btu (?:\S+ ){0,2}nao (?:den|toi) (?:\S+ ){0,2}nao\b|\bbat dau (?:\S+ ){0,3}nao,? (?:va |con )?ket thuc (?:\S+ ){0,3}nao\b|\bfrom when (?:to|until|till) when\b|\bfrom (?:what|which) (?:date|day|month|year|school year) (?:to|until|till) (?:what|which)\b|\b(?:start|begin|open)s? and (?:end|finish|close)s?\b/;
// "During which period", "over what time frame", "from when": a span of time asked, in English (folded, lower case).
const EN_PERIOD = /\b(?:during|in|over|within|for|at) (?:which|what) (?:period|periods|time|time frame|timeframe|months?|weeks?|dates?|days?)\b|\bwhat (?:time frame|timeframe|period of time)\b|\bfrom when\b/;
const WANTS_DATE = new RegExp(`\\b(khi nao|bao gio|luc nao|hoi nao|chung nao|ngay nao|thang nao|nam nao|thoi han|han chot|truoc ngay nao|by what date|what date|which date|by when|deadline|what day|which day|which month|what month)\\b|^\\s*when\\b|${EN_PERIOD.source}`);
const WANTS_DAY = /\b(ngay nao|truoc ngay nao|ngay bao nhieu|ngay cuoi cung|by what date|what date|which date|what day|which day|on what day|(last|final|closing) (day|date)|due date|cut-?off (day|date)|latest date)\b/;
// "Ai được dự thi?", "who can take part?": the answer is who may take part, which plans give under
// "Đối tượng" or "Thành phần".
const WANTS_PARTICIPANTS = /\b(ai (duoc )?(tham gia|du thi|tham du)|doi tuong (tham gia|du thi|nao|la ai)|thanh phan (tham gia|tham du|gom)|who (can |may |will |must |should )?(take part|participate|attend|enter|compete|join|be eligible)|who (is|are) eligible)\b/;
// "Ở đâu?", "where": a place is asked for (a venue, a site), not an agency or a date.
const WANTS_PLACE_WORDS = /\b(o dau|tai dau|dia diem nao|noi nao|cho nao|where|what venue|which venue|what location|which location)\b/;
// "Kinh phí lấy từ đâu?", "where does the money come from?": a source of money is asked for, which
// plans give as "nguồn …" ("từ nguồn ngân sách…"), not a place.
const WANTS_SOURCE = /\b(lay tu dau|lay tu nguon nao|tu nguon nao|nguon nao|tu dau ra|where (does|do|did|will|would) .{1,80} (come|coming) from|from (what|which) (source|fund|budget)s?|what (is|are) the (source|funding source)s?|sources? of (the )?(money|funds?|funding|financing)|how (is|are|will|would) .{1,60} (funded|financed|paid for))\b/;
// "Báo cáo gồm những nội dung gì?", "what must the report include?": what a thing consists of,
// which plans list under "Nội dung …".
const WANTS_CONTENTS = /\b(nhung noi dung (gi|nao)|noi dung (gom|la) (nhung )?gi|gom (nhung )?(noi dung )?(gi|nao)|bao gom nhung gi|what (must|should|does|do|will|shall) .{1,60} (include|contain|cover)|what (is|are) (the )?contents? of)\b/;
const WANTS_PLACE = { test: (folded: string) => WANTS_PLACE_WORDS.test(folded) && !WANTS_SOURCE.test(folded) };
// "Thực hiện theo kế hoạch nào của tỉnh?", "which decision does it implement?": the document a
// plan follows, which its opening lines cite ("Căn cứ …", "Thực hiện Kế hoạch số 118/KH-UBND …").
const KINDS = '(?:ke hoach|van ban|quyet dinh|chi thi|cong van|nghi quyet|nghi dinh|thong tu|huong dan|plan|decision|directive|document|resolution|decree|circular|guidance|letter)';
const WANTS_BASIS = new RegExp(`\\b(theo ${KINDS} (so )?nao|can cu (vao )?(dau|${KINDS} nao)|dua (tren|vao) ${KINDS} nao|trien khai ${KINDS} nao|(based|issued) (on|under) (which|what)|pursuant to (which|what)|on the basis of (which|what)|legal basis|(which|what) (higher |superior |provincial |national )?${KINDS} (does|do|did) (it|this|the \\S+( \\S+){0,4}) (implement|follow|carry out|apply)|(implements?|follows?|carries out) (which|what) ${KINDS})\\b`);
const KIND_IN_VI: Record<string, string> = { plan: 'ke hoach', decision: 'quyet dinh', directive: 'chi thi', resolution: 'nghi quyet', decree: 'nghi dinh', circular: 'thong tu', guidance: 'huong dan', letter: 'cong van' };
const KIND_RE = new RegExp(KINDS);
/** The kind of document a basis question names ("theo kế hoạch nào", "which provincial plan"), folded; null for any. */
function basisKindOf(basis: RegExpExecArray): string | null {
  const kind = KIND_RE.exec(basis[0])?.[0];
  if (!kind || kind === 'van ban' || kind === 'document') return null;
  return KIND_IN_VI[kind] ?? kind;
}
// "Theo đề nghị của ai?", "on whose proposal?": who proposed the decision, which it says as "Theo đề nghị của …".
const WANTS_PROPOSER = /\b(theo de nghi cua ai|ai de nghi|ai trinh|do ai (de nghi|trinh)|on whose (proposal|request|recommendation|submission)|at whose (request|proposal)|who (proposed|requested|submitted|recommended))\b/;
/** What a question may ask for that plans give under a heading word of their own. */
// "Gửi về đâu?", "where must it be sent?": a destination (an office, "về Phòng GD&ĐT"), which plans
// do not give under "Địa điểm"; the place focus (STATES_PLACE) still wants one named.
const SENT_TO = /\b(gui|nop|chuyen|send|sent|submit|submitted|deliver|delivered|forward|forwarded|return|returned|lodge|lodged|file|filed)\b/;
// An amount each one gets or pays: support, an allowance, a fee, a wage, the price of each thing.
const PER_HEAD_MONEY = /\b(ho tro|tro cap|phu cap|hoc phi|luong|thuong|boi duong|tien an|muc thu|muc chi|support|allowance|subsid|fee|fees|tuition|salary|wage|bonus|scholarship|grant|stipend|each|per|moi|tung|give|gives|receive|receives|get|gets)\b/;
const SLOTS: { asked: { test(folded: string): boolean }; phrases: string[]; scale?: number }[] = [
  { asked: { test: (folded: string) => WANTS_PLACE.test(folded) && !SENT_TO.test(folded) }, phrases: ['địa điểm'] },
  { asked: WANTS_PARTICIPANTS, phrases: ['đối tượng', 'thành phần'] },
  { asked: WANTS_SOURCE, phrases: ['nguồn'] },
  { asked: WANTS_CONTENTS, phrases: ['nội dung'] },
  // "Kế hoạch cần bao nhiêu tiền?", "what is the overall cost?": a plan's money is under "Kinh phí"
  // (not an amount each one receives: "được hỗ trợ bao nhiêu", a fee, a salary).
  // Weighed as half a topic word: the amount's own words ("tổng cộng") still lead.
  { asked: { test: (folded: string) => WANTS_MONEY.test(` ${folded.replace(/[?,;]/g, ' ')} `) && !PER_HEAD_MONEY.test(folded) }, phrases: ['kinh phí', 'dự toán'], scale: 0.5 },
];
// A kind of document the question names ("the tuition resolution", "công văn hướng dẫn kiểm tra"):
// the plans of that kind are where to look first. "Kế hoạch"/"plan" names every plan, and
// "quyết định" is also the verb "decide" unless a number or "theo" marks it as a document.
const KINDS_NAMED: [RegExp, string][] = [
  [/\b(nghi quyet|resolution)\b/, 'nghi quyet'],
  [/\b(chi thi|directive)\b/, 'chi thi'],
  [/\b(cong van|official letter|letter|dispatch)\b/, 'cong van'],
  [/\b(thong tu|circular)\b/, 'thong tu'],
  [/\b(theo |cua |tai )quyet dinh\b|\bquyet dinh (so|\d)|\b(decision)\b/, 'quyet dinh'],
  [/\b(huong dan so|huong dan nay|guidance|guideline|guidelines)\b/, 'huong dan'],
  [/\b(thong bao so|thong bao nay|notice|announcement)\b/, 'thong bao'],
];
function docsOfNamedKind(folded: string, docs: DocInfo[]): string[] {
  const kinds = KINDS_NAMED.filter(([re]) => re.test(folded)).map(([, k]) => k);
  if (!kinds.length) return [];
  const of = docs.filter((d) => d.kind && kinds.includes(foldChars(d.kind)));
  // A kind every plan has names none of them.
  return of.length < docs.length ? of.map((d) => d.docId) : [];
}
// "Mấy ngày", "how many weeks": the span must be counted in that unit ("2 buổi/ngày" is no count of days).
const DURATION_UNITS: Record<string, string> = { phut: 'phút', minutes: 'phút', gio: 'giờ', hours: 'giờ', ngay: 'ngày', days: 'ngày', tuan: 'tuần', weeks: 'tuần', thang: 'tháng', months: 'tháng' };
const DURATION_UNIT = /\b(?:may|bao nhieu|how many) (phut|gio|ngay|tuan|thang|minutes|hours|days|weeks|months)\b/;
// How long a paper or a test lasts is minutes or hours ("Ngữ văn 120 phút"), not the days of a time limit nearby.
const EXAM_LENGTH = /\bhow long (is|are|does|do|will) (the |each |a )?(\S+ ){0,4}(papers?|tests?|exams?|examinations?)\b(?! (period|season|registration|schedule))|\b(lam bai|bai thi|bai kiem tra|de thi|mon thi)( \S+){0,4} (bao lau|trong bao lau|may gio)\b|\b(thi|kiem tra) (mon )?\S+( \S+)? (bao lau|trong bao lau|may gio)\b/;
function durationUnitOf(folded: string): string | null {
  const m = DURATION_UNIT.exec(folded);
  if (m) return DURATION_UNITS[m[1]];
  return EXAM_LENGTH.test(folded.toLowerCase()) ? 'phút|giờ' : null;
}
// "Trước mấy giờ", "lúc mấy giờ", "what time": a time of day; "mấy giờ một ngày" is a span.
const TIME_OF_DAY = /\b(may gio|what time|at what time)\b(?! (moi|mot) (ngay|tuan|buoi|thang))/;
const WANTS_DURATION = /\b(bao lau|trong bao lau|mat bao lau|may phut|bao nhieu phut|may gio|bao nhieu gio|may ngay|bao nhieu ngay|may tuan|bao nhieu tuan|how long|how many (minutes|hours|days|weeks|months)|for how long|within how long)\b/;
const WANTS_PERCENT = /\b(bao nhieu phan tram|bao nhieu %|may phan tram|ty le (la )?bao nhieu|what percentage|what percent|how many percent|what share|what proportion)\b/;
// "Bao nhiêu tiền?", "được hỗ trợ mỗi tháng bao nhiêu?", "how much do they get?": an amount of
// money, not a share or a count of something else. "Được cấp bao nhiêu?" asks an amount, "được
// cấp bao nhiêu máy tính?" counts a thing: only the question's end, a money word or a word that
// goes on without a noun may follow "bao nhiêu".
const COUNTED = '(?= *$| (tien|dong|trieu|ty|nghin|ngan|moi|mot|cho|trong|theo|vay|the|nhi)\\b)';
const WANTS_MONEY = new RegExp(`\\b(bao nhieu tien|so tien (la )?bao nhieu|muc (ho tro|chi|tro cap|phu cap)( \\S+){0,4} (la )?bao nhieu|(duoc )?(ho tro|tro cap|chi|cap)( moi thang| hang thang| mot lan| moi nam| moi tre| moi nguoi)? bao nhieu${COUNTED}|how much (money|budget|capital|support|funding|allowance|subsidy|aid|assistance|investment)|how much( (a|per|each|every) (month|week|day|year|term|semester))? (do|does|will|can|would) .{1,60} (get|receive|pay|spend|cost|charge|allocate|give|provide|grant|fund|invest|contribute|set aside|earmark|be paid|be given|be granted|be allocated|be provided|be funded|be invested)|what (amount|sum) of money|what (is|are|was|were) the (\\S+ ){0,3}(cost|costs|budget|funding|price|expenditure|spending)|bao nhieu (dong|trieu|ty))\\b`);
// "Which is bigger", "cao hơn": amounts compared, each line must give its figure.
/** A letter or two and a figure or two, one word ("b2", "a1"): see syllables. */
const isCode = (word: string) => /^[a-z]{1,2}\d{1,2}$/.test(word);

const WANTS_FIGURE = /\bmay (lan|truong|phuong|xa|nguoi|ngay|thang|nam|buoi|tiet|lop|phong|don vi|co so|chi tieu)\b|\b(bao nhieu|how much|how many|how long|what percentage|what share|what proportion|(?:the|total|planned|expected) number of)\b|\b(which|what) (one )?(is|are|was) (bigger|larger|higher|greater|lower|smaller)\b|\b(bigger|larger|higher|greater|lower|smaller) than\b|\b(cao hon|lon hon|nhieu hon|thap hon|it hon|nho hon)\b(?! nua)/;

// Question words and particles of spoken Vietnamese, as written: they ask, they say nothing of
// the topic, and a plan need not write them ("mấy lần", "ở đâu", "phải không ạ").
// (Only words with marks: unmarked, "bao" may be "báo" of a question typed without them.)
// Function words as written: a plan that does not write one ("có" in a small plan that writes
// "cờ vua") has not left out what the question is about, so none is a false friend.
const WRITTEN_FUNCTION_WORDS = new Set('có được những các của và là cho với này đã sẽ đang bị từ trong theo để khi nếu thì hay hoặc'.split(' '));
/** A word the question writes that says what it is about (not a function word). */
export const isTopicWord = (word: string) => !WRITTEN_FUNCTION_WORDS.has(word.normalize('NFC').toLowerCase());
const VI_QUESTION_WORDS = new Set('mấy nào gì đâu nhiêu giờ chăng chưa không hả hở nhỉ nhé ạ à ư vậy thế chứ hử đấy ấy kìa'.split(' '));
// Those whose folded form is also a topic word ("mấy"/"máy", "đâu"/"đầu", "vậy"/"vay") and
// that no cue phrase holds ("bao nhiêu", "khi nào" are taken out whole, after folding).
// "may lan", "may ngay" typed without marks: "mấy" (how many) before what is counted, not "máy"
// (a machine, "may tinh"), which no count follows.
const UNMARKED_HOW_MANY = /(?<![\p{L}])may(?= (?:lan|ngay|tuan|thang|nam|nguoi|truong|lop|buoi|tiet|dot|phong|em|chau|hoc sinh|giao vien|cai|mon|dia diem|xa|huyen)(?![\p{L}]))/gu;
const FOLD_AMBIGUOUS_QUESTION_WORDS = new Set('mấy đâu chưa hả hở nhỉ nhé ạ à ư vậy thế chứ hử đấy ấy kìa'.split(' '));

// Function words whose folded form is also a topic word: "thì" (thi, exam), "về" (vẽ), "mà" (mã),
// "đến" (đền), "vậy" (vay), "muốn" (muộn). Their folded forms are not weak in a text with marks.
// Modals, aspect words and conjunctions as written ("phải", "cần", "sẽ", "đã", "đang", "nên", "vì"; "cả", all):
// they ask nothing (unmarked, "vi" is of "vi phạm", "phai" of nothing the question means).
const MARKED_FUNCTION_WORDS = new Set('thì về mà đến vậy muốn phải vì cần sẽ đã đang nên cả để'.split(' '));
const MARKED_CONTENT = new Set('thi ve ma den vay muon'.split(' '));
const hasMarks = (text: string) => /[^\x00-\x7F]/.test(text);

// "so với năm ngoái", "this year": a year named relative to the asker's today, which the plans
// write as a number ("so với năm 2024"); it names no topic, so the evidence does not ask for it.
const escapeRe = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A time of day as a question writes it: "10h đêm", "7h30 sáng", "21 giờ".
const TIME_MENTIONED = /(?<![\p{L}\d/])\d{1,2}\s*(?:h|giờ)\s*(?:\d{2})?(?:\s*(?:sáng|trưa|chiều|tối|đêm))?(?![\p{L}\d])/giu;
// "Bao nhiêu 1 tháng", "một tháng bao nhiêu tiền": so much each month, the rate "mỗi tháng" is.
const ONE_PER_TIME = /(?<!\p{L})((?:bao nhiêu|mấy)(?:\s+tiền)?)\s+(?:1|một)\s+(tháng|năm|tuần|ngày|quý)(?!\p{L})/giu;
const ONE_PER_TIME_AFTER = /(?<![\p{L}\d])(?:1|một)\s+(tháng|năm|tuần|ngày|quý)\s+((?:[\p{L}]+\s+){0,2}(?:bao nhiêu|mấy))(?!\p{L})/giu;
// A yes-or-no question ("có được … không?", "trường có cho … ko ạ"): its "có" frames the question,
// it is not a word the answer must hold; "có thể" (can) frames it the same way.
const YES_NO_END = /(?<!\p{L})(?:không|chưa|khong|chua)(?:\s+(?:ạ|vậy|nhỉ|nhé|thế|hả|à|ah|ha))*\s*[?.!]*\s*$/iu;
const YES_NO_FRAME = /(?<!\p{L})(?:có thể|có|co(?= (?:duoc|phai|can|bi|nen|the)(?!\p{L})))(?!\p{L})/giu;
const EN_YES_NO = /^\s*(?:can|could|may|must|should|shall|is|are|do|does|will|has|have)\s/i;
function isYesNo(question: string, lang: Lang): boolean {
  return lang === 'en' ? EN_YES_NO.test(question) : YES_NO_END.test(question);
}
/** The question without the "có" of a yes-or-no frame; any other question as asked. */
export function withoutYesNoFrame(question: string): string {
  return YES_NO_END.test(question) ? question.replace(YES_NO_FRAME, ' . ') : question;
}
// "Kế hoạch 27/KH-UBND của UBND xã Nà Hìn": the issuer after a document's number names the document
// with it (its place is a place word already), it is not what the question asks about.
const ISSUER_AFTER_REF = String.raw`(?:\s*,)?\s+(?:của|do)\s+(?:(?:chủ tịch|giám đốc)\s+)?(?:(?:sở|phòng|bộ)\s+(?:gd\s*&\s*đt|gd-đt|gdđt|gd và đt|giáo dục và đào tạo|giáo dục - đào tạo|giáo dục)|ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd|hội đồng nhân dân)(?:\s+(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn))?(?!\p{L})`;
// "năm đầu 2026", "đến cuối giai đoạn 2030", "cuối năm 2025": where in a period the year stands; the
// year says it, and the plans give it as "2026: 12", "đến năm 2030" (the year itself stays a year asked).
const FRAMED_YEAR = /(?<!\p{L})(?:năm\s+(?:đầu(?:\s+tiên)?|cuối(?:\s+cùng)?|thứ\s+nhất)|(?:đến|tới|vào)?\s*(?:cuối|đầu)\s+(?:giai đoạn|kỳ|năm))(?=\s*(?:\(\s*)?(?:năm\s+)?20\d{2}(?!\d))/giu;
const RELATIVE_YEAR = /(?<!\p{L})(năm (ngoái|trước|nay|tới|sau|qua|kế tiếp)|(last|this|next|previous|coming) year|the year before)(?!\p{L})/giu;

/**
 * The text with these words taken out as written, before folding makes "mấy" "máy" or "thì" "thi".
 * Question words go from a question only (a lexicon phrase such as "thay thế" keeps its "thế").
 */
/** The lexicon's agency names a question writes in full, as it writes them (with their marks). */
function agenciesWritten(question: string): string[] {
  if (!hasMarks(question)) return [];
  const names = vietnameseAgencyNames();
  const words = wordsOf(question).map((w) => w.normalize('NFC').toLowerCase());
  const keys = words.map((w) => syllables(w).join(' '));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(8, words.length - i); n >= 3; n--) {
      const name = names.get(keys.slice(i, i + n).join(' '));
      if (name && name.normalize('NFC').toLowerCase() === words.slice(i, i + n).join(' ')) {
        out.push(name);
        i += n - 1;
        break;
      }
    }
  }
  return out;
}

function withoutWritten(text: string, words: Set<string>): string {
  return text.replace(/\p{L}+/gu, (w) => (words.has(w.toLowerCase()) ? ' . ' : w));
}

// Counts a question writes in words that plans write in figures ("ngoại ngữ thứ hai" is "ngoại
// ngữ 2", "hai buổi/ngày" is "2 buổi/ngày"). Only words that are numbers whatever the context:
// "ba" (also "father") and "năm" (also "year") are left as they are.
const NUMBER_WORDS: [RegExp, string][] = [
  [/\bthứ nhất\b/giu, '1'], [/\bthứ hai\b/giu, '2'], [/\bthứ ba\b/giu, '3'], [/\bthứ tư\b/giu, '4'],
  [/(?<!\p{L})một(?!\p{L})/giu, '1'], [/(?<!\p{L})hai(?!\p{L})/giu, '2'], [/(?<!\p{L})bốn(?!\p{L})/giu, '4'],
  [/(?<!\p{L})sáu(?!\p{L})/giu, '6'], [/(?<!\p{L})bảy(?!\p{L})/giu, '7'], [/(?<!\p{L})tám(?!\p{L})/giu, '8'],
  [/(?<!\p{L})chín(?!\p{L})/giu, '9'], [/(?<!\p{L})mười(?!\p{L})/giu, '10'],
];

// A limit said in other words: "tối đa" is "không quá" / "không vượt quá", "tối thiểu" is "ít nhất" / "trở lên".
const LIMIT_WORDS: [string, string[]][] = [
  ['tối đa', ['không quá', 'không vượt quá']],
  ['tối thiểu', ['ít nhất', 'trở lên']],
];
const LIMIT_RES = LIMIT_WORDS.map(([w, others]) => [new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, 'giu'), others] as const);
const LIMIT_PHRASES = new Set(LIMIT_WORDS.map(([w]) => w));

// Shorthand of Vietnamese typed in a chat ("có đc ko", "khám sk", "gv chủ nhiệm"): the words it
// stands for, as a whole word only, before anything else is read. (Not "k" or "bn": "5k", "bạn".)
const CHAT_SHORTHAND: [RegExp, string][] = [
  [/(?<![\p{L}\d])(?:ko|kô|khg|khong|hok|hông|hem)(?![\p{L}\d])/giu, 'không'],
  [/(?<![\p{L}\d])(?:đc|dc|đk|dk|đươc)(?![\p{L}\d])/giu, 'được'],
  [/(?<![\p{L}\d])sk(?![\p{L}\d])/giu, 'sức khỏe'],
  [/(?<![\p{L}\d])gv(?![\p{L}\d])/gu, 'giáo viên'],
  [/(?<![\p{L}\d])hs(?![\p{L}\d])/gu, 'học sinh'],
  [/(?<![\p{L}\d])(?:phhs|ph)(?![\p{L}\d])/gu, 'phụ huynh'],
  [/(?<![\p{L}\d])ntn(?![\p{L}\d])/giu, 'như thế nào'],
  [/(?<=\p{L}\s)j(?=\s*(?:[?.!,]|$))|(?<=(?:làm|là|cái|có) )j(?![\p{L}\d])/gu, 'gì'],
];
function withoutChatShorthand(question: string): string {
  if (!/\p{Ll}/u.test(question)) return question;
  return CHAT_SHORTHAND.reduce((q, [re, word]) => q.replace(re, word), question);
}

// Everyday words for what plans name formally, as parents and officials write them ("mấy đứa nhỏ",
// "cô giáo", "trường tư", "cấp 2"): each is read in the plans' words too. Written with
// marks where the folded form is another word ("có giao" is not "cô giáo").
const EVERYDAY_WORDS: [RegExp, string[]][] = [
  [/(?<!\p{L})(?:mấy|các|những|bọn|tụi) (?:đứa nhỏ|đứa trẻ|cháu|em nhỏ)(?!\p{L})|(?<!\p{L})(?:con nít|trẻ nhỏ|đứa nhỏ)(?!\p{L})/giu, ['học sinh', 'trẻ em']],
  // "Bé nhà em", "con tôi", "cháu nhà mình": a parent's child, the plans' pupil or child.
  [/(?<!\p{L})(?:bé|con|cháu)(?: nhà)? (?:em|tôi|mình|tui)(?!\p{L})/giu, ['trẻ', 'học sinh']],
  // "Cho con đi học bơi": a parent letting a child take part, the plans' pupil or child.
  [/(?<!\p{L})(?:cho|để) (?:con|bé|cháu)(?= (?:đi|học|tham gia|dự|thi|nghỉ|ở)(?!\p{L}))/giu, ['cho học sinh', 'cho trẻ']],
  // "Có mất tiền không", "tốn phí": what it costs, as plans say it ("chi phí", "thu tiền", "miễn … chi phí").
  [/(?<!\p{L})(?:mất|tốn|đóng|trả) (?:tiền|phí)(?!\p{L})/giu, ['chi phí', 'thu tiền']],
  [/(?<!\p{L})(?:cô giáo|thầy giáo|thầy cô giáo|thầy cô)(?!\p{L})/giu, ['giáo viên']],
  // "Phụ huynh": the pupils' parents, as plans write them ("cha mẹ học sinh").
  [/(?<!\p{L})phụ huynh(?: học sinh)?(?!\p{L})/giu, ['cha mẹ học sinh', 'phụ huynh']],
  [/(?<!\p{L})trường tư(?! thục)(?!\p{L})/giu, ['trường tư thục', 'trường ngoài công lập']],
  [/(?<!\p{L})trường công(?! lập| an)(?!\p{L})/giu, ['trường công lập']],
  // "Tổng cộng mấy ngày": a total, which plans write "tổng số".
  [/(?<!\p{L})(?:tổng cộng|tong cong|cả thảy|tất cả là)(?!\p{L})/giu, ['tổng số', 'tổng cộng']],
  // "Thi vào 10", "tuyển sinh vào 6": the grade entered, which plans write "vào lớp 10".
  [/(?<!\p{L})(vào|lên|vao|len) (10|6)(?![\p{L}\d/.,%])/giu, ['$1 lớp $2']],
  [/(?<!\p{L})(?:cấp|cap) (?:1|một|mot|I)(?![\p{L}\d])/giu, ['tiểu học']],
  [/(?<!\p{L})(?:cấp|cap) (?:2|hai|II)(?![\p{L}\d])/giu, ['trung học cơ sở']],
  [/(?<!\p{L})(?:cấp|cap) (?:3|ba|III)(?![\p{L}\d])/giu, ['trung học phổ thông']],
  // The class teacher, consecutive days, registering online, going back to school, as said.
  [/(?<!\p{L})(?:cô|thầy) chủ nhiệm(?!\p{L})/giu, ['giáo viên chủ nhiệm']],
  [/(?<!\p{L})(ngày|tuần|tháng|buổi|năm) liền(?!\p{L})/giu, ['$1 liên tiếp']],
  [/(?<!\p{L})(?:online|trên mạng|qua mạng)(?!\p{L})/giu, ['trực tuyến']],
  [/(?<!\p{L})đi học lại(?!\p{L})/giu, ['đi học trở lại']],
];

// An amount of money in the unit the plan may use instead: "3 tỷ" is "3.000 triệu" in a table
// in millions, "3.000 triệu" is "3 tỷ", "500 nghìn" is "500.000 đồng".
const AMOUNT = /(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(tỷ|tỉ|triệu|nghìn|ngàn)(?!\p{L})(\s+đồng)?/giu;
/** A figure as Vietnamese writes it: "3.000", "148,6". */
function viFigure(n: number): string {
  const [int, dec] = String(Math.round(n * 1000) / 1000).split('.');
  return int.replace(/\B(?=(\d{3})+$)/g, '.') + (dec ? `,${dec}` : '');
}
function inOtherUnit(question: string): string {
  return question.replace(AMOUNT, (whole, figure: string, unit: string) => {
    const n = Number(figure.replace(/\./g, '').replace(',', '.'));
    const u = foldChars(unit).toLowerCase();
    if (!Number.isFinite(n)) return whole;
    if (u === 'ty' || u === 'ti') return `${viFigure(n * 1000)} triệu đồng`;
    if (u === 'trieu') return n >= 100 ? `${viFigure(n / 1000)} tỷ đồng` : `${viFigure(n * 1_000_000)} đồng`;
    return `${viFigure(n * 1000)} đồng`;
  });
}
/** The question without its amounts' unit words ("3 tỷ"): a measure, read in other units too, not a topic word. */
export function withoutAmountUnits(question: string): string {
  return question.replace(AMOUNT, (_, figure: string) => figure);
}

// "Ai lo việc …", "ai đứng chủ đầu tư": the everyday verbs of a who-question are asked as plans
// ask it ("chịu trách nhiệm", a cue, not a topic word); folded, "lo" and "đứng" are other words.
const EVERYDAY_RESPONSIBLE = /(?<!\p{L})((?:ai|bên nào|đơn vị nào|cơ quan nào)(?: sẽ| phải| được giao)?) (?:lo(?: việc| vụ)?|đứng ra|đứng|nắm)(?!\p{L})/giu;

/** Other readings of the question: its number words as figures, a limit in the other words plans use, everyday words in the plans' words, amounts in another unit. */
/** The question with each everyday word in the plans' words (the first or the last formal reading); `asked`: what "ai lo việc" becomes. */
function inPlansWordsOf(question: string, last = false, asked = '$1 chịu trách nhiệm'): string {
  return EVERYDAY_WORDS.reduce((q, [re, words]) => q.replace(re, words[last ? words.length - 1 : 0]), question).replace(EVERYDAY_RESPONSIBLE, asked);
}

function readingsOf(question: string): string[] {
  // Each everyday word in its first formal reading, then in its last.
  const worded = [...new Set([question, inPlansWordsOf(question), inPlansWordsOf(question, true)])];
  const base: string[] = [];
  for (const w of worded) {
    let figures = w;
    for (const [re, digit] of NUMBER_WORDS) figures = figures.replace(re, digit);
    base.push(w, ...(figures !== w ? [figures] : []));
  }
  for (const b of [...base]) {
    const other = inOtherUnit(b);
    if (other !== b) base.push(other);
  }
  const out = [...base];
  for (const [re, others] of LIMIT_RES) for (const b of base) if (re.test(b)) for (const o of others) out.push(b.replace(re, o));
  return [...new Set(out)].filter((x) => x !== question);
}

// "the Quang Hoa school safety directive", "Hung Thuy's drowning prevention plan": a plan named by its topic.
const NAMED_PLAN = /(?:\bthe|'s)\s+(?:[A-Z][\p{L}-]*\s+)*((?:[a-z][a-z-]*\s+){1,4})(plan|directive|decision|resolution|guidance|guideline|instruction|official letter|letter|notice|calendar|programme|program|scheme)s?\b/gu;
function namingWords(question: string): Set<string> {
  const out = new Set<string>();
  // The kind is part of the name too: "school year plan" is one lexicon phrase.
  for (const m of question.matchAll(NAMED_PLAN)) for (const w of englishWords(`${m[1]} ${m[2]}`)) out.add(w);
  return out;
}

// "Kế hoạch STEM dùng bao nhiêu tiền?", "kế hoạch phòng chống đuối nước của xã": the words after
// the kind of document may name the plan; those its title holds hold for each of its clauses.
const VI_NAMED_PLAN = /\b(?:ke hoach|nghi quyet|quyet dinh|chi thi|thong bao|huong dan|cong van|de an|chuong trinh)\s+((?:[a-z]+\s*){1,6})/g;
function viNamingUnits(folded: string): Set<string> {
  const out = new Set<string>();
  for (const m of folded.matchAll(VI_NAMED_PLAN)) for (const x of lexicalUnits(m[1])) out.add(x);
  return out;
}

/** Words of the question as written, without cue phrases, question words and weak words. */
function contentWordsOf(question: string, weak: (folded: string) => boolean): string[] {
  const words = wordsOf(question);
  const folded = words.map(foldChars);
  const skip = new Set<number>();
  for (const cue of CUE_PHRASES) {
    const parts = cue.split(' ');
    for (let i = 0; i + parts.length <= folded.length; i++) if (parts.every((p, j) => folded[i + j] === p)) parts.forEach((_, j) => skip.add(i + j));
  }
  // A limit ("tối đa") is read in the plans' other words too (readingsOf): its own are not required.
  for (let i = 0; i + 1 < words.length; i++) if (LIMIT_PHRASES.has(`${words[i]} ${words[i + 1]}`.toLowerCase())) skip.add(i).add(i + 1);
  return [...new Set(words.filter((w, i) => !skip.has(i) && !weak(folded[i]) && !VI_QUESTION_WORDS.has(w)))];
}

/** Words that say only that a figure is asked ("tỷ lệ", "số", "mức"…) or in what unit ("tiền", "phần trăm"), not what it measures. */
const FIGURE_WORDS = new Set(
  'ty ti le so muc chi tieu ke hoach ket qua phan tram tong binh quan gia tri moi cac nhung dat tien dong trieu nghin ngan lan ngay thang nam tuan gio buoi tiet'.split(' '),
);

/**
 * What a Vietnamese amount question measures: the first topic word after "bao nhiêu"
 * ("bao nhiêu máy tính"), or else the first of the question ("Mức thưởng … là bao nhiêu tiền" →
 * "thưởng"). Null when that word is a name, a place or a year.
 */
function measuredWord(question: string, weak: (folded: string) => boolean): string | null {
  const tokens = [...question.normalize('NFC').matchAll(/\p{L}+/gu)].map((m) => ({ written: m[0], folded: foldChars(m[0]).toLowerCase() }));
  const at = tokens.findIndex((t, i) => t.folded === 'bao' && tokens[i + 1]?.folded === 'nhieu');
  if (at < 0) return null;
  const topical = (t: { folded: string }) => !weak(t.folded) && !FIGURE_WORDS.has(t.folded);
  const i = tokens.findIndex((t, j) => j >= at + 2 && topical(t));
  const first = tokens.findIndex((t, j) => j < at && topical(t));
  const pick = i >= 0 ? i : first;
  if (pick < 0) return null;
  // A capital inside the question is a name ("Mường Tè"); the first word's capital says nothing.
  if (pick > 0 && /^\p{Lu}/u.test(tokens[pick].written)) return null;
  return tokens[pick].written.toLowerCase();
}

/** A comparison names at most this many plans; more is a question across plans, not between them. */
const COMPARED_MAX = 4;

const INTENT_CUES = new Set('ai trach nhiem chiu nhieu khi nao thoi han gio chi tieu muc ty le'.split(' '));

const PLACE_ALIASES: Record<string, string[]> = {
  'thanh pho ho chi minh': ['tp.hcm', 'tphcm', 'tp hcm', 'hcm', 'ho chi minh', 'sai gon', 'hcmc', 'saigon'],
};

// Language by the words, not the marks (language.ts); the export stays here for callers.
export { detectLanguage };

// "Ai ký…", "who signed…": the signature block answers. "Ai ban hành…", "số hiệu…", "ký ngày nào",
// "who issued…", "what is the number of…": the header answers.
const SIGNER_CUE = / do( \S+){1,6} ky\b| (ai ky|ai da ky|do ai ky|nguoi ky|ky boi|ky ten|chuc vu nguoi ky|who signed|who has signed|signed by|signatory|signer|whose signature)\b/;
/** "Kính gửi ai", "nơi nhận", "who is it addressed to": the addressees of a letter (folded). */
export const RECIPIENTS_CUE = / (kinh gui|gui (cho |den |toi )?(ai|nhung ai|co quan nao|don vi nao)|noi nhan|addressed to|addressees?|recipients?|to whom (is|was|are|were) (it|this|that|the \S+( \S+)?) (addressed|sent)|who (is|was|are|were) (it|this|the \S+( \S+)?) (addressed|sent) to|who (does|did) it go to)\b/;
const DOCUMENT_CUE = / (ai ban hanh|co quan nao ban hanh|don vi nao ban hanh|cap nao ban hanh|do ai ban hanh|ban hanh ngay|ban hanh khi nao|(ke hoach|huong dan|quyet dinh|chi thi|cong van|van ban|thong tu|nghi quyet)( \S+){0,10} ra (ngay|hom) nao|ban hanh nam nao|ky ngay nao|ky ngay bao nhieu|ky khi nao|ngay ky|so hieu|so ky hieu|so van ban|(ke hoach|huong dan|quyet dinh|chi thi|cong van|van ban|thong tu|nghi quyet)( \S+){0,8} (so may|so bao nhieu|mang so)|loai van ban|la van ban gi|who issued|issued by|which (agency|body|authority|office|organisation|organization) issued|when (was|were|is|did) (it|the|this|that)( \S+){0,5} (signed|issued|sign|issue)|when (was|were|is|did)( \S+){0,8} (plan|decision|directive|resolution|letter|circular|document|guidance|instruction|dispatch)( \S+){0,8} (signed|issued|promulgated|sign|issue)|date of (signing|issue)|signing date|issue date|(who|which (agency|body|authority|office|organisation|organization|department|unit)) (sent out|sent|drafted|authored|wrote|promulgated|published|released|issued)( \S+){0,8} (plan|decision|directive|resolution|letter|circular|document|guidance|instruction|dispatch|notice)|when (was|were|is|did) (it|the|this|that)( \S+){0,5} (published|promulgated|released|dated)|when (was|were|is|did)( \S+){0,8} (plan|decision|directive|resolution|letter|circular|document|guidance|instruction|dispatch|notice)( \S+){0,8} (published|released|dated)|what date (is|was)( \S+){0,10} dated|(is|was) (it|the \S+( \S+){0,6}) dated|ra doi (ngay|hom|khi|nam) nao|ra doi bao gio|ra doi tu (ngay|khi) nao|ngay ban hanh|ban hanh bao gio|ban hanh hom nao|(do|boi) (ai|co quan nao|don vi nao|cap nao) (soan|soan thao|phat hanh|ban hanh)|(ai|co quan nao|don vi nao) (soan|soan thao|phat hanh)( \S+){0,6} (ke hoach|huong dan|quyet dinh|chi thi|cong van|van ban|thong tu|nghi quyet|thong bao)|what kind of document|what type of document|document number|what number|which number|(what is|what's|whats) (the|its) (number|date|signing date)|number and date|date and number)\b/;

// "Which plans…", "các kế hoạch nào…": one line per plan that says it.
// ("What documents are needed / must be submitted" asks for papers, not plans.)
const ACROSS_PLANS = / (which|what) (of (the|these|those) )?(plans|documents(?! (are|is|must|should|do|does|will|have to) (\S+ )?(needed|required|submitted|provided|brought|filed|prepared|include|be submitted|be provided|be prepared|need|submit|provide|bring))|districts|provinces|localities)\b| (cac|nhung|nhung) (ke hoach|van ban|quan|huyen|tinh|dia phuong) nao\b| (ke hoach|van ban|quyet dinh|chi thi|thong tu|cong van) nao\b| (all|every|each) (of the )?(plans|documents)\b| (tat ca|moi|tung) (cac )?(ke hoach|van ban)\b/;
// "Công an quận làm gì?", "what must the District Police do?", "nhiệm vụ của Phòng Nội vụ".
const AGENCY_DUTIES = / (lam gi|lam nhung gi|phai lam gi|lo (nhung )?(viec|gi)|nhiem vu gi|nhiem vu cua|trach nhiem cua|vai tro cua|duoc giao (nhung )?(nhiem vu |viec |cong viec )?(gi|nao)|co (nhung )?nhiem vu (gi|nao)|nhung viec gi|tham muu (nhung )?gi|what (does|do|must|should|will|is|are|(\S+ ){1,5}(is|are|must|should|will|has to|have to)) .+ (do|doing|responsible for|supposed to do|tasked with|assigned)|(duties|tasks|role|responsibilities) of)\b/;

const PERIOD_OF_PLAN = / (ke hoach|van ban|chi thi|quyet dinh|plan|document|directive|decision)( \S+){0,6} (ap dung|danh|thuc hien|cover|covers|apply|applies|is for|for)( \S+){0,3} (nam hoc nao|giai doan nao|nam nao|which (school )?year|what (school )?year|which period|what period)/;

// "who"/"when" ask only at the head of a question or of one of its parts: "people who were
// imprisoned", "when its house is damaged" are relative clauses.
const EN_WHO = /^ who\b|[,;:] who\b| (and|or) who\b/;
const EN_WHEN = /^ when\b|[,;:] when\b| (and|or|until|since) when\b/;

// "văn bản nào Giám đốc ký": with its marks, since folded "ky" is also "kỳ" ("lớp nào từ học kỳ I").
const WHICH_SIGNED = / nào( \S+){1,4} ký(?! kết)(?=[\s?.,;]|$)/u;
// "UBND quận ký kế hoạch … ngày nào?": the day it was signed, with what was signed in between.
const SIGNED_WHEN = /(?<!đăng) ký(?! kết)( \S+){1,10} (vào )?(ngày nào|ngày bao nhiêu|hôm nào|khi nào|bao giờ)(?=[\s?.,;]|$)/u;

function detectIntent(folded: string, lang: Lang, question = ''): Intent {
  const f = ` ${folded} `;
  if (SIGNER_CUE.test(f) || WHICH_SIGNED.test(` ${question.toLowerCase()}`)) return 'signer';
  // "Những văn bản nào có hiệu lực sau 10 ngày kể từ ngày ký?" asks across documents, not about one.
  if (ACROSS_PLANS.test(f) && !/ (so hieu|number)\b/.test(f)) return 'comparison';
  if (DOCUMENT_CUE.test(f) || RECIPIENTS_CUE.test(f) || SIGNED_WHEN.test(` ${question.toLowerCase()}`)) return 'document';
  // "Kế hoạch … áp dụng cho năm học nào?": the plan itself is what is asked about.
  if (PERIOD_OF_PLAN.test(f)) return 'document';
  if (/\b(muc|section|dieu khoan|khoan|clause|phan)\s+([ivx]+(\.\d+)*|\d+(\.\d+)+)\b/.test(folded) || /§\s*\S/.test(folded)) return 'clause';
  if (/\b(noi dung|noi gi|quy dinh gi|what does|what do|say|says|show|content|text of|noi ve)\b/.test(f) && /\b(dieu|article|khoan|diem|point|chuong|chapter|phu luc|appendix|annex)\s+[a-z0-9]{1,5}\b/.test(folded)) return 'clause';
  if (/ (so sanh|compare|comparison|khac nhau|differ|giong nhau|trung nhau|cung (mot )?ngay|(the )?same (day|date|target|amount|figure|deadline)s?\b)/.test(f)) return 'comparison';
  if (ACROSS_PLANS.test(f)) return 'comparison';
  return topicIntent(f, lang);
}

// "…on their records instead of an entrance exam": what the question sets aside is not what
// it asks about; the passage that answers need not (and often does not) name it.
const NEGATED = /\b(?:instead of|rather than|other than|apart from|except for|without)\s+(?:an?\s+|the\s+|any\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}/g;
const withoutNegated = (text: string) => text.replace(NEGATED, ' ');
/** Some occurrence of the place's syllables in the question is written as the place is, or without marks. */
function writesPlace(question: string, place: string): boolean {
  const want = syllables(place);
  const words = [...question.normalize('NFC').matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
  const own = place.normalize('NFC').toLocaleLowerCase('vi').split(/\s+/);
  for (let i = 0; i + want.length <= words.length; i++) {
    const span = words.slice(i, i + want.length);
    if (!span.every((w, k) => foldChars(w).toLowerCase() === want[k])) continue;
    if (span.every((w, k) => !hasMarks(w) || w.toLocaleLowerCase('vi') === own[k])) return true;
  }
  // A name written another way (joined, with an abbreviation) is not checked here.
  return !words.some((w) => want.includes(foldChars(w).toLowerCase()));
}
/** The rate in time the question's terms ask for ("moi_thang"), as lexicalUnits writes one. */
function askedRateOf(terms: KeyTerm[]): string | null {
  for (const t of terms) for (const a of t.alternatives) for (const x of a) if (/^moi_(ngay|tuan|thang|quy|nam)$/.test(x)) return x;
  return null;
}
const COMPARED_DATES = /\b(dates?|days?|ngay|thoi gian|thoi diem|lich)\b/;

/** The intent a question's topic gives it: who, when, what figure, or none of these. */
function topicIntent(f: string, lang: Lang): Intent {
  if (/ (ai |trach nhiem|chu tri|responsib|in charge|which agency|which office|which department|which ministry|co quan nao|don vi nao|so nao|bo nao)/.test(f) || EN_WHO.test(f)) return 'responsibility';
  // "Phòng Nội vụ làm gì?", "Sở Nội vụ được giao nhiệm vụ gì?", "What does the Youth Union do?"
  if (AGENCY_DUTIES.test(f)) return 'responsibility';
  if (/ (khi nao|thoi han|bao gio|luc nao|hoi nao|chung nao|han chot|truoc ngay|deadline|by when|thoi gian nao|ngay nao|nam nao|nam hoc nao|thang nao|han |han cuoi|which school year|which year|what year|what date|which date|by what date|how often|how long|may gio|what time|ngay cuoi cung|cham nhat|last day|final day|closing date|due date|cut-?off|latest date)/.test(f) || EN_WHEN.test(f) || EN_PERIOD.test(f)) return 'deadline';
  if (/ (chi tieu|ty le|ti le|bao nhieu|muc tieu|target|rate |how many|how much|percentage|what share|what proportion|what rank|thu may|%)/.test(f)) return 'target';
  return lang === 'en' && /\bwhat\b/.test(f) ? 'general' : 'general';
}

export function understand(asked: string, docs: DocInfo[], explicit: { docId?: string; year?: number } = {}): Understanding {
  const question = withoutChatShorthand(asked);
  const lang = detectLanguage(question);
  const folded = foldChars(question).replace(/\s+/g, ' ');
  const section = sectionRefOf(question);
  let intent = detectIntent(folded, lang, question);
  // "Both fix an opening date: are they the same day?": dates compared, though no "when" is asked.
  const compared = intent === 'comparison' ? topicIntent(` ${folded} `, lang) : intent;
  const aspect = intent === 'comparison' && compared === 'general' && COMPARED_DATES.test(` ${folded.toLowerCase()} `) ? 'deadline' : compared;
  // "What does item 2.2.3 of the plan set out?": a section named and nothing else asked is the section itself.
  if (section && intent === 'general') intent = 'clause';
  const filterNotes: string[] = [];
  let missingSchoolYear: string | null = null;
  let missingYear: number | null = null;

  // --- filters: explicit flags first, then what the words say ---
  let candidates = docs;
  if (explicit.docId) candidates = candidates.filter((d) => d.docId === explicit.docId);
  const placeTerms = new Set<string>();
  const placeWritten = new Set<string>();
  // A document is named by its place, or by the name of the school that issued it ("Lý Tự Trọng").
  const namedBy = (place: string) => {
    const fp = syllables(place).join(' ');
    // English writes some names as one word ("Hanoi", "Danang").
    const names = [fp, fp.replace(/ /g, ''), ...(PLACE_ALIASES[fp] ?? [])];
    // Sentence punctuation is not part of a name ("…và Mường Tè."), the dot of "TP.HCM" is.
    const spaced = ` ${folded.replace(/[^a-z0-9.& ]/g, ' ').replace(/\.(?=\s|$)/g, ' ')} `;
    const hit = names.find((n) => spaced.includes(` ${n} `));
    // Words written with other marks are other words: "phụ đông" is not Phú Đông (written without
    // marks, "phu dong" may be either).
    if (hit === fp && !writesPlace(question, place)) return false;
    if (hit) syllables(hit).forEach((s) => placeTerms.add(s));
    if (hit) for (const w of wordsOf(place)) placeWritten.add(w);
    return Boolean(hit);
  };
  const matchedPlaces = docs.filter((d) => [d.place, ...(d.names ?? [])].some((name) => name && namedBy(name)));
  if (matchedPlaces.length > 0 && !explicit.docId) {
    candidates = candidates.filter((d) => matchedPlaces.includes(d));
    filterNotes.push(...new Set(matchedPlaces.map((d) => (d.place ?? d.names?.[0])!)));
  }
  const yearTerms = new Set<string>();
  // The year inside a document number ("QĐ 22/2013") names the document, not a year asked about.
  const docRefs = documentRefs(question);
  const withoutRefs = docRefs.reduce((q, r) => q.split(r.text).join(' '), question);
  const sy = /(\d{4})\s*[-–\/]\s*(\d{4})/.exec(withoutRefs);
  const year = explicit.year ?? (sy ? null : Number(/\b(20\d{2})\b/.exec(withoutRefs)?.[1] ?? NaN));
  let schoolYear: string | null = null;
  if (sy && Number(sy[2]) === Number(sy[1]) + 1) {
    const want = `${sy[1]}-${sy[2]}`;
    // "Quảng Ninh (2023-2024) với Vĩnh Long (2024-2025)": any school year the question names.
    const wanted = new Set([...withoutRefs.matchAll(/(\d{4})\s*[-–\/]\s*(\d{4})/g)].filter((m) => Number(m[2]) === Number(m[1]) + 1).map((m) => `${m[1]}-${m[2]}`));
    if (wanted.size === 1) schoolYear = want;
    for (const y of wanted) for (const part of y.split('-')) yearTerms.add(part);
    const hit = candidates.filter((d) => d.schoolYear !== null && wanted.has(d.schoolYear));
    if (hit.length) {
      candidates = hit;
      filterNotes.push(want);
    } else if (!explicit.docId) {
      missingSchoolYear = want;
    }
    yearTerms.add(sy[1]).add(sy[2]);
  } else if (year && Number.isFinite(year)) {
    // A year is covered by a school year or period that spans it, or by a document signed in it.
    const hit = candidates.filter((d) => (d.yearStart !== null && d.yearEnd !== null && d.yearStart <= year && year <= d.yearEnd) || d.yearStart === year || d.yearEnd === year || d.signedYear === year);
    if (hit.length || explicit.year) {
      candidates = hit;
      filterNotes.push(String(year));
    } else {
      missingYear = year;
    }
    yearTerms.add(String(year));
  }
  // A document named by its number ("QĐ 22/2013", "Kế hoạch 2313"): only the documents it names.
  let unknownDocRef: DocumentRef | null = null;
  if (docRefs.length && !explicit.docId) {
    const numbered = docs.map((d) => ({ docId: d.docId, numbers: d.numbers ?? [], signedYear: d.signedYear ?? null }));
    const byRef = docRefs.map((r) => ({ r, ids: documentsNamed(r, numbered) })).filter((x) => x.ids.length);
    const named = new Set(byRef.flatMap((x) => x.ids));
    if (named.size) {
      const narrowed = candidates.filter((d) => named.has(d.docId));
      // A comparison of a plan named by number with one named by its place ("NQ 14/2025 Phú Ngàn
      // với kế hoạch của Vĩnh Khê") is about both.
      const others = intent === 'comparison' ? candidates.filter((d) => !named.has(d.docId) && matchedPlaces.includes(d) && !narrowed.some((n) => n.place === d.place)) : [];
      // A place or year that contradicts the number leaves the number to decide.
      candidates = narrowed.length ? [...narrowed, ...others] : docs.filter((d) => named.has(d.docId));
      filterNotes.push(...byRef.map((x) => x.r.text));
    } else {
      unknownDocRef = docRefs[0];
    }
  }
  // The words that name a document or a section are not what the question is about.
  const refTerms = new Set([...docRefs.map((r) => r.text), section?.text ?? ''].flatMap((t) => syllables(t)));
  const docIds = candidates.length === docs.length ? undefined : candidates.map((d) => d.docId);
  // The plans a comparison names (by place or number), all of them though they are the whole corpus.
  // Two places named ("X hạn ngày nào, Y hạn ngày nào?") ask the same of each, as a comparison does.
  const namesPlans = intent === 'comparison' || new Set(matchedPlaces.map((d) => d.place)).size > 1;
  const comparedDocIds = namesPlans && filterNotes.length && candidates.length >= 2 && candidates.length <= COMPARED_MAX ? candidates.map((d) => d.docId) : null;
  // "2023" covers 2022-2023 and 2023-2024; the plan that starts in it comes first.
  const preferDocIds = [
    ...new Set([...(year && Number.isFinite(year) && !sy ? candidates.filter((d) => d.yearStart === year).map((d) => d.docId) : []), ...docsOfNamedKind(folded, candidates)]),
  ];
  const level = LEVELS.find(([re]) => re.test(folded))?.[1] ?? null;
  const placeCandidates: string[] = [];
  for (const m of ` ${question.replace(/[?!,;:()]/g, ' ')} `.matchAll(PLACE_CUE)) {
    // "Ho Chi Minh City", "Hong Bang District": the unit word is not part of the name.
    const name = m[1].trim().replace(/[.?!,]+$/, '').replace(/\s+(City|District|Province|Ward|Commune|Town)$/i, '');
    if (NOT_PLACES.test(name)) continue;
    // "Hanoi" is "Hà Nội": an English name the lexicon knows, or a Vietnamese one written as one word.
    const vn = vietnamesePlaceName(name);
    // "the Action Month for Children": capitalised English words of a title, not a place.
    if (!vn && name.split(/\s+/).every((w) => isLexiconWord(w.toLowerCase()))) continue;
    const fn = syllables(vn ?? name).join(' ');
    if (placeTerms.size > 0 && syllables(name).every((x) => placeTerms.has(x))) continue;
    const same = (place: string) => {
      const fp = syllables(place).join(' ');
      return fp === fn || fp.replace(/ /g, '') === fn.replace(/ /g, '') || (PLACE_ALIASES[fp] ?? []).includes(fn);
    };
    if (docs.some((d) => d.place && same(d.place))) continue;
    placeCandidates.push(name);
  }

  const subPlaces = [...` ${question.replace(/[?!,;:()]/g, ' ')} `.matchAll(SUB_PLACE)]
    .map((m) => (m[1] ?? m[2]).trim())
    .filter((name) => !NOT_PLACES.test(name) && !docs.some((d) => d.place && foldChars(d.place) === foldChars(name)));

  // --- lexical units ---
  const weakButPlace = (p: string) => INTENT_CUES.has(p) || yearTerms.has(p) || refTerms.has(p) || STOP_VI.has(p);
  const weakVi = (p: string) => weakButPlace(p) || placeTerms.has(p);
  const weakEn = (p: string) => weakVi(p) || STOP_EN.has(p) || GRAMMAR_WORDS.has(p);
  // Topic units of a phrase: syllables that are not weak, and bigrams of two such syllables.
  // (A pair spans a cue taken out: "UBND [mấy] phường" is "UBND … phường" of the plans. Parting the
  // words at every cue was tried: -4/+2.)
  const topic = (phrase: string, weak = weakVi) => lexicalUnits(phrase).filter((x) => x.split('_').every((p) => !weak(p)) && !/^[a-z]$/.test(x));
  // Written with marks, a text tells "thi" (exam) from "thì" (then): its function words go as
  // written, and "thi", "ve", "den"… stay topic words. Without marks they stay ambiguous, and weak.
  // Written with marks, a syllable of the place's name is the name only as the place writes it:
  // "chất lượng" is no part of "Thái Lương", "giảng dạy" none of "Lâm Giang".
  const notThePlace = (phrase: string) => new Set(wordsOf(phrase).filter((w) => hasMarks(w) && !placeWritten.has(w)).map((w) => foldChars(w)));
  const writtenTopic = (phrase: string) => {
    if (!hasMarks(phrase)) return topic(foldChars(phrase).replace(CUE_RE, ' . '));
    const other = placeTerms.size ? notThePlace(phrase) : new Set<string>();
    const weak = (p: string) => (weakButPlace(p) || (placeTerms.has(p) && !other.has(p))) && !MARKED_CONTENT.has(p);
    return topic(foldChars(withoutWritten(phrase, MARKED_FUNCTION_WORDS)).replace(CUE_RE, ' . '), weak);
  };
  const viPhrases: string[] = [];
  let viSpans: string[] = [];
  let rest = '';
  const keyTerms: KeyTerm[] = [];
  if (lang === 'en') {
    // English words the lexicon knows become their Vietnamese terms (any one of which may
    // satisfy the question); Vietnamese the question quotes stays Vietnamese; the rest (place
    // names, acronyms) stays as written, since the plans may contain it, but counts for less.
    // The words that name a document or a section ("Decision 22/2013", "Article 8") are not translated as topic.
    // The words of a place the question named ("Dong Nai", "Vinh Long"), which filtered the plans
    // already, are a name: not "đồng" (money) or "long" to translate.
    // Written with its marks ("Mường Tè") a name is Vietnamese the question quotes, and stays.
    // "Phuc Thanh Dong commune", "Hong Bang district": the unit word after a place's name is part of the name.
    const named = (text: string) => {
      if (!placeTerms.size) return text;
      const out = text.replace(/(?<![\p{L}])[A-Z][a-z]*(?![\p{L}])/gu, (w) => (placeTerms.has(w.toLowerCase()) ? ' ' : w));
      return out.replace(/(?<=(?:^|[^\p{L}]) {1,3})(?:commune|ward|district|province|town|city)(?![\p{L}])/giu, ' ');
    };
    // "During which period" asks when: its words are the question's intent, not its topic ("period" is no "tiết").
    const t = translateEnglish(withoutNegated(named(section ? withoutRefs.replace(new RegExp(section.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'), 'i'), ' ') : withoutRefs).replace(new RegExp(EN_PERIOD.source, 'gi'), ' . ')));
    viSpans = t.viSpans;
    rest = t.rest;
    const naming = namingWords(question);
    const namesAgeGroup = level !== null || t.terms.some((x) => x.vi.some((v) => AGE_RE.test(v)));
    // Longest English phrase first, as the glossary pass had them.
    for (const term of [...t.terms].sort((a, b) => b.en.length - a.en.length)) {
      if (term.strength === 'weak') continue; // a time word ("from", "before"): understood, not searched for
      // "the Thanh Xuan plan", "under the decision": the kind of document names where to look, not
      // what the question is about (as "kế hoạch" is a cue word of a Vietnamese question).
      if (term.vi.every((v) => isDocumentKind(foldChars(v)))) continue;
      viPhrases.push(...term.vi);
      // "the Quang Hoa school safety directive": the words before the kind name the plan, and are
      // searched with to find it; they are not what the question asks about, which the evidence
      // must hold (every line of the plan's title would hold them).
      if (englishWords(term.en).every((x) => naming.has(x))) continue;
      // A generic verb ("send") is searched with but not required of the evidence; so is the
      // learner a level or an age already names ("kindergarten children" is "mẫu giáo 5 tuổi").
      if (term.strength === 'soft' || (namesAgeGroup && term.vi.every(isLearnerNoun))) keyTerms.push({ alternatives: term.vi.map((v) => writtenTopic(v)), scale: 0.5 });
      else {
        const senses = term.en.includes(' ') ? [] : phraseSenses(term.en, term.vi);
        keyTerms.push({ alternatives: term.vi.map((v) => writtenTopic(v)), scale: 1, crisp: true, phrases: term.vi, ...(senses.length ? { senses: senses.map((v) => writtenTopic(v)) } : {}) });
      }
    }
    for (const span of t.viSpans) {
      viPhrases.push(span);
      const units = writtenTopic(span);
      if (units.length) keyTerms.push({ alternatives: [units], scale: 1 });
    }
    for (const word of new Set(syllables(rest))) {
      if (!weakEn(word) && word.length > 1 && !isCode(word)) keyTerms.push({ alternatives: [[word]], scale: 0.5 });
    }
  } else {
    // "Theo Quyết định số 1452/QĐ-UBND": the document named is where to look, not words to find in it.
    const asked = docRefs
      .reduce((q, r) => q.replace(new RegExp(`(?:(?:quyết định|kế hoạch|công văn|chỉ thị|nghị quyết|hướng dẫn|thông báo|thông tư|nghị định|văn bản)\\s+(?:số\\s+)?)?${escapeRe(r.text)}(?:${ISSUER_AFTER_REF})?`, 'giu'), ' . '), withoutYesNoFrame(question))
      .replace(RELATIVE_YEAR, ' . ').replace(FRAMED_YEAR, ' năm ').replace(ONE_PER_TIME, '$1 mỗi $2').replace(ONE_PER_TIME_AFTER, 'mỗi $1 $2').replace(TIME_MENTIONED, ' . ').replace(UNMARKED_HOW_MANY, ' . ');
    viPhrases.push(asked);
    const readings = readingsOf(asked);
    // A count in words may be written as a figure, a limit in other words: any reading may be met.
    keyTerms.push({ alternatives: [asked, ...readings].map((q) => writtenTopic(withoutWritten(q, FOLD_AMBIGUOUS_QUESTION_WORDS))), scale: 1 });
    viPhrases.push(...readings);
    // An agency the question names by its full name ("Sở Thông tin và Truyền thông"): weighed within the
    // question's words, but a plan that names it nowhere gives it no duty to answer with.
    for (const name of agenciesWritten(asked)) keyTerms.push({ alternatives: [lexicalUnits(foldChars(name))], scale: 0, crisp: true, phrases: [name] });
  }
  // A code the question writes ("B2", "A1": a level of a framework, a class) is written the same in
  // both languages and names one thing: a plan that does not write it does not answer for it.
  for (const code of new Set(syllables(question).filter(isCode))) keyTerms.push({ alternatives: [[code]], scale: lang === 'en' ? 1 : 0, crisp: true, phrases: [code] });
  // A question for the place ("ở đâu?") or for who may take part ("ai được dự thi?"): plans give it
  // under "Địa điểm" or "Đối tượng"; the word is searched with and weighs as a topic word, so the
  // clause that gives it can answer though it repeats none of the event's words.
  for (const slot of SLOTS) {
    if (!slot.asked.test(folded)) continue;
    viPhrases.push(...slot.phrases);
    keyTerms.push({ alternatives: slot.phrases.map((p) => lexicalUnits(foldChars(p))), scale: slot.scale ?? 1 });
  }
  viPhrases.push(...abbreviationVariants([...viPhrases, rest].join(' . ')));
  const searchable = (weak: (p: string) => boolean) => (x: string) => !x.split('_').every((p) => weak(p) && !INTENT_CUES.has(p) && !placeTerms.has(p) && !yearTerms.has(p));
  const keyUnits = [...new Set(keyTerms.flatMap((t) => t.alternatives.flat()))];
  // What the evidence must hold is searched for too: a word that folds like a function word but is
  // written as a topic word ("dạy thêm", not "đây", "thêm") is one of the question's key units.
  const units = [
    ...new Set([
      ...viPhrases.flatMap((p) => lexicalUnits(p)).filter(searchable((p) => STOP_VI.has(p))),
      ...lexicalUnits(rest).filter(searchable((p) => STOP_VI.has(p) || STOP_EN.has(p))),
      ...keyUnits.filter((x) => x.includes('_')),
    ]),
  ];
  // The Vietnamese an English question quotes is checked as written too ("lương" is not "lượng").
  // Everyday words are checked in the plans' words ("mấy ngày liền" is "liên tiếp", not a word no plan writes).
  const contentWords = lang === 'vi' ? contentWordsOf(withoutAmountUnits(inPlansWordsOf(question, false, '$1')), weakVi) : contentWordsOf(viSpans.join(' . '), weakVi);
  const sectionRef = section?.path ?? null;
  const measured = lang === 'vi' ? measuredWord(question, weakVi) : null;
  const namingUnits = lang === 'vi' ? viNamingUnits(folded.toLowerCase()) : new Set<string>();
  const basis = WANTS_BASIS.exec(` ${folded.toLowerCase()} `);
  // "Dạy tới 10h đêm có được không?": a time of day named is weighed against the plan's hours, not searched as words.
  const wantsTime = TIME_OF_DAY.test(folded.toLowerCase()) || (lang === 'vi' && TIME_MENTIONED.test(question));
  const wantsSpan = WANTS_SPAN.test(folded.toLowerCase());
  return { question, lang, intent, aspect, year: Number.isFinite(year) ? year : null, docIds, comparedDocIds, filterNotes, units, keyTerms, keyUnits, sectionRef, section, docRefs, unknownDocRef, preferDocIds, level, ownership: ownershipOf(folded.toLowerCase()), placeCandidates, subPlaces, missingSchoolYear, schoolYear, missingYear, contentWords, namingUnits, measured, wantsFigure: WANTS_FIGURE.test(foldChars(question)), wantsPercent: WANTS_PERCENT.test(folded), wantsDuration: WANTS_DURATION.test(folded) && !wantsTime && !wantsSpan, wantsTime, wantsSpan, yesNo: isYesNo(question, lang), durationUnit: wantsTime ? null : durationUnitOf(folded), wantsMoney: WANTS_MONEY.test(` ${foldChars(question).toLowerCase().replace(/[?,;]/g, ' ')} `), wantsPlace: WANTS_PLACE.test(folded), wantsBasis: basis !== null, basisKind: basis && basisKindOf(basis), wantsProposer: WANTS_PROPOSER.test(` ${folded.toLowerCase()} `), askedRate: askedRateOf(keyTerms),
    // A day asked ("the last day to …", "ngày cuối cùng") is a date asked.
    wantsDate: WANTS_DATE.test(foldChars(question).toLowerCase()) || WANTS_DAY.test(foldChars(question).toLowerCase()) || wantsTime,
    wantsDay: WANTS_DAY.test(foldChars(question).toLowerCase()),
    perDocument: namesPlans,
    agencyDuties: AGENCY_DUTIES.test(` ${folded} `),
    acrossPlans: ACROSS_PLANS.test(` ${folded.toLowerCase()} `),
  };
}
