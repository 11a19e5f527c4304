import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** What went through an {@link HttpProxy}, for tests that ask which transport a client ended up on. */
export interface HttpProxyStats {
  /** WebSocket upgrades answered 403 (while refusing). */
  upgradesRefused: number;
  /** WebSocket upgrades passed to the target (ably-js's connectivity checks included). */
  upgradesForwarded: number;
  /** Of those, realtime connections (with connect params), not connectivity checks (`GET /`). */
  connectionUpgradesForwarded: number;
  /** Requests under `/comet/` passed to the target (connect, recv, send, close, disconnect). */
  cometRequests: number;
}

/**
 * A loopback HTTP proxy like the corporate ones that break WebSockets: plain HTTP (REST, long polls, streams)
 * goes through, and while {@link refuseWebSockets} is on, every WebSocket upgrade is answered
 * `403 Forbidden`. `block()`/`unblock()` cut the network as {@link TcpProxy} does.
 */
export class HttpProxy {
  readonly stats: HttpProxyStats = {
    upgradesRefused: 0,
    upgradesForwarded: 0,
    connectionUpgradesForwarded: 0,
    cometRequests: 0,
  };
  port = 0;
  private readonly _server: Server;
  private readonly _sockets = new Set<Duplex>();
  private _blocked = false;

  private constructor(
    private _targetPort: number,
    private _refuseWebSockets: boolean,
  ) {
    this._server = createServer((req, res) => {
      if (req.url?.startsWith('/comet/')) this.stats.cometRequests++;
      const upstream = request(
        {
          host: '127.0.0.1',
          port: this._targetPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: false,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('socket', (socket) => this._track(socket));
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    this._server.on('connection', (socket) => {
      if (this._blocked) return void socket.destroy();
      this._track(socket);
    });
    this._server.on('upgrade', (req, socket, head) => this._upgrade(req, socket, head));
  }

  static async start(targetPort: number, options: { refuseWebSockets?: boolean } = {}): Promise<HttpProxy> {
    const proxy = new HttpProxy(targetPort, options.refuseWebSockets ?? false);
    await new Promise<void>((resolve) => proxy._server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy._server.address() as AddressInfo).port;
    return proxy;
  }

  /** Refuses (or lets through) WebSocket upgrades from now on; open WebSockets are left alone. */
  refuseWebSockets(refuse: boolean): void {
    this._refuseWebSockets = refuse;
  }

  /** Sends everything to another port from now on (a restarted server). */
  retarget(port: number): void {
    this._targetPort = port;
  }

  /** Cuts every connection and refuses new ones; returns how many client connections it cut. */
  block(): number {
    this._blocked = true;
    const cut = this._sockets.size;
    for (const socket of this._sockets) socket.destroy();
    this._sockets.clear();
    return cut;
  }

  unblock(): void {
    this._blocked = false;
  }

  close(): void {
    this.block();
    this._server.close();
  }

  private _upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this._track(socket);
    if (this._refuseWebSockets) {
      this.stats.upgradesRefused++;
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.stats.upgradesForwarded++;
    if (req.url?.includes('?')) this.stats.connectionUpgradesForwarded++;
    const upstream: Socket = connect(this._targetPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    this._track(upstream);
    for (const s of [socket, upstream]) {
      s.on('error', () => s.destroy());
      s.on('close', () => {
        socket.destroy();
        upstream.destroy();
      });
    }
  }

  private _track(socket: Duplex): void {
    this._sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this._sockets.delete(socket));
  }
}
