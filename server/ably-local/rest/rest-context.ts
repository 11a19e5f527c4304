import type { Authenticator } from '../auth/authenticator.js';
import type { ChannelRegistry } from '../core/channel-registry.js';
import type { Clock } from '../core/clock.js';
import type { ConnectionLookup } from '../core/connection-lookup.js';
import type { MessageStore } from '../core/message-store.js';
import type { KeyedRateLimiter } from '../core/token-bucket.js';
import type { BeforePublishModeration } from '../integrations/before-publish.js';
import type { ErrorReporter } from '../protocol/error-reporter.js';
import type { LocalPush } from '../push/local-push.js';

/** What the REST routers work with; built once in create-server.ts. */
export interface RestContext {
  channels: ChannelRegistry;
  store: MessageStore;
  auth: Authenticator;
  clock: Clock;
  /** REST writes per identity (rest/write-limit.ts). */
  writes: KeyedRateLimiter;
  /** Realtime connections by key, for REST publishes with a `connectionKey` (TM2h); none → 40006. */
  connections?: ConnectionLookup;
  /** Before-publish rules Chat sends and edits wait for (DESIGN §12). */
  moderation: BeforePublishModeration;
  /** Where internal errors behind a 500 go (DESIGN §3.6). */
  report: ErrorReporter;
  /** Device registrations, subscriptions and delivery (DESIGN §13). */
  push: LocalPush;
}
