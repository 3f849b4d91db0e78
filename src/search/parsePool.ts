// Plans parsed (and their facts extracted) in worker threads, so that on a fresh index of
// thousands of plans the parsing of the next files goes on while the store writes this one.
// Parsing is pure: a worker gives what parseText + extractFacts give in this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseText, DocumentError, type ParsedDocument } from '../corpus/index.js';
import { extractFacts, type PlanFacts } from '../facts/index.js';
import { planWords, type PlanWords } from '../answer/vocabulary.js';
import { clauseRows, type ClauseRows } from '../store/clauseRows.js';

/** A plan parsed, with its facts, the words answering reads of it and the rows the store writes of its clauses (Store.replaceDocuments). */
export type ParsedWithFacts = ParsedDocument & { facts: PlanFacts; words: PlanWords; rows: ClauseRows };

export interface ParseRequest {
  id: number;
  file: string;
  docId: string;
  text: string;
}

export type ParseReply = { id: number; ok: ParsedWithFacts; error?: undefined } | { id: number; ok?: undefined; error: { message: string; stack?: string; documentFile: string | null } };

/** The work of a worker, in this thread. */
export function parseWithFacts(file: string, docId: string, text: string): ParsedWithFacts {
  const parsed = parseText(file, docId, text);
  return { ...parsed, facts: extractFacts(parsed), words: planWords([...parsed.clauses].sort((a, b) => a.order - b.order).map((c) => c.text)), rows: clauseRows(parsed) };
}

// The compiled worker beside this module; run from TypeScript sources (the tests) there is none.
const WORKER = new URL('./parseWorker.js', import.meta.url);

export class ParsePool {
  private readonly waiting = new Map<number, { resolve: (r: ParsedWithFacts) => void; reject: (e: Error) => void; worker: Worker }>();
  private readonly busy = new Map<Worker, number>();
  private next = 0;
  private broken: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      this.busy.set(w, 0);
      w.on('message', (r: ParseReply) => this.settle(r));
      w.on('error', (err) => this.failAll(w, err));
    }
  }

  /** A pool of `size` workers, or null when there are none to start (size < 1, no compiled worker). */
  static open(size: number): ParsePool | null {
    if (size < 1 || WORKER.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER))) return null;
    return new ParsePool(Array.from({ length: size }, () => new Worker(WORKER)));
  }

  /** parseWithFacts in the least busy worker; a DocumentError there is one here. */
  parse(file: string, docId: string, text: string): Promise<ParsedWithFacts> {
    if (this.broken) return Promise.reject(this.broken);
    const worker = this.workers.reduce((a, b) => (this.busy.get(b)! < this.busy.get(a)! ? b : a));
    const id = this.next++;
    this.busy.set(worker, this.busy.get(worker)! + 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker });
      worker.postMessage({ id, file, docId, text } satisfies ParseRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(r: ParseReply): void {
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    this.busy.set(w.worker, this.busy.get(w.worker)! - 1);
    if (r.ok) return w.resolve(r.ok);
    const err = r.error.documentFile !== null ? new DocumentError(r.error.documentFile, r.error.message) : new Error(r.error.message);
    if (r.error.stack) err.stack = r.error.stack;
    w.reject(err);
  }

  /** A worker that died (a bug, out of memory): what it held fails, and so does the pool. */
  private failAll(worker: Worker, err: Error): void {
    this.broken = err;
    for (const [id, w] of this.waiting) {
      if (w.worker !== worker) continue;
      this.waiting.delete(id);
      w.reject(err);
    }
  }
}
