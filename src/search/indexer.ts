// corpus/ → store (+ vectors). Incremental by content hash: unchanged files are not parsed,
// changed ones are replaced whole, deleted ones removed; a file that cannot be read is
// reported and its previously indexed version is kept.
import path from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import { listPlanFiles, readSource, parseSource, parseExtracted, extractText, docIdFromFile, DocumentError, PLAN_EXTENSIONS, type OcrRun, type OcrSettings, type SourceFile, type TextParser } from '../corpus/index.js';
import { resolveVersions } from '../corpus/versions.js';
import { METADATA_VERSION } from '../corpus/metadata.js';
import { extractFacts, FACTS_VERSION } from '../facts/index.js';
import type { Store, IndexError } from '../store/repository.js';
import { VectorIndex } from './vectorIndex.js';
import { passagesOf, type Passage } from './chunks.js';
import { ParsePool, parseWithFacts, type ParsedWithFacts } from './parsePool.js';

export interface IndexProgress {
  /** ocr: the pages of one scan (label "<file>: page i of n"). */
  phase: 'read' | 'ocr' | 'embed';
  done: number;
  total: number;
  label: string;
}

export interface IndexSummary {
  documents: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  clauses: number;
  /** Passages in the vector index (0 when semantic search is off). */
  chunks: number;
  embedded: number;
  seconds: number;
  semantic: boolean;
  errors: IndexError[];
  /** Older versions of a plan and the document that supersedes each. */
  superseded: { docId: string; by: string }[];
}

export class CorpusEmptyError extends Error {}

export interface IndexOptions {
  corpusDir: string;
  indexDir: string;
  embedder: (Embeddings & { modelId: string; dimensions: number }) | null;
  onProgress?: (p: IndexProgress) => void;
  /** Scans are read by OCR with these settings (results cached under indexDir/ocr-cache); none: refused. */
  ocr?: OcrSettings | null;
  /** Parse workers (default PARSE_WORKERS); 0: parse in this thread. */
  parseWorkers?: number;
}

/** Where OCR results are kept by the scan's content hash. */
export const ocrCacheDir = (indexDir: string) => path.join(indexDir, 'ocr-cache');

/** The OCR run of one file within an index pass: cached beside the index, its pages reported as progress. */
export function ocrRun(opts: Pick<IndexOptions, 'ocr' | 'indexDir' | 'onProgress'>, label: string): OcrRun | null {
  if (!opts.ocr) return null;
  const onProgress = opts.onProgress;
  return {
    ...opts.ocr,
    cacheDir: ocrCacheDir(opts.indexDir),
    onPage: onProgress && ((done, total) => onProgress({ phase: 'ocr', done, total, label: `${label}: page ${Math.min(done + 1, total)} of ${total}` })),
  };
}

/**
 * Bump when the clauses a file gives change (the parser, the clause ids, what is indexed for
 * search with a clause): an index built before is then rebuilt on the next pass.
 */
export const STRUCTURE_VERSION = 18;

/** A pass that rewrote at least this many plans, and this share of them, merges the full-text index. */
const OPTIMIZE_MIN_PLANS = 20;
const OPTIMIZE_SHARE = 0.1;

/** Files read ahead of the one being indexed. */
const READ_AHEAD = 4;
/** Workers parsing plans on a pass with new or changed files; the files they may hold parsed, not yet written. */
export const PARSE_WORKERS = 2;
const PARSE_AHEAD = 24;
/** Plans written in one transaction on a pass (their full-text rows make one segment of the full-text index)… */
const WRITE_BATCH = 16;
/** …with at most this many clauses (unless one plan has more). */
const WRITE_BATCH_CLAUSES = 2000;

export async function indexCorpus(store: Store, opts: IndexOptions): Promise<IndexSummary> {
  const started = performance.now();
  const files = await listPlanFiles(opts.corpusDir);
  const known = new Map((await store.listDocuments()).map((d) => [d.docId, d]));
  if (files.length === 0) throw new CorpusEmptyError(`no plan files (${PLAN_EXTENSIONS.join(', ')}) in ${opts.corpusDir}`);

  const summary: IndexSummary = { documents: 0, added: [], changed: [], removed: [], unchanged: [], clauses: 0, chunks: 0, embedded: 0, seconds: 0, semantic: false, errors: [], superseded: [] };
  const seen = new Set<string>();
  const failed: string[] = [];
  // Clauses built by an older parser (or indexed for search the old way) are rebuilt, files unchanged or not.
  const staleStructure = (await store.getSetting('structure_version')) !== String(STRUCTURE_VERSION);

  const factVersions = await store.facts.versions();
  // Files are read (and hashed) a few ahead of the one being indexed: with thousands of plans,
  // most unchanged, a pass is mostly waiting on reads.
  const reads = new Map<number, Promise<Awaited<ReturnType<typeof readSource>>>>();
  const read = (i: number) => {
    for (let j = i; j < Math.min(files.length, i + READ_AHEAD); j++) {
      if (!reads.has(j)) {
        const p = readSource(files[j]);
        p.catch(() => undefined); // awaited (and its error reported) in its turn
        reads.set(j, p);
      }
    }
    const p = reads.get(i)!;
    reads.delete(i);
    return p;
  };

  // New and changed files are parsed in the pool (in this thread without one) while earlier
  // ones are written; writes, and everything else the store is told, stay in file order.
  // The first file is parsed here: a pass with one changed plan (the usual re-index) starts no workers.
  let pool: ParsePool | null | undefined;
  let parses = 0;
  const parse: TextParser<ParsedWithFacts> = (f, docId, text) => {
    if (pool === undefined && parses++ > 0) pool = ParsePool.open(opts.parseWorkers ?? PARSE_WORKERS);
    return pool ? pool.parse(f, docId, text) : parseWithFacts(f, docId, text);
  };
  const failedDocument = async (file: string, rel: string, err: unknown) => {
    if (!(err instanceof DocumentError)) throw err;
    failed.push(rel);
    const docId = docIdFromFile(file);
    seen.add(docId); // keep the last good version of a document whose new file is unreadable
    await store.recordError({ file: rel, docId, reason: err.message });
  };
  type Parsing = { file: string; rel: string; src: SourceFile; prev: boolean; parsed: Promise<Awaited<ReturnType<typeof parseExtracted<ParsedWithFacts>>>> };
  const parsing: Parsing[] = [];
  // The plans parsed are written a few at a time, one transaction each (WRITE_BATCH), while the
  // next ones are handed to the workers: at most one write goes on at a time, in file order.
  let writing: Promise<void> = Promise.resolve();
  const writeBatch = async (batch: Parsing[]) => {
    const ready: { p: Parsing; doc: Awaited<Parsing['parsed']> }[] = [];
    const failures: { p: Parsing; err: unknown }[] = [];
    for (const p of batch) {
      try {
        ready.push({ p, doc: await p.parsed });
      } catch (err) {
        failures.push({ p, err });
      }
    }
    // Within a batch, at most WRITE_BATCH_CLAUSES clauses a transaction (a few large plans hold the write lock briefly too).
    for (let i = 0; i < ready.length; ) {
      let clauses = 0;
      let j = i;
      while (j < ready.length && (j === i || clauses + ready[j].doc.clauses.length <= WRITE_BATCH_CLAUSES)) clauses += ready[j++].doc.clauses.length;
      const part = ready.slice(i, j);
      await store.replaceDocuments(
        part.map(({ p, doc }) => ({
          doc,
          source: { file: p.rel, hash: p.src.hash, format: doc.format, receivedAt: p.src.mtime.toISOString(), ocr: doc.ocr },
          facts: doc.facts,
          words: doc.words,
          // OCR gives clauses their pages after parsing: their rows are made again.
          rows: doc.ocr ? undefined : doc.rows,
        })),
      );
      for (const { p } of part) (p.prev ? summary.changed : summary.added).push(p.src.docId);
      i = j;
    }
    for (const { p, err } of failures) await failedDocument(p.file, p.rel, err);
  };
  /** Starts writing the first `n` plans parsed (after the write going on). */
  const startWrite = (n: number) => {
    const batch = parsing.splice(0, n);
    writing = writing.then(() => writeBatch(batch));
    writing.catch(() => undefined); // awaited (and its error thrown) by writeAll or the next write
  };
  const writeAll = async () => {
    while (parsing.length) startWrite(WRITE_BATCH);
    await writing;
  };

  await store.beginWords();
  try {
    try {
      for (const [i, file] of files.entries()) {
        opts.onProgress?.({ phase: 'read', done: i, total: files.length, label: path.basename(file) });
        const rel = path.relative(opts.corpusDir, file);
        const parseOpts = { ocr: ocrRun(opts, rel) };
        try {
          const src = await read(i);
          if (seen.has(src.docId)) throw new DocumentError(file, `${rel}: another file already has the document id ${src.docId}`);
          seen.add(src.docId);
          const prev = known.get(src.docId);
          if (prev && prev.hash === src.hash && !staleStructure) {
            const staleFacts = (factVersions.get(src.docId) ?? null) !== FACTS_VERSION;
            if (staleFacts || prev.metaVersion !== METADATA_VERSION) await writeAll();
            // Facts missing (an index built before they existed) or from an older extractor: re-extract them only.
            if (staleFacts) await store.replaceFacts(extractFacts(await parseSource(src, parseOpts)));
            // Metadata read by an older extractor: re-read it, leaving clauses and facts alone.
            if (prev.metaVersion !== METADATA_VERSION) await store.updateMeta((await parseSource(src, parseOpts)).meta);
            summary.unchanged.push(src.docId);
            continue;
          }
          // The text is extracted here, one file at a time (a scan's OCR is minutes of work of its own).
          const extracted = await extractText(src.file, src.bytes, parseOpts);
          const parsed = parseExtracted(src, extracted, parse);
          parsed.catch(() => undefined); // awaited (and its error reported) in its turn
          parsing.push({ file, rel, src, prev: Boolean(prev), parsed });
          if (parsing.length >= PARSE_AHEAD) {
            await writing; // the write before: then this batch is written while the next files are parsed
            startWrite(WRITE_BATCH);
          }
        } catch (err) {
          await writeAll();
          await failedDocument(file, rel, err);
        }
      }
      await writeAll();
    } finally {
      await pool?.close();
    }
    opts.onProgress?.({ phase: 'read', done: files.length, total: files.length, label: 'done' });
    for (const docId of known.keys()) {
      if (!seen.has(docId)) {
        await store.removeDocument(docId);
        summary.removed.push(docId);
      }
    }
    // The plans' words (what answering reads instead of every plan's clauses), counted over the pass.
    await store.finishWords();
  } catch (err) {
    store.abandonWords(); // marked pending: the next pass counts every plan again
    throw err;
  }
  await store.clearErrors(failed);
  summary.errors = await store.listErrors();

  const versions = resolveVersions(await store.listDocuments());
  await store.setSupersession(versions);
  summary.superseded = [...versions].filter(([, by]) => by).map(([docId, by]) => ({ docId, by: by! }));

  if (opts.embedder) {
    const counts = await syncVectors(store, opts.embedder, opts.indexDir, opts.onProgress);
    summary.chunks = counts.chunks;
    summary.embedded = counts.embedded;
    summary.semantic = true;
    // The vectors are saved after the documents: a server in another process reloads them when the generation moves again.
    if (counts.embedded || summary.added.length || summary.changed.length || summary.removed.length) await store.bumpGeneration();
  }

  const docs = await store.listDocuments();
  // A pass that rewrote many plans (a first index, a parser change) leaves the full-text index in
  // many segments and half-empty pages; merged into one, asking is ~15% faster at 2 500 plans
  // (1–3 s there). A few plans changed are left to FTS5's own merging, to stay quick.
  const rewritten = summary.added.length + summary.changed.length + summary.removed.length;
  if (rewritten >= Math.max(OPTIMIZE_MIN_PLANS, OPTIMIZE_SHARE * docs.length)) await store.optimizeSearch();
  summary.documents = docs.length;
  summary.clauses = await store.countClauses();
  await store.setSetting('last_index_at', new Date().toISOString());
  await store.setSetting('structure_version', String(STRUCTURE_VERSION));
  await store.setSetting('semantic', summary.semantic ? opts.embedder!.modelId : 'off');
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * What a clause's passages are made of: its text and also the context embedded with it (plan
 * name, breadcrumb, heading), so a renamed parent heading re-embeds the sub-clauses too.
 */

async function syncVectors(
  store: Store,
  embedder: Embeddings & { modelId: string; dimensions: number },
  indexDir: string,
  onProgress?: (p: IndexProgress) => void,
): Promise<{ chunks: number; embedded: number }> {
  const vectors = await VectorIndex.open(indexDir, { model: embedder.modelId, dim: embedder.dimensions });
  const wanted = new Map<string, Passage>();
  for (const d of await store.listDocuments()) {
    for (const c of await store.clausesOf(d.docId)) for (const p of passagesOf(c, d.shortName)) wanted.set(p.key, p);
  }
  // Keys are content-addressed (see chunkKey): drop what is no longer wanted, embed what is missing.
  vectors.remove(vectors.keys().filter((k) => !wanted.has(k)));
  const todo = [...wanted.values()].filter((p) => !vectors.has(p.key));
  const batch = 32;
  for (let i = 0; i < todo.length; i += batch) {
    onProgress?.({ phase: 'embed', done: i, total: todo.length, label: 'embedding' });
    const slice = todo.slice(i, i + batch);
    const embedded = await embedder.embedDocuments(slice.map((p) => p.text));
    vectors.upsert(slice.map((p, j) => ({ key: p.key, vector: embedded[j] })));
  }
  onProgress?.({ phase: 'embed', done: todo.length, total: todo.length, label: 'done' });
  await vectors.save();
  return { chunks: vectors.size, embedded: todo.length };
}
