import type { CallerRequest, ErrorBody, TokenAnswer } from '../../server/contract/api-contract.js';
import * as ErrorCode from './error-codes.js';

/*
 * The element's side of the backend's browser routes (shapes: server/contract/api-contract.ts). The element
 * never sees a secret: it sends the host's participant token, or nothing when the host mounted the backend
 * with an `identify` hook that reads its own session.
 */

/** An error answer of the backend (`{error: {code, message, remediation?}}`), or a network failure (code 0). */
export class BackendRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: number,
    readonly remediation?: string,
  ) {
    super(message);
    this.name = 'BackendRequestError';
  }
}

/** Who the element says it is, and where the token route is. */
export interface Credential {
  tokenUrl: string;
  task: string;
  /** Undefined when the backend identifies the caller by its own session. */
  participantToken?: string;
  /** A user token, in place of a participant token (a conversation opened from the inbox). */
  userToken?: string;
}

/**
 * The element's first token request, started by the loader while the chat itself downloads (it needs nothing
 * from the chat chunk). The session uses it once, when it is for the same task and endpoint.
 */
export interface TokenPrefetch {
  task: string;
  tokenUrl: string;
  /** The participant token the request carries (the host's `getParticipantToken()` result, or the attribute). */
  participantToken: Promise<string | undefined>;
  response: Promise<Response>;
}

/** The body every browser route takes to know the caller. */
export function callerBody(credential: Credential): CallerRequest {
  const { task, participantToken, userToken } = credential;
  return participantToken ? { task, participantToken } : userToken ? { task, userToken } : { task };
}

/** `POST`s (or `PUT`s) JSON to the backend; non-2xx answers become {@link BackendRequestError}s. */
export async function backendRequest<T>(
  method: 'POST' | 'PUT',
  url: string,
  body: object,
  operation: string,
  sent?: Promise<Response>,
): Promise<T> {
  let response: Response;
  try {
    response = await (sent ??
      fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      }));
  } catch (err) {
    throw new BackendRequestError(
      ErrorCode.Unreachable,
      `unable to ${operation}; the backend at ${url} could not be reached (${(err as Error).message})`,
      0,
      'check the token-url attribute and that the backend allows this page’s origin (ALLOWED_ORIGINS)',
    );
  }
  const answer = (await response.json().catch(() => undefined)) as (T & Partial<ErrorBody>) | undefined;
  if (response.ok && answer !== undefined) return answer;
  const error = answer?.error as Partial<ErrorBody['error']> | undefined;
  throw new BackendRequestError(
    typeof error?.code === 'number' ? error.code : ErrorCode.Unreachable,
    typeof error?.message === 'string'
      ? error.message
      : `unable to ${operation}; the backend answered ${response.status}`,
    response.status,
    typeof error?.remediation === 'string' ? error.remediation : undefined,
  );
}

/** `POST token-url`; `sent` is the loader's request for the same credential, when there is one. */
export function fetchToken(credential: Credential, sent?: Promise<Response>): Promise<TokenAnswer> {
  return backendRequest<TokenAnswer>(
    'POST',
    credential.tokenUrl,
    callerBody(credential),
    'open the chat',
    sent,
  );
}

/**
 * A browser route the token answer names, resolved against the token URL (its trailing slash aside, so
 * `…/api/token/` finds `…/api/read-state` too).
 */
export function resolveRoute(tokenUrl: string, route: string): string {
  return new URL(route, tokenUrl.replace(/\/+$/, '')).href;
}
