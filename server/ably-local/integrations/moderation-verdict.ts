import { errors, type AblyError } from '../protocol/ably-error.js';

/**
 * What one answer of a moderation endpoint means (Ably's custom-moderation "Error handling", DESIGN §12.3).
 * Pure, so every status and body is table-tested; the HTTP call is in `moderation-client.ts`.
 */
export type AttemptOutcome =
  /** 200 with `{"action":"accept"}`. */
  | { kind: 'accept' }
  /** 200 with `{"action":"reject", "rejectionReason"?: {…}}`; `detail` is the reason flattened to strings. */
  | { kind: 'reject'; detail: Record<string, string> }
  /** 5xx, a network error, or 429 when the rule retries it: try again while the budget lasts. */
  | { kind: 'retry'; why: string }
  /** No decision will come: other 4xx, 3xx, a 200 that is not a decision, 429 when the rule does not retry. */
  | { kind: 'fail'; why: string };

/** Largest answer body read; a bigger one is not a decision. */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** Keys and characters kept from a rejection reason, so no endpoint can blow up an error frame. */
const MAX_DETAIL_KEYS = 16;
const MAX_DETAIL_KEY_LENGTH = 64;
const MAX_DETAIL_VALUE_LENGTH = 1000;

/** Interprets a status and body; `retry429` is the rule's `tooManyRequestsAction === 'retry'`. */
export function interpretAnswer(status: number, body: string, retry429: boolean): AttemptOutcome {
  if (status === 429) {
    return retry429 ? { kind: 'retry', why: 'answered 429' } : { kind: 'fail', why: 'answered 429' };
  }
  if (status >= 500) return { kind: 'retry', why: `answered ${status}` };
  if (status !== 200) return { kind: 'fail', why: `answered ${status}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'fail', why: 'answered 200 with a body that is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'fail', why: 'answered 200 with a body that is not a JSON object' };
  }
  const { action, rejectionReason } = parsed as Record<string, unknown>;
  if (action === 'accept') return { kind: 'accept' };
  if (action !== 'reject') {
    return { kind: 'fail', why: 'answered 200 without an action of accept or reject' };
  }
  return { kind: 'reject', detail: detailOf(rejectionReason) };
}

/**
 * `rejectionReason` (any JSON object, "may be sent back to clients") as ably-js `ErrorInfo.detail`, a record
 * of strings: string values as they are, other values as JSON; anything but an object gives `{}`.
 */
export function detailOf(rejectionReason: unknown): Record<string, string> {
  if (typeof rejectionReason !== 'object' || rejectionReason === null || Array.isArray(rejectionReason)) {
    return {};
  }
  const detail: Record<string, string> = {};
  for (const [key, value] of Object.entries(rejectionReason).slice(0, MAX_DETAIL_KEYS)) {
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    detail[key.slice(0, MAX_DETAIL_KEY_LENGTH)] = text.slice(0, MAX_DETAIL_VALUE_LENGTH);
  }
  return detail;
}

/** The error a rejected message gets: 42213 with the reason as `detail` (and in the message, for logs). */
export function rejectionError(operation: string, detail: Record<string, string>): AblyError {
  const reason = detail.reason;
  return errors.rejectedByModeration(
    `unable to ${operation}; rejected by moderation${reason ? ` (${reason})` : ''}`,
    detail,
  );
}

/** The error when a rule's failed action is `reject` and no decision came: 42211. */
export function failureError(operation: string, ruleId: string, why: string): AblyError {
  return errors.rejectedByIntegration(
    `unable to ${operation}; the before-publish rule ${ruleId} could not moderate it (${why})`,
  );
}
