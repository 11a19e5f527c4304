/**
 * The wire contract of embedded-chat: every JSON shape that crosses HTTP between the element (`widget/`), the
 * backend (`server/backend/`) and a host's own backend, the roles and operations, and the backend's error codes
 * with their meaning.
 *
 * Types only: this module emits nothing, so the element imports it without carrying any backend code. It
 * imports nothing either. The backend's request schemas (zod) and runtime tables (roles, operations, error
 * codes) are pinned to these types at compile time in `server/backend/contract-checks.ts`, so the two cannot
 * disagree; the element types its requests and answers with them.
 *
 * One file although it passes 400 lines: it is the one module the element may import from the server side (an
 * eslint zone names it), and a reader finds every wire shape in it, one section per route.
 */

// ─── Roles and operations ────────────────────────────────────────────────────────────────────────────────

/** A participant's role in a task; it decides the Ably capabilities the backend grants. */
export type Role =
  'customer' | 'agent' | 'buyer' | 'seller' | 'courier' | 'player' | 'moderator' | 'observer' | 'bot';

/** Ably capability operations the backend grants on a task's room (a subset of Ably's). */
export type Operation =
  | 'publish'
  | 'subscribe'
  | 'presence'
  | 'history'
  | 'annotation-publish'
  | 'annotation-subscribe'
  | 'message-update-own'
  | 'message-delete-own'
  | 'message-delete-any'
  | 'push-subscribe';

// ─── Identity ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The claims of a participant token: an HS256 JWT the host's backend signs with `EMBED_SECRET` to vouch for
 * its user in one task. It lives at most one hour.
 */
export interface ParticipantTokenClaims {
  /** The host's user id; becomes the Ably clientId. */
  sub: string;
  /** The task id, e.g. `order:8841`. */
  task: string;
  /** It must equal the participant's stored role. */
  role: Role;
  /** Display name shown with the user's messages (default: the stored name). */
  name?: string;
  /** Seconds since the epoch, as JWT libraries write them (jsonwebtoken adds `iat` by itself). */
  iat: number;
  exp: number;
}

/**
 * The claims of a user token: an HS256 JWT the host's backend signs with `EMBED_SECRET` to vouch for its user
 * across all their tasks (the inbox and the launcher use it). It names no task and no role — the stored ones
 * apply — and lives at most one hour.
 */
export interface UserTokenClaims {
  /** The host's user id; becomes the Ably clientId. */
  sub: string;
  iat: number;
  exp: number;
}

/**
 * Who calls a browser route: a participant token (its task is the task); a user token with `task` (any task
 * the user currently belongs to, with the stored role); or nothing when the host mounted the backend with an
 * `identify` hook that reads its own session (then `task` names the task).
 */
export interface CallerRequest {
  participantToken?: string;
  userToken?: string;
  task?: string;
}

// ─── POST /api/token ─────────────────────────────────────────────────────────────────────────────────────

/**
 * `POST /api/token`'s body. With a task (or a participant token) it answers a {@link TokenAnswer}; with a user
 * token (or the host session) and no task, a {@link UserTokenAnswer}.
 */
export type TokenRequest = CallerRequest;

/** Ably client options the element spreads into its client: empty for Ably's cloud, set for ably-local. */
export interface AblyClientOptions {
  endpoint?: string;
  port?: number;
  tlsPort?: number;
  tls?: boolean;
  connectivityCheckUrl?: string;
  wsConnectivityCheckUrl?: string;
}

/**
 * Where the element finds the backend's other browser routes, each relative to the token route's URL (resolve
 * with `new URL(route, tokenUrl)`), so a backend mounted under any path, behind any proxy, is found.
 */
export interface BrowserRoutes {
  /** `POST` (read) and `PUT` (advance) the task's read state. */
  readState: string;
  /** `POST` to announce a file for this task (absent when the backend stores no attachments). */
  attachments?: string;
  /** `POST` for short-lived URLs of this task's files (absent when the backend stores no attachments). */
  attachmentUrls?: string;
  /** The task's agent runs: `POST {agentRuns}/<run>/stop` stops one (the user it answers only). */
  agentRuns: string;
}

/** What the participant may attach in this task now. */
export interface AttachmentLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Files one message may carry. */
  maxFiles: number;
  /** Media types the task type takes; the backend decides a file's type by its bytes. */
  types: string[];
}

/** `POST /api/token`'s answer: an Ably JWT for one task's room, and what the element needs to use it. */
export interface TokenAnswer {
  /** The Ably JWT (the element's `authCallback` returns it). */
  token: string;
  /** When the token expires, epoch ms. */
  expiresAt: number;
  clientOptions: AblyClientOptions;
  task: string;
  /** The task's title, for the element's header. */
  title: string;
  /** The task's page in the host app; null when the host gave none. */
  url: string | null;
  /** The Chat room name to pass to `chat.rooms.get()`. */
  room: string;
  /** The Ably clientId (the user id). */
  clientId: string;
  role: Role;
  name: string;
  /** The task is closed: the token only reads. */
  readOnly: boolean;
  /** The operations granted on the room, sorted, so the element offers only what the user may do. */
  operations: Operation[];
  /** The user's notifications channel where the token grants `push-subscribe`; null otherwise. */
  notificationsChannel: string | null;
  /**
   * What the participant may attach: null when the role or the task type takes no files, the task is closed,
   * or the backend stores no attachments.
   */
  attachments: AttachmentLimits | null;
  /**
   * The task's agent channel (`agent:<task>`), where agents stream their replies beside the room: the token
   * grants `subscribe` and `history` there, and nothing more.
   */
  agentChannel: string;
  /**
   * The task's runs still streaming when the token was issued. How the element knows a run is live, so that it
   * attaches the agent channel only while one is (a quiet task costs nothing extra): on open (and on every
   * renewal) from this list, attaching with a rewind so the run's combined message comes first; and, while
   * open, from the room's {@link AgentRunSignalName} signal, which the backend publishes when a run starts.
   */
  agentRuns: LiveAgentRun[];
  routes: BrowserRoutes;
}

/** The browser routes of a signed-in user (no task), relative to the token route's URL like {@link BrowserRoutes}. */
export interface UserRoutes {
  /** `POST` a page of the user's tasks. */
  inbox: string;
  /** `POST` (read) and `PUT` (advance) one task's read state, with `{userToken, task}`. */
  readState: string;
}

/**
 * `POST /api/token`'s answer for a user without a task (a user token or the host session): an Ably JWT that may
 * only subscribe to the user's own inbox channel, where the backend publishes an {@link InboxUpdate} whenever
 * one of the user's tasks changes, and where the inbox's other routes are.
 */
export interface UserTokenAnswer {
  token: string;
  /** When the token expires, epoch ms. */
  expiresAt: number;
  clientOptions: AblyClientOptions;
  /** The Ably clientId (the user id). */
  clientId: string;
  /** The user's inbox channel (`inbox:<userId>`); the token grants `subscribe` there and nothing else. */
  channel: string;
  routes: UserRoutes;
}

// ─── POST|PUT /api/read-state ────────────────────────────────────────────────────────────────────────────

/** `POST /api/read-state`'s body: the caller, as for the token. */
export type ReadStateRequest = CallerRequest;

/** `PUT /api/read-state`'s body: move the caller's marker forward to `serial` (it never moves back). */
export interface ReadStateAdvanceRequest extends CallerRequest {
  serial: string;
}

/** One current participant and how far they have read. */
export interface ReadMarker {
  userId: string;
  name: string;
  role: Role;
  /** Serial of the newest message read; null before the participant read anything. */
  serial: string | null;
  /** When the marker last moved, epoch ms; null before the participant read anything. */
  readAt: number | null;
}

/** The answer of both read-state routes: every current participant's marker, in order of joining. */
export interface ReadStateAnswer {
  task: string;
  markers: ReadMarker[];
  /**
   * Messages from other people after the caller's marker, deleted ones not counted, as the inbox counts them
   * (messages the backend learnt of from Ably's `channel.message` webhook); absent when the backend keeps no
   * inbox.
   */
  unread?: number;
}

// ─── POST /api/inbox ─────────────────────────────────────────────────────────────────────────────────────

/**
 * `POST /api/inbox`'s body: a page of the tasks the user belongs to, the newest activity first. The caller is a
 * user token, or the host session when mounted with `identify`.
 */
export interface InboxRequest {
  userToken?: string;
  /** The previous page's `cursor`, to read on (with the same filters). */
  cursor?: string;
  /** Only tasks with unread messages. */
  unread?: boolean;
  /** Only open, or only closed, tasks. */
  state?: 'open' | 'closed';
  /** Only tasks whose title contains this, ignoring case and accents (1–100 characters). */
  q?: string;
  /** Tasks per page, 1–100 (default 30). */
  limit?: number;
  /**
   * Only this task: its row when the user belongs to it (else none), with the user's totals and version — one
   * task's unread count and the version to compare its live updates with. Not with `cursor` or the filters.
   */
  task?: string;
}

/** The newest message of a task that is not deleted, as the inbox shows it. */
export interface InboxLastMessage {
  serial: string;
  /** The sender's verified name and role (the message's user claim), else the stored participant's. */
  author: { id: string | null; name: string; role: Role | null };
  /** The text, whitespace collapsed, at most 140 characters (an ellipsis when cut). */
  preview: string;
  /** Files the message carries (its text may be empty then). */
  attachments: number;
  /** When it was sent (Ably's timestamp), epoch ms. */
  at: number;
}

/** One task of the user's inbox. */
export interface InboxTask {
  task: string;
  type: string;
  title: string;
  url: string | null;
  /** The user's role in the task (the stored one, current). */
  role: Role;
  closed: boolean;
  lastMessage: InboxLastMessage | null;
  /** Other people's messages after the user's read marker, deleted ones not counted. */
  unread: number;
  /** When the task last had a new message (or was created), epoch ms: the inbox's order, newest first. */
  activity: number;
  /** The user's inbox version this row was read at: keep a row's newest version (see {@link InboxUpdate}). */
  version: number;
}

/** `POST /api/inbox`'s answer. */
export interface InboxAnswer {
  /**
   * A page, ordered by activity as of the first page (pages read with its cursor keep that order, so no task is
   * skipped or repeated while tasks move); each row's fields are current.
   */
  tasks: InboxTask[];
  /** Pass it back for the next page; null on the last page. */
  cursor: string | null;
  /** Unread messages over all the user's tasks (whatever the filters). */
  totalUnread: number;
  /** The user's inbox version when this page was read. */
  version: number;
}

/**
 * What the backend publishes on the user's inbox channel (message name `inbox`) when one of their tasks
 * changes: a new, edited or deleted message, a read marker moved on any device, the user added, removed or
 * given another role, the task renamed or closed. `version` grows with every change of the user's inbox:
 * apply an update to a row only when it is newer than the row's, and take `totalUnread` only from an update
 * newer than the last one taken — updates may arrive in any order.
 */
export type InboxUpdate =
  | { type: 'task'; task: InboxTask; totalUnread: number; version: number }
  | { type: 'removed'; task: string; totalUnread: number; version: number };

// ─── Attachments (`/api/tasks/:task/attachments…`, the caller as for the token) ────────────────────────────

/**
 * One file of a chat message, as the message's `metadata.attachments` lists it: an id and what to show before
 * the file loads — never a URL. Metadata is the sender's word: readers ask the backend, which checks each id
 * against the task, for URLs.
 */
export interface AttachmentRef {
  /** 32 lower-case hex digits. */
  id: string;
  /** The file's name as shown and downloaded (the backend sanitised it). */
  name: string;
  /** Bytes stored. */
  size: number;
  /** Media type, decided by the backend from the bytes. */
  type: string;
  /** Pixels, for images: the element reserves the thumbnail's box before it loads. */
  width?: number;
  height?: number;
}

/** `POST /api/tasks/:task/attachments`'s body: announce a file before sending its bytes. */
export interface AttachmentRequest extends CallerRequest {
  name: string;
  /** Bytes the upload will carry, exactly. */
  size: number;
  /** The media type the browser gave; only a hint (the bytes decide). */
  type: string;
}

/** How to send the bytes: a request without credentials to `url` (a backend URL, or a presigned S3 one). */
export interface AttachmentUpload {
  method: 'PUT';
  /** Absolute, or relative to the URL the announcement was posted to. */
  url: string;
  headers: Record<string, string>;
}

/** `POST /api/tasks/:task/attachments`'s answer (201). */
export interface AttachmentAnswer {
  id: string;
  upload: AttachmentUpload;
  /** Where to `POST` once the bytes are sent (relative to the URL the announcement was posted to). */
  complete: string;
  /** The upload URL works until then, epoch ms. */
  expiresAt: number;
}

/** `POST /api/tasks/:task/attachments/:id/complete`'s body; the answer is the stored file's {@link AttachmentRef}. */
export type AttachmentCompleteRequest = CallerRequest;

/** `POST /api/tasks/:task/attachments/urls`'s body: ids from the task's messages (at most 50). */
export interface AttachmentUrlsRequest extends CallerRequest {
  ids: string[];
}

/** Short-lived URLs of one file, for an `<img>` or a download link (no headers needed), and the stored file. */
export interface AttachmentUrl extends AttachmentRef {
  url: string;
  /** A small WebP rendition, for images. */
  thumbnailUrl?: string;
  /** The URLs work until then (at most 15 minutes), epoch ms. */
  expiresAt: number;
}

/** `POST /api/tasks/:task/attachments/urls`'s answer: the ids it serves, and those it does not (`missing`). */
export interface AttachmentUrlsAnswer {
  urls: Record<string, AttachmentUrl>;
  /** Ids that are not files of this task (never uploaded, removed, or another task's). */
  missing: string[];
}

// ─── The tasks API (the host's backend, `Authorization: Bearer <SERVER_SECRET>`) ───────────────────────────

/** `PUT /api/tasks/:task`'s body. */
export interface TaskRequest {
  /** 1–32 lower-case letters, digits, `_` or `-`, e.g. `ticket`; picks the moderation policy. */
  type: string;
  title: string;
  /** The task's page in the host app (push notifications open it). */
  url?: string | null;
}

/** A task as the tasks API answers it. */
export interface TaskAnswer {
  id: string;
  type: string;
  title: string;
  url: string | null;
  closed: boolean;
  closedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** `PUT /api/tasks/:task/participants/:userId`'s body. */
export interface ParticipantRequest {
  role: Role;
  name: string;
}

/** A participant as the tasks API answers it (its task is in the path). */
export interface ParticipantAnswer {
  userId: string;
  role: Role;
  name: string;
  removed: boolean;
  removedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** `GET /api/tasks/:task`'s answer. */
export interface TaskWithParticipantsAnswer extends TaskAnswer {
  participants: ParticipantAnswer[];
}

/** `DELETE /api/tasks/:task/participants/:userId`'s answer. */
export interface RemovedParticipantAnswer extends ParticipantAnswer {
  /** Live Ably tokens of the user were revoked. */
  tokensRevoked: true;
}

/** `POST /api/tasks/:task/messages`'s body: a message posted as a bot participant. */
export interface BotMessageRequest {
  userId: string;
  text: string;
  metadata?: Record<string, unknown>;
}

/** `POST /api/tasks/:task/events`'s body: an agent finished work for a user. */
export interface AgentEventRequest {
  type: 'agent-complete';
  userId: string;
  title?: string;
  body?: string;
}

// ─── Agent runs (`/api/tasks/:task/agent-runs…`) ───────────────────────────────────────────────────────────

/** Where a run stands: `streaming` until it ends `complete`, `cancelled` (stopped by its user) or `failed`. */
export type AgentRunStatus = 'streaming' | 'complete' | 'cancelled' | 'failed';

/** The name of the one Ably message that carries a run on the task's agent channel. */
export type AgentRunMessageName = 'agent.run';

/** A run that is streaming now (the token answer's `agentRuns`, the room signal's data). */
export interface LiveAgentRun {
  run: string;
  /** The agent: a participant with role `bot`. */
  agentId: string;
  /** The participant the run answers. */
  userId: string;
}

/**
 * The name of the signal that a run started: an ephemeral pub/sub message (`extras.ephemeral`, so it is kept in
 * no history and sent to no integration) the backend publishes on the task's room channel — which the element
 * is attached to anyway, and where `@ably/chat` ignores other names — with a {@link LiveAgentRun} as its data.
 * The element attaches the agent channel when it gets one (`room.channel.subscribe(name, …)`) and may detach a
 * while after the run's message ends. It is a hint only: any publisher on the room could send one, and all it
 * can cause is an attach (the run's message on the agent channel, which only agents may write, is the truth).
 */
export type AgentRunSignalName = 'agent.run.started';

/**
 * The `extras.headers` of a run's message on the agent channel. The agent (its clientId is `agentId`) creates it
 * with status `streaming` and empty text, appends the text as it is generated (`message.append` deltas; a
 * subscriber may get a full `message.update` at any time, always first after attach or resume), and closes it
 * with an update carrying the full text and the final status.
 */
export interface AgentRunHeaders {
  runId: string;
  /** The agent: a participant with role `bot`. */
  agentId: string;
  /** The participant the run answers: who may stop it and who is alerted when it completes away. */
  userId: string;
  status: AgentRunStatus;
  /** The serial of the chat message the run answers, when it answers one. */
  inReplyTo?: string;
  /** Why the run failed (`failed` only): one short sentence for people. */
  reason?: string;
  /** The chat message that repeats the final text (`complete` only): the element shows it instead. */
  replySerial?: string;
}

/**
 * The `metadata` of the ordinary chat message an agent posts when its run completes, with the run's final text:
 * the element shows it in place of the streamed bubble.
 */
export interface AgentReplyMetadata {
  agentRun: string;
}

/** `POST /api/tasks/:task/agent-runs`'s body (`Authorization: Bearer <SERVER_SECRET>`). */
export interface AgentRunRequest {
  /** A participant of the task with role `bot`: the agent's verified identity. */
  agentId: string;
  /** The participant the run answers. */
  userId: string;
  /** The serial of the chat message the run answers. */
  inReplyTo?: string;
}

/** `POST /api/tasks/:task/agent-runs`'s answer, and `…/:run/output`'s when the run ends. */
export interface AgentRunAnswer {
  run: string;
  task: string;
  agentId: string;
  userId: string;
  status: AgentRunStatus;
  /** The agent channel the run streams on. */
  channel: string;
  /** The serial of the run's message on the agent channel. */
  serial: string;
  /** The chat message posted with the final text (`complete` only). */
  replySerial?: string;
}

/** `POST /api/tasks/:task/agent-runs/:run/stop`'s body: the caller, as for the token. */
export type StopAgentRunRequest = CallerRequest;

// ─── Push ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * What a push alert carries to the element's service worker (`embedded-chat-sw.js`), as Ably's Web Push
 * delivers it: one notification per task on a device, opening the task's page.
 */
export interface PushAlertPayload {
  notification: { title: string; body: string; collapseKey: string };
  data: { type: 'message' | 'agent-complete'; task: string; url?: string };
}

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The backend's error codes by name. Every error a caller can cause has one, an HTTP status, a message
 * "unable to <operation>; <reason>" and, when there is a concrete fix, a remediation.
 */
export interface ErrorCodes {
  /** 500: a bug or an unavailable store; details go to the log only. */
  Internal: 1000;
  /** 401: the participant token is missing claims, malformed, forged or lives longer than 1 h. */
  InvalidParticipantToken: 1001;
  /** 401: the participant token has expired (fetch a fresh one from the host and retry). */
  ExpiredParticipantToken: 1002;
  /** 404: no task with that id. */
  UnknownTask: 1003;
  /** 403 (404 on the tasks API): the user is not a participant of the task. */
  NotAParticipant: 1004;
  /** 403: the user was removed from the task. */
  ParticipantRemoved: 1005;
  /** 409: the task is closed; it no longer takes participants. */
  TaskClosed: 1006;
  /** 403: the participant token's role differs from the participant's stored role. */
  RoleMismatch: 1007;
  /** 400: the body is not JSON, not an object, or has missing, unknown or invalid fields. */
  MalformedBody: 1008;
  /** 400: a task id or user id in the path is not well-formed. */
  InvalidIdentifier: 1009;
  /** 413: the body is larger than 16 KiB. */
  BodyTooLarge: 1010;
  /** 401: the tasks API needs `Authorization: Bearer <SERVER_SECRET>`. */
  InvalidServerSecret: 1011;
  /** 429: too many requests from this IP address or for this user. */
  RateLimited: 1012;
  /** 401: no participant token, and no host session when mounted with `identify`. */
  NotSignedIn: 1013;
  /** 502: Ably did not confirm a token revocation, or did not answer a history request. */
  AblyUnavailable: 1014;
  /** 404: no such route. */
  NotFound: 1015;
  /** 404: the backend serves the element but it has not been built (`npm run build`). */
  WidgetNotBuilt: 1016;
  /** 401: `POST /api/moderation` needs `Authorization: Bearer <MODERATION_SECRET>` (the rule's header). */
  InvalidModerationSecret: 1017;
  /** 400: a query parameter has a value the route does not know (e.g. `?format=`). */
  InvalidQuery: 1018;
  /** 401: a webhook request is unsigned, or signed with an unknown key or a wrong signature. */
  InvalidWebhookSignature: 1019;
  /** 403: bot messages come from participants with the `bot` role only. */
  NotABot: 1020;
  /** 502 (422 when Ably refused the content): Ably did not accept a message the backend sent. */
  AblyRequestFailed: 1021;
  /** 404: no such attachment in this task (never uploaded, removed, or another task's). */
  UnknownAttachment: 1022;
  /** 413: the file is larger than the task type takes. */
  AttachmentTooLarge: 1023;
  /** 415: the file's type, decided by its bytes, is not one the task type takes. */
  AttachmentTypeNotAllowed: 1024;
  /** 422: the file cannot be kept: its name breaks the task's rules, or the image cannot be decoded or is too large. */
  AttachmentRefused: 1025;
  /** 403: the participant's role may not attach files in this task type. */
  AttachmentNotAllowed: 1026;
  /** 409: the bytes received do not match the announced size, or the upload window has passed. */
  UploadIncomplete: 1027;
  /** 403: a file URL is unsigned, forged or expired. */
  InvalidFileUrl: 1028;
  /** 401: the user token is missing claims, malformed, forged, names a task or lives longer than 1 h. */
  InvalidUserToken: 1029;
  /** 401: the user token has expired (fetch a fresh one from the host and retry). */
  ExpiredUserToken: 1030;
  /** 400: the inbox cursor is not one this backend gave, or was given for other filters. */
  InvalidCursor: 1031;
  /** 404: no such agent run in this task. */
  UnknownAgentRun: 1040;
  /** 409: the run has ended (complete, cancelled or failed): it takes no more output. */
  AgentRunEnded: 1041;
  /** 409: another request already streams this run's output. */
  AgentRunOutputTaken: 1042;
  /** 413: the run's output passed its size limit; the run failed, and what was streamed is kept. */
  AgentRunTooLarge: 1043;
  /** 408: the agent sent nothing for the idle timeout; the run failed, and what was streamed is kept. */
  AgentRunIdle: 1044;
  /** 403: only the participant a run answers may stop it. */
  NotTheRunUser: 1045;
  /** 403: the run's `agentId` is not a participant with role `bot`. */
  NotAnAgent: 1046;
  /** 400: an NDJSON output line is not a `{"text": "…"}` object; the run failed, and what was streamed is kept. */
  MalformedAgentOutput: 1047;
}

/** One of the backend's error codes. */
export type BackendErrorCode = ErrorCodes[keyof ErrorCodes];

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: BackendErrorCode; message: string; remediation?: string };
}
