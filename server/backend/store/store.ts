import type { InboxTask, ParticipantAnswer, ReadMarker, TaskAnswer } from '../../contract/api-contract.js';
import type { Role } from '../ably-auth/capabilities.js';
import type { AgentRunStore } from './agent-run-store.js';

/** A task as the host backend described it (the tasks API answers it as it is stored). Times are epoch ms. */
export type Task = TaskAnswer;

/** Fields the host sets with `PUT /api/tasks/:task`. */
export interface TaskInput {
  id: string;
  type: string;
  title: string;
  url: string | null;
}

/** A user's membership of a task. A removed participant keeps its row, flagged, until re-added. */
export interface Participant extends ParticipantAnswer {
  taskId: string;
}

/** Fields the host sets with `PUT /api/tasks/:task/participants/:userId`. */
export interface ParticipantInput {
  taskId: string;
  userId: string;
  role: Role;
  name: string;
}

/**
 * A participant's read position in a task's conversation: the serial of the newest message they have read
 * (the contract's `ReadMarker`). Ably serials order lexicographically, so markers compare as plain
 * (code-unit) strings.
 */
export type { ReadMarker } from '../../contract/api-contract.js';

/** A read marker as stored after {@link Store.setReadMarker}. */
export interface StoredReadMarker {
  serial: string;
  readAt: number;
}

/** What issuing a token needs, read at once: one query, one round trip on PostgreSQL. */
export interface TokenContext {
  task?: Task;
  participant?: Participant;
  /** The user's latest revocation instant (ms), if any. */
  revokedBefore?: number;
}

/**
 * One member's presence change as a `channel.presence` webhook carries it: a clientId on one connection, so a
 * user with two tabs stays present until both leave.
 */
export interface PresenceEvent {
  clientId: string;
  connectionId: string;
  /** `enter`, `present` and `update` make the member present; `leave` and `absent` make it gone. */
  present: boolean;
  /** Ably's timestamp of the event (ms): the newest event of a member wins, whatever order they arrive in. */
  timestamp: number;
}

/** A member of a REST presence snapshot, the set a task's presence is rebuilt from. */
export interface PresenceMember {
  clientId: string;
  connectionId: string;
  timestamp: number;
}

/**
 * Who is present in a task as the Store holds it, and how far that can be trusted: the set is synced when it was
 * rebuilt from REST presence in the current generation (a new instance, or a possible loss of events, starts a
 * new one); a member unheard of for the presence TTL is stale (its leave may have been lost).
 */
export interface PresenceSet {
  /** The current generation, to record with a rebuild. */
  generation: number;
  synced: boolean;
  /** clientIds with a member heard of within the TTL. */
  present: Set<string>;
  /** clientIds present only through stale members. */
  stale: Set<string>;
}

/**
 * What a push decision reads, at once (one query): the task, its participants and who of them is present
 * (`present` and `stale` hold participants only).
 */
export interface PushAudience extends PresenceSet {
  task?: Task;
  participants: Participant[];
}

/** Result of an upsert: the row as stored now, and whether it did not exist before. */
export interface Upserted<T> {
  value: T;
  created: boolean;
}

/**
 * A file announced for a task: `pending` until its bytes are checked and stored, then `ready`. Its message
 * (the first to list it, from the uploader) is linked once Ably's webhook reports it; `removedAt` marks a file
 * whose message was deleted, for the sweep.
 */
export interface StoredAttachment {
  id: string;
  taskId: string;
  /** The uploader. */
  userId: string;
  /** Sanitised for display and download. */
  name: string;
  /** Bytes announced (the upload must carry exactly these). */
  size: number;
  state: 'pending' | 'ready';
  /** Decided from the bytes once ready. */
  type: string | null;
  /** Bytes stored once ready (images are re-encoded). */
  storedSize: number | null;
  width: number | null;
  height: number | null;
  thumbnail: boolean;
  messageSerial: string | null;
  removedAt: number | null;
  createdAt: number;
  /** The upload URL's end; a pending file past it is swept. */
  uploadExpiresAt: number;
  completedAt: number | null;
}

/** Fields a new attachment starts with. */
export type NewAttachment = Pick<
  StoredAttachment,
  'id' | 'taskId' | 'userId' | 'name' | 'size' | 'createdAt' | 'uploadExpiresAt'
>;

/** What checking the bytes decided. */
export type CompletedAttachment = Pick<
  StoredAttachment,
  'name' | 'type' | 'storedSize' | 'width' | 'height' | 'thumbnail'
> & { type: string; storedSize: number };

/**
 * A chat message as the inbox index keeps it, decided from Ably's `channel.message` webhook
 * (inbox/inbox-messages.ts). Ably may deliver a message's create, updates and delete more than once and in any
 * order: the index keeps one row per serial, the newest version's text, and a deleted message as a tombstone.
 */
export interface InboxMessage {
  kind: 'create' | 'update' | 'delete';
  serial: string;
  /** The version's serial (the message's own serial for a create); a newer version's preview wins. */
  versionSerial: string;
  /** The sender's clientId; their own messages are never unread for them. */
  authorId: string | null;
  authorName: string;
  authorRole: Role | null;
  preview: string;
  attachments: number;
  /** When the message was sent (Ably's timestamp), epoch ms. */
  at: number;
}

/** A page of a user’s inbox (docs/http-api.md §13). */
export interface InboxQuery {
  userId: string;
  /**
   * The instant the pagination started (epoch ms): tasks rank by their activity as of then, so pages read while
   * tasks move skip and repeat none.
   */
  asOf: number;
  /** Rank and task id of the previous page's last row: the page starts after it. */
  after?: { rank: number; task: string };
  limit: number;
  /** Only tasks with unread messages. */
  unread?: boolean;
  state?: 'open' | 'closed';
  /** Only titles containing this, already folded with {@link foldTitle}. */
  q?: string;
}

/** An inbox row and its rank in the pagination that read it. */
export interface RankedInboxTask extends InboxTask {
  rank: number;
}

/** What {@link Store.listInbox} answers: up to `limit` rows, and the user's totals when it read them. */
export interface InboxPage {
  rows: RankedInboxTask[];
  /** There are rows after these. */
  more: boolean;
  totalUnread: number;
  version: number;
}

/** A user's unread total and inbox version. */
export interface InboxTotals {
  totalUnread: number;
  version: number;
}

/** One participant's inbox row for a task, with their totals: what a live update carries. */
export interface InboxEntry extends InboxTotals {
  userId: string;
  row: InboxTask;
}

/**
 * How the inbox matches titles: lower case, without accents (NFD, combining marks dropped), so `Café` and
 * `CAFE` match `cafe`. Pure; both stores keep each task's folded title.
 */
export function foldTitle(title: string): string {
  return title.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The backend's persistence seam (docs/architecture.md §6): SQLite embedded by default, PostgreSQL for several instances.
 * Both implementations pass `test/server/backend/store/store.test.ts`, push throttling included.
 */
export interface Store {
  /** Creates or updates a task's type, title and url; never changes `closed`. */
  upsertTask(input: TaskInput, now: number): Promise<Upserted<Task>>;
  getTask(taskId: string): Promise<Task | undefined>;
  /** Marks a task closed (idempotent: the first `closedAt` stays); undefined when there is no such task. */
  closeTask(taskId: string, now: number): Promise<Task | undefined>;
  /** Creates or updates a participant and clears its removed flag. The task must exist. */
  upsertParticipant(input: ParticipantInput, now: number): Promise<Upserted<Participant>>;
  getParticipant(taskId: string, userId: string): Promise<Participant | undefined>;
  /** The task, the user's membership of it and the user's latest revocation, read together. */
  getTokenContext(taskId: string, userId: string): Promise<TokenContext>;
  /** Every participant of a task, removed ones included, in order of joining. */
  listParticipants(taskId: string): Promise<Participant[]>;
  /**
   * Flags a participant removed (idempotent: the first `removedAt` stays); undefined when there is no such
   * participant.
   */
  removeParticipant(taskId: string, userId: string, now: number): Promise<Participant | undefined>;
  /**
   * Remembers that Ably revoked every token of `userId` issued before `issuedBefore` (ms); keeps the latest.
   * New tokens for that user must be issued at or after it.
   */
  recordRevocation(userId: string, issuedBefore: number): Promise<void>;
  /** The latest revocation instant for `userId`, if any. */
  getRevocation(userId: string): Promise<number | undefined>;
  /**
   * Moves a participant's read marker to `serial` when that is greater (plain string order) than the stored
   * one, with `readAt` = `now` (never earlier than the stored `readAt`); a smaller or equal serial changes
   * nothing, so markers never move backwards. The participant must exist (removed ones keep their marker).
   * Returns the marker as stored now.
   */
  setReadMarker(taskId: string, userId: string, serial: string, now: number): Promise<StoredReadMarker>;
  /**
   * The read marker of every current (not removed) participant of the task, in order of joining; `serial`
   * and `readAt` are null for those who have read nothing yet. Empty for an unknown task.
   */
  listReadMarkers(taskId: string): Promise<ReadMarker[]>;
  /**
   * Push throttling (docs/architecture.md §4): claims the right to alert each of `userIds` about `taskId` now. A user is
   * claimed when they were never alerted about the task, or last at or before `now - windowMs`; the claim
   * records `now`. Returns the claimed users. Atomic per user across every instance sharing the store, so
   * two backends handling the same message never both alert one participant. The users must be
   * participants of the task.
   */
  claimPushAlerts(
    taskId: string,
    userIds: readonly string[],
    now: number,
    windowMs: number,
  ): Promise<string[]>;
  /** Records an announced file (`pending`). */
  createAttachment(attachment: NewAttachment): Promise<void>;
  getAttachment(id: string): Promise<StoredAttachment | undefined>;
  /** The attachments of `taskId` among `ids` (others' are left out), in no particular order. */
  listAttachments(taskId: string, ids: readonly string[]): Promise<StoredAttachment[]>;
  /**
   * Marks a pending attachment ready with what its bytes decided; undefined when it is not pending (already
   * completed by a concurrent request, or swept).
   */
  completeAttachment(
    id: string,
    completed: CompletedAttachment,
    now: number,
  ): Promise<StoredAttachment | undefined>;
  /**
   * Links the ready, unlinked attachments among `ids` that `userId` uploaded to `taskId` to the message
   * `serial` (a message can only claim its sender's files); returns how many were linked.
   */
  linkAttachments(taskId: string, userId: string, ids: readonly string[], serial: string): Promise<number>;
  /** Marks the attachments of a deleted message removed (idempotent: the first `removedAt` stays). */
  removeMessageAttachments(taskId: string, serial: string, now: number): Promise<number>;
  /**
   * Attachments to delete, at most `limit`: pending ones whose upload window ended before `now`, ready ones
   * never linked to a message and completed before `unlinkedBefore`, and removed ones.
   */
  listSweepable(now: number, unlinkedBefore: number, limit: number): Promise<StoredAttachment[]>;
  /** Forgets attachments (their bytes are the caller's to delete first). */
  deleteAttachments(ids: readonly string[]): Promise<void>;
  /**
   * Who is present in a task (docs/architecture.md §4), fed by the `channel.presence` webhook: applies each
   * event unless the member's stored event is newer (Ably's timestamps), and forgets leaves older than `ttlMs`.
   */
  applyPresence(taskId: string, events: readonly PresenceEvent[], now: number, ttlMs: number): Promise<void>;
  /**
   * Replaces a task's presence with a REST snapshot taken at `takenAt` (events heard since are newer and stay)
   * and marks it rebuilt in `generation`.
   */
  rebuildPresence(
    taskId: string,
    members: readonly PresenceMember[],
    snapshot: { takenAt: number; generation: number },
    now: number,
  ): Promise<void>;
  /**
   * Starts a new presence generation, so every task's set is rebuilt once more before it is trusted: an
   * instance that starts, or that failed to store events, may have missed some. Returns it.
   */
  newPresenceGeneration(): Promise<number>;
  /** Who is present in a task (clientIds, participants or not). */
  presence(taskId: string, now: number, ttlMs: number): Promise<PresenceSet>;
  /** The task, its participants in joining order and who of them is present, in one read (the push path). */
  pushAudience(taskId: string, now: number, ttlMs: number): Promise<PushAudience>;
  /** Agent runs (agent-run-store.ts). */
  readonly agentRuns: AgentRunStore;
  /**
   * The inbox index (docs/architecture.md §6): applies one task's messages from the webhook, in order — a new
   * message counts as unread for every current participant but its sender whose read marker is before it, and
   * moves the task's activity to `now`; a delete uncounts it; an update changes its preview only (never counted
   * twice). Idempotent. Returns whether the task's inbox changed (then every participant's version grew).
   * Nothing happens for an unknown task.
   */
  indexMessages(taskId: string, messages: readonly InboxMessage[], now: number): Promise<boolean>;
  /**
   * Counts the user's unread messages in the task again (after their read marker moved, or they joined or came
   * back) and grows their inbox version. Exact whatever runs at the same time, on any instance.
   */
  recountUnread(taskId: string, userId: string): Promise<void>;
  /**
   * Grows the inbox version of `userIds` (or of every current participant of the task), after a change their
   * rows show (a role, a title, the task closed, a removal).
   */
  touchInbox(taskId: string, userIds?: readonly string[]): Promise<void>;
  /** A page of the user's current tasks, by activity as of `query.asOf`, with the user's totals. */
  listInbox(query: InboxQuery): Promise<InboxPage>;
  /** The task's row for each current participant (or those of `userIds`), with their totals. */
  inboxEntries(taskId: string, userIds?: readonly string[]): Promise<InboxEntry[]>;
  /** The user's unread total over their current tasks, and their inbox version. */
  inboxTotals(userId: string): Promise<InboxTotals>;
  close(): Promise<void>;
}
