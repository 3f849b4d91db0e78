// The two programs OCR runs, as child processes: Debian's pdftoppm (poppler) rasterises a PDF
// page, Tesseract reads an image into words with positions and confidences (TSV). Each runs
// with a time limit and is killed when over it, so a stuck page cannot hold planbot up; the
// event loop keeps answering questions meanwhile.
import { execFile } from 'node:child_process';

export interface ToolPaths {
  tesseract: string;
  pdftoppm: string;
  lang: string;
}

export class ToolError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'timeout' | 'failed',
  ) {
    super(message);
  }
}

export const INSTALL_HINT = 'apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils';

function run(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 2 ** 20, encoding: 'utf8', env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      if (e.code === 'ENOENT' || e.code === 'EACCES') return reject(new ToolError(`${cmd} is not installed (${e.code})`, 'missing'));
      if (e.killed || e.signal === 'SIGKILL') return reject(new ToolError(`${cmd} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`, 'timeout'));
      reject(new ToolError(`${cmd} failed: ${String(stderr || e.message).trim().split('\n').pop()}`, 'failed'));
    });
  });
}

/** Why OCR cannot run here (a program or the language model missing), or null when it can. */
export async function ocrUnavailable(t: ToolPaths, needsPdftoppm: boolean): Promise<string | null> {
  try {
    const langs = (await run(t.tesseract, ['--list-langs'], 15_000)).split('\n').map((l) => l.trim());
    const missing = t.lang.split('+').filter((l) => !langs.includes(l));
    if (missing.length) return `Tesseract has no "${missing.join('+')}" language model`;
  } catch (err) {
    return `Tesseract (${t.tesseract}) cannot run: ${(err as Error).message}`;
  }
  if (needsPdftoppm) {
    try {
      await run(t.pdftoppm, ['-v'], 15_000);
    } catch (err) {
      return `pdftoppm (${t.pdftoppm}) cannot run: ${(err as Error).message}`;
    }
  }
  return null;
}

/** Page `page` of `pdf` as a greyscale PNG at `dpi`, written to `out` + ".png". */
export async function rasterise(t: ToolPaths, pdf: string, page: number, dpi: number, out: string, timeoutMs: number): Promise<void> {
  await run(t.pdftoppm, ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, out], timeoutMs);
}

/** Tesseract's TSV of an image. One thread: the machine's cores are shared with the server. */
export async function recognise(t: ToolPaths, image: string, dpi: number, timeoutMs: number): Promise<string> {
  return run(t.tesseract, [image, 'stdout', '-l', t.lang, '--dpi', String(dpi), '--psm', '3', 'tsv'], timeoutMs, { OMP_THREAD_LIMIT: '1' });
}
