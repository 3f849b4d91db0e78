// Header metadata of the real dev-corpus documents (/work/shared/dev-corpus) against labels
// written by reading them (test/fixtures/dev-corpus/metadata.json), field by field. The files
// go through the real loader and normalizer; the accuracy is printed and held at a floor.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIELDS, agrees, readMetas, readValue, score, type Field, type Label } from './helpers/metadataLabels.js';

const REPO = path.resolve(__dirname, '..');
const DEV = path.resolve(REPO, '..', 'shared', 'dev-corpus');
const LABELS = JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/dev-corpus/metadata.json'), 'utf8')) as {
  docs: Record<string, Label>;
  corpus: Record<string, Label>;
};

/**
 * Measured with this extractor and held: a drop fails the test. Before it (the extractor of
 * b3e68c5): issuer 8/26, place 9, number 17, date 22, signer 15 (the 15 openings, no block), title 3,
 * overall 45.5% (fields it did not have counted as wrong unless the label is null).
 * The two titles missed: the documents capitalise "Danh mục", "Quy trình" (quang-ngai) and
 * write "Chương trình mục tiêu quốc gia" both ways (bgddt-1611), the labels keep them lower.
 */
const FLOOR: Record<Field | 'overall', number> = {
  issuer: 1, issuerLevel: 1, issuerType: 1, place: 1, docKind: 1, docNumber: 1, enclosingNumber: 1,
  signed: 1, signer: 1, title: 24 / 26, schoolYear: 1, period: 1, overall: 310 / 312,
};

describe('dev-corpus header metadata', () => {
  it('finds the dev corpus (CI has it; a missing folder is a failure, not a skip)', () => {
    expect(existsSync(path.join(DEV, 'SOURCES.md')), `missing ${DEV}`).toBe(true);
    expect(Object.keys(LABELS.docs)).toHaveLength(26);
  });

  it('reads every labelled field at or above its floor', async () => {
    const metas = await readMetas(LABELS.docs, DEV);
    const { n, right, overall, report } = score(LABELS.docs, metas);
    const acc = (f: Field) => right[f] / n;
    console.log(`dev-corpus metadata, ${n} documents:\n${report}`);
    for (const f of FIELDS) expect(acc(f), f).toBeGreaterThanOrEqual(FLOOR[f] - 1e-9);
    expect(overall).toBeGreaterThanOrEqual(FLOOR.overall - 1e-9);
  });

  it('reads the five corpus/ plans as before, and their new fields', async () => {
    const metas = await readMetas(LABELS.corpus, REPO);
    for (const [docId, label] of Object.entries(LABELS.corpus)) {
      const m = metas.get(docId)!;
      for (const f of FIELDS) expect(agrees(f, label, m), `${docId} ${f}: ${readValue(f, m)}`).toBe(true);
    }
  });
});
