// Text helpers shared by the fact extractors: cutting a clause's text into lines, sentences
// and list pieces while keeping offsets, so every quote is an exact substring of the clause.
import type { Clause } from '../corpus/types.js';

export interface Span {
  /** Offset of the first character in the clause text. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  text: string;
}

function span(text: string, start: number, end: number): Span | null {
  // Trim whitespace and dangling separators at both ends, keeping offsets true.
  while (start < end && /[\s;,]/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end, text: text.slice(start, end) } : null;
}

/** The lines of a clause text (logical lines, as the parser joined them). */
export function lines(text: string): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const l of text.split('\n')) {
    const s = span(text, at, at + l.length);
    if (s) out.push(s);
    at += l.length + 1;
  }
  return out;
}

/**
 * Lines, with a line that stops on a word that cannot end a sentence ("Phối hợp với") joined to
 * the next one: a page break the parser left open when the next page starts with a capital.
 */
function bridgedLines(text: string): Span[] {
  const out: Span[] = [];
  for (const l of lines(text)) {
    const prev = out[out.length - 1];
    if (prev && /(?<![\p{L}])(với|của|và|cho|các|tại|theo|về|trong|để|là|những)$/u.test(prev.text) && !/^[-+•]/.test(l.text)) {
      out[out.length - 1] = { start: prev.start, end: l.end, text: text.slice(prev.start, l.end) };
    } else out.push(l);
  }
  return out;
}

/**
 * Sentences: a line cut after ". ", "! ", "? " (a full stop followed by a space and a capital
 * letter, a bullet or a digit), so "99.5" and "TP. Cà Mau" stay whole more often than not.
 */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  for (const l of bridgedLines(text)) {
    let from = l.start;
    const re = /[.!?…]+["”’)]*\s+(?=[\p{Lu}\d\-–•+(“"])/gu;
    for (const m of l.text.matchAll(re)) {
      const cut = l.start + m.index! + m[0].trimEnd().length;
      // "TP. Cà Mau", "Đ/c." : a short capitalised abbreviation before the dot is not a sentence end
      const before = text.slice(Math.max(l.start, cut - 4), cut);
      if (/(^|\s)(TP|Tp|TT|Đ\/c|ThS|TS|PGS|GS|v\.v)\.$/u.test(before)) continue;
      const s = span(text, from, cut);
      if (s) out.push(s);
      from = cut;
    }
    const s = span(text, from, l.end);
    if (s) out.push(s);
  }
  return out;
}

/**
 * Pieces of a sentence list: sentences further cut at ";". With `keepParentheses` a ";" inside
 * "(…)" does not cut (a parenthetical list of sub-targets stays with its target).
 */
export function pieces(text: string, opts: { keepParentheses?: boolean } = {}): Span[] {
  const out: Span[] = [];
  for (const s of sentences(text)) {
    let depth = 0;
    let from = s.start;
    for (let i = s.start; i < s.end; i++) {
      const ch = text[i];
      if (ch === '(') depth++;
      else if (ch === ')') depth = Math.max(0, depth - 1);
      else if (ch === ';' && (depth === 0 || !opts.keepParentheses)) {
        const p = span(text, from, i + 1);
        if (p) out.push(p);
        from = i + 1;
      }
    }
    const p = span(text, from, s.end);
    if (p) out.push(p);
  }
  return out;
}

/** The innermost span of a list that contains an offset. */
export function spanAt(spans: Span[], offset: number): Span | undefined {
  return spans.find((s) => offset >= s.start && offset < s.end);
}

/** Parentheses without their partner (left by a cut at ";" inside "(…; …)") removed. */
function dropUnmatchedParens(t: string): string {
  const drop = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') open.push(i);
    else if (t[i] === ')') {
      if (open.length) open.pop();
      else drop.add(i);
    }
  }
  for (const i of open) drop.add(i);
  return drop.size ? [...t].map((ch, i) => (drop.has(i) ? (ch === '(' ? ', ' : '') : ch)).join('').replace(/\s+,/g, ',').replace(/\s{2,}/g, ' ') : t;
}

/** "- Xây dựng …;" → "Xây dựng …": list marks and trailing separators off, for display. */
export function cleanTask(text: string, max = 220): string {
  let t = dropUnmatchedParens(text.replace(/\s+/g, ' ').trim());
  t = t.replace(/^[\s\-–+•*,]+/, '').replace(/[\s;,:.]+$/, '');
  if (t.length > max) {
    const cut = t.slice(0, max);
    const space = cut.lastIndexOf(' ');
    t = `${cut.slice(0, space > max * 0.6 ? space : max)}…`;
  }
  return t;
}

/** Ancestors of a clause, nearest first. */
export function ancestors(c: Clause, byId: Map<string, Clause>): Clause[] {
  const out: Clause[] = [];
  for (let p = c.parentId ? byId.get(c.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) out.push(p);
  return out;
}

/** Clause kinds that hold no tasks or targets of the plan: legal bases, decision articles, signatures, footnotes. */
export const NON_BODY_KINDS = new Set(['preamble', 'intro', 'article', 'closing', 'footnote', 'recipients', 'signature']);

/**
 * Which clauses hold the document's own work. Articles ("Điều 3. Mức hỗ trợ") do in a
 * decision, circular or regulation made of them; in a decision that issues a plan numbered
 * I., II. … they are the wrapper ("Ban hành kèm theo…", "chịu trách nhiệm thi hành"), and the
 * plan's parts hold the work.
 */
export function bodyFilter(clauses: Clause[]): (c: Clause) => boolean {
  // a plan's Roman parts ("I. MỤC ĐÍCH"), not a regulation's chapters ("Chương I")
  const romanPlan = clauses.some((c) => c.kind === 'part' && /^[IVX]{1,5}$/.test(c.label) && /^[IVX]{1,5}$/.test(c.path));
  return (c) => (c.kind === 'article' ? !romanPlan : !NON_BODY_KINDS.has(c.kind));
}

/** Formulas that assign nothing: who carries a decision out ("… chịu trách nhiệm thi hành Quyết định này"), a letter's "thông báo để các địa phương biết". */
export const EXECUTION_FORMULA = /chịu\s+trách\s+nhiệm\s+thi\s+hành|(có|chịu)\s+trách\s+nhiệm\s+triển\s+khai\s+thực\s+hiện\s+Quyết\s+định\s+này|thông\s+báo\s+để\s+[\p{L}\s]{2,40}\s+biết/iu;

/** The first line of a clause without its numbering ("1. Phòng Giáo dục…" → "Phòng Giáo dục…"). */
export function headingLine(c: Clause): string {
  const first = c.text.split('\n')[0] ?? '';
  if (!c.label) return first;
  return first.replace(/^([IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,4}|[a-zđ])[.)]?\s+/u, '').replace(/^Điều\s+\d+\.\s*/, '');
}
