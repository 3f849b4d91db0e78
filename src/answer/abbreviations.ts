// Vietnamese abbreviations and their full forms, used both ways: a question saying "THCS"
// matches text saying "trung học cơ sở", and the other way round. The standard ones are
// built in (src/corpus/abbreviations.ts); those the indexed documents define in their text
// ("người có công (NCC)") are added by the Answerer when it reads the plans (learnFrom).
import { foldChars } from '../corpus/fold.js';
import { learnAbbreviations, STANDARD_ABBREVIATIONS } from '../corpus/abbreviations.js';

export const ABBREVIATIONS: [string, string][] = STANDARD_ABBREVIATIONS;

interface Compiled {
  abbr: string;
  full: string;
  /** For an abbreviation with a hyphen or a dot ("gdnn-gdtx"): where it stands as a word. */
  abbrRe: RegExp | null;
  fullFolded: string;
}

// An abbreviation of letters, figures and "&" is a word of the text as these characters make words:
// looked up among them, not matched with a pattern of its own (compiling a pattern for each of
// hundreds of abbreviations was most of a first question's work in them).
const WORD_CHARS = /^[a-z0-9&]+$/;
const compile = (abbr: string, full: string): Compiled => ({
  abbr,
  full,
  abbrRe: WORD_CHARS.test(abbr) ? null : new RegExp(`(^|[^a-z0-9&])${abbr.replace(/[&\-.]/g, (c) => `\\${c}`)}($|[^a-z0-9&])`),
  fullFolded: foldChars(full),
});

const COMPILED = ABBREVIATIONS.map(([abbr, full]) => compile(abbr, full));
/** Learned from the documents, by document id. */
const learned = new Map<string, Compiled[]>();
let all: Compiled[] = COMPILED;
let version = 0;

/** Changes whenever the learned abbreviations do (caches of expanded texts go stale then). */
export const abbreviationsVersion = () => version;

/**
 * Learns the abbreviations a document defines (replacing what was learned from it before).
 * Returns them, as [abbreviation, full form].
 */
export function learnFrom(docId: string, clauseTexts: Iterable<string>): [string, string][] {
  const pairs = learnable(definedIn(clauseTexts));
  learned.set(docId, pairs.map(([a, f]) => compile(a, f)));
  all = [...COMPILED, ...[...learned.values()].flat()];
  version++;
  return pairs;
}

/** The abbreviations the texts define, as [folded abbreviation, full form] (what the indexer stores; learnFrom filters them). */
export function definedIn(clauseTexts: Iterable<string>): [string, string][] {
  return learnAbbreviations(clauseTexts).map((d) => [foldChars(d.abbr), d.full] as [string, string]);
}

const learnable = (defined: [string, string][]) => {
  const known = new Set(COMPILED.map((c) => c.abbr));
  return defined.filter(([a]) => !known.has(a) && a.length >= 2);
};

/**
 * learnFrom for many documents at once, from what definedIn gave for each (stored by the
 * indexer): the same learned list as calling learnFrom for each in turn, built once.
 */
export function learnDefined(defined: Iterable<[string, [string, string][]]>): void {
  for (const [docId, pairs] of defined) learned.set(docId, learnable(pairs).map(([a, f]) => compile(a, f)));
  all = [...COMPILED, ...[...learned.values()].flat()];
  version++;
}

/** Forgets what was learned from documents no longer indexed. */
export function forgetLearnedFrom(docIds: Iterable<string>): void {
  for (const id of docIds) learned.delete(id);
  all = [...COMPILED, ...[...learned.values()].flat()];
  version++;
}

/** Forgets every learned abbreviation (a re-index). */
export function forgetLearned(): void {
  learned.clear();
  all = COMPILED;
  version++;
}

/** Phrases to add to a text so that both forms of each abbreviation it uses are present. */
export function abbreviationVariants(text: string): string[] {
  const folded = foldChars(text);
  const words = new Set(folded.split(/[^a-z0-9&]+/));
  const out: string[] = [];
  for (const a of all) {
    if (a.abbrRe ? a.abbrRe.test(folded) : words.has(a.abbr)) out.push(a.full);
    if (a.fullFolded.length > a.abbr.length && folded.includes(a.fullFolded) && !/[&-]/.test(a.abbr)) out.push(a.abbr);
  }
  return out;
}
