import type { Authenticator } from '../auth/authenticator.js';
import type { ChannelRegistry } from '../core/channel-registry.js';
import type { Clock } from '../core/clock.js';
import type { RealtimeOptions } from './realtime-options.js';

/** What the realtime layer works with; built once in create-server.ts. */
export interface RealtimeContext {
  channels: ChannelRegistry;
  auth: Authenticator;
  clock: Clock;
  options: RealtimeOptions;
}
