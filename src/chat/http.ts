// The one HTTP server of `planbot serve`, on PORT: a table of routes that the channels add to
// (Telegram's webhook; the web chat, the Zalo webhook and POST /api/documents). node:http is
// enough for a handful of routes. Before a body is read, the route's own check runs on the
// headers (a token, a secret) and the declared length and type are checked, so a stranger
// cannot make the server read megabytes; a body is then read up to a per-route limit, kept raw
// (a signature over the exact bytes, as Zalo's, needs them) or streamed to a temp file (uploads).
// Timeouts and connection caps (src/config.ts, HttpSettings) keep slow or many clients from
// holding the server.
import http, { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { unlink } from 'node:fs/promises';
import type { Logger } from 'pino';
import { HTTP_DEFAULTS, type HttpSettings } from '../config.js';
import { BodyTooLarge, ClientGone, closeAfterResponse, declaredLength, readBodyToFile, readBodyToMemory } from './httpBody.js';
import { ConnectionCap } from './connectionCap.js';

/** What a route can see before its body is read. */
export interface HttpRequestHead {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The client's address: the socket's, or behind a trusted proxy the one it appended to X-Forwarded-For. */
  client: string;
  raw: IncomingMessage;
}

export interface HttpRequest extends HttpRequestHead {
  /** The body exactly as received (empty for a route that streams its body to a file). */
  rawBody: Buffer;
  /** For a route with `body: 'file'`: the temp file holding the body, removed after the handler. */
  bodyFile: string | null;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON; a 400 HttpError when it is not JSON. */
  json<T = unknown>(): T;
  /** For a wildcard route (`/files/*`): the part of the path after the prefix. */
  rest: string;
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

export interface RouteOptions {
  /** Bodies above this are refused with 413, by their declared length before reading or while streaming. */
  maxBodyBytes?: number;
  /** Runs on the headers before the body is read: throw an HttpError (401) to refuse. */
  authorize?: (req: HttpRequestHead) => void;
  /** Media types the body must be sent as (415 otherwise), such as ['application/json']. */
  contentTypes?: string[];
  /** 'file' streams the body to a temp file (req.bodyFile) instead of memory. */
  body?: 'memory' | 'file';
}

interface Route extends Required<Pick<RouteOptions, 'maxBodyBytes' | 'body'>>, Omit<RouteOptions, 'maxBodyBytes' | 'body'> {
  method: string;
  path: string;
  prefix: boolean;
  handler: HttpHandler;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;
/** How long a refused client may go on sending before its socket is closed (see closeAfterResponse). */
const LINGER_MS = 2_000;

/** Behind a trusted proxy the client is the last address in X-Forwarded-For: the one the proxy itself appended. */
export function clientAddress(raw: IncomingMessage, trustProxy: boolean): string {
  const socketAddress = raw.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return socketAddress;
  const header = raw.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((x) => x.trim()).filter(Boolean);
  return list[list.length - 1] ?? socketAddress;
}

const mediaType = (h: string | undefined) => (h ?? '').split(';')[0].trim().toLowerCase();

/** Errors of a connection the client closed: nothing to answer, nothing worth more than a line at debug. */
function isClientGone(err: unknown, raw: IncomingMessage): boolean {
  if (err instanceof ClientGone) return true;
  const code = (err as NodeJS.ErrnoException)?.code;
  return raw.destroyed && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error)?.message === 'aborted');
}

export class HttpServer {
  private readonly routes: Route[] = [];
  private server: http.Server | null = null;
  private readonly settings: HttpSettings;

  constructor(private readonly o: { logger?: Logger; settings?: Partial<HttpSettings> } = {}) {
    this.settings = { ...HTTP_DEFAULTS, trustProxy: false, ...o.settings };
    this.route('GET', '/healthz', () => ({ status: 200, body: { ok: true } }));
  }

  /** Adds a route: an exact path, or a prefix written `/files/*`. Adding the same method and path twice is an error. */
  route(method: string, path: string, handler: HttpHandler, opts: RouteOptions = {}): this {
    const prefix = path.endsWith('/*');
    const p = prefix ? path.slice(0, -1) : path;
    const m = method.toUpperCase();
    if (this.routes.some((r) => r.method === m && r.path === p && r.prefix === prefix)) throw new Error(`route ${m} ${path} is already taken`);
    this.routes.push({ ...opts, method: m, path: p, prefix, handler, maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY, body: opts.body ?? 'memory' });
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
    const st = this.settings;
    const server = http.createServer(
      {
        headersTimeout: st.headersTimeoutMs,
        requestTimeout: st.requestTimeoutMs,
        keepAliveTimeout: st.keepAliveTimeoutMs,
        // Node checks the two timeouts every connectionsCheckingInterval (30 s by default): often enough for short ones.
        connectionsCheckingInterval: Math.min(1000, st.headersTimeoutMs / 2),
      },
      (req, res) => void this.dispatch(req, res),
    );
    server.maxConnections = st.maxConnections;
    new ConnectionCap(st.maxConnectionsPerAddress, this.o.logger).attach(server);
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => this.onClientError(err, socket));
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

  /** Malformed or timed-out requests (slow headers): one line at debug, a short answer, the socket closed. */
  private onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
    this.o.logger?.debug({ code: err.code, from: socket.remoteAddress }, 'bad or too slow HTTP request; connection closed');
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  /** Everything a route may look at before its body: authorization, declared length, media type. */
  private checkHead(route: Route, head: HttpRequestHead): void {
    route.authorize?.(head);
    const declared = declaredLength(head.raw);
    if (declared !== null && declared > route.maxBodyBytes) throw new HttpError(413, `the body is larger than ${route.maxBodyBytes} bytes`);
    const sendsBody = declared !== 0 && (declared !== null || head.raw.headers['transfer-encoding'] !== undefined);
    if (route.contentTypes && sendsBody && !route.contentTypes.includes(mediaType(head.headers['content-type']))) {
      throw new HttpError(415, `send the body as ${route.contentTypes.join(' or ')}`);
    }
  }

  private async dispatch(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(raw.url ?? '/', 'http://localhost');
    const method = (raw.method ?? 'GET').toUpperCase();
    let bodyFile: string | null = null;
    try {
      const { route, allowed } = this.match(method, url.pathname);
      if (!route) {
        if (allowed.length) {
          res.setHeader('allow', allowed.join(', '));
          throw new HttpError(405, `${method} is not allowed here`);
        }
        throw new HttpError(404, 'not found');
      }
      const head: HttpRequestHead = { method, path: url.pathname, query: url.searchParams, headers: raw.headers, client: clientAddress(raw, this.settings.trustProxy), raw };
      this.checkHead(route, head);
      let rawBody: Buffer = Buffer.alloc(0);
      if (route.body === 'file') bodyFile = await readBodyToFile(raw, route.maxBodyBytes);
      else rawBody = await readBodyToMemory(raw, route.maxBodyBytes);
      const req: HttpRequest = {
        ...head,
        rawBody,
        bodyFile,
        rest: route.prefix ? url.pathname.slice(route.path.length) : '',
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
      if (isClientGone(err, raw)) this.o.logger?.debug({ method, path: url.pathname }, 'client closed the connection before the answer');
      else if (err instanceof HttpError) write(res, { status: err.status, body: { error: err.message } });
      else if (err instanceof BodyTooLarge) write(res, { status: 413, body: { error: err.message } });
      else {
        this.o.logger?.error({ err, method, path: url.pathname }, 'HTTP handler failed');
        write(res, { status: 500, body: { error: 'internal error' } });
      }
    } finally {
      if (bodyFile) await unlink(bodyFile).catch(() => undefined);
    }
  }
}

function write(res: ServerResponse, r: HttpResult): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  // Answered before the body was read (401, 413, 415…): close after the answer, without a reset.
  if (!res.req.complete) {
    res.setHeader('connection', 'close');
    closeAfterResponse(res.req.socket, LINGER_MS);
  }
  const isRaw = typeof r.body === 'string' || Buffer.isBuffer(r.body);
  const body = r.body === undefined ? '' : isRaw ? (r.body as string | Buffer) : JSON.stringify(r.body);
  const type = r.body === undefined ? {} : { 'content-type': isRaw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' };
  res.writeHead(r.status, { ...type, 'content-length': String(Buffer.byteLength(body)), 'x-content-type-options': 'nosniff', ...r.headers });
  res.end(body);
}
