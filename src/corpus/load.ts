// File → text. Knows which files are plans, decodes them, and refuses what cannot be read
// (empty, binary, garbled) with a reason an administrator can act on.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { foldChars } from './fold.js';
import { DocumentError } from './types.js';
import { decodePlainText } from './formats/text.js';
import { formatOfName, isImageFormat } from './formats/sniff.js';

export const PLAN_EXTENSIONS = ['.txt', '.md', '.docx', '.pdf', '.png', '.jpg', '.jpeg', '.tif', '.tiff'];
export const MAX_BYTES = 20 * 1024 * 1024;

export interface SourceFile {
  docId: string;
  file: string;
  bytes: Buffer;
  hash: string;
  /** When the file was last written: orders versions of one plan signed the same day. */
  mtime: Date;
}

/**
 * Document id from a file name alone, so it never changes with what else is in corpus/: the
 * stem folded to [a-z0-9-] for text (.txt, .md), and the stem plus the format for Word and PDF
 * files and scans ("kh-2024.docx" → "kh-2024-docx", "kh.jpg" → "kh-jpeg"), so a plan's .docx and its
 * .pdf get distinct ids.
 */
export function docIdFromFile(file: string): string {
  const ext = path.extname(file);
  const stem = foldChars(path.basename(file, ext))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const format = formatOfName(file);
  return stem && (format === 'docx' || format === 'pdf' || isImageFormat(format)) ? `${stem}-${format}` : stem;
}

export async function listPlanFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DocumentError(dir, `there is no corpus folder at ${dir}: put the plans (.txt, .md, .docx, .pdf, scans as .pdf/.png/.jpg/.tif) there, or point PLANBOT_CORPUS_DIR at theirs`);
    if (code === 'ENOTDIR') throw new DocumentError(dir, `${dir} is a file, not the folder of plans: point PLANBOT_CORPUS_DIR at a folder`);
    if (code === 'EACCES') throw new DocumentError(dir, `planbot may not read the corpus folder ${dir} (permission denied)`);
    throw new DocumentError(dir, `cannot read the corpus folder ${dir}: ${code ?? err}`);
  }
  return entries
    // "~$plan.docx" is the lock file Word leaves beside a document it has open, not a plan.
    .filter((e) => !e.startsWith('.') && !e.startsWith('~$') && PLAN_EXTENSIONS.includes(path.extname(e).toLowerCase()))
    .sort()
    .map((e) => path.join(dir, e));
}

export async function readSource(file: string): Promise<SourceFile> {
  const info = await stat(file);
  if (info.size > MAX_BYTES) throw new DocumentError(file, `${path.basename(file)} is ${info.size} bytes; the limit is ${MAX_BYTES}`);
  const bytes = await readFile(file);
  const docId = docIdFromFile(file);
  if (!docId) throw new DocumentError(file, `${path.basename(file)}: the file name gives no usable document id`);
  return { docId, file, bytes, hash: createHash('sha256').update(bytes).digest('hex'), mtime: info.mtime };
}

/** Bytes → text: UTF-8 (with or without BOM), UTF-16 with a BOM, TCVN3 or VNI; anything else is refused. */
export function decodeText(file: string, bytes: Buffer): string {
  return decodePlainText(file, bytes).text;
}
