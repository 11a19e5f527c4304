import { encodeFrame, type WireFormat } from './codec.js';
import type { ProtocolMessage } from './wire-types.js';

/**
 * A frame on its way to many connections: encoded at most once per wire format, however many sockets it
 * goes to (DESIGN §3.4).
 */
export class OutboundFrame {
  private _json?: Buffer;
  private _msgpack?: Buffer;

  constructor(readonly pm: ProtocolMessage) {}

  encoded(format: WireFormat): Buffer {
    if (format === 'json') return (this._json ??= encodeFrame(this.pm, 'json'));
    return (this._msgpack ??= encodeFrame(this.pm, 'msgpack'));
  }
}
