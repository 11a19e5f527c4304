import type { Authenticator } from '../auth/authenticator.js';
import type { ChannelRegistry } from '../core/channel-registry.js';
import type { Clock } from '../core/clock.js';
import type { BeforePublishModeration } from '../integrations/before-publish.js';
import type { ErrorReporter } from '../protocol/error-reporter.js';
import type { RealtimeOptions } from './realtime-options.js';

/** What the realtime layer works with; built once in create-server.ts. */
export interface RealtimeContext {
  channels: ChannelRegistry;
  auth: Authenticator;
  clock: Clock;
  options: RealtimeOptions;
  /** Before-publish rules; pub/sub `chat.message` writes may not bypass them (DESIGN §12.4). */
  moderation: BeforePublishModeration;
  /** Where exceptions of timers, socket events and internal errors go (DESIGN §3.6). */
  report: ErrorReporter;
}
