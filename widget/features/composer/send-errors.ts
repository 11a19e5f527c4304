import type { Strings } from '../../i18n/strings.js';
import * as ErrorCode from '../../session/error-codes.js';

/** Why a send (or edit, delete, reaction) failed, as the element explains it. */
export interface SendFailure {
  kind: 'tooLarge' | 'rateLimited' | 'rejected' | 'notAllowed' | 'offline' | 'generic';
  code: number;
  /** The moderation rule's reason, for `rejected`. */
  reason?: string;
  /** Resending the same text cannot help: give it back to the composer instead of a retry action. */
  restoreDraft?: boolean;
}

/** What a refused send carries: an ably-js `ErrorInfo` (its `detail` holds a moderation rule's reason). */
export interface SendErrorLike {
  code?: number;
  statusCode?: number;
  /** For developers (logs, the error event); never shown as a reason. */
  message?: string;
  detail?: Record<string, unknown>;
}

const NOT_PERMITTED: readonly number[] = [
  ErrorCode.NotPermitted,
  ErrorCode.NotPermittedAnonymous,
  ErrorCode.NotPermittedNotOwn,
];

/**
 * Sorts a refused send by what the person can do about it: shorten it, wait, reword it, nothing (not
 * allowed) — all four give the draft back — or retry as is (offline, or the server failed).
 */
export function classifySendError(error: SendErrorLike | undefined): SendFailure {
  const code = error?.code ?? 0;
  const status = error?.statusCode;
  if (code === ErrorCode.MessageTooLarge || status === 413)
    return { kind: 'tooLarge', code, restoreDraft: true };
  if (code === ErrorCode.RateLimited || status === 429)
    return { kind: 'rateLimited', code, restoreDraft: true };
  if (code === ErrorCode.RejectedByRule || code === ErrorCode.RejectedByModeration) {
    return { kind: 'rejected', code, restoreDraft: true, ...reasonOf(error?.detail) };
  }
  if (NOT_PERMITTED.includes(code)) return { kind: 'notAllowed', code, restoreDraft: true };
  // A request that got no answer: ably-js reports it as a connection error (800xx), or as the browser's own
  // failure ("Failed to fetch") with no HTTP status at all.
  if (error && ((code >= 80000 && code < 81000) || !status)) return { kind: 'offline', code };
  return { kind: 'generic', code };
}

/**
 * A moderation rule's rejection reason: Ably puts it in `ErrorInfo.detail.reason` (as `@ably/chat`'s own demo
 * reads it). The error's `message` is the server's wording for developers, never shown to the sender.
 */
function reasonOf(detail: Record<string, unknown> | undefined): { reason?: string } {
  const reason = detail?.reason;
  return typeof reason === 'string' && reason.trim() !== '' ? { reason: reason.trim() } : {};
}

/** What to tell the person about a failure (strings are named after the kinds; a refusal's carries its reason). */
export function failureText(errors: Strings['errors'], failure: SendFailure): string {
  return failure.kind === 'rejected' ? errors.rejected(failure.reason) : errors[failure.kind];
}
