// The corpus pipeline in one call: file → text (any format) → normalized lines → metadata + clauses.
import type { ParsedDocument } from './types.js';
import { DocumentError } from './types.js';
import type { SourceFile } from './load.js';
import { normalizeText } from './normalize.js';
import { reflowRunOn } from './reflow.js';
import { extractMetadata } from './metadata.js';
import { parseClauses } from './parse.js';
import { extractText, type ExtractOptions, type ExtractedText } from './formats/index.js';

/** Parsed text, no file involved: what every format comes down to. */
export function parseText(file: string, docId: string, text: string): ParsedDocument {
  const lines = normalizeText(reflowRunOn(text));
  const meta = extractMetadata(docId, lines);
  const clauses = parseClauses(docId, lines);
  if (clauses.length === 0) throw new DocumentError(file, `${docId}: no text found`);
  return { meta, clauses };
}

/** What turns a file's text into its document: parseText, or the same work done elsewhere (a worker). */
export type TextParser<T extends ParsedDocument> = (file: string, docId: string, text: string) => T | Promise<T>;

export async function parseSource(src: Pick<SourceFile, 'file' | 'docId' | 'bytes'>, opts: ExtractOptions = {}): Promise<ParsedDocument & { format: string; ocr: boolean }> {
  return parseExtracted(src, await extractText(src.file, src.bytes, opts), parseText);
}

/** The second half of parseSource, for a file's text already extracted. */
export async function parseExtracted<T extends ParsedDocument>(src: Pick<SourceFile, 'file' | 'docId'>, extracted: ExtractedText, parse: TextParser<T>): Promise<T & { format: string; ocr: boolean }> {
  const parsed = await parse(src.file, src.docId, extracted.text);
  if (extracted.ocr) withPages(parsed.clauses, extracted.ocr.lines);
  return { ...parsed, format: extracted.format, ocr: Boolean(extracted.ocr) };
}

/** A clause read by OCR: the page its first line is on, and its words' mean confidence. */
function withPages(clauses: ParsedDocument['clauses'], lines: NonNullable<ExtractedText['ocr']>['lines']): void {
  for (const c of clauses) {
    const own = (c.lines.length ? c.lines : [c.lineStart]).map((n) => lines[n - 1]).filter(Boolean);
    if (!own.length) continue;
    c.page = own[0].page;
    const words = own.reduce((a, l) => a + l.words, 0);
    if (words) c.ocrConfidence = Math.round((own.reduce((a, l) => a + (l.confidence ?? 0) * l.words, 0) / words) * 1000) / 1000;
  }
}

export * from './types.js';
export type { OcrRun, OcrSettings, ExtractedText } from './formats/index.js';
export { extractText } from './formats/index.js';
export { readSource, listPlanFiles, docIdFromFile, PLAN_EXTENSIONS, MAX_BYTES } from './load.js';
export type { SourceFile } from './load.js';
