// Versions of one plan: documents whose issuer, number and school year agree are the same
// plan received more than once (a corrected version, the .docx and its .pdf). The newest
// is answered from; the others are superseded by it. Pure: document metadata in, a map out.
import { foldChars, foldForMatch } from './fold.js';
import { normalizeToneMarks } from './normalize.js';

export interface VersionFacts {
  docId: string;
  issuer: string | null;
  docNumber: string | null;
  schoolYear: string | null;
  title: string;
  signed: { iso: string } | null;
  /** When the file was written (ISO). */
  receivedAt: string | null;
}

/**
 * What makes two documents one plan. Without an issuer or a school year nothing can be
 * told, so the document stands alone. An unnumbered draft ("Số: /KH-UBND") is told by its
 * title instead of its number.
 */
export function planKey(d: VersionFacts): string | null {
  if (!d.issuer || !d.schoolYear) return null;
  const number = d.docNumber ? `no:${d.docNumber.toUpperCase().replace(/\s+/g, '')}` : `title:${foldForMatch(d.title)}`;
  return `${foldForMatch(d.issuer)}|${number}|${d.schoolYear}`;
}

/** Newest first: the later signing date, then the later file, then the document id (so the order is total). */
export function compareNewestFirst(a: VersionFacts, b: VersionFacts): number {
  const signed = (b.signed?.iso ?? '').localeCompare(a.signed?.iso ?? '');
  if (signed) return signed;
  const received = (b.receivedAt ?? '').localeCompare(a.receivedAt ?? '');
  if (received) return received;
  return a.docId.localeCompare(b.docId);
}

/** For every document, the id of the version that supersedes it, or null for the newest (and for a plan received once). */
export function resolveVersions(docs: VersionFacts[]): Map<string, string | null> {
  const groups = new Map<string, VersionFacts[]>();
  const out = new Map<string, string | null>();
  for (const d of docs) {
    out.set(d.docId, null);
    const key = planKey(d);
    if (key) groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  for (const group of groups.values()) {
    for (const versions of byIssuerAsWritten(group)) {
      if (versions.length < 2) continue;
      const [newest, ...older] = [...versions].sort(compareNewestFirst);
      for (const d of older) out.set(d.docId, newest.docId);
    }
  }
  return out;
}

/**
 * Issuers that fold alike may be two bodies: "UBND huyện Tân Thạnh" is not "UBND huyện Tân Thành".
 * Written with their marks they part; a copy whose issuer is written without any marks (typed,
 * or read without them) goes with the first of them.
 */
function byIssuerAsWritten(group: VersionFacts[]): VersionFacts[][] {
  // Its words with their marks ("uỷ" and "ủy" are one spelling), case and punctuation aside.
  const written = (d: VersionFacts) => [...normalizeToneMarks((d.issuer ?? '').normalize('NFC')).toLowerCase().matchAll(/[\p{L}\d]+/gu)].map((m) => m[0]).join(' ');
  const unmarked = (x: string) => x === foldChars(x).toLowerCase();
  const parts = new Map<string, VersionFacts[]>();
  const plain: VersionFacts[] = [];
  for (const d of group) {
    const w = written(d);
    if (unmarked(w)) plain.push(d);
    else parts.set(w, [...(parts.get(w) ?? []), d]);
  }
  const out = [...parts.values()];
  if (out.length) out[0].push(...plain);
  else out.push(plain);
  return out;
}
