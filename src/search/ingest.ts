// An administrator's upload (Telegram document, POST /api/documents) → a plan in corpus/,
// indexed, with a summary of what was found. Every refusal is an UploadError whose message
// is shown to the sender as is; a refused file leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Store } from '../store/repository.js';
import type { TransformersEmbeddings } from './embedder.js';
import { indexCorpus, ocrCacheDir } from './indexer.js';
import { parseSource, listPlanFiles, docIdFromFile, DocumentError, MAX_BYTES } from '../corpus/index.js';
import { sniffFormat, formatOfName, formatWhat, FORMAT_EXTENSION } from '../corpus/formats/index.js';
import { foldChars } from '../corpus/fold.js';

export class UploadError extends Error {}

export interface IngestResult {
  docId: string;
  /** The file's name in corpus/. */
  file: string;
  title: string;
  schoolYear: string | null;
  clauses: number;
  targets: number;
  deadlines: number;
  /** Older versions of the same plan that this one now supersedes. */
  supersedes: string[];
  /** A scan read by OCR. */
  ocr: boolean;
}

export interface IngestHooks {
  /** OCR is starting on a scan of this many pages: minutes of work, not seconds. */
  onOcr?: (pages: number) => void;
}

export interface IngestContext {
  cfg: Config;
  store: Store;
  embedder: TransformersEmbeddings | null;
}

export const UPLOAD_MAX_BYTES = MAX_BYTES;
const MAX_NAME_CHARS = 200;

/** The stem and extension an upload may be saved under, or an UploadError saying why not. */
export function safeUploadName(fileName: string): { stem: string; ext: string } {
  const name = fileName.normalize('NFC').trim();
  if (!name) throw new UploadError('the file has no name');
  if (name.length > MAX_NAME_CHARS) throw new UploadError(`the file name is ${name.length} characters long (at most ${MAX_NAME_CHARS})`);
  if (/[/\\]/.test(name) || name.split(/[/\\]/).includes('..')) throw new UploadError(`the file name ${JSON.stringify(fileName)} contains a path; send the file under its own name`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new UploadError('the file name contains control characters');
  if (name.startsWith('.')) throw new UploadError(`the file name ${JSON.stringify(fileName)} starts with a dot`);
  const ext = path.extname(name).toLowerCase();
  const stem = foldChars(path.basename(name, path.extname(name)))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  if (!stem) throw new UploadError(`the file name ${JSON.stringify(fileName)} has no letters or digits to name the plan by`);
  return { stem, ext };
}

// Uploads are indexed one at a time in this process: two indexing passes over one store would race.
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/** Writes `bytes` as `target` all at once: a temp file (ignored by the indexer: dot name), synced, then hard-linked into place; an existing file is never replaced. */
async function writeNew(dir: string, target: string, bytes: Buffer): Promise<boolean> {
  const tmp = path.join(dir, `.upload-${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, path.join(dir, target));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp);
  }
}

export async function ingestUpload(ctx: IngestContext, fileName: string, bytes: Buffer, hooks: IngestHooks = {}): Promise<IngestResult> {
  const { stem, ext } = safeUploadName(fileName);
  if (bytes.length === 0) throw new UploadError(`${fileName} is empty`);
  if (bytes.length > UPLOAD_MAX_BYTES) throw new UploadError(`${fileName} is ${(bytes.length / 2 ** 20).toFixed(1)} MiB; the limit is ${UPLOAD_MAX_BYTES / 2 ** 20} MiB`);

  // The type is what the content says; the name must not claim another one.
  const sniffed = sniffFormat(bytes);
  if (!sniffed.format) throw new UploadError(`${fileName} is ${sniffed.what}; planbot reads plans as .docx, .pdf, .txt or .md, and scans as .pdf, .png, .jpg or .tif`);
  const named = ext ? formatOfName(`x${ext}`) : null;
  if (ext && !named) throw new UploadError(`${fileName}: planbot reads .docx, .pdf, .txt, .md, .png, .jpg and .tif files, not ${ext}`);
  if (named && named !== sniffed.format) throw new UploadError(`${fileName} is named ${ext} but its content is ${sniffed.format === 'text' ? 'plain text' : formatWhat(sniffed.format)}`);
  const extension = named === 'text' ? ext : FORMAT_EXTENSION[sniffed.format];

  return serialized(async () => {
    const dir = ctx.cfg.corpusDir;
    await mkdir(dir, { recursive: true });
    const existing = await listPlanFiles(dir).catch(() => [] as string[]);
    const takenIds = new Map(existing.map((f) => [docIdFromFile(f), f]));

    // Read before writing: a file that cannot be parsed is refused and nothing is saved.
    try {
      // A scan is OCR'd here, once: the index pass below finds the result in the cache.
      const ocr = ctx.cfg.ocr ? { ...ctx.cfg.ocr, cacheDir: ocrCacheDir(ctx.cfg.indexDir), onStart: hooks.onOcr } : null;
      await parseSource({ file: `${stem}${extension}`, docId: docIdFromFile(`${stem}${extension}`), bytes }, { ocr });
    } catch (err) {
      if (err instanceof DocumentError) throw new UploadError(err.message);
      throw err;
    }

    // A new name for a new file: "-2", "-3"… after the stem when the name (or its document id) is
    // taken, so the file already there, and the citations into it, stay as they are.
    let target = '';
    let docId = '';
    let placed = false;
    for (let n = 1; n <= 100 && !placed; n++) {
      target = `${n === 1 ? stem : `${stem}-${n}`}${extension}`;
      docId = docIdFromFile(target);
      const holder = takenIds.get(docId);
      if (holder) {
        // The same file sent again: nothing to write, its summary is the answer.
        placed = path.basename(holder) === target && (await readFile(holder)).equals(bytes);
        continue;
      }
      placed = await writeNew(dir, target, bytes);
    }
    if (!placed) throw new UploadError(`no free file name for ${fileName} in the corpus folder`);

    const summary = await indexCorpus(ctx.store, { corpusDir: dir, indexDir: ctx.cfg.indexDir, embedder: ctx.embedder, ocr: ctx.cfg.ocr });
    const failed = summary.errors.find((e) => e.file === target);
    if (failed) throw new UploadError(failed.reason);
    const doc = await ctx.store.getDocument(docId);
    if (!doc) throw new UploadError(`${fileName} was saved as ${target} but is not in the index`);
    const [targets, deadlines] = await Promise.all([ctx.store.facts.listTargets({ docId }), ctx.store.facts.listDeadlines({ docId })]);
    const docs = await ctx.store.listDocuments();
    return {
      docId,
      file: target,
      title: doc.title,
      schoolYear: doc.schoolYear,
      clauses: doc.clauseCount,
      targets: targets.length,
      deadlines: deadlines.length,
      supersedes: docs.filter((d) => d.supersededBy === docId).map((d) => d.docId),
      ocr: doc.ocr,
    };
  });
}

/** An upload begun: indexed already, or a scan whose OCR has started and runs on. */
export type IngestStart = { done: IngestResult } | { ocrPages: number; result: Promise<IngestResult> };

/**
 * Starts an upload in `queue` (the reindexer's) and resolves as soon as it is indexed or, for a
 * scan, as soon as OCR starts: the sender hears "reading 12 pages…" at once, and the result later.
 */
export function startIngest(queue: <T>(work: () => Promise<T>) => Promise<T>, ctx: IngestContext, fileName: string, bytes: Buffer | (() => Promise<Buffer>)): Promise<IngestStart> {
  let began!: (pages: number) => void;
  const ocr = new Promise<number>((resolve) => (began = resolve));
  // Bytes given as a reader are read in the upload's turn: one upload's bytes in memory at a time.
  const result = queue(async () => ingestUpload(ctx, fileName, Buffer.isBuffer(bytes) ? bytes : await bytes(), { onOcr: began }));
  return Promise.race([result.then((done): IngestStart => ({ done })), ocr.then((pages): IngestStart => ({ ocrPages: pages, result }))]);
}
