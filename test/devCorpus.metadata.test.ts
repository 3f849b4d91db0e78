// Header metadata of the real dev-corpus documents (/work/shared/dev-corpus) against labels
// written by reading them (test/fixtures/dev-corpus/metadata.json), field by field. The files
// go through the real loader and normalizer; the accuracy is printed and held at a floor.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSource, parseSource } from '../src/corpus/index.js';
import type { DocumentMeta } from '../src/corpus/types.js';

const REPO = path.resolve(__dirname, '..');
const DEV = path.resolve(REPO, '..', 'shared', 'dev-corpus');
const LABELS = JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/dev-corpus/metadata.json'), 'utf8')) as {
  docs: Record<string, Label>;
  corpus: Record<string, Label>;
};

interface Label {
  file: string;
  issuer: string | null;
  issuerLevel: string | null;
  issuerType: string | null;
  place: string | null;
  docKind: string | null;
  docNumber: string | null;
  enclosingNumber: string | null;
  signed: string | null;
  signer: { name: string; position: string | null } | null;
  title?: string;
  titleStartsWith?: string;
  titleContains?: string;
  schoolYear: string | null;
  period: string | null;
}

type Field = 'issuer' | 'issuerLevel' | 'issuerType' | 'place' | 'docKind' | 'docNumber' | 'enclosingNumber' | 'signed' | 'signer' | 'title' | 'schoolYear' | 'period';
const FIELDS: Field[] = ['issuer', 'issuerLevel', 'issuerType', 'place', 'docKind', 'docNumber', 'enclosingNumber', 'signed', 'signer', 'title', 'schoolYear', 'period'];

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

const meta = (m: DocumentMeta) => m as DocumentMeta & Record<string, unknown>;
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function agrees(field: Field, label: Label, m: DocumentMeta): boolean {
  const got = meta(m);
  switch (field) {
    case 'signed':
      return orNull(m.signed?.iso) === label.signed;
    case 'signer': {
      const s = orNull(got.signer as { name: string; position: string | null } | null | undefined);
      if (!label.signer || !s) return !label.signer && !s;
      return s.name === label.signer.name && (s.position ?? '').toLowerCase() === (label.signer.position ?? '').toLowerCase();
    }
    case 'title':
      if (label.title !== undefined) return m.title === label.title;
      return m.title.startsWith(label.titleStartsWith ?? '') && m.title.includes(label.titleContains ?? '');
    default:
      return orNull(got[field]) === label[field];
  }
}

async function extracted(labels: Record<string, Label>, root: string): Promise<Map<string, DocumentMeta>> {
  const out = new Map<string, DocumentMeta>();
  for (const [docId, label] of Object.entries(labels)) {
    const src = await readSource(path.join(root, label.file));
    expect(src.docId).toBe(docId);
    out.set(docId, (await parseSource(src)).meta);
  }
  return out;
}

describe('dev-corpus header metadata', () => {
  it('finds the dev corpus (CI has it; a missing folder is a failure, not a skip)', () => {
    expect(existsSync(path.join(DEV, 'SOURCES.md')), `missing ${DEV}`).toBe(true);
    expect(Object.keys(LABELS.docs)).toHaveLength(26);
  });

  it('reads every labelled field at or above its floor', async () => {
    const metas = await extracted(LABELS.docs, DEV);
    const right: Record<string, number> = {};
    const misses: string[] = [];
    for (const f of FIELDS) right[f] = 0;
    for (const [docId, label] of Object.entries(LABELS.docs)) {
      const m = metas.get(docId)!;
      for (const f of FIELDS) {
        if (agrees(f, label, m)) right[f]++;
        else misses.push(`${docId} ${f}: got ${JSON.stringify(f === 'signed' ? m.signed?.iso : meta(m)[f])}`);
      }
    }
    const n = Object.keys(LABELS.docs).length;
    const acc = (f: Field) => right[f] / n;
    const overall = FIELDS.reduce((s, f) => s + right[f], 0) / (n * FIELDS.length);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log(
      [
        `dev-corpus metadata, ${n} documents:`,
        ...FIELDS.map((f) => `  ${f.padEnd(16)} ${String(right[f]).padStart(2)}/${n}  ${pct(acc(f))}`),
        `  overall          ${pct(overall)}`,
        ...misses.map((s) => `  miss ${s}`),
      ].join('\n'),
    );
    for (const f of FIELDS) expect(acc(f), f).toBeGreaterThanOrEqual(FLOOR[f] - 1e-9);
    expect(overall).toBeGreaterThanOrEqual(FLOOR.overall - 1e-9);
  });

  it('reads the five corpus/ plans as before, and their new fields', async () => {
    const metas = await extracted(LABELS.corpus, REPO);
    for (const [docId, label] of Object.entries(LABELS.corpus)) {
      const m = metas.get(docId)!;
      for (const f of FIELDS) expect(agrees(f, label, m), `${docId} ${f}: ${JSON.stringify(meta(m)[f])}`).toBe(true);
    }
  });
});
