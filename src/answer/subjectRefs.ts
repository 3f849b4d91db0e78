// A document named by its kind and subject rather than its number: "the housing decision",
// "Ninh Thuận's plan to implement the education development strategy", "thông tư về hỗ trợ nhà ở".
// Among the documents of the kind named, the one whose title the question's words cover clearly
// best is the one meant. Pure: the question's understanding and the documents in, an id out.
import { foldChars, lexicalUnits } from '../corpus/fold.js';
import type { Understanding } from './understand.js';

export interface TitledDocument {
  docId: string;
  docKind: string | null;
  title: string;
  supersededBy?: string | null;
}

// Kinds a question names, folded: the Vietnamese word, or its English (official names of the kinds).
const KINDS: [string, RegExp][] = [
  ['quyet dinh', /\b(quyet dinh|decisions?)\b/],
  ['thong tu', /\b(thong tu|circulars?)\b/],
  ['chi thi', /\b(chi thi|directives?)\b/],
  ['cong van', /\b(cong van|official letters?|letters?)\b/],
  ['nghi quyet', /\b(nghi quyet|resolutions?)\b/],
  ['ke hoach', /\b(ke hoach|plans?)\b/],
];

/** Title words a question must share with the document, beyond its kind (pairs of syllables). */
const MIN_SHARED = 2;
/** …and by how many more than any other document of that kind. */
const MIN_LEAD = 2;

/** The kinds of document a question names (folded Vietnamese names). */
export function kindsNamed(question: string): string[] {
  const f = foldChars(question).toLowerCase();
  return KINDS.filter(([, re]) => re.test(f)).map(([k]) => k);
}

// Titles are folded once, not once per question (a province has thousands of plans).
const TITLES_KEPT = 20_000;
const titleCache = new Map<string, Set<string>>();
function titlePairs(title: string): Set<string> {
  let pairs = titleCache.get(title);
  if (!pairs) {
    pairs = new Set(lexicalUnits(foldChars(title).toLowerCase()).filter((x) => x.includes('_')));
    if (titleCache.size >= TITLES_KEPT) titleCache.clear();
    titleCache.set(title, pairs);
  }
  return pairs;
}

/**
 * The document a question names by kind and subject, when one stands out among several in scope;
 * null when the question names no kind, compares plans, or no title clearly leads.
 */
export function documentBySubject(u: Understanding, docs: TitledDocument[]): string | null {
  if (u.perDocument || u.acrossPlans || u.intent === 'comparison') return null;
  const kinds = kindsNamed(u.question);
  if (!kinds.length) return null;
  const scope = new Set(u.docIds ?? docs.map((d) => d.docId));
  if (scope.size < 2) return null;
  const asked = new Set([...u.keyUnits, ...u.units].filter((x) => x.includes('_')));
  const kindUnits = new Set(kinds.flatMap((k) => lexicalUnits(k)));
  const scored = docs
    .filter((d) => scope.has(d.docId) && !d.supersededBy && d.docKind && kinds.includes(foldChars(d.docKind).toLowerCase()))
    .map((d) => {
      const pairs = [...titlePairs(d.title)].filter((x) => asked.has(x) && !kindUnits.has(x));
      // "nộp kế hoạch dạy thêm": the words after the kind say what the document named is about; a
      // title that shares none of them is not the one named ("Kế hoạch tổ chức kỳ thi THPT").
      const named = u.namingUnits.size === 0 || pairs.some((x) => u.namingUnits.has(x));
      return { docId: d.docId, shared: named ? pairs.length : 0 };
    })
    .sort((a, b) => b.shared - a.shared);
  const [best, second] = scored;
  if (!best || best.shared < MIN_SHARED || (second && best.shared - second.shared < MIN_LEAD)) return null;
  return best.docId;
}
