// At most N open connections per client address, so one address cannot take every file
// descriptor (server.maxConnections caps them all). A connection over the cap is answered 503
// and closed at once; the others from that address are not touched.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

const REFUSAL = 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 5\r\nContent-Length: 36\r\n\r\ntoo many connections from one place\n';

export class ConnectionCap {
  private readonly open = new Map<string, number>();
  private refusedSinceLog = 0;

  constructor(
    private readonly perAddress: number,
    private readonly logger?: Logger,
  ) {}

  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** Connections open from an address (tests, figures). */
  count(address: string): number {
    return this.open.get(address) ?? 0;
  }

  private admit(socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    const n = this.open.get(address) ?? 0;
    if (n >= this.perAddress) {
      // One warning per burst of refusals, not one per connection.
      if (this.refusedSinceLog++ === 0) this.logger?.warn({ address, cap: this.perAddress }, 'connection cap per address reached; refusing more');
      socket.on('error', () => undefined);
      socket.end(REFUSAL);
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    this.refusedSinceLog = 0;
    this.open.set(address, n + 1);
    socket.once('close', () => {
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    });
  }
}
