import type { StoredMessage } from './message-store.js';
import type { Member } from './presence-set.js';

/**
 * What integrations see of a channel (DESIGN §13, §14): persisted message versions (creates, updates,
 * deletes; never ephemeral messages) and presence changes, each called after the change is stored and
 * fanned out. Listeners must not throw and must not block; `create-server.ts` wires push and webhooks here.
 */
export interface ChannelEvents {
  messages(channel: string, messages: readonly StoredMessage[]): void;
  presence(channel: string, members: readonly Member[]): void;
}
