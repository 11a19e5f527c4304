import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { guard, guarded } from '../protocol/error-reporter.js';
import { connectParamsOf } from './connect-params.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { dispatchFrame } from './inbound-dispatcher.js';
import type { RealtimeContext } from './realtime-context.js';
import type { Transport } from './transport.js';

/**
 * The realtime WebSocket endpoint (DESIGN §3.1). Every upgrade is accepted; authentication failures are
 * reported as ERROR frames, which the SDK understands, rather than HTTP statuses, which it retries forever.
 */
export class WsEndpoint {
  private readonly _wss: WebSocketServer;
  /** While an inbound frame is handled: the other sockets it wrote to, released after the sender's. */
  private _held: Set<Duplex> | undefined;

  constructor(
    private readonly _ctx: RealtimeContext,
    private readonly _connections: ConnectionRegistry,
  ) {
    this._wss = new WebSocketServer({
      noServer: true,
      maxPayload: _ctx.options.maxFrameSize,
      perMessageDeflate: false,
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const report = this._ctx.report;
    socket.on('error', () => socket.destroy());
    guard(report, 'upgrade to a WebSocket', () =>
      this._wss.handleUpgrade(
        req,
        socket,
        head,
        guarded(report, 'accept a connection', (ws: WebSocket) => this._accept(ws, req, socket)),
      ),
    );
  }

  close(): void {
    for (const client of this._wss.clients) client.terminate();
    this._wss.close();
  }

  private _accept(ws: WebSocket, req: IncomingMessage, socket: Duplex): void {
    const params = connectParamsOf(new URL(req.url ?? '/', 'http://localhost').searchParams);
    const transport: Transport = {
      send: (data, text) => {
        this._hold(socket);
        ws.send(data, text ? TEXT : BINARY);
      },
      close: () => ws.close(1000),
      terminate: () => ws.terminate(),
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
    };
    // Errors (oversized frame, protocol violation) are followed by 'close'; state is kept for resume.
    const report = this._ctx.report;
    ws.on('error', () => ws.terminate());
    const conn = this._corked(socket, () => this._connections.open(transport, params));
    if (!conn) return;
    ws.on(
      'message',
      guarded(report, 'process a frame', (data: RawData) => {
        if (conn.transport !== transport) return;
        this._corked(socket, () => dispatchFrame(conn, toBuffer(data), this._ctx, this._connections));
      }),
    );
    ws.on(
      'close',
      guarded(report, 'close a connection', () => this._connections.socketClosed(conn, transport)),
    );
  }

  /**
   * Runs `work` with the socket corked until the current tick ends, so the frames one inbound frame causes on
   * its own socket (CONNECTED; ATTACHED + SYNC; ACK + echo) leave in one write instead of one syscall each
   * (DESIGN §3.4). What it sends to other sockets (the fan-out of a publish or presence change) is held too
   * and leaves right after: the sender hears its ACK before anyone hears of its message, as over a network,
   * where Ably acknowledges before its fan-out reaches other connections.
   */
  private _corked<T>(socket: Duplex, work: () => T): T {
    socket.cork();
    const held = (this._held = new Set([socket]));
    try {
      return work();
    } finally {
      this._held = undefined;
      process.nextTick(release, held);
    }
  }

  /** Corks a socket written to while a frame is handled (once per frame), so it leaves after the sender's. */
  private _hold(socket: Duplex): void {
    if (this._held === undefined || this._held.has(socket)) return;
    socket.cork();
    this._held.add(socket);
  }
}

/** Uncorks the sender's socket first (it was added first), then the others in the order they were written. */
function release(held: Set<Duplex>): void {
  for (const socket of held) socket.uncork();
}

const TEXT = { binary: false } as const;
const BINARY = { binary: true } as const;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
