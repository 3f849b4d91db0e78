// The corpus pipeline in one call: file → text (any format) → normalized lines → metadata + clauses.
import type { ParsedDocument } from './types.js';
import { DocumentError } from './types.js';
import type { SourceFile } from './load.js';
import { normalizeText } from './normalize.js';
import { reflowRunOn } from './reflow.js';
import { extractMetadata } from './metadata.js';
import { parseClauses } from './parse.js';
import { extractText } from './formats/index.js';

/** Parsed text, no file involved: what every format comes down to. */
export function parseText(file: string, docId: string, text: string): ParsedDocument {
  const lines = normalizeText(reflowRunOn(text));
  const meta = extractMetadata(docId, lines);
  const clauses = parseClauses(docId, lines);
  if (clauses.length === 0) throw new DocumentError(file, `${docId}: no text found`);
  return { meta, clauses };
}

export async function parseSource(src: Pick<SourceFile, 'file' | 'docId' | 'bytes'>): Promise<ParsedDocument & { format: string }> {
  const { text, format } = await extractText(src.file, src.bytes);
  return { ...parseText(src.file, src.docId, text), format };
}

export * from './types.js';
export { readSource, listPlanFiles, docIdFromFile, PLAN_EXTENSIONS, MAX_BYTES } from './load.js';
