// HTTP by hand over a TCP socket on 127.0.0.1, for what fetch cannot do: send headers and hold
// the body back, send a body slowly or not read the answer until the body is sent, hold
// connections open, and tell an answer from a reset.
import net from 'node:net';

export interface RawAnswer {
  /** The status of the answer, or null when none came before the socket closed. */
  status: number | null;
  /** The whole answer as text (status line, headers, body). */
  text: string;
  /** A socket error (ECONNRESET, EPIPE), if one happened. */
  error: string | null;
  /** Milliseconds from connecting to the end of the status line (or to the close). */
  ms: number;
  /** Body bytes this side had written when the answer arrived. */
  bodyBytesSent: number;
}

export interface RawOptions {
  /** Bytes of body to send after the head, in chunks of `chunkBytes` every `chunkEveryMs`. */
  bodyBytes?: number;
  chunkBytes?: number;
  chunkEveryMs?: number;
  /** Like a client that writes its whole body before it reads anything. */
  readAfterBody?: boolean;
  /** Give up after this long (the answer so far is returned). */
  timeoutMs?: number;
  /** false: the head is sent without the blank line that ends it (a slow-header client). */
  endHead?: boolean;
  /** Connect from this loopback address (such as 127.0.0.2): another client address on one machine. */
  localAddress?: string;
}

/** Sends `head` (request line and headers, without the blank line) and maybe a body; resolves when the server closes, or the answer is complete. */
export function rawRequest(port: number, head: string, o: RawOptions = {}): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: o.localAddress });
    let text = '';
    let error: string | null = null;
    let statusAt: number | null = null;
    let sent = 0;
    let sentAtStatus = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(writer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, error, ms: statusAt ?? performance.now() - started, bodyBytesSent: statusAt === null ? sent : sentAtStatus });
    };
    const timer = setTimeout(finish, o.timeoutMs ?? 30_000);
    socket.on('data', (d) => {
      text += d;
      if (statusAt === null && /\r\n/.test(text)) {
        statusAt = performance.now() - started;
        sentAtStatus = sent;
      }
      // A complete answer with a length: no need to wait for the close.
      const m = /\r\ncontent-length: (\d+)\r\n/i.exec(text);
      const end = text.indexOf('\r\n\r\n');
      if (m && end >= 0 && Buffer.byteLength(text.slice(end + 4)) >= Number(m[1])) finish();
      if (end >= 0 && /\r\ntransfer-encoding: chunked\r\n/i.test(text.slice(0, end + 2)) && text.endsWith('\r\n0\r\n\r\n')) finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', finish);
    if (o.readAfterBody) socket.pause();
    let writer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(o.endHead === false ? head : `${head}\r\n\r\n`);
      const total = o.bodyBytes ?? 0;
      if (!total) {
        if (o.readAfterBody) socket.resume();
        return;
      }
      const chunk = Buffer.alloc(o.chunkBytes ?? 64 * 1024, 0x61);
      writer = setInterval(() => {
        if (socket.destroyed || !socket.writable) return clearInterval(writer);
        const n = Math.min(chunk.length, total - sent);
        socket.write(n === chunk.length ? chunk : chunk.subarray(0, n));
        sent += n;
        if (sent >= total) {
          clearInterval(writer);
          if (o.readAfterBody) socket.resume();
        }
      }, o.chunkEveryMs ?? 1);
    });
  });
}

/** Opens `n` connections that send nothing; resolves once all are connected. */
export async function idleConnections(port: number, n: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  await Promise.all(
    Array.from({ length: n }, () => new Promise<void>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve());
      s.on('error', () => resolve());
      s.resume(); // whatever the server sends (a 503, a 408) is read, so its close is seen
      sockets.push(s);
    })),
  );
  return sockets;
}

/** Resolves when the socket is closed by the other side (or at once if it already is). */
export function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve();
    socket.once('close', () => resolve());
    socket.once('end', () => resolve());
    socket.resume();
  });
}
