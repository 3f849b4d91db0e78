// Versions of one plan: documents whose issuer, number and school year agree are the same
// plan received more than once (a corrected version, the .docx and its .pdf). The newest
// is answered from; the others are superseded by it. Pure: document metadata in, a map out.
import { foldForMatch } from './fold.js';

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
  for (const versions of groups.values()) {
    if (versions.length < 2) continue;
    const [newest, ...older] = [...versions].sort(compareNewestFirst);
    for (const d of older) out.set(d.docId, newest.docId);
  }
  return out;
}
