import type * as Ably from 'ably';
import type { ErrorDetail } from '../events/error-event.js';
import { BackendRequestError } from './backend-client.js';
import * as ErrorCode from './error-codes.js';

/** What an `embedded-chat-error` event says of a failure: the backend's error as it is, else Ably's code. */
export function errorDetail(err: unknown, operation = 'open the chat'): ErrorDetail {
  if (err instanceof BackendRequestError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.remediation === undefined ? {} : { remediation: err.remediation }),
    };
  }
  const info = err as Partial<Ably.ErrorInfo>;
  return {
    code: typeof info.code === 'number' ? info.code : ErrorCode.Unreachable,
    message: `unable to ${operation}; ${info.message ?? String(err)}`,
  };
}

/** A failed token request as ably-js's `authCallback` takes it. */
export function toErrorInfo(err: unknown, operation?: string): Ably.ErrorInfo {
  const detail = errorDetail(err, operation);
  // The status tells ably-js whether to retry (5xx/0) or give up (401/403 → failed).
  const status = err instanceof BackendRequestError ? err.status : 500;
  return {
    code: detail.code || ErrorCode.TokenRequestFailed,
    statusCode: status || 500,
    message: detail.message,
  } as Ably.ErrorInfo;
}
