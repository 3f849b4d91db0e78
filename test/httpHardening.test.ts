// The shared HTTP server under hostile clients, over real sockets on 127.0.0.1: slow headers are
// cut off, connections are capped (in all and per address), a route's check runs before its body
// is read, a body over the limit gets a 413 rather than a reset, bodies can stream to a temp
// file, a client that goes away is one line at debug, and the client address behind a proxy.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net, { type Socket } from 'node:net';
import { HttpServer, HttpError } from '../src/chat/http.js';
import type { HttpSettings } from '../src/config.js';
import { rawRequest, idleConnections, closed } from './helpers/rawHttp.js';
import { memoryLogger } from './helpers/memoryLogger.js';

let server: HttpServer | null = null;
let sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  await server?.close();
  server = null;
});

async function start(settings: Partial<HttpSettings>, setup: (s: HttpServer) => void = () => undefined, logger = memoryLogger()): Promise<{ port: number; logs: Record<string, unknown>[] }> {
  server = new HttpServer({ logger: logger.logger, settings });
  setup(server);
  return { port: await server.listen(0, '127.0.0.1'), logs: logger.lines };
}

const healthy = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;

describe('HttpServer timeouts and connection caps', () => {
  it('closes a connection whose headers do not arrive within headersTimeout, with 408, and keeps serving', async () => {
    const { port, logs } = await start({ headersTimeoutMs: 1500, requestTimeoutMs: 3000 });
    // Half a request line, then nothing.
    const slow = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a', { timeoutMs: 20_000, endHead: false });
    expect(slow.status).toBe(408);
    expect(slow.ms).toBeGreaterThanOrEqual(1400);
    expect(slow.ms).toBeLessThan(15_000); // Node's default would have held it 60 s or more
    expect(await healthy(port)).toBe(200);
    expect(logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('caps connections per address: one over the cap is answered 503, the others and later ones are served', async () => {
    const { port, logs } = await start({ maxConnectionsPerAddress: 5, maxConnections: 100 });
    sockets = await idleConnections(port, 5);
    const over = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x');
    expect(over.status).toBe(503);
    expect(over.text).toMatch(/too many connections/);
    expect(logs.filter((l) => l.msg === 'connection cap per address reached; refusing more')).toHaveLength(1);
    // Another address is not held back by this one's connections.
    expect((await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x', { localAddress: '127.0.0.2' })).status).toBe(200);
    for (const s of sockets.splice(0, 1)) s.destroy();
    // The freed place is taken again once the server has seen the close.
    const end = Date.now() + 10_000;
    let status = 0;
    while (status !== 200 && Date.now() < end) status = (await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x')).status ?? 0;
    expect(status).toBe(200);
  });

  it('caps connections in all (maxConnections): one over is closed at once', async () => {
    const { port } = await start({ maxConnections: 3, maxConnectionsPerAddress: 100 });
    sockets = await idleConnections(port, 3);
    const over = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x', { timeoutMs: 10_000 });
    expect(over.status).toBeNull();
    for (const s of sockets.splice(0)) s.destroy();
    const end = Date.now() + 10_000;
    let status: number | null = null;
    while (status !== 200 && Date.now() < end) status = (await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x')).status;
    expect(status).toBe(200);
  });

  it('closes idle keep-alive connections after keepAliveTimeout', async () => {
    const { port } = await start({ keepAliveTimeoutMs: 500 });
    const [s] = (sockets = await idleConnections(port, 1));
    s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const started = performance.now();
    await closed(s);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('HttpServer before and while reading a body', () => {
  const routes = (s: HttpServer) =>
    s
      .route('POST', '/guarded', () => ({ status: 204 }), {
        maxBodyBytes: 1024 * 1024,
        authorize: (head) => {
          if (head.headers.authorization !== 'Bearer ok') throw new HttpError(401, 'no token');
        },
      })
      .route('POST', '/small', (req) => ({ status: 200, body: { bytes: req.rawBody.length } }), { maxBodyBytes: 100_000 })
      .route('POST', '/json', (req) => ({ status: 200, body: req.json() }), { contentTypes: ['application/json'] })
      .route(
        'POST',
        '/file',
        async (req) => {
          const bytes = await readFile(req.bodyFile!);
          lastFile = req.bodyFile;
          return { status: 200, body: { bytes: bytes.length, inMemory: req.rawBody.length, head: bytes.subarray(0, 3).toString() } };
        },
        { body: 'file', maxBodyBytes: 4 * 1024 * 1024 },
      );
  let lastFile: string | null = null;

  it('refuses without a token before reading the body: a 20 MB upload is answered 401 with nothing of it sent', async () => {
    const { port } = await start({ requestTimeoutMs: 120_000 }, routes);
    // The head announces 20 MB; the body is held back until the answer comes (it never needs to).
    const a = await rawRequest(port, 'POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Length: 20971520', { timeoutMs: 30_000 });
    expect(a.status).toBe(401);
    expect(a.bodyBytesSent).toBe(0);
    expect(a.text).toMatch(/no token/);
  });

  it('refuses a declared length over the limit with 413 before reading, also for a good token', async () => {
    const { port } = await start({}, routes);
    const a = await rawRequest(port, 'POST /guarded HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ok\r\nContent-Length: 20971520');
    expect(a.status).toBe(413);
    expect(a.bodyBytesSent).toBe(0);
  });

  it('answers a streamed body over the limit with 413, not a reset, even to a client that reads only after writing', async () => {
    const { port, logs } = await start({}, routes);
    // A chunked body (no declared length) that passes the 100 000-byte limit while streaming.
    const chunked = await new Promise<{ status: number | null; error: string | null }>((resolve) => {
      {
        const s = net.connect(port, '127.0.0.1');
        let text = '';
        let error: string | null = null;
        s.pause(); // reads nothing until it has written everything
        s.on('data', (d) => (text += d));
        s.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
        s.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]) || null, error }));
        s.on('connect', async () => {
          s.write('POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
          const piece = Buffer.alloc(16 * 1024, 0x62);
          for (let i = 0; i < 20; i++) {
            if (!s.writable) break;
            s.write(`${piece.length.toString(16)}\r\n`);
            s.write(piece);
            s.write('\r\n');
            await new Promise((r) => setTimeout(r, 5));
          }
          s.resume();
        });
      }
    });
    expect(chunked.error).toBeNull();
    expect(chunked.status).toBe(413);
    // The same by declared length, for a client that writes its whole body before reading.
    const declared = await rawRequest(port, 'POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 400000', { bodyBytes: 400_000, chunkBytes: 16 * 1024, readAfterBody: true });
    expect(declared.error).toBeNull();
    expect(declared.status).toBe(413);
    expect(logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(await healthy(port)).toBe(200);
  });

  it('requires the route’s media type: text/plain to a JSON route is 415', async () => {
    const { port } = await start({}, routes);
    const plain = await fetch(`http://127.0.0.1:${port}/json`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"a":1}' });
    expect(plain.status).toBe(415);
    const json = await fetch(`http://127.0.0.1:${port}/json`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":1}' });
    expect(await json.json()).toEqual({ a: 1 });
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('streams a route’s body to a temp file, removed after the handler', async () => {
    const { port } = await start({}, routes);
    const body = Buffer.concat([Buffer.from('abc'), Buffer.alloc(3 * 1024 * 1024, 0x7a)]);
    const res = await fetch(`http://127.0.0.1:${port}/file`, { method: 'POST', body });
    expect(await res.json()).toEqual({ bytes: body.length, inMemory: 0, head: 'abc' });
    expect(lastFile).toBeTruthy();
    // The file is removed once the handler's answer is sent, which may land just after the client
    // has it: wait for the removal (a file that stays fails after 5 s).
    const end = Date.now() + 5_000;
    while (existsSync(lastFile!) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(lastFile!)).toBe(false);
    const over = await fetch(`http://127.0.0.1:${port}/file`, { method: 'POST', body: Buffer.alloc(5 * 1024 * 1024) });
    expect(over.status).toBe(413);
  });

  it('logs a client that goes away mid-body as one line at debug, not an error with a stack', async () => {
    const { port, logs } = await start({}, routes);
    // Announces 50 000 bytes, sends 1 000, and leaves.
    await rawRequest(port, 'POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 50000', { bodyBytes: 1000, timeoutMs: 300 });
    const end = Date.now() + 10_000;
    while (!logs.some((l) => l.msg === 'client closed the connection before the answer') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const gone = logs.filter((l) => l.msg === 'client closed the connection before the answer');
    expect(gone).toHaveLength(1);
    expect(gone[0].level).toBe(20); // debug
    expect(gone[0].err).toBeUndefined();
    expect(logs.filter((l) => (l.level as number) >= 40)).toEqual([]);
  });
});

describe('client address', () => {
  const echo = (s: HttpServer) => s.route('GET', '/who', (req) => ({ status: 200, body: { client: req.client } }));
  const who = async (port: number, xff?: string) => ((await (await fetch(`http://127.0.0.1:${port}/who`, { headers: xff ? { 'x-forwarded-for': xff } : {} })).json()) as { client: string }).client;

  it('is the socket’s address unless PLANBOT_TRUST_PROXY: X-Forwarded-For is ignored', async () => {
    const { port } = await start({ trustProxy: false }, echo);
    expect(await who(port, '203.0.113.9')).toBe('127.0.0.1');
  });

  it('behind a trusted proxy is the address the proxy appended: the last in X-Forwarded-For', async () => {
    const { port } = await start({ trustProxy: true }, echo);
    // The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    expect(await who(port, '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
    expect(await who(port)).toBe('127.0.0.1');
  });
});
