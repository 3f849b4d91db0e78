// The shared HTTP server (routes, raw bodies, limits, errors) and the chat pacing primitives.
import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { HttpServer, HttpError } from '../src/chat/http.js';
import { ChatQueue, RateGate, type Clock } from '../src/channels/throttle.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(setup: (s: HttpServer) => void): Promise<string> {
  server = new HttpServer();
  setup(server);
  const port = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

describe('HttpServer', () => {
  it('routes by method and path, gives handlers the raw bytes, and answers JSON', async () => {
    const secret = 'oa-secret';
    const base = await serve((s) =>
      s
        .route('POST', '/zalo/webhook', (req) => {
          // a signature over the exact bytes, as Zalo's needs
          const mac = createHmac('sha256', secret).update(req.rawBody).digest('hex');
          return { status: mac === req.headers['x-signature'] ? 200 : 401, body: { bytes: req.rawBody.length, text: req.json<{ msg: string }>().msg } };
        })
        .route('GET', '/files/*', (req) => ({ status: 200, body: `file ${req.rest}` })),
    );
    const body = Buffer.from(JSON.stringify({ msg: 'Xin chào' }), 'utf8');
    const sig = createHmac('sha256', secret).update(body).digest('hex');
    const ok = await fetch(`${base}/zalo/webhook`, { method: 'POST', body, headers: { 'x-signature': sig } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ bytes: body.length, text: 'Xin chào' });
    expect((await fetch(`${base}/zalo/webhook`, { method: 'POST', body, headers: { 'x-signature': 'x' } })).status).toBe(401);
    const file = await fetch(`${base}/files/a/b.txt`);
    expect(await file.text()).toBe('file a/b.txt');
    expect(file.headers.get('content-type')).toMatch(/text\/plain/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(server!.hasRoutes()).toBe(true);
  });

  it('answers 404, 405, 400 for bad JSON, 413 over the limit, and 500 when a handler throws — and keeps serving', async () => {
    const base = await serve((s) =>
      s
        .route('POST', '/json', (req) => ({ status: 200, body: req.json() }))
        .route('POST', '/small', () => ({ status: 204 }), { maxBodyBytes: 10 })
        .route('GET', '/boom', () => {
          throw new Error('bug');
        })
        .route('GET', '/teapot', () => {
          throw new HttpError(418, 'short and stout');
        }),
    );
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const wrong = await fetch(`${base}/json`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/json`, { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await fetch(`${base}/small`, { method: 'POST', body: 'x'.repeat(11) })).status).toBe(413);
    expect((await fetch(`${base}/small`, { method: 'POST', body: 'x'.repeat(10) })).status).toBe(204);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    const tea = await fetch(`${base}/teapot`);
    expect(tea.status).toBe(418);
    expect(await tea.json()).toEqual({ error: 'short and stout' });
    expect((await fetch(`${base}/json`, { method: 'POST', body: '{"a":1}' })).status).toBe(200);
  });

  it('refuses the same route twice and has no routes of its own but /healthz', () => {
    const s = new HttpServer();
    expect(s.hasRoutes()).toBe(false);
    s.route('POST', '/telegram', () => ({ status: 200 }));
    expect(() => s.route('post', '/telegram', () => ({ status: 200 }))).toThrow(/already taken/);
  });
});

function fakeClock(): Clock & { t: number; waits: number[] } {
  const c = {
    t: 0,
    waits: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.waits.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('pacing', () => {
  it('RateGate spaces passes by the interval, in order', async () => {
    const clock = fakeClock();
    const gate = new RateGate(1000, clock);
    await gate.wait();
    await gate.wait();
    clock.t += 5000;
    await gate.wait();
    await gate.wait();
    expect(clock.waits).toEqual([1000, 1000]);
  });

  it('ChatQueue runs a chat’s tasks one at a time in order, chats independently, and survives a failing task', async () => {
    const q = new ChatQueue(1000, fakeClock());
    const log: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const a1 = q.run('a', async () => {
      await blocked;
      log.push('a1');
    });
    const a2 = q.run('a', async () => {
      log.push('a2');
      throw new Error('fails');
    });
    const a3 = q.run('a', async () => void log.push('a3'));
    await q.run('b', async () => void log.push('b1'));
    expect(log).toEqual(['b1']);
    expect(q.pending('a')).toBe(3);
    release();
    await a1;
    await expect(a2).rejects.toThrow('fails');
    await a3;
    expect(log).toEqual(['b1', 'a1', 'a2', 'a3']);
    await q.idle();
    expect(q.pending()).toBe(0);
  });
});
