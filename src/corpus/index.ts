// The corpus pipeline in one call: file → decoded text → normalized lines → metadata + clauses.
import type { ParsedDocument } from './types.js';
import { DocumentError } from './types.js';
import { decodeText, type SourceFile } from './load.js';
import { normalizeText } from './normalize.js';
import { extractMetadata } from './metadata.js';
import { parseClauses } from './parse.js';

export function parseSource(src: SourceFile): ParsedDocument {
  const text = decodeText(src.file, src.bytes);
  const lines = normalizeText(text);
  const meta = extractMetadata(src.docId, lines);
  const clauses = parseClauses(src.docId, lines);
  if (clauses.length === 0) throw new DocumentError(src.file, `${src.docId}: no text found`);
  return { meta, clauses };
}

export * from './types.js';
export { readSource, listPlanFiles, docIdFromFile, PLAN_EXTENSIONS } from './load.js';
