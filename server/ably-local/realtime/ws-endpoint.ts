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
      send: (data, text) => ws.send(data, text ? TEXT : BINARY),
      close: () => ws.close(1000),
      terminate: () => ws.terminate(),
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
    };
    // Errors (oversized frame, protocol violation) are followed by 'close'; state is kept for resume.
    const report = this._ctx.report;
    ws.on('error', () => ws.terminate());
    const conn = corked(socket, () => this._connections.open(transport, params));
    if (!conn) return;
    ws.on(
      'message',
      guarded(report, 'process a frame', (data: RawData) => {
        if (conn.transport !== transport) return;
        corked(socket, () => dispatchFrame(conn, toBuffer(data), this._ctx, this._connections));
      }),
    );
    ws.on(
      'close',
      guarded(report, 'close a connection', () => this._connections.socketClosed(conn, transport)),
    );
  }
}

/**
 * Runs `work` with the socket corked until the current tick ends, so the frames one inbound frame causes on
 * its own socket (CONNECTED; ATTACHED + SYNC; ACK + echo) leave in one write instead of one syscall each
 * (DESIGN §3.4). Frames to other sockets are not held.
 */
function corked<T>(socket: Duplex, work: () => T): T {
  socket.cork();
  try {
    return work();
  } finally {
    process.nextTick(uncork, socket);
  }
}

function uncork(socket: Duplex): void {
  socket.uncork();
}

const TEXT = { binary: false } as const;
const BINARY = { binary: true } as const;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
