// POST /api/documents: an administrator's plan file over HTTP, behind PLANBOT_ADMIN_TOKEN
// (`Authorization: Bearer <token>`). The body is the file itself; its name comes in
// `?name=` or an `X-File-Name` header (percent-encoded UTF-8 for Vietnamese names).
// 201 with the summary of what was indexed; 401 without the token; 413 over the size limit;
// 422 with the reason when the file is refused (src/search/ingest.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HttpError, type HttpRequestHead, type HttpServer } from '../http.js';
import { ingestUpload, UploadError, UPLOAD_MAX_BYTES, type IngestResult } from '../../search/ingest.js';
import type { ServiceFactory } from '../serve.js';

export interface DocumentUploadOptions {
  token: string;
  /** Saves and indexes one file, read from `bodyFile` (the caller queues it with the other index work). */
  ingest(fileName: string, bodyFile: string): Promise<IngestResult>;
  maxBytes?: number;
}

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

export function registerDocumentUpload(http: HttpServer, o: DocumentUploadOptions): void {
  http.route(
    'POST',
    '/api/documents',
    async (req) => {
      const name = fileNameOf(req);
      try {
        return { status: 201, body: { document: await o.ingest(name, req.bodyFile!) } };
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
  registerDocumentUpload(ctx.http, { token, ingest: (name, bodyFile) => ctx.reindexer.exclusive(async () => ingestUpload(ingestCtx, name, await readFile(bodyFile))) });
  ctx.logger.info('POST /api/documents is on (PLANBOT_ADMIN_TOKEN is set)');
  return null;
};
