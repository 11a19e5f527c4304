import type * as Ably from 'ably';
import type { Logger } from 'pino';
import type { InboxAnswer, InboxRequest, InboxUpdate } from '../../contract/api-contract.js';
import { taskIdFromChannel } from '../ably-auth/channel-names.js';
import { errors } from '../errors.js';
import { foldTitle, type InboxEntry, type Store } from '../store/store.js';
import { decodeCursor, encodeCursor, filterKey } from './inbox-cursor.js';
import { inboxMessagesOf } from './inbox-messages.js';
import type { AddressedUpdate, InboxPublisher, PublishOutcome } from './inbox-publisher.js';

/** Tasks per page unless the request says. */
export const DEFAULT_PAGE_SIZE = 30;

/**
 * How far before a first page its ranking instant lies: a message whose write began before it but committed after
 * the page was read (another instance, a busy database) still ranks as it did for every page. Live updates (the
 * inbox attaches its channel rewound by more than this) bring the moves of that last second.
 */
export const SNAPSHOT_MARGIN_MS = 1000;

/**
 * How long changes gather before their rows are read and published: a busy task's messages within it cost one
 * read and one batch publish (its participants see only the newest row), for at most this much more latency.
 */
export const PUBLISH_GATHER_MS = 10;

const OPERATION = 'list inbox';

/**
 * The inbox (docs/architecture.md §6): every task a user belongs to, by last activity, with exact unread
 * counts. It stays current from what the backend already receives — the `channel.message` webhook, read
 * marker moves, the tasks API — and tells each user what changed on their own inbox channel. Publishing is best
 * effort: a failure is logged (the inbox reads its first page again when its channel was interrupted).
 */
export class InboxService {
  /** Tasks whose rows are to be read and published, and for whom (`all`: every participant). */
  private readonly _pending = new Map<string, Set<string> | 'all'>();
  /** The loop publishing {@link _pending}, while it runs. */
  private _draining: Promise<void> | undefined;

  constructor(
    private readonly _store: Store,
    private readonly _publisher: InboxPublisher,
    private readonly _logger: Logger,
    private readonly _now: () => number,
  ) {}

  /** `POST /inbox`: a page of the user's tasks. Throws BackendError 1031 for a cursor of other filters. */
  async list(userId: string, request: Omit<InboxRequest, 'userToken'>): Promise<InboxAnswer> {
    if (request.task !== undefined) return this._one(userId, request);
    const q = request.q === undefined ? undefined : foldTitle(request.q);
    const filters = filterKey({ unread: request.unread, state: request.state, q });
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor, OPERATION);
    if (cursor && cursor.filters !== filters) {
      throw errors.invalidCursor(OPERATION, 'was given for other filters');
    }
    const asOf = cursor?.asOf ?? this._now() - SNAPSHOT_MARGIN_MS;
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const page = await this._store.listInbox({
      userId,
      asOf,
      limit,
      ...(cursor ? { after: { rank: cursor.rank, task: cursor.task } } : {}),
      ...(request.unread ? { unread: true } : {}),
      ...(request.state ? { state: request.state } : {}),
      ...(q ? { q } : {}),
    });
    const last = page.rows.at(-1);
    return {
      tasks: page.rows.map(({ rank: _rank, ...row }) => row),
      cursor: page.more && last ? encodeCursor({ asOf, rank: last.rank, task: last.task, filters }) : null,
      totalUnread: page.totalUnread,
      version: page.version,
    };
  }

  /**
   * `POST /inbox` with `task`: that task's row alone (none when the user is not in it) and the user's totals, read
   * together. Throws BackendError 1008 when a cursor or a filter comes with it.
   */
  private async _one(userId: string, request: Omit<InboxRequest, 'userToken'>): Promise<InboxAnswer> {
    const { task, limit: _limit, ...others } = request;
    const extra = Object.keys(others).filter((key) => others[key as keyof typeof others] !== undefined);
    if (extra.length > 0) throw errors.malformedBody(OPERATION, `task: not with ${extra.join(', ')}`);
    const [entry] = await this._store.inboxEntries(task!, [userId]);
    const totals = entry ?? (await this._store.inboxTotals(userId));
    return {
      tasks: entry ? [entry.row] : [],
      cursor: null,
      totalUnread: totals.totalUnread,
      version: totals.version,
    };
  }

  /**
   * A webhook's messages of one task: indexed (resolves once stored, so a failure is retried by Ably), then every
   * participant whose row changed is told in the background — the webhook does not wait for Ably's answer to the
   * batch publish, which is best effort either way. Whether the task's inbox changed.
   */
  async onChannelMessages(channel: string, messages: readonly Ably.InboundMessage[]): Promise<boolean> {
    const taskId = taskIdFromChannel(channel);
    const indexed = taskId === undefined ? [] : inboxMessagesOf(messages);
    if (taskId === undefined || indexed.length === 0) return false;
    if (!(await this._store.indexMessages(taskId, indexed, this._now()))) return false;
    this._schedule(taskId);
    return true;
  }

  /** Resolves once every update started so far has been published (or has failed and been logged). */
  async settled(): Promise<void> {
    while (this._draining) await this._draining;
  }

  /**
   * The user's read marker moved (any device): their unread counted again (before the read-state answer, which
   * carries it), and they are told in the background.
   */
  async onRead(taskId: string, userId: string): Promise<void> {
    await this._store.recountUnread(taskId, userId);
    this._schedule(taskId, [userId]);
  }

  /** The user joined the task, came back or got another role or name. */
  async onJoined(taskId: string, userId: string): Promise<void> {
    await this._store.recountUnread(taskId, userId);
    await this._publishTask(taskId, [userId]);
  }

  /** The user was removed from the task: their inbox drops it. */
  async onRemoved(taskId: string, userId: string): Promise<void> {
    await this._store.touchInbox(taskId, [userId]);
    const { totalUnread, version } = await this._store.inboxTotals(userId);
    const update: InboxUpdate = { type: 'removed', task: taskId, totalUnread, version };
    await this._send([{ userId, update }], { task: taskId });
  }

  /** The task was renamed or closed: every participant's row shows it. */
  async onTaskChanged(taskId: string): Promise<void> {
    await this._store.touchInbox(taskId);
    await this._publishTask(taskId);
  }

  /** The caller's unread count in a task, for the read-state answer. */
  async unreadOf(taskId: string, userId: string): Promise<number> {
    const [entry] = await this._store.inboxEntries(taskId, [userId]);
    return entry?.row.unread ?? 0;
  }

  /**
   * Publishes the task's rows after the caller answered, {@link PUBLISH_GATHER_MS} later. Tasks that change within
   * that wait, or while a publish is under way, go together — each read once however often it changed, every
   * user's newest row in one batch publish — so under load a message costs a share of one request.
   */
  private _schedule(taskId: string, userIds?: readonly string[]): void {
    const pending = this._pending.get(taskId);
    if (userIds === undefined || pending === 'all') this._pending.set(taskId, 'all');
    else this._pending.set(taskId, new Set([...(pending ?? []), ...userIds]));
    this._draining ??= this._drain();
  }

  private async _drain(): Promise<void> {
    try {
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_GATHER_MS));
      while (this._pending.size > 0) {
        const round = [...this._pending];
        this._pending.clear();
        const updates: AddressedUpdate[] = [];
        for (const [taskId, users] of round) {
          try {
            updates.push(...(await this._updatesOf(taskId, users === 'all' ? undefined : [...users])));
          } catch (err) {
            this._logger.error(
              { task: taskId, err },
              'unable to publish inbox updates; reading the rows failed',
            );
          }
        }
        await this._send(updates, { tasks: round.map(([taskId]) => taskId) });
      }
    } finally {
      // No await between the loop's last check and here: a task scheduled after it starts a new loop.
      this._draining = undefined;
    }
  }

  private async _publishTask(taskId: string, userIds?: readonly string[]): Promise<PublishOutcome> {
    return this._send(await this._updatesOf(taskId, userIds), { task: taskId });
  }

  private async _updatesOf(taskId: string, userIds?: readonly string[]): Promise<AddressedUpdate[]> {
    const entries = await this._store.inboxEntries(taskId, userIds);
    // Bots have no inbox.
    return entries.filter((e) => e.row.role !== 'bot').map(toUpdate);
  }

  /** Publishes the updates; a refusal is logged with `about` (the tasks they are of). */
  private async _send(updates: AddressedUpdate[], about: object): Promise<PublishOutcome> {
    if (updates.length === 0) return { published: 0, failed: 0 };
    const outcome = await this._publisher.publish(updates);
    if (outcome.failed > 0) {
      this._logger.error(
        { ...about, failed: outcome.failed, reason: outcome.reason },
        'unable to publish inbox updates; Ably refused them',
      );
    }
    return outcome;
  }
}

function toUpdate(entry: InboxEntry): AddressedUpdate {
  const update: InboxUpdate = {
    type: 'task',
    task: entry.row,
    totalUnread: entry.totalUnread,
    version: entry.version,
  };
  return { userId: entry.userId, update };
}
