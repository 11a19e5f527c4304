/**
 * Public entry of the backend for host applications: mount the router, mint participant tokens, pick a
 * store. Side-effect free.
 */
export { createApp, type AppDeps } from './app.js';
export { createChatRouter, type ChatRouterOptions } from './routes/chat-router.js';
export type { PushOptions } from './push/push-options.js';
export type { HostIdentity, IdentifyHook } from './routes/identify.js';
export type { RateLimitSettings } from './routes/rate-limits.js';
export type { AblySettings, WidgetClientOptions } from './ably-auth/ably-settings.js';
export { ROLES, capabilityFor, operationsFor, type Operation, type Role } from './ably-auth/capabilities.js';
export {
  roomNameFor,
  chatChannelFor,
  notificationsChannelFor,
  taskIdFromChannel,
  isValidTaskId,
} from './ably-auth/channel-names.js';
export {
  createParticipantToken,
  MAX_PARTICIPANT_TOKEN_TTL_SECONDS,
  type CreateParticipantTokenOptions,
} from './participants/participant-token.js';
export { createStore, type StoreOptions } from './store/create-store.js';
export { SqliteStore } from './store/sqlite-store.js';
export { PostgresStore } from './store/postgres-store.js';
export type { Store, Task, Participant, ReadMarker } from './store/store.js';
export type { ReadState } from './read-state/read-state-service.js';
export { ErrorCode, type ErrorBody } from './errors.js';
export type { IssuedToken } from './tokens/token-issuer.js';
export { createLogger } from './logger.js';
