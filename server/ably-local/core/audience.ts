import type { OutboundFrame } from '../protocol/outbound-frame.js';
import type { Attachment } from './subscriber.js';

/**
 * The attachments of a channel as the message and presence parts see them: send a frame to every
 * attachment holding a mode (DESIGN §3.4).
 */
export interface Audience {
  /**
   * Sends to attachments with `mode`. `frame` may depend on the attachment (append deltas vs full updates).
   * `origin` is skipped for attachments of connections that asked for `echo=false`.
   */
  send(mode: number, frame: OutboundFrame | ((a: Attachment) => OutboundFrame), origin?: string): void;
  /** Called whenever presence membership changes (occupancy). */
  changed(): void;
}
