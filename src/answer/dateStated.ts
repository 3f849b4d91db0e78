// Whether a text states a date or a period: what a question asking "when" needs of its answer.
import { foldChars } from '../corpus/fold.js';
import { hasDiacritics } from './vocabulary.js';

// What kind of thing the question asks for, as a sentence that holds one shows it.
// A date or period stated: a day and month, a year, a month, a quarter, a semester, a recurrence, a limit.
// Also a time set relative to an event: "kể từ ngày ký", "trong 15 ngày", "đầu năm học", "trước Tết".
// Figures are read folded; words as written where the text has its marks: folded, "quy chế" would
// be a quarter ("quý") and "tuân thủ" a week ("tuần").
const DATE_FIGURES = /\d{1,2}\s*\/\s*\d{1,2}|\b(19|20)\d\d\b/;
const DATE_WORDS = 'tháng|quý|học kỳ|học kì|tuần|ngày làm việc|(?:hằng|hàng) (?:năm|tháng|quý|tuần|ngày)|định kỳ|định kì|ngày \\d{1,2}|\\d{1,3} ngày|kể từ ngày|(?:đầu|cuối|giữa) (?:năm học|năm|học kỳ|học kì)|tết';
// …or only spoken of ("trước ngày …", "năm học"): enough for a deadline's focus, not for "khi nào".
const SPOKEN_OF = 'trước ngày|từ ngày|đến ngày|kỳ họp|năm học';
const wordsRe = (words: string, marked: boolean) => new RegExp(marked ? `(?<![\\p{L}])(?:${words})(?![\\p{L}])` : `\\b(?:${foldChars(words)})\\b`, 'u');
const DATE_WORD = { marked: wordsRe(DATE_WORDS, true), folded: wordsRe(DATE_WORDS, false) };
const DATE_OR_SPOKEN = { marked: wordsRe(`${DATE_WORDS}|${SPOKEN_OF}`, true), folded: wordsRe(`${DATE_WORDS}|${SPOKEN_OF}`, false) };
// A day named ("15/6/2013", "ngày 15 tháng 6").
const STATES_DAY = /\d{1,2}\s*\/\s*\d{1,2}|ngay \d{1,2} thang \d{1,2}/;
// The date of a document cited ("Chỉ thị số 16/CT-TTg ngày 25/6/2019") is when it was signed, not a day set by this one.
const CITED_DOCUMENT_DATE = /\d+\/[a-z\d/&.-]*[a-z][a-z\d/&.-]*\s*,?\s*ngay\s+\d{1,2}(?:\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{2,4})?|\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?)/g;
// A document's number ("19/2019/tt-bgddt", "286/sgddt-qlcl", folded) holds figures and a year, but no date.
const DOCUMENT_NUMBER = /\b\d+\s*\/\s*(?:(?:19|20)\d\d\s*\/\s*)?[a-z][a-z&.]*(?:-[a-z&.]+)*/g;
const withoutNumbers = (f: string) => f.replace(DOCUMENT_NUMBER, ' ');
/** The folded text names a day of its own: a date, not the signing date of a document it cites. */
export const statesDay = (f: string) => STATES_DAY.test(withoutNumbers(f.replace(CITED_DOCUMENT_DATE, ' ')));
function datedBy(text: string, words: { marked: RegExp; folded: RegExp }): boolean {
  const f = withoutNumbers(foldChars(text).toLowerCase());
  if (DATE_FIGURES.test(f)) return true;
  return hasDiacritics(text) ? words.marked.test(text.toLowerCase()) : words.folded.test(f);
}
// A season, as written (folded, "hè" would be "hệ" of "hệ thống"): "trong dịp hè", "nghỉ hè", "mùa hè".
const SEASON_STATED = /(?<!\p{L})(?:dịp|mùa|nghỉ|trong|kỳ nghỉ|thời gian)\s+(?:hè|đông|xuân|thu)(?!\p{L})/iu;
export const statesDate = (text: string) => datedBy(text, DATE_WORD) || SEASON_STATED.test(text);
/** A date stated or spoken of: what a deadline's answer must hold. */
export const datesLike = (text: string) => datedBy(text, DATE_OR_SPOKEN);

// A span: from one time to another ("từ 15/10/2024 đến 30/4/2025", "từ học kỳ II … đến hết năm học
// 2029-2030", "giai đoạn 2026-2030"), as written.
const SPAN_STATED = /(?<!\p{L})(?:từ|kể từ)\s.{1,90}?(?<!\p{L})(?:đến|tới)(?!\p{L})|(?<!\p{L})giai đoạn\s+\d{4}\s*[-–]\s*\d{4}/iu;
const SPAN_FOLDED = /\b(?:tu|ke tu)\s.{1,90}?\b(?:den|toi)\b|\bgiai doan\s+\d{4}\s*[-–]\s*\d{4}/;
export const statesSpan = (text: string) => (hasDiacritics(text) ? SPAN_STATED.test(text) : SPAN_FOLDED.test(foldChars(text).toLowerCase())) && datedBy(text, DATE_OR_SPOKEN);
