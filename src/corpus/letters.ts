// Characters of the Basic Multilingual Plane told apart by a table filled as they are met: a
// plan's every character is asked about (is it a letter, a capital, a space) several times.
// Surrogates are not classified here: callers take the regex path for text beyond the BMP.

export const LETTER = 1;
/** A letter that is its own upper case and not its lower case. */
export const CAPITAL = 2;
/** What /\s/ matches. */
export const SPACE = 4;
/** Its own upper case. */
export const UPPER_SAME = 8;
const KNOWN = 16;

const KIND = new Uint8Array(0x10000);

/** The kind bits of the UTF-16 code unit c (not a surrogate). */
export function charKind(c: number): number {
  return KIND[c] || (KIND[c] = classify(String.fromCharCode(c)));
}

function classify(ch: string): number {
  let k = KNOWN;
  if (/\p{L}/u.test(ch)) k |= LETTER;
  if (k & LETTER && ch === ch.toUpperCase() && ch !== ch.toLowerCase()) k |= CAPITAL;
  if (/\s/.test(ch)) k |= SPACE;
  if (ch === ch.toUpperCase()) k |= UPPER_SAME;
  return k;
}

export const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;
