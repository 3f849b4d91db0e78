// File → text. Knows which files are plans, decodes them, and refuses what cannot be read
// (empty, binary, garbled) with a reason an administrator can act on.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DocumentError } from './types.js';
import { foldChars } from './fold.js';

export const PLAN_EXTENSIONS = ['.txt', '.md'];
const MAX_BYTES = 20 * 1024 * 1024;

export interface SourceFile {
  docId: string;
  file: string;
  bytes: Buffer;
  hash: string;
}

/** Document id from a file name: the stem, folded to [a-z0-9-]. */
export function docIdFromFile(file: string): string {
  const stem = path.basename(file, path.extname(file));
  return foldChars(stem)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export async function listPlanFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    throw new DocumentError(dir, `cannot read the corpus folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  return entries
    .filter((e) => !e.startsWith('.') && PLAN_EXTENSIONS.includes(path.extname(e).toLowerCase()))
    .sort()
    .map((e) => path.join(dir, e));
}

export async function readSource(file: string): Promise<SourceFile> {
  const info = await stat(file);
  if (info.size > MAX_BYTES) throw new DocumentError(file, `${path.basename(file)} is ${info.size} bytes; the limit is ${MAX_BYTES}`);
  const bytes = await readFile(file);
  const docId = docIdFromFile(file);
  if (!docId) throw new DocumentError(file, `${path.basename(file)}: the file name gives no usable document id`);
  return { docId, file, bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** Bytes → text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused. */
export function decodeText(file: string, bytes: Buffer): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new DocumentError(file, `${path.basename(file)} is not valid UTF-8 text (legacy TCVN3/VNI encodings are not supported yet)`);
    }
  }
  text = text.replace(/^\uFEFF/, '');
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (text.trim().length === 0) throw new DocumentError(file, `${path.basename(file)} is empty`);
  const controls = (text.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g) ?? []).length;
  if (controls > 0.01 * text.length || letters < 0.4 * text.replace(/\s/g, '').length) {
    throw new DocumentError(file, `${path.basename(file)} looks garbled or binary, not plan text`);
  }
  if (letters < 50) throw new DocumentError(file, `${path.basename(file)} is too short to be a plan (${letters} letters)`);
  return text;
}
