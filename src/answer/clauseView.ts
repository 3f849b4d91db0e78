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

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** Ids close to a mistyped one: same path in another plan, or a small edit away. */
export function closeMatches(id: string, all: string[], max = 3): string[] {
  const want = id.trim();
  const path = want.split('#')[1];
  const samePath = path ? all.filter((x) => x.split('#')[1]?.toLowerCase() === path.toLowerCase()) : [];
  const byEdit = all
    .map((x) => ({ x, d: distance(want.toLowerCase(), x.toLowerCase()) }))
    .filter((e) => e.d <= Math.max(3, Math.floor(want.length / 5)))
    .sort((a, b) => a.d - b.d)
    .map((e) => e.x);
  return [...new Set([...samePath, ...byEdit])].slice(0, max);
}
