import type * as Ably from 'ably';
import { afterEach, describe, expect, it } from 'vitest';
import { InboxService } from '../../../../server/backend/inbox/inbox-service.js';
import type { AddressedUpdate, InboxPublisher } from '../../../../server/backend/inbox/inbox-publisher.js';
import { createLogger } from '../../../../server/backend/logger.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';

const TASK = 'order:gather';
const CHANNEL = `task:${TASK}::$chat`;

/** A publisher that records each batch and holds it until released, as a slow Ably would. */
class HeldPublisher {
  readonly batches: AddressedUpdate[][] = [];
  private _release: (() => void) | undefined;
  private _held = false;

  hold(): void {
    this._held = true;
  }

  release(): void {
    this._held = false;
    this._release?.();
  }

  async publish(updates: readonly AddressedUpdate[]) {
    this.batches.push([...updates]);
    if (this._held) await new Promise<void>((resolve) => (this._release = resolve));
    return { published: updates.length, failed: 0 };
  }
}

const message = (n: number, clientId = 'ann'): Ably.InboundMessage =>
  ({
    id: `m${n}`,
    name: 'chat.message',
    action: 'message.create',
    serial: `01700000000000${n}-000@x:${n}`,
    clientId,
    timestamp: 1_700_000_000_000 + n,
    data: { text: `hello ${n}`, metadata: {} },
    extras: { headers: {} },
  }) as unknown as Ably.InboundMessage;

describe('InboxService', () => {
  let store: SqliteStore;
  afterEach(async () => store.close());

  async function serviceWith(publisher: HeldPublisher) {
    store = new SqliteStore(':memory:');
    await store.upsertTask({ id: TASK, type: 'order', title: 'Order 8', url: null }, 1);
    for (const userId of ['ann', 'sam', 'bob']) {
      await store.upsertParticipant({ taskId: TASK, userId, role: 'buyer', name: userId }, 1);
    }
    let now = 10;
    return new InboxService(
      store,
      publisher as unknown as InboxPublisher,
      createLogger({ level: 'silent' }),
      () => now++,
    );
  }

  it('publishes a burst of messages as one batch of each participant’s newest row', async () => {
    const publisher = new HeldPublisher();
    const inbox = await serviceWith(publisher);
    publisher.hold();
    await inbox.onChannelMessages(CHANNEL, [message(1)]);
    await expect.poll(() => publisher.batches.length).toBe(1);
    for (let n = 2; n <= 5; n++) await inbox.onChannelMessages(CHANNEL, [message(n)]);
    publisher.release();
    await inbox.settled();
    expect(publisher.batches).toHaveLength(2);
    const batch = publisher.batches[1];
    expect(batch!.map((u) => u.userId)).toEqual(['ann', 'bob', 'sam']);
    for (const { userId, update } of batch!) {
      expect(update.type).toBe('task');
      if (update.type !== 'task') continue;
      expect(update.task.lastMessage?.preview).toBe('hello 5');
      expect(update.task.unread).toBe(userId === 'ann' ? 0 : 5);
      expect(update.totalUnread).toBe(update.task.unread);
    }
  });

  it('gathers what changes while a publish is under way into the next one, losing nothing', async () => {
    const publisher = new HeldPublisher();
    const inbox = await serviceWith(publisher);
    publisher.hold();
    await inbox.onChannelMessages(CHANNEL, [message(1)]);
    await expect.poll(() => publisher.batches.length).toBe(1);
    await inbox.onChannelMessages(CHANNEL, [message(2, 'sam')]);
    await store.setReadMarker(TASK, 'bob', message(2).serial!, 20);
    await inbox.onRead(TASK, 'bob');
    await inbox.onChannelMessages(CHANNEL, [message(3, 'sam')]);
    // Nothing more goes while the first batch is held.
    expect(publisher.batches).toHaveLength(1);
    publisher.release();
    await inbox.settled();
    expect(publisher.batches).toHaveLength(2);
    const last = new Map(publisher.batches[1]!.map(({ userId, update }) => [userId, update]));
    const unread = (userId: string) => {
      const update = last.get(userId);
      return update?.type === 'task' ? [update.task.unread, update.task.lastMessage?.preview] : undefined;
    };
    expect(unread('ann')).toEqual([2, 'hello 3']);
    expect(unread('bob')).toEqual([1, 'hello 3']);
    expect(unread('sam')).toEqual([1, 'hello 3']);
    // Versions only grow: the later batch supersedes the first for every user.
    for (const { userId, update } of publisher.batches[0]!) {
      expect(last.get(userId)!.version).toBeGreaterThan(update.version);
    }
  });
});
