// A clause as shown to a person: breadcrumb, heading, text, and where to go next.
import type { ClauseRow } from '../store/repository.js';
import { clauseTitle } from '../store/repository.js';

export function formatClause(c: ClauseRow, docName: string, nav: { prev: string | null; next: string | null }, children: string[]): string {
  const crumb = [docName, ...c.breadcrumb].join(' › ');
  const text = c.text.replace(/\t/g, ' | ');
  const lines = [crumb, `§${c.path} ${clauseTitle({ label: '', heading: c.heading })}`.trim(), '', text, ''];
  if (children.length) lines.push('Mục con / sub-clauses:', ...children.map((x) => `  ${x}`), '');
  lines.push(`← ${nav.prev ?? '—'}`, `→ ${nav.next ?? '—'}`);
  return lines.join('\n');
}
