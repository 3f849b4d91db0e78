// Reading a request body within a limit: into memory (small JSON, webhooks) or into a temp file
// (uploads), so many slow uploads hold disk, not RAM. Over the limit the reading stops at once;
// the caller answers 413 and lets the socket linger (closeAfterResponse) instead of resetting it.
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** The body went past its limit (declared or while streaming). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

/** The client went away before the body was complete. */
export class ClientGone extends Error {}

/** The declared Content-Length, or null for a chunked body. */
export function declaredLength(req: IncomingMessage): number | null {
  const raw = req.headers['content-length'];
  if (raw === undefined) return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Calls onChunk for each piece of the body, stopping (without consuming more) past `limit`. */
function eachChunk(req: IncomingMessage, limit: number, onChunk: (c: Buffer) => boolean | void, onEnd: () => void, onFail: (err: Error) => void): void {
  let size = 0;
  let done = false;
  const fail = (err: Error) => {
    if (done) return;
    done = true;
    req.off('data', onData);
    // Keep the rest flowing to nowhere: a paused request stalls the socket, and the answer must still reach the client.
    req.on('data', () => undefined);
    req.resume();
    onFail(err);
  };
  const onData = (c: Buffer) => {
    size += c.length;
    if (size > limit) return fail(new BodyTooLarge(limit));
    if (onChunk(c) === false) {
      req.pause(); // the file is behind: resumed when it drains
    }
  };
  req.on('data', onData);
  req.once('end', () => {
    if (done) return;
    done = true;
    onEnd();
  });
  req.once('aborted', () => fail(new ClientGone('the client closed the connection')));
  req.once('error', (err) => fail(req.destroyed ? new ClientGone(err.message) : err));
}

export function readBodyToMemory(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    eachChunk(req, limit, (c) => void parts.push(c), () => resolve(Buffer.concat(parts)), reject);
  });
}

/** Streams the body to a new file in `dir` (the system temp folder by default); the caller removes it. */
export function readBodyToFile(req: IncomingMessage, limit: number, dir = os.tmpdir()): Promise<string> {
  const file = path.join(dir, `planbot-body-${randomBytes(8).toString('hex')}.tmp`);
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      out.destroy();
      void unlink(file).catch(() => undefined);
      reject(err);
    };
    out.on('error', fail);
    out.on('drain', () => req.resume());
    eachChunk(
      req,
      limit,
      (c) => out.write(c),
      () => out.end(() => (failed ? undefined : resolve(file))),
      fail,
    );
  });
}

/**
 * After the response is written, close our side but keep reading (and dropping) what the client
 * still sends for `lingerMs`: closing a socket with unread bytes makes the kernel send a reset, and
 * a client still writing its body would then lose the 413 or 401 it was sent.
 */
export function closeAfterResponse(socket: Socket, lingerMs: number): void {
  // Node's server calls destroySoon() once a `Connection: close` response has been written.
  socket.destroySoon = function lingerThenDestroy(this: Socket) {
    this.end();
    this.on('data', () => undefined);
    this.resume();
    const timer = setTimeout(() => this.destroy(), lingerMs);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}
