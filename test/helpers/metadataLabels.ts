// Labelled header metadata against what the parser read, field by field: shared by the
// dev-corpus labels and the held-out headers. A label value that is a list accepts any of them.
import path from 'node:path';
import type { DocumentMeta } from '../../src/corpus/types.js';
import { parseSource, readSource } from '../../src/corpus/index.js';

type Value<T> = T | T[];

export interface Label {
  file: string;
  issuer: Value<string | null>;
  issuerLevel: Value<string | null>;
  issuerType: Value<string | null>;
  place: Value<string | null>;
  docKind: Value<string | null>;
  docNumber: Value<string | null>;
  enclosingNumber: Value<string | null>;
  signed: Value<string | null>;
  signer: { name: string; position: string | null } | null;
  title?: Value<string>;
  titleStartsWith?: string;
  titleContains?: string;
  schoolYear: Value<string | null>;
  period: Value<string | null>;
}

export type Field = 'issuer' | 'issuerLevel' | 'issuerType' | 'place' | 'docKind' | 'docNumber' | 'enclosingNumber' | 'signed' | 'signer' | 'title' | 'schoolYear' | 'period';
export const FIELDS: Field[] = ['issuer', 'issuerLevel', 'issuerType', 'place', 'docKind', 'docNumber', 'enclosingNumber', 'signed', 'signer', 'title', 'schoolYear', 'period'];

const meta = (m: DocumentMeta) => m as DocumentMeta & Record<string, unknown>;
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const oneOf = <T>(got: T, want: Value<T>) => (Array.isArray(want) ? want.includes(got) : got === want);

export function agrees(field: Field, label: Label, m: DocumentMeta): boolean {
  const got = meta(m);
  switch (field) {
    case 'signed':
      return oneOf(orNull(m.signed?.iso), label.signed);
    case 'signer': {
      const s = orNull(got.signer as { name: string; position: string | null } | null | undefined);
      if (!label.signer || !s) return !label.signer && !s;
      return s.name === label.signer.name && (s.position ?? '').toLowerCase() === (label.signer.position ?? '').toLowerCase();
    }
    case 'title':
      if (label.title !== undefined) return oneOf(m.title, label.title);
      return m.title.startsWith(label.titleStartsWith ?? '') && m.title.includes(label.titleContains ?? '');
    default:
      return oneOf(orNull(got[field]) as string | null, label[field] as Value<string | null>);
  }
}

/** What the parser read of a field, for a miss report. */
export const readValue = (field: Field, m: DocumentMeta) => JSON.stringify(field === 'signed' ? m.signed?.iso : meta(m)[field]);

/** Right fields per field and overall, and one line per miss. */
export function score(labels: Record<string, Label>, metas: Map<string, DocumentMeta>) {
  const right = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  const misses: string[] = [];
  for (const [docId, label] of Object.entries(labels)) {
    const m = metas.get(docId)!;
    for (const f of FIELDS) {
      if (agrees(f, label, m)) right[f]++;
      else misses.push(`${docId} ${f}: got ${readValue(f, m)}`);
    }
  }
  const n = Object.keys(labels).length;
  const overall = FIELDS.reduce((s, f) => s + right[f], 0) / (n * FIELDS.length);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const report = [...FIELDS.map((f) => `  ${f.padEnd(16)} ${String(right[f]).padStart(2)}/${n}  ${pct(right[f] / n)}`), `  overall          ${pct(overall)}`, ...misses.map((s) => `  miss ${s}`)].join('\n');
  return { n, right, overall, misses, report };
}

/** Each labelled file read and parsed by the real loader; its id must be the label's key. */
export async function readMetas(labels: Record<string, Label>, root: string): Promise<Map<string, DocumentMeta>> {
  const out = new Map<string, DocumentMeta>();
  for (const [docId, label] of Object.entries(labels)) {
    const src = await readSource(path.join(root, label.file));
    if (src.docId !== docId) throw new Error(`${label.file} is read as ${src.docId}, labelled ${docId}`);
    out.set(docId, (await parseSource(src)).meta);
  }
  return out;
}
