import type { OutboundFrame } from '../protocol/outbound-frame.js';

/** The one thing core knows of a connection: where to put frames (DESIGN §3.4). */
export interface Subscriber {
  readonly connectionId: string;
  /** False when the connection asked for `echo=false`: its own messages are not sent back. */
  readonly echo: boolean;
  send(frame: OutboundFrame): void;
}

/** One connection's attachment to one channel, under the name it attached with. */
export interface Attachment {
  subscriber: Subscriber;
  /** The channel name the client used (`foo` or `[?rewind=1]foo`); every frame to it carries this name. */
  channel: string;
  /** Granted mode flags: the requested ones the capability permits. */
  modes: number;
  /** Mode flags the ATTACH asked for; a re-auth regrants from these (DESIGN §6.4). */
  requested: number;
  params: Record<string, string>;
}
