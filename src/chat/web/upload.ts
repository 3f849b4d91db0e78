// POST /api/documents: an administrator's plan file over HTTP, behind PLANBOT_ADMIN_TOKEN
// (`Authorization: Bearer <token>`). The body is the file itself; its name comes in
// `?name=` or an `X-File-Name` header (percent-encoded UTF-8 for Vietnamese names).
// 201 with the summary of what was indexed; 401 without the token; 413 over the size limit;
// 422 with the reason when the file is refused (src/search/ingest.ts). A scan is read by OCR,
// which takes seconds a page: 202 at once with a job, whose state GET /api/documents/jobs/<id>
// gives (running, then done with the summary or failed with the reason).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HttpError, type HttpRequestHead, type HttpServer } from '../http.js';
import { startIngest, UploadError, UPLOAD_MAX_BYTES, type IngestResult, type IngestStart } from '../../search/ingest.js';
import type { ServiceFactory } from '../serve.js';

export interface DocumentUploadOptions {
  token: string;
  /** Saves and indexes one file, read from `bodyFile` (the caller queues it with the other index work). */
  ingest(fileName: string, bodyFile: string): Promise<IngestStart>;
  maxBytes?: number;
}

export interface UploadJob {
  id: string;
  file: string;
  pages: number;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  document?: IngestResult;
  error?: string;
}

/** Jobs kept for GET: the latest ones, the oldest finished forgotten first. */
const MAX_JOBS = 200;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function authorize(req: HttpRequestHead, token: string): void {
  const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  if (!m || !timingSafeEqual(digest(m[1]), digest(token))) throw new HttpError(401, 'an admin token is required: Authorization: Bearer <PLANBOT_ADMIN_TOKEN>');
}

function fileNameOf(req: HttpRequestHead): string {
  const raw = req.query.get('name') ?? (req.headers['x-file-name'] as string | undefined);
  if (!raw) throw new HttpError(400, 'name the file: ?name=<file name> or an X-File-Name header');
  try {
    return req.query.get('name') ?? decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'the X-File-Name header is not valid percent-encoded UTF-8');
  }
}

const JOBS_PATH = '/api/documents/jobs/';

export function registerDocumentUpload(http: HttpServer, o: DocumentUploadOptions): Map<string, UploadJob> {
  const jobs = new Map<string, UploadJob>();
  const remember = (job: UploadJob) => {
    jobs.set(job.id, job);
    for (const [id, j] of jobs) {
      if (jobs.size <= MAX_JOBS) break;
      if (j.status !== 'running') jobs.delete(id);
    }
  };
  http.route(
    'POST',
    '/api/documents',
    async (req) => {
      const name = fileNameOf(req);
      try {
        const started = await o.ingest(name, req.bodyFile!);
        if ('done' in started) return { status: 201, body: { document: started.done } };
        const job: UploadJob = { id: randomBytes(9).toString('base64url'), file: name, pages: started.ocrPages, status: 'running', startedAt: new Date().toISOString() };
        remember(job);
        started.result.then(
          (document) => Object.assign(job, { status: 'done', document }),
          (err: Error) => Object.assign(job, { status: 'failed', error: err instanceof UploadError ? err.message : 'indexing failed; see the server log' }),
        );
        const statusUrl = `${JOBS_PATH}${job.id}`;
        return { status: 202, headers: { location: statusUrl }, body: { job: { ...job, statusUrl }, message: `đang nhận dạng ${job.pages} trang…` } };
      } catch (err) {
        if (err instanceof UploadError) throw new HttpError(422, err.message);
        throw err;
      }
    },
    // The token and the file's name are checked on the headers, before a byte of the body is read;
    // the body then goes to a temp file, so slow uploads hold disk, not memory.
    {
      maxBodyBytes: o.maxBytes ?? UPLOAD_MAX_BYTES,
      body: 'file',
      authorize: (head) => {
        authorize(head, o.token);
        fileNameOf(head);
      },
    },
  );
  http.route(
    'GET',
    `${JOBS_PATH}*`,
    (req) => {
      const job = jobs.get(decodeURIComponent(req.path.slice(JOBS_PATH.length)));
      if (!job) throw new HttpError(404, 'no such upload job (jobs are kept while the server runs)');
      return { status: 200, body: { job } };
    },
    { authorize: (head) => authorize(head, o.token) },
  );
  return jobs;
}

/**
 * For `planbot serve` (SERVICES in src/chat/serve.ts): adds the route when PLANBOT_ADMIN_TOKEN
 * is set; it runs nothing of its own. Uploads wait in the reindexer's queue, so an upload and
 * a /reindex never index at once, and the answerer sees the new plan right after.
 */
export const documentUploadServiceFactory: ServiceFactory = (ctx) => {
  const token = ctx.cfg.adminToken;
  if (!token) return null;
  const ingestCtx = { cfg: ctx.cfg, store: ctx.app.store, embedder: ctx.app.semantic.embedder };
  // The file is read into memory only in its turn in the queue: one upload's bytes at a time.
  registerDocumentUpload(ctx.http, { token, ingest: (name, bodyFile) => startIngest((work) => ctx.reindexer.exclusive(work), ingestCtx, name, () => readFile(bodyFile)) });
  ctx.logger.info('POST /api/documents is on (PLANBOT_ADMIN_TOKEN is set)');
  return null;
};
