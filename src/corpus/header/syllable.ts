// Is a string one Vietnamese syllable? Onset + rhyme by the spelling rules, at most one tone
// mark. Used to tell a header word broken by stray spaces ("Qu ả ng") from real words, and
// abbreviations (THPT, UBND: no syllable) from ordinary upper-case words (VỀ, TỈNH).

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?';
const OPEN = 'a|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oa|oe|oi|ôi|ơi|ua|uê|ui|uy|ưa|ưi|ưu|uơ|oai|oay|oao|oeo|iêu|yêu|uôi|ươi|ươu|uya|uyu|uây|ya';
// Nuclei that take a final consonant; ch/nh only after front vowels and a.
const CLOSED_ANY = 'a|ă|â|e|o|ô|ơ|u|ư|iê|yê|uô|ươ|oa|oă|oe|uâ|uyê|oo|ê|i|uê|uy|y';
const CLOSED_FRONT = 'a|ê|i|y|oa|uê|uy';
const SYLLABLE = new RegExp(`^${ONSET}(?:(?:${OPEN})|(?:${CLOSED_ANY})(?:c|m|n|ng|p|t)|(?:${CLOSED_FRONT})(?:ch|nh))$`, 'u');

/** The syllable without its tone mark, lower case, NFC ("Quảng" → "quang"). */
export function toneless(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
}

function toneCount(word: string): number {
  return (word.normalize('NFD').match(TONE_MARKS) ?? []).length;
}

// Header mending asks about the same few thousand words in every plan (and each join it tries).
const syllableOf = new Map<string, boolean>();
const SYLLABLE_MEMO = 50_000;

export function isSyllable(word: string): boolean {
  let yes = syllableOf.get(word);
  if (yes === undefined) {
    if (syllableOf.size >= SYLLABLE_MEMO) syllableOf.clear();
    syllableOf.set(word, (yes = readSyllable(word)));
  }
  return yes;
}

function readSyllable(word: string): boolean {
  if (!/^\p{L}+$/u.test(word) || toneCount(word) > 1) return false;
  const bare = toneless(word);
  if (bare === 'gi' || bare === 'gin' || bare === 'giêng') return true;
  return SYLLABLE.test(bare);
}

/** An upper-case token that is no syllable: an abbreviation to keep as printed (THPT, GDMN, II). */
export function isAbbreviation(token: string): boolean {
  const letters = token.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2 || letters !== letters.toUpperCase() || letters === letters.toLowerCase()) return false;
  return !/^\p{L}+$/u.test(token) || !isSyllable(token);
}
