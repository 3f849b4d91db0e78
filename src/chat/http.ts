// The one HTTP server of `planbot serve`, on PORT: a table of routes that the channels add to
// (Telegram's webhook; the web chat, the Zalo webhook and POST /api/documents later). node:http
// is enough for a handful of routes. The body is read whole, up to a per-route limit, and kept
// raw: a handler that verifies a signature over the exact bytes (Zalo) gets them.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export interface HttpRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  rawBody: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON; a 400 HttpError when it is not JSON. */
  json<T = unknown>(): T;
  /** For a wildcard route (`/files/*`): the part of the path after the prefix. */
  rest: string;
  raw: IncomingMessage;
}

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
}

/** Return a result, or write to `res` yourself (streaming) and return nothing. */
export type HttpHandler = (req: HttpRequest, res: ServerResponse) => Promise<HttpResult | void> | HttpResult | void;

/** Thrown by a handler (or by req.json()) to answer with that status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Route {
  method: string;
  path: string;
  prefix: boolean;
  handler: HttpHandler;
  maxBodyBytes: number;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, `the body is larger than ${limit} bytes`));
      req.resume();
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, `the body is larger than ${limit} bytes`));
        req.destroy();
      } else parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export class HttpServer {
  private readonly routes: Route[] = [];
  private server: http.Server | null = null;

  constructor(private readonly o: { logger?: Logger } = {}) {
    this.route('GET', '/healthz', () => ({ status: 200, body: { ok: true } }));
  }

  /** Adds a route: an exact path, or a prefix written `/files/*`. Adding the same method and path twice is an error. */
  route(method: string, path: string, handler: HttpHandler, opts: { maxBodyBytes?: number } = {}): this {
    const prefix = path.endsWith('/*');
    const p = prefix ? path.slice(0, -1) : path;
    const m = method.toUpperCase();
    if (this.routes.some((r) => r.method === m && r.path === p && r.prefix === prefix)) throw new Error(`route ${m} ${path} is already taken`);
    this.routes.push({ method: m, path: p, prefix, handler, maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY });
    return this;
  }

  /** True when a channel added a route (beyond the health check): only then is a server worth starting. */
  hasRoutes(): boolean {
    return this.routes.some((r) => r.path !== '/healthz');
  }

  get port(): number | null {
    const a = this.server?.address();
    return a && typeof a === 'object' ? (a as AddressInfo).port : null;
  }

  async listen(port: number, host?: string): Promise<number> {
    const server = http.createServer((req, res) => void this.dispatch(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return this.port!;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeIdleConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private match(method: string, path: string): { route: Route | null; allowed: string[] } {
    const hits = this.routes.filter((r) => (r.prefix ? path.startsWith(r.path) : r.path === path));
    const exact = hits.filter((r) => !r.prefix);
    const candidates = exact.length ? exact : hits.sort((a, b) => b.path.length - a.path.length);
    return { route: candidates.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET')) ?? null, allowed: [...new Set(candidates.map((r) => r.method))] };
  }

  private async dispatch(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(raw.url ?? '/', 'http://localhost');
    const method = (raw.method ?? 'GET').toUpperCase();
    try {
      const { route, allowed } = this.match(method, url.pathname);
      if (!route) {
        if (allowed.length) {
          res.setHeader('allow', allowed.join(', '));
          throw new HttpError(405, `${method} is not allowed here`);
        }
        throw new HttpError(404, 'not found');
      }
      const rawBody = await readBody(raw, route.maxBodyBytes);
      const req: HttpRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: raw.headers,
        rawBody,
        rest: route.prefix ? url.pathname.slice(route.path.length) : '',
        raw,
        text: () => rawBody.toString('utf8'),
        json: <T>() => {
          try {
            return JSON.parse(rawBody.toString('utf8')) as T;
          } catch {
            throw new HttpError(400, 'the body is not valid JSON');
          }
        },
      };
      const result = await route.handler(req, res);
      if (result) write(res, result);
    } catch (err) {
      if (err instanceof HttpError) write(res, { status: err.status, body: { error: err.message } });
      else {
        this.o.logger?.error({ err, method, path: url.pathname }, 'HTTP handler failed');
        write(res, { status: 500, body: { error: 'internal error' } });
      }
    }
  }
}

function write(res: ServerResponse, r: HttpResult): void {
  if (res.headersSent || res.writableEnded) return;
  const isRaw = typeof r.body === 'string' || Buffer.isBuffer(r.body);
  const body = r.body === undefined ? '' : isRaw ? (r.body as string | Buffer) : JSON.stringify(r.body);
  const type = r.body === undefined ? {} : { 'content-type': isRaw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' };
  res.writeHead(r.status, { ...type, ...r.headers });
  res.end(body);
}
