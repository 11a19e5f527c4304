import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../../server/backend/ably-auth/capabilities.js';
import type { InboxMessage, InboxQuery, Store } from '../../../../server/backend/store/store.js';
import { StoreImplementations, uniqueId } from './store-implementations.js';

const stores = new StoreImplementations();
beforeAll(() => stores.start(), 60_000);
afterAll(() => stores.stop());

/** Ably serials order as strings; `n` orders them here. */
const serial = (n: number) => `${String(1_700_000_000_000 + n).padStart(14, '0')}-000@inbox:${n}`;

function message(n: number, author: string | null, overrides: Partial<InboxMessage> = {}): InboxMessage {
  return {
    kind: 'create',
    serial: serial(n),
    versionSerial: serial(n),
    authorId: author,
    authorName: author ?? 'Someone',
    authorRole: 'buyer',
    preview: `message ${n}`,
    attachments: 0,
    at: 1_700_000_000_000 + n,
    ...overrides,
  };
}

/** The Store's inbox contract (docs/architecture.md §6): both implementations answer exactly alike. */
describe.each(stores.list)('$name inbox', ({ name }) => {
  const open = () => stores.open(name);

  /** A task (created at `at`) with participants `users` as `role`. */
  async function task(
    store: Store,
    users: string[],
    options: { at?: number; title?: string; role?: Role } = {},
  ): Promise<string> {
    const taskId = uniqueId('order');
    const at = options.at ?? 1000;
    await store.upsertTask({ id: taskId, type: 'order', title: options.title ?? 'Order', url: null }, at);
    for (const userId of users) {
      await store.upsertParticipant({ taskId, userId, role: options.role ?? 'buyer', name: userId }, at);
      await store.recountUnread(taskId, userId);
    }
    return taskId;
  }

  const unreadOf = async (store: Store, taskId: string, userId: string) =>
    (await store.inboxEntries(taskId, [userId]))[0]?.row.unread;

  const page = (store: Store, userId: string, query: Partial<InboxQuery> = {}) =>
    store.listInbox({ userId, asOf: Number.MAX_SAFE_INTEGER, limit: 100, ...query });

  it('counts a new message as unread for everyone but its sender and shows it as the last message', async () => {
    const store = await open();
    const [ann, sam] = [uniqueId('ann'), uniqueId('sam')];
    const taskId = await task(store, [ann, sam]);
    expect(await store.indexMessages(taskId, [message(1, ann, { preview: 'hello' })], 2000)).toBe(true);
    expect(await unreadOf(store, taskId, ann)).toBe(0);
    expect(await unreadOf(store, taskId, sam)).toBe(1);
    const [row] = (await page(store, sam)).rows;
    expect(row).toMatchObject({
      task: taskId,
      type: 'order',
      title: 'Order',
      role: 'buyer',
      closed: false,
      unread: 1,
      activity: 2000,
      lastMessage: {
        serial: serial(1),
        author: { id: ann, name: ann, role: 'buyer' },
        preview: 'hello',
        attachments: 0,
      },
    });
    expect((await store.inboxTotals(sam)).totalUnread).toBe(1);
  });

  it('counts a message once however often and in whatever order its create, edits and delete arrive', async () => {
    const store = await open();
    const [ann, sam] = [uniqueId('ann'), uniqueId('sam')];
    const taskId = await task(store, [ann, sam]);
    const edit = message(1, ann, { kind: 'update', versionSerial: serial(5), preview: 'edited' });
    // The edit first (webhooks may reorder), then the create twice, then an older edit.
    await store.indexMessages(taskId, [edit], 2000);
    expect(await store.indexMessages(taskId, [message(1, ann)], 2001)).toBe(false);
    expect(await store.indexMessages(taskId, [message(1, ann)], 2002)).toBe(false);
    const older = message(1, ann, { kind: 'update', versionSerial: serial(3), preview: 'older' });
    expect(await store.indexMessages(taskId, [older], 2003)).toBe(false);
    expect(await unreadOf(store, taskId, sam)).toBe(1);
    expect((await page(store, sam)).rows[0]!.lastMessage?.preview).toBe('edited');
    // A second message, then the first deleted (twice): one unread left, the last message is the second.
    await store.indexMessages(taskId, [message(2, ann, { preview: 'second' })], 2004);
    expect(await unreadOf(store, taskId, sam)).toBe(2);
    const del = message(2, ann, { kind: 'delete', versionSerial: serial(7) });
    expect(await store.indexMessages(taskId, [del], 2005)).toBe(true);
    expect(await store.indexMessages(taskId, [del], 2006)).toBe(false);
    expect(await unreadOf(store, taskId, sam)).toBe(1);
    expect((await page(store, sam)).rows[0]!.lastMessage?.preview).toBe('edited');
    // A delete that arrives before its create: the create never counts.
    await store.indexMessages(taskId, [message(3, ann, { kind: 'delete', versionSerial: serial(8) })], 2007);
    await store.indexMessages(taskId, [message(3, ann)], 2008);
    expect(await unreadOf(store, taskId, sam)).toBe(1);
  });

  it('counts only messages after the read marker, recounted when it moves', async () => {
    const store = await open();
    const [ann, sam] = [uniqueId('ann'), uniqueId('sam')];
    const taskId = await task(store, [ann, sam]);
    await store.indexMessages(
      taskId,
      [1, 2, 3].map((n) => message(n, ann)),
      2000,
    );
    expect(await unreadOf(store, taskId, sam)).toBe(3);
    await store.setReadMarker(taskId, sam, serial(2), 2100);
    await store.recountUnread(taskId, sam);
    expect(await unreadOf(store, taskId, sam)).toBe(1);
    // A message before the marker (a late webhook) is not unread; one after it is.
    await store.indexMessages(taskId, [message(0, ann), message(4, ann)], 2200);
    expect(await unreadOf(store, taskId, sam)).toBe(2);
    // Deleting a message already read changes nothing; deleting an unread one uncounts it.
    await store.indexMessages(taskId, [message(1, ann, { kind: 'delete', versionSerial: serial(9) })], 2300);
    expect(await unreadOf(store, taskId, sam)).toBe(2);
    await store.indexMessages(taskId, [message(4, ann, { kind: 'delete', versionSerial: serial(9) })], 2400);
    expect(await unreadOf(store, taskId, sam)).toBe(1);
    expect((await store.inboxTotals(sam)).totalUnread).toBe(1);
  });

  it('orders tasks by their last new message (or creation), newest first', async () => {
    const store = await open();
    const sam = uniqueId('sam');
    const a = await task(store, [sam], { at: 1000 });
    const b = await task(store, [sam], { at: 2000 });
    const c = await task(store, [sam], { at: 3000 });
    await store.indexMessages(a, [message(1, 'ann')], 4000);
    // An edit or a delete moves nothing.
    await store.indexMessages(b, [message(2, 'ann', { kind: 'update', versionSerial: serial(2) })], 5000);
    await store.indexMessages(c, [message(2, 'ann', { kind: 'delete' })], 6000);
    expect((await page(store, sam)).rows.map((r) => r.task)).toEqual([b, a, c]);
  });

  it('pages through every task once while messages move tasks between pages', async () => {
    const store = await open();
    const sam = uniqueId('sam');
    const tasks: string[] = [];
    for (let i = 0; i < 25; i++) tasks.push(await task(store, [sam], { at: 1000 + i }));
    const asOf = 10_000;
    const seen: string[] = [];
    let after: InboxQuery['after'];
    let now = asOf + 1;
    for (let round = 0; round < 10; round++) {
      const { rows, more } = await page(store, sam, { asOf, limit: 7, ...(after ? { after } : {}) });
      seen.push(...rows.map((r) => r.task));
      if (!more) break;
      const last = rows.at(-1)!;
      after = { rank: last.rank, task: last.task };
      // Tasks not yet read and tasks already read both get new messages (and move to the top).
      for (const moved of [tasks[round]!, tasks[24 - round]!]) {
        await store.indexMessages(moved, [message(100 + round * 2 + seen.length, 'ann')], now++);
      }
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    // A first page read after that shows the moved tasks on top.
    expect((await page(store, sam, { limit: 1 })).rows[0]!.activity).toBe(now - 1);
  });

  it('filters by unread, state and title ignoring case and accents', async () => {
    const store = await open();
    const sam = uniqueId('sam');
    const cafe = await task(store, [sam], { title: 'Café order' });
    const closed = await task(store, [sam], { title: 'Bike' });
    await store.closeTask(closed, 1500);
    await store.touchInbox(closed);
    await store.indexMessages(cafe, [message(1, 'ann')], 2000);
    const tasksOf = async (query: Partial<InboxQuery>) =>
      (await page(store, sam, query)).rows.map((r) => r.task);
    expect(await tasksOf({ unread: true })).toEqual([cafe]);
    expect(await tasksOf({ state: 'closed' })).toEqual([closed]);
    expect(await tasksOf({ state: 'open' })).toEqual([cafe]);
    expect(await tasksOf({ q: 'cafe' })).toEqual([cafe]);
    expect(await tasksOf({ q: 'ike' })).toEqual([closed]);
    expect(await tasksOf({ q: 'nothing' })).toEqual([]);
    expect((await page(store, sam, { state: 'closed' })).rows[0]!.closed).toBe(true);
    // Renamed: the new title matches.
    await store.upsertTask({ id: closed, type: 'order', title: 'ÉCLAIR', url: null }, 3000);
    expect(await tasksOf({ q: 'eclair' })).toEqual([closed]);
  });

  it('drops a removed participant’s task and its unread, shows a role change, and counts again on return', async () => {
    const store = await open();
    const [ann, sam] = [uniqueId('ann'), uniqueId('sam')];
    const taskId = await task(store, [ann, sam]);
    await store.indexMessages(taskId, [message(1, ann), message(2, ann)], 2000);
    const before = (await store.inboxTotals(sam)).version;
    await store.removeParticipant(taskId, sam, 2100);
    await store.touchInbox(taskId, [sam]);
    expect((await page(store, sam)).rows).toEqual([]);
    expect(await store.inboxTotals(sam)).toEqual({ totalUnread: 0, version: before + 1 });
    expect(await store.inboxEntries(taskId)).toHaveLength(1);
    // Messages while away are not counted for them, but are when they come back.
    await store.indexMessages(taskId, [message(3, ann)], 2200);
    await store.upsertParticipant({ taskId, userId: sam, role: 'seller', name: 'Sam' }, 2300);
    await store.recountUnread(taskId, sam);
    const { rows, totalUnread } = await page(store, sam);
    expect(rows.map((r) => [r.role, r.unread])).toEqual([['seller', 3]]);
    expect(totalUnread).toBe(3);
  });

  it('grows every participant’s version with each change of their rows and keeps the newest in entries', async () => {
    const store = await open();
    const [ann, sam] = [uniqueId('ann'), uniqueId('sam')];
    const taskId = await task(store, [ann, sam]);
    const v0 = (await store.inboxTotals(sam)).version;
    await store.indexMessages(taskId, [message(1, ann)], 2000);
    const entries = await store.inboxEntries(taskId);
    expect(entries.map((e) => e.userId).sort()).toEqual([ann, sam].sort());
    const samEntry = entries.find((e) => e.userId === sam)!;
    expect(samEntry.version).toBe(v0 + 1);
    expect(samEntry.row.version).toBe(v0 + 1);
    expect(samEntry.totalUnread).toBe(1);
    await store.setReadMarker(taskId, sam, serial(1), 2100);
    await store.recountUnread(taskId, sam);
    expect(await store.inboxTotals(sam)).toEqual({ totalUnread: 0, version: v0 + 2 });
  });

  it('stays exact when two instances index messages and move read markers at once', async () => {
    const [one, two] = await stores.openTwo(name);
    const users = [uniqueId('ann'), uniqueId('sam'), uniqueId('dana')];
    const taskId = await task(one, users);
    const writes: Promise<unknown>[] = [];
    for (let n = 1; n <= 40; n++) {
      const store = n % 2 === 0 ? one : two;
      const author = users[n % 3]!;
      writes.push(store.indexMessages(taskId, [message(n, author)], 2000 + n));
      // The same webhook delivered to both instances.
      if (n % 5 === 0)
        writes.push((n % 2 === 0 ? two : one).indexMessages(taskId, [message(n, author)], 2000 + n));
      if (n % 7 === 0) {
        const reader = users[(n + 1) % 3]!;
        writes.push(
          store
            .setReadMarker(taskId, reader, serial(n - 3), 3000 + n)
            .then(() => (store === one ? two : one).recountUnread(taskId, reader)),
        );
      }
    }
    await Promise.all(writes);
    for (const [i, userId] of users.entries()) {
      const marker = (await one.listReadMarkers(taskId)).find((m) => m.userId === userId)?.serial ?? '';
      let expected = 0;
      for (let n = 1; n <= 40; n++) if (users[n % 3] !== userId && serial(n) > marker) expected++;
      expect({ i, unread: await unreadOf(two, taskId, userId) }).toEqual({ i, unread: expected });
    }
  });

  it('indexes tasks of an older schema: folded titles, an inbox for every participant', async () => {
    const taskId = uniqueId('order');
    const store = await stores.openMigratedFrom(name, 5, [
      `INSERT INTO tasks VALUES ('${taskId}', 'order', 'Crème brûlée', NULL, NULL, 1, 1)`,
      `INSERT INTO participants (task_id, user_id, role, name, removed_at, created_at, updated_at)
         VALUES ('${taskId}', 'ann', 'buyer', 'Ann', NULL, 2, 2)`,
    ]);
    const { rows } = await page(store, 'ann', { q: 'creme brulee' });
    expect(rows.map((r) => [r.task, r.unread, r.activity, r.lastMessage])).toEqual([[taskId, 0, 1, null]]);
    await store.indexMessages(taskId, [message(1, 'sam')], 2000);
    expect(await store.inboxTotals('ann')).toEqual({ totalUnread: 1, version: 1 });
  });
});
