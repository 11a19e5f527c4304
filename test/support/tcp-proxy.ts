import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy a test can cut, to simulate a network drop between an SDK and ably-local without
 * touching either: `block()` destroys live connections and refuses new ones, `unblock()` lets them through.
 */
export class TcpProxy {
  private readonly _server: Server;
  private readonly _sockets = new Set<Socket>();
  /** The client side of each live connection. */
  private readonly _clients = new Set<Socket>();
  private _blocked = false;
  port = 0;

  private constructor(private _targetPort: number) {
    this._server = createServer((client) => this._accept(client));
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await new Promise<void>((resolve) => proxy._server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy._server.address() as AddressInfo).port;
    return proxy;
  }

  /** Cuts every live connection and refuses new ones; returns how many connections it cut. */
  block(): number {
    this._blocked = true;
    const cut = this._clients.size;
    for (const socket of this._sockets) socket.destroy();
    this._sockets.clear();
    this._clients.clear();
    return cut;
  }

  unblock(): void {
    this._blocked = false;
  }

  /** Connects new connections to another port from now on (a server restarted on a new port). */
  retarget(port: number): void {
    this._targetPort = port;
  }

  /** Cuts `count` live connections picked at random (fewer if fewer are open); how many it cut. */
  dropSome(count: number): number {
    const live = [...this._clients];
    let cut = 0;
    while (cut < count && live.length > 0) {
      const [client] = live.splice(Math.floor(Math.random() * live.length), 1);
      client!.destroy();
      cut++;
    }
    return cut;
  }

  /** Live client connections. */
  get size(): number {
    return this._clients.size;
  }

  close(): void {
    this.block();
    this._server.close();
  }

  private _accept(client: Socket): void {
    if (this._blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(this._targetPort, '127.0.0.1');
    this._clients.add(client);
    client.once('close', () => this._clients.delete(client));
    for (const s of [client, upstream]) {
      this._sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => {
        this._sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
