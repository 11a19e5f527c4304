/** Why a send (or edit) failed, as the composer explains it. */
export interface SendFailure {
  kind: 'tooLarge' | 'rateLimited' | 'rejected' | 'notAllowed' | 'generic';
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

/**
 * Ably's error codes for a refused send (Ably error-code registry; `@ably/chat` ErrorCode): 40009 too
 * large, 42910 rate limited, 42211/42213 refused by a before-publish rule or moderation, 40160 no
 * permission. Anything else (network, 5xx) is worth retrying as is.
 */
export function classifySendError(error: SendErrorLike | undefined): SendFailure {
  const code = error?.code ?? 0;
  if (code === 40009 || error?.statusCode === 413) return { kind: 'tooLarge', code, restoreDraft: true };
  if (code === 42910 || error?.statusCode === 429) return { kind: 'rateLimited', code, restoreDraft: true };
  if (code === 42211 || code === 42213) {
    return { kind: 'rejected', code, restoreDraft: true, ...reasonOf(error?.detail) };
  }
  if (code === 40160 || code === 40161 || code === 40166)
    return { kind: 'notAllowed', code, restoreDraft: true };
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
