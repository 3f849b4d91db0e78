// The trust check on composed claims: every figure, date and agency name that an answer line
// states must appear in the clause it cites. Quotes are verbatim substrings by construction;
// leads are built from facts and rendered through templates, so they are checked here and
// dropped when they fail. Normalization keeps diacritics ("lương" is not "lượng"): NFC, lower
// case, one space.

export interface Claim {
  /** The line as shown, without its citation marker. */
  text: string;
  /** Figures, date phrases and agency names the line states, each as the clause writes it. */
  phrases: string[];
  /** Parts of `text` that are not claims about the clause (the plan's name: "Hồng Bàng 2023-2024"). */
  labels: string[];
}

const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Numbers of a text as written, leading zeros dropped ("01" is "1"; "99,5" stays). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(/\d+(?:[.,]\d+)*/g)].map((m) => m[0].replace(/^0+(?=\d)/, ''));
}

/** Why a claim does not hold against the clause text, or null when it holds. */
export function claimProblem(claim: Claim, clauseText: string): string | null {
  const clause = norm(clauseText);
  for (const p of claim.phrases) if (p.trim() && !clause.includes(norm(p))) return `“${p}” is not in the clause`;
  let text = claim.text.replace(/\[\d+\]/g, ' ');
  for (const l of claim.labels) text = text.split(l).join(' ');
  const known = new Set(numbersIn(clauseText));
  for (const n of numbersIn(text)) if (!known.has(n)) return `the figure ${n} is not in the clause`;
  return null;
}
