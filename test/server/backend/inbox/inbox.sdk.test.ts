import { ChatMessageAction, type Room } from '@ably/chat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inboxChannelFor } from '../../../../server/backend/ably-auth/channel-names.js';
import { ErrorCode } from '../../../../server/backend/errors.js';
import { PostgresStore } from '../../../../server/backend/store/postgres-store.js';
import type { InboxTask } from '../../../../server/contract/api-contract.js';
import { FORMATS } from '../../../support/local-ably.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';
import { createApp, type AppDeps } from '../../../../server/backend/app.js';
import { createLogger } from '../../../../server/backend/logger.js';
import {
  closeAfter,
  EMBED_SECRET,
  errorCode,
  fetchJson,
  listen,
  SERVER_SECRET,
  uniqueTaskId,
  widgetRealtime,
} from '../backend-harness.js';
import { freshDatabase } from '../store/store-implementations.js';
import { firstPage, inboxListener, roomOf, startInboxBackend, updateOf, userToken } from './inbox-harness.js';

let postgres: TestPostgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

const PEOPLE = [
  { userId: 'ann', role: 'buyer' as const, name: 'Ann' },
  { userId: 'sam', role: 'seller' as const, name: 'Sam' },
];

/** What `<embedded-chat>` counts as unread for `userId` (its `embedded-chat-unread`): from the room's history. */
async function elementUnread(room: Room, userId: string, marker: string | null): Promise<number> {
  const { items } = await room.messages.history({ limit: 200 });
  return items.filter(
    (m) =>
      m.clientId !== userId &&
      m.action !== ChatMessageAction.MessageDelete &&
      (marker === null || m.serial > marker),
  ).length;
}

describe.each(FORMATS)('the inbox over $format', ({ useBinaryProtocol }) => {
  it('moves a task to the top and counts its unread live from messages sent through the SDK, exactly as the element does', async () => {
    const backend = await startInboxBackend();
    const [older, newer] = [uniqueTaskId(), uniqueTaskId()];
    await backend.createTask(older, PEOPLE, {
      type: 'order',
      title: 'Blue bike',
      url: 'https://shop.example/1',
    });
    await backend.createTask(newer, PEOPLE, { type: 'order', title: 'Red lamp' });
    const listener = await inboxListener(backend, 'sam', useBinaryProtocol);
    expect(listener.answer).toMatchObject({
      clientId: 'sam',
      channel: inboxChannelFor('sam'),
      routes: { inbox: 'inbox', readState: 'read-state' },
    });
    expect((await firstPage(backend, 'sam')).tasks.map((t) => t.task)).toEqual([newer, older]);

    const annRoom = await roomOf(backend, older, 'ann', 'buyer');
    const first = await annRoom.messages.send({ text: 'Is it   shipped?' });
    await annRoom.messages.send({ text: 'Hello again' });
    const update = await updateOf(listener.updates, older, (u) => u.type === 'task' && u.task.unread === 2);
    expect(update).toMatchObject({
      type: 'task',
      totalUnread: 2,
      task: {
        task: older,
        title: 'Blue bike',
        url: 'https://shop.example/1',
        role: 'seller',
        closed: false,
        unread: 2,
        lastMessage: { author: { id: 'ann', name: 'Ann', role: 'buyer' }, preview: 'Hello again' },
      },
    });
    const page = await firstPage(backend, 'sam');
    // A first page ranks tasks as of a second before it (pages read on skip and repeat nothing); its rows
    // carry their current activity, which is what the element orders by.
    const byActivity = [...page.tasks].sort((x, y) => y.activity - x.activity);
    expect(byActivity.map((t) => t.task)).toEqual([older, newer]);
    expect(byActivity[0]).toEqual(update.type === 'task' ? update.task : undefined);
    expect(page.totalUnread).toBe(2);
    expect(byActivity[0]!.unread).toBe(await elementUnread(annRoom, 'sam', null));

    // An edit changes the preview only; a delete uncounts.
    await annRoom.messages.update(first.serial, { text: 'Is it shipped yet?' });
    const latest = await annRoom.messages.history({ limit: 1 });
    await annRoom.messages.delete(latest.items[0]!.serial);
    await updateOf(
      listener.updates,
      older,
      (u) => u.type === 'task' && u.task.unread === 1 && u.task.lastMessage?.preview === 'Is it shipped yet?',
    );
    const after = (await firstPage(backend, 'sam')).tasks.find((t) => t.task === older)!;
    expect(after.unread).toBe(await elementUnread(annRoom, 'sam', null));
    // Ann's own messages are not unread for her.
    expect((await firstPage(backend, 'ann')).totalUnread).toBe(0);
  });
});

describe('user tokens', () => {
  it('open any task the user belongs to with the stored role, and read state moves clear the inbox', async () => {
    const backend = await startInboxBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, PEOPLE);
    const listener = await inboxListener(backend, 'sam');
    const annRoom = await roomOf(backend, task, 'ann', 'buyer');
    await annRoom.messages.send({ text: 'one' });
    const sent = await annRoom.messages.send({ text: 'two' });
    await updateOf(listener.updates, task, (u) => u.type === 'task' && u.task.unread === 2);

    // A conversation opened from the inbox: {userToken, task}.
    const sam = await widgetRealtime(
      `${backend.url}/api/token`,
      () => ({ userToken: userToken('sam'), task }),
      false,
    );
    expect(sam.first).toMatchObject({ clientId: 'sam', role: 'seller', task });
    const samRoom = await sam.chat.rooms.get(sam.first.room);
    await samRoom.attach();
    await samRoom.messages.send({ text: 'shipped today' });

    const state = await backend.readState('PUT', { userToken: userToken('sam'), task, serial: sent.serial });
    expect(state.status).toBe(200);
    expect(state.body.unread).toBe(0);
    const read = await updateOf(listener.updates, task, (u) => u.type === 'task' && u.task.unread === 0);
    expect(read.totalUnread).toBe(0);
    expect((await backend.readState('POST', { userToken: userToken('ann'), task })).body.unread).toBe(
      await elementUnread(annRoom, 'ann', null),
    );
  });

  it('are refused for tasks the user is not in or was removed from, and a role change shows at once', async () => {
    const backend = await startInboxBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, PEOPLE);
    const listener = await inboxListener(backend, 'sam');
    const stranger = await backend.requestToken({ userToken: userToken('eve'), task });
    expect([stranger.status, stranger.body.error.code]).toEqual([403, ErrorCode.NotAParticipant]);

    await backend.admin('PUT', `/tasks/${task}/participants/sam`, { role: 'agent', name: 'Sam' });
    expect(
      (await updateOf(listener.updates, task, (u) => u.type === 'task' && u.task.role === 'agent')).type,
    ).toBe('task');
    expect((await backend.requestToken({ userToken: userToken('sam'), task })).body.role).toBe('agent');

    await backend.admin('DELETE', `/tasks/${task}/participants/sam`);
    await updateOf(listener.updates, task, (u) => u.type === 'removed');
    expect((await firstPage(backend, 'sam')).tasks).toEqual([]);
    const removed = await backend.requestToken({ userToken: userToken('sam'), task });
    expect(removed.status).toBe(403);
  });

  it('let nobody but the user read their inbox channel, and nobody publish on it', async () => {
    const backend = await startInboxBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, PEOPLE);
    const sam = await inboxListener(backend, 'sam');
    await expect(sam.realtime.channels.get(inboxChannelFor('ann')).attach()).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    await expect(sam.channel.publish('inbox', { type: 'task' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    // A participant's task token reaches only its room.
    const ann = await widgetRealtime(
      `${backend.url}/api/token`,
      () => ({ participantToken: backend.participantToken({ userId: 'ann', task, role: 'buyer' }) }),
      false,
    );
    await expect(ann.realtime.channels.get(inboxChannelFor('ann')).attach()).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
  });
});

describe('two backend instances on one PostgreSQL', () => {
  it('keep one inbox: the webhook reaches one, the read state and the inbox are read on the other', async () => {
    const url = await freshDatabase(postgres!.databaseUrl, 'inbox');
    const [storeA, storeB] = [await PostgresStore.connect(url), await PostgresStore.connect(url)];
    closeAfter(() => storeB.close());
    const a = await startInboxBackend({ store: storeA });
    // B speaks to A's ably-local and receives no webhook.
    const { endpoint, port, key } = a.ably.clientOptions;
    const b = await startBackend2(storeB, { apiKey: key, endpoint, port, tls: false });
    const task = uniqueTaskId();
    await a.createTask(task, PEOPLE);
    const listener = await inboxListener(b, 'sam');
    const annRoom = await roomOf(a, task, 'ann', 'buyer');
    const sent = await annRoom.messages.send({ text: 'through A' });
    await updateOf(listener.updates, task, (u) => u.type === 'task' && u.task.unread === 1);
    const onB = await firstPage(b, 'sam');
    expect(onB.tasks.map((t: InboxTask) => [t.task, t.unread])).toEqual([[task, 1]]);
    await b.readState('PUT', { userToken: userToken('sam'), task, serial: sent.serial });
    await updateOf(listener.updates, task, (u) => u.type === 'task' && u.task.unread === 0);
    expect((await firstPage(a, 'sam')).totalUnread).toBe(0);
    await vi.waitFor(async () => expect((await storeA.inboxTotals('sam')).totalUnread).toBe(0));
  });
});

/** A second backend instance over `store`, reaching the same Ably (no webhook rule points at it). */
async function startBackend2(store: PostgresStore, ably: AppDeps['ably']) {
  const url = await listen(
    createApp({
      store,
      ably,
      embedSecret: EMBED_SECRET,
      serverSecret: SERVER_SECRET,
      logger: createLogger({ level: 'silent' }),
    }),
  );
  return {
    url,
    readState: (method: 'POST' | 'PUT', body: unknown) =>
      fetchJson(`${url}/api/read-state`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}
