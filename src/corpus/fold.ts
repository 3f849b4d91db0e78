// The folded form used for lexical matching: lower case, no diacritics, đ→d,
// Vietnamese i/y spelling variants unified. Query and index go through the same function.

// Syllables written with either i or y ("tỉ lệ"/"tỷ lệ", "quản lí"/"quản lý").
const I_Y_VARIANTS: Record<string, string> = { ki: 'ky', li: 'ly', ti: 'ty', mi: 'my', si: 'sy', hi: 'hy' };

export function foldChars(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Syllables (and numbers) of a text in folded form. "Tỷ lệ 99,5%" → ["ty","le","99,5"] */
export function syllables(text: string): string[] {
  const folded = foldChars(text);
  const out: string[] = [];
  for (const m of folded.matchAll(/[a-z]+|\d+(?:[.,]\d+)*/g)) {
    const s = m[0];
    out.push(I_Y_VARIANTS[s] ?? s);
  }
  return out;
}

/** Lexical units: syllables plus adjacent-syllable bigrams joined by "_". */
export function lexicalUnits(text: string): string[] {
  const syl = syllables(text);
  const units = [...syl];
  for (let i = 0; i + 1 < syl.length; i++) units.push(`${syl[i]}_${syl[i + 1]}`);
  return units;
}

/** Folded text for containment checks: syllables joined by single spaces. */
export function foldForMatch(text: string): string {
  return syllables(text).join(' ');
}
