import express, { type Request, type Response, type Router } from 'express';
import { AblyError, errors } from '../protocol/ably-error.js';
import { Action } from '../protocol/actions.js';
import { protocolMessageOf } from '../protocol/codec.js';
import { guard, guarded } from '../protocol/error-reporter.js';
import { CometTransport, cometTimings, type CometReceiver, type CometTimings } from './comet-transport.js';
import { connectParamsOf } from './connect-params.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { dispatchProtocolMessage, failConnection } from './inbound-dispatcher.js';
import type { RealtimeConnection } from './realtime-connection.js';
import type { RealtimeContext } from './realtime-context.js';

interface Bound {
  conn: RealtimeConnection;
  transport: CometTransport;
}

const EMPTY = Buffer.from('[]');

/**
 * Ably's comet transport over HTTP (DESIGN §3.7): `GET /comet/connect`, then per connection key
 * `GET …/recv` (long poll, or a stream for Node's `comet`), `POST …/send` (a JSON array of ProtocolMessages),
 * `GET …/close` and `GET …/disconnect`. Behind it is the same connection core as the WebSocket endpoint —
 * `ConnectionRegistry.open` for auth, resume and limits, `dispatchProtocolMessage` for every inbound frame —
 * so the two transports cannot drift apart. Like the WebSocket endpoint it answers protocol problems with
 * ProtocolMessages in a 200 (ably-js turns an HTTP error into a generic failure), and the connection key is
 * the credential of the later requests (ably-js repeats its auth params on them; they are not checked again).
 */
export class CometEndpoint {
  readonly router: Router;
  private readonly _bound = new Map<string, Bound>();
  private readonly _timings: CometTimings;

  constructor(
    private readonly _ctx: RealtimeContext,
    private readonly _connections: ConnectionRegistry,
  ) {
    this._timings = cometTimings(_ctx.options.maxIdleIntervalMs);
    const router = express.Router();
    router.get('/comet/connect', (req, res) => this._connect(req, res));
    router.get('/comet/:key/recv', (req, res) => this._recv(req, res));
    router.post(
      '/comet/:key/send',
      express.raw({ type: () => true, limit: _ctx.options.maxFrameSize }),
      (req, res) => this._send(req, res),
    );
    router.get('/comet/:key/close', (req, res) => this._close(req, res, true));
    router.get('/comet/:key/disconnect', (req, res) => this._close(req, res, false));
    this.router = router;
  }

  /** Drops every comet transport (server shutdown). */
  close(): void {
    for (const { transport } of [...this._bound.values()]) transport.terminate();
  }

  private _connect(req: Request, res: Response): void {
    const query = new URL(req.originalUrl, 'http://localhost').searchParams;
    const transport = new CometTransport(query.get('stream') !== 'false', this._timings, this._ctx.report);
    // The connect request is the first receive request: it carries CONNECTED (or the ERROR of a refusal).
    transport.receive(this._receiver(res, transport));
    const conn = this._connections.open(transport, connectParamsOf(query, 'json'));
    if (!conn) return;
    const key = conn.key;
    this._bound.set(key, { conn, transport });
    transport.onFinish = () => {
      if (this._bound.get(key)?.transport === transport) this._bound.delete(key);
      this._connections.socketClosed(conn, transport);
    };
  }

  private _recv(req: Request, res: Response): void {
    const bound = this._bound.get(String(req.params.key));
    if (!bound) return gone(res);
    bound.transport.receive(this._receiver(res, bound.transport), rndOf(req));
  }

  private _send(req: Request, res: Response): void {
    const bound = this._bound.get(String(req.params.key));
    if (!bound) return gone(res);
    const { conn, transport } = bound;
    // A browser repeating a send whose answer it never got (DESIGN §3.7): applied once.
    if (!transport.acceptSend(rndOf(req))) return answer(res, EMPTY);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let batch: unknown;
    try {
      batch = JSON.parse(body.toString('utf8'));
      if (!Array.isArray(batch)) throw new Error('the body must be a JSON array of ProtocolMessages');
    } catch (err) {
      failConnection(conn, errors.badRequest(`unable to decode comet send; ${(err as Error).message}`));
      return answer(res, EMPTY);
    }
    for (const item of batch) {
      if (transport.finished || conn.transport !== transport) break;
      let pm;
      try {
        pm = protocolMessageOf(item);
      } catch (err) {
        failConnection(conn, AblyError.from(err));
        break;
      }
      guard(this._ctx.report, 'process a frame', () =>
        dispatchProtocolMessage(conn, pm, this._ctx, this._connections),
      );
    }
    answer(res, EMPTY);
  }

  /** `close` ends the connection like a CLOSE frame; `disconnect` drops only the transport (resumable). */
  private _close(req: Request, res: Response, closing: boolean): void {
    const bound = this._bound.get(String(req.params.key));
    if (bound && bound.conn.transport === bound.transport) {
      if (closing) this._connections.close(bound.conn);
      else bound.transport.close();
    }
    answer(res, EMPTY);
  }

  private _receiver(res: Response, transport: CometTransport): CometReceiver {
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    // A stream's headers go at once: the Node client's request timer runs until it sees a response.
    if (transport.streaming) res.flushHeaders();
    const receiver: CometReceiver = {
      write: (chunk) => void res.write(chunk),
      end: (chunk) => void res.end(chunk),
      destroy: () => void res.destroy(),
      get writableLength() {
        return res.writableLength;
      },
    };
    res.once(
      'close',
      guarded(this._ctx.report, 'close a comet receive request', () => transport.receiverGone(receiver)),
    );
    return receiver;
  }
}

/** The random `rnd` query parameter ably-js puts on every XHR; a browser's own repeat keeps it. */
function rndOf(req: Request): string | undefined {
  const rnd = req.query.rnd;
  return typeof rnd === 'string' ? rnd : undefined;
}

function answer(res: Response, body: Buffer): void {
  res.status(200).setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

/** No comet transport under this key (dropped, replaced, or never): DISCONNECTED, so the SDK resumes. */
function gone(res: Response): void {
  const error = errors.cometTransportGone().toWire();
  answer(res, Buffer.from(JSON.stringify([{ action: Action.DISCONNECTED, error }])));
}
