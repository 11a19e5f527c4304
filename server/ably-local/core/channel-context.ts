import type { ErrorReporter } from '../protocol/error-reporter.js';
import type { ChannelEvents } from './channel-events.js';
import type { ChannelRules } from './channel-rules.js';
import type { Clock } from './clock.js';
import type { MessageStore } from './message-store.js';
import type { SerialGenerator } from './serials.js';

export interface ChannelContext {
  store: MessageStore;
  serials: SerialGenerator;
  clock: Clock;
  maxMessageSize: number;
  /** How long message ids and idempotency keys are remembered (Ably: 2 min). */
  idempotencyWindowMs: number;
  /** Most messages replayed on a resumed attach; beyond it continuity is declared lost. */
  maxReplay: number;
  /** Presence events kept per channel for presence history: at most this many… */
  presenceHistoryLimit: number;
  /** …and at most this many bytes (Ably's size of each event), the oldest dropped first (DESIGN §5.4). */
  presenceHistoryBytes: number;
  /** Delay that coalesces bursts of occupancy changes into one `[meta]occupancy` event. */
  occupancyDebounceMs: number;
  /** Where exceptions of timers and of delivery to one subscriber go (DESIGN §3.6). */
  report: ErrorReporter;
  /** The app's channel rules (namespaces): mutable messages, persistence, push (DESIGN §15.4). */
  rules: ChannelRules;
  /** Push and webhooks (DESIGN §13, §14); called after each change is stored and fanned out. */
  events?: ChannelEvents;
}

/** Where a publish comes from; `pmId` derives `<pmId>:<index>` ids for items that have none. */
export interface PublishOrigin {
  connectionId: string;
  pmId: string;
  /** The publisher's append roll-up window in ms (DESIGN §4.7); Ably's default when absent (REST). */
  appendRollupWindowMs?: number;
}
