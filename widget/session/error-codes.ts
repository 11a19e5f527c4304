import type { ErrorCodes } from '../../server/contract/api-contract.js';

/**
 * The error codes the element acts on, by name: Ably's (from Ably's error-code registry, as `ably` and
 * `@ably/chat` report them) and the backend's (from the wire contract, so a renumbering fails to compile).
 * Each is a constant of its own, imported as a namespace (`import * as ErrorCode`), so the bundler writes the
 * number where it is used instead of carrying an object of them into every chunk.
 */

/** The backend could not be reached, or answered with something that is not one of its errors. */
export const Unreachable = 0;
/** The backend: the participant token has expired (ask the host for a fresh one). */
export const ParticipantTokenExpired = 1002 satisfies ErrorCodes['ExpiredParticipantToken'];
/** The backend: the user token has expired (ask the host for a fresh one). */
export const UserTokenExpired = 1030 satisfies ErrorCodes['ExpiredUserToken'];
/** The backend: none of the ids asked for is a file of this task. */
export const UnknownAttachment = 1022 satisfies ErrorCodes['UnknownAttachment'];
/** The backend: the file is larger than the task type takes. */
export const AttachmentTooLarge = 1023 satisfies ErrorCodes['AttachmentTooLarge'];
/** The backend: the file's type (decided by its bytes) is not taken here. */
export const AttachmentTypeNotAllowed = 1024 satisfies ErrorCodes['AttachmentTypeNotAllowed'];
/** The backend: the file was refused (its name, or an image it cannot keep); the message says why. */
export const AttachmentRefused = 1025 satisfies ErrorCodes['AttachmentRefused'];
/** Ably: the message is larger than the connection's `maxMessageSize`. */
export const MessageTooLarge = 40009;
/** Ably: the operation is not in the token's capability. */
export const NotPermitted = 40160;
/** Ably: the operation needs an identified client. */
export const NotPermittedAnonymous = 40161;
/** Ably: the message is not the caller's own (update or delete of another's message). */
export const NotPermittedNotOwn = 40166;
/** Ably: a token request failed (what the element's `authCallback` reports when the backend gives no code). */
export const TokenRequestFailed = 40170;
/** Ably: a before-publish rule refused the message (`@ably/chat` ErrorCode.MessageRejectedByBeforePublishRule). */
export const RejectedByRule = 42211;
/** Ably: moderation refused the message (`@ably/chat` ErrorCode.MessageRejectedByModeration). */
export const RejectedByModeration = 42213;
/** Ably: the connection publishes faster than its rate limit. */
export const RateLimited = 42910;

/** Ably: the token is no longer good (40140–40149: expired, revoked, unrecognised…); a fresh one may succeed. */
export function isTokenError(code: number): boolean {
  return code >= 40140 && code < 40150;
}
