/**
 * Public entry of the backend for host applications: mount the router, mint participant tokens, pick a
 * store. Side-effect free.
 */
export { createApp, type AppDeps } from './app.js';
export { createChatRouter, type ChatRouterOptions, type ModerationOptions } from './routes/chat-router.js';
export type { PushOptions } from './push/push-options.js';
export type { HostIdentity, IdentifyHook } from './routes/identify.js';
export type { RateLimitSettings } from './routes/rate-limits.js';
export type { AblySettings, WidgetClientOptions } from './ably-auth/ably-settings.js';
export { ROLES, capabilityFor, operationsFor, type Operation, type Role } from './ably-auth/capabilities.js';
export {
  roomNameFor,
  chatChannelFor,
  notificationsChannelFor,
  inboxChannelFor,
  taskIdFromChannel,
  taskIdFromRoom,
  isValidTaskId,
  TASK_ROOM_CHANNEL_FILTER,
} from './ably-auth/channel-names.js';
export {
  decide,
  type Decision,
  type ModerationInput,
  type Policy,
  type Rejection,
} from './moderation/policy.js';
export {
  builtInPolicies,
  defaultPolicyTable,
  ANY_TYPE,
  type PolicyTable,
} from './moderation/policy-table.js';
export { compileWordList, parseWordListFile, type WordList } from './moderation/word-list.js';
export { DEFAULT_WORDS } from './moderation/default-words.js';
export {
  createParticipantToken,
  MAX_PARTICIPANT_TOKEN_TTL_SECONDS,
  type CreateParticipantTokenOptions,
} from './participants/participant-token.js';
export { createUserToken, type CreateUserTokenOptions } from './participants/user-token.js';
export { createStore, type StoreOptions } from './store/create-store.js';
export type { AttachmentOptions } from './attachments/create-attachments.js';
export type { ObjectStorage, PresignedRequest, DownloadOptions } from './attachments/object-storage.js';
export { createObjectStorage, type StorageOptions } from './attachments/create-storage.js';
export { DiskStorage } from './attachments/disk-storage.js';
export { S3Storage, type S3Settings } from './attachments/s3-storage.js';
export {
  defaultAttachmentPolicies,
  STANDARD_ATTACHMENTS,
  IMAGE_TYPES,
  DOCUMENT_TYPES,
  type AttachmentPolicy,
  type AttachmentPolicyTable,
} from './attachments/attachment-policy.js';
export { SqliteStore } from './store/sqlite-store.js';
export { PostgresStore } from './store/postgres-store.js';
export type { Store, Task, Participant, ReadMarker } from './store/store.js';
export type { ReadState } from './read-state/read-state-service.js';
export { ErrorCode, type ErrorBody } from './errors.js';
/** The wire contract: every HTTP shape between the element, this backend and a host's backend. */
export type * from '../contract/api-contract.js';
export type { IssuedToken } from './tokens/token-issuer.js';
export { createLogger } from './logger.js';
