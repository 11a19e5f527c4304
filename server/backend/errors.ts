import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ErrorBody } from '../contract/api-contract.js';

/**
 * The backend's error codes, by name. Their meaning is documented once, in the wire contract's `ErrorCodes`
 * (server/contract/api-contract.ts), which this enum is pinned to (contract-checks.ts).
 */
export enum ErrorCode {
  Internal = 1000,
  InvalidParticipantToken = 1001,
  ExpiredParticipantToken = 1002,
  UnknownTask = 1003,
  NotAParticipant = 1004,
  ParticipantRemoved = 1005,
  TaskClosed = 1006,
  RoleMismatch = 1007,
  MalformedBody = 1008,
  InvalidIdentifier = 1009,
  BodyTooLarge = 1010,
  InvalidServerSecret = 1011,
  RateLimited = 1012,
  NotSignedIn = 1013,
  AblyUnavailable = 1014,
  NotFound = 1015,
  WidgetNotBuilt = 1016,
  InvalidModerationSecret = 1017,
  InvalidQuery = 1018,
  InvalidWebhookSignature = 1019,
  NotABot = 1020,
  AblyRequestFailed = 1021,
  UnknownAttachment = 1022,
  AttachmentTooLarge = 1023,
  AttachmentTypeNotAllowed = 1024,
  AttachmentRefused = 1025,
  AttachmentNotAllowed = 1026,
  UploadIncomplete = 1027,
  InvalidFileUrl = 1028,
  InvalidUserToken = 1029,
  ExpiredUserToken = 1030,
  InvalidCursor = 1031,
  UnknownAgentRun = 1040,
  AgentRunEnded = 1041,
  AgentRunOutputTaken = 1042,
  AgentRunTooLarge = 1043,
  AgentRunIdle = 1044,
  NotTheRunUser = 1045,
  NotAnAgent = 1046,
  MalformedAgentOutput = 1047,
}

/** JSON shape of every error response: `{ error: { code, message, remediation? } }`. */
export type { ErrorBody } from '../contract/api-contract.js';

/** A typed error that the error middleware turns into an {@link ErrorBody} with `status`. */
export class BackendError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly remediation?: string,
    /** Response headers to add, e.g. `WWW-Authenticate`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'BackendError';
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.remediation === undefined ? {} : { remediation: this.remediation }),
      },
    };
  }
}

/**
 * Factories for every code, so messages stay in one style. `operation` reads "issue token", "add participant",
 * "get read state"; where it is optional it defaults to "issue token".
 */
export const errors = {
  internal: (operation: string) =>
    new BackendError(ErrorCode.Internal, 500, `unable to ${operation}; internal error`),
  invalidParticipantToken: (reason: string, operation = 'issue token') =>
    new BackendError(
      ErrorCode.InvalidParticipantToken,
      401,
      `unable to ${operation}; participant token is invalid (${reason})`,
      'have the host backend sign a new participant token with EMBED_SECRET (HS256; sub, task, role, exp ≤ 1 h)',
    ),
  invalidUserToken: (reason: string, operation: string) =>
    new BackendError(
      ErrorCode.InvalidUserToken,
      401,
      `unable to ${operation}; user token is invalid (${reason})`,
      'have the host backend sign a new user token with EMBED_SECRET (HS256; sub, exp ≤ 1 h, no task)',
    ),
  expiredUserToken: (operation: string) =>
    new BackendError(
      ErrorCode.ExpiredUserToken,
      401,
      `unable to ${operation}; user token has expired`,
      'fetch a fresh user token from the host backend and retry',
    ),
  invalidCursor: (operation: string, reason: string) =>
    new BackendError(
      ErrorCode.InvalidCursor,
      400,
      `unable to ${operation}; the cursor ${reason}`,
      'read the first page again without a cursor',
    ),
  expiredParticipantToken: (operation = 'issue token') =>
    new BackendError(
      ErrorCode.ExpiredParticipantToken,
      401,
      `unable to ${operation}; participant token has expired`,
      'fetch a fresh participant token from the host backend and retry',
    ),
  unknownTask: (operation: string, taskId: string) =>
    new BackendError(
      ErrorCode.UnknownTask,
      404,
      `unable to ${operation}; no task ${JSON.stringify(taskId)}`,
      'create it first with PUT /api/tasks/:task',
    ),
  notAParticipant: (operation: string, taskId: string, status = 403) =>
    new BackendError(
      ErrorCode.NotAParticipant,
      status,
      `unable to ${operation}; the user is not a participant of task ${JSON.stringify(taskId)}`,
      'add the user with PUT /api/tasks/:task/participants/:userId',
    ),
  participantRemoved: (taskId: string, operation = 'issue token') =>
    new BackendError(
      ErrorCode.ParticipantRemoved,
      403,
      `unable to ${operation}; the user was removed from task ${JSON.stringify(taskId)}`,
    ),
  taskClosed: (operation: string, taskId: string) =>
    new BackendError(
      ErrorCode.TaskClosed,
      409,
      `unable to ${operation}; task ${JSON.stringify(taskId)} is closed`,
    ),
  roleMismatch: (tokenRole: string, storedRole: string, operation = 'issue token') =>
    new BackendError(
      ErrorCode.RoleMismatch,
      403,
      `unable to ${operation}; the participant token says role ${tokenRole} but the participant is ${storedRole}`,
      'sign participant tokens with the role given to PUT /api/tasks/:task/participants/:userId',
    ),
  malformedBody: (operation: string, reason: string) =>
    new BackendError(
      ErrorCode.MalformedBody,
      400,
      `unable to ${operation}; ${truncate(reason, 300)}`,
      'send a JSON object with Content-Type: application/json as docs/http-api.md describes',
    ),
  invalidIdentifier: (operation: string, what: string, reason: string) =>
    new BackendError(ErrorCode.InvalidIdentifier, 400, `unable to ${operation}; ${what} ${reason}`),
  bodyTooLarge: (limitBytes: number) =>
    new BackendError(
      ErrorCode.BodyTooLarge,
      413,
      `unable to read request; body exceeds ${limitBytes} bytes`,
      'send a smaller body; no request of this API needs more',
    ),
  invalidServerSecret: (missing: boolean) =>
    new BackendError(
      ErrorCode.InvalidServerSecret,
      401,
      `unable to authenticate; ${missing ? 'no Bearer server secret' : 'wrong server secret'}`,
      'send Authorization: Bearer <SERVER_SECRET> from the host backend only',
      { 'WWW-Authenticate': 'Bearer realm="embedded-chat"' },
    ),
  rateLimited: (what: string, retryAfterSeconds: number, operation = 'issue token') =>
    new BackendError(
      ErrorCode.RateLimited,
      429,
      `unable to ${operation}; too many requests ${what}`,
      `retry after ${retryAfterSeconds} s`,
      { 'Retry-After': String(retryAfterSeconds) },
    ),
  notSignedIn: (operation = 'issue token') =>
    new BackendError(
      ErrorCode.NotSignedIn,
      401,
      `unable to ${operation}; no participant token and no signed-in host session`,
      'send {"participantToken": "<jwt>"} signed by the host backend',
    ),
  ablyUnavailable: (operation: string, reason: string) =>
    new BackendError(
      ErrorCode.AblyUnavailable,
      502,
      `unable to ${operation}; Ably did not revoke the live tokens (${truncate(reason, 200)})`,
      'retry the request; it is idempotent',
    ),
  historyUnavailable: (operation: string, reason: string) =>
    new BackendError(
      ErrorCode.AblyUnavailable,
      502,
      `unable to ${operation}; Ably did not return the history (${truncate(reason, 200)})`,
      'retry the request',
    ),
  invalidModerationSecret: (missing: boolean) =>
    new BackendError(
      ErrorCode.InvalidModerationSecret,
      401,
      `unable to moderate message; ${missing ? 'no Bearer moderation secret' : 'wrong moderation secret'}`,
      'configure the moderation rule to send Authorization: Bearer <MODERATION_SECRET>',
      { 'WWW-Authenticate': 'Bearer realm="embedded-chat-moderation"' },
    ),
  invalidQuery: (operation: string, reason: string) =>
    new BackendError(ErrorCode.InvalidQuery, 400, `unable to ${operation}; ${truncate(reason, 200)}`),
  notFound: (method: string) =>
    new BackendError(ErrorCode.NotFound, 404, `unable to ${method.toLowerCase()} this path; no such route`),
  invalidWebhookSignature: (reason: string) =>
    new BackendError(
      ErrorCode.InvalidWebhookSignature,
      401,
      `unable to accept webhook; ${reason}`,
      "sign the integration rule with the key in WEBHOOK_SIGNING_KEYS (default: the backend's Ably key)",
    ),
  notABot: (taskId: string, role: string) =>
    new BackendError(
      ErrorCode.NotABot,
      403,
      `unable to send bot message; the participant of task ${JSON.stringify(taskId)} is a ${role}, not a bot`,
      'add the bot with PUT /api/tasks/:task/participants/:userId and role bot',
    ),
  ablyRequestFailed: (operation: string, reason: string, status: number) =>
    new BackendError(
      ErrorCode.AblyRequestFailed,
      status,
      `unable to ${operation}; Ably did not accept it (${truncate(reason, 200)})`,
      status === 502 ? 'retry the request' : undefined,
    ),
  unknownAttachment: (operation: string, taskId: string) =>
    new BackendError(
      ErrorCode.UnknownAttachment,
      404,
      `unable to ${operation}; no such attachment in task ${JSON.stringify(taskId)}`,
    ),
  attachmentTooLarge: (operation: string, maxBytes: number) =>
    new BackendError(
      ErrorCode.AttachmentTooLarge,
      413,
      `unable to ${operation}; the file is larger than ${maxBytes} bytes`,
      'send a smaller file',
    ),
  attachmentTypeNotAllowed: (operation: string, type: string, allowed: readonly string[]) =>
    new BackendError(
      ErrorCode.AttachmentTypeNotAllowed,
      415,
      `unable to ${operation}; files of type ${type} are not taken here`,
      `send one of: ${allowed.join(', ')}`,
    ),
  attachmentRefused: (operation: string, reason: string) =>
    new BackendError(ErrorCode.AttachmentRefused, 422, `unable to ${operation}; ${truncate(reason, 300)}`),
  attachmentNotAllowed: (operation: string, role: string, taskType: string) =>
    new BackendError(
      ErrorCode.AttachmentNotAllowed,
      403,
      `unable to ${operation}; a ${role} may not attach files to a ${taskType} task`,
    ),
  uploadIncomplete: (operation: string, reason: string) =>
    new BackendError(
      ErrorCode.UploadIncomplete,
      409,
      `unable to ${operation}; ${reason}`,
      'announce the file again and send all its bytes',
    ),
  invalidFileUrl: (reason: string) =>
    new BackendError(
      ErrorCode.InvalidFileUrl,
      403,
      `unable to serve the file; the URL is ${reason}`,
      'ask for fresh URLs with POST /api/tasks/:task/attachments/urls',
    ),
  widgetNotBuilt: () =>
    new BackendError(
      ErrorCode.WidgetNotBuilt,
      404,
      'unable to serve the element; it is not built',
      'run npm run build (npm start builds it when it is missing or stale), or set WIDGET_DIR to its dist/ folder',
    ),
};

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Body-parser errors carry a `type` and `status`; they are the only foreign errors with a fixed meaning. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
  limit?: unknown;
}

/** Maps any error to a BackendError; unexpected errors become 1000 without details. */
export function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  const parserError = (typeof err === 'object' && err !== null ? err : {}) as BodyParserError;
  switch (parserError.type) {
    case 'entity.too.large':
      return errors.bodyTooLarge(typeof parserError.limit === 'number' ? parserError.limit : 0);
    case 'entity.parse.failed':
      return errors.malformedBody('read request', 'body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return errors.malformedBody('read request', 'body encoding or charset is not supported');
    case 'request.aborted':
      return errors.malformedBody('read request', 'request was aborted');
    default:
      return errors.internal('handle request');
  }
}

/** 404 for any path no route matched (standalone app only; a mounted router leaves that to its host). */
export const notFoundHandler: RequestHandler = (req, _res, next) => next(errors.notFound(req.method));

/**
 * The one error middleware (docs/architecture.md §8): serialises every error as {@link ErrorBody}; logs 5xx with the
 * error (never the request body or headers) and 4xx as a one-line warning.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toBackendError(err);
    if (error.status >= 500) logger.error({ err, code: error.code, path: req.path }, error.message);
    else logger.debug({ code: error.code, path: req.path }, error.message);
    res.status(error.status).set(error.headers).set('Cache-Control', 'no-store').json(error.toBody());
  };
}
