import { encodeFrame, type WireFormat } from './codec.js';
import type { ProtocolMessage } from './wire-types.js';

/**
 * A frame on its way to many connections: encoded at most once per wire format, however many sockets it
 * goes to (DESIGN §3.4).
 */
export class OutboundFrame {
  private _json?: Buffer;
  private _msgpack?: Buffer;
  private _renamed?: Map<string, OutboundFrame>;

  constructor(readonly pm: ProtocolMessage) {}

  /**
   * The same frame for an attachment that used another name for the channel (`[?params]name`, DESIGN §4.3):
   * the SDK matches frames by the name it attached with. Built and encoded once per name.
   */
  forChannel(channel: string): OutboundFrame {
    if (channel === this.pm.channel) return this;
    this._renamed ??= new Map();
    let frame = this._renamed.get(channel);
    if (!frame) this._renamed.set(channel, (frame = new OutboundFrame({ ...this.pm, channel })));
    return frame;
  }

  encoded(format: WireFormat): Buffer {
    if (format === 'json') return (this._json ??= encodeFrame(this.pm, 'json'));
    return (this._msgpack ??= encodeFrame(this.pm, 'msgpack'));
  }
}
