import type { Message, ChatMessageEvent } from '@ably/chat';
import { describe, expect, it, vi } from 'vitest';
import { attachedRoom, chatClient, keyChatClient } from '../../../support/chat.js';
import { FORMATS, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

describe.each(FORMATS)('Chat messages over $format', ({ useBinaryProtocol }) => {
  it('sends a message over REST and delivers it live to every client with the same serial and timestamp', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const alice = chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name, claim: 'agent' });
    const bob = chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name });
    const [aliceRoom, bobRoom] = await Promise.all([attachedRoom(alice, name), attachedRoom(bob, name)]);
    const received: ChatMessageEvent[] = [];
    bobRoom.messages.subscribe((event) => received.push(event));
    const sent = await aliceRoom.messages.send({
      text: 'héllo 👋 <b>bold</b>',
      metadata: { order: 8841, nested: { ok: true } },
      headers: { priority: 'high' },
    });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const live = received[0]!.message;
    expect(received[0]!.type).toBe('message.created');
    expect(live.serial).toBe(sent.serial);
    expect(live.timestamp.getTime()).toBe(sent.timestamp.getTime());
    expect(live.text).toBe('héllo 👋 <b>bold</b>');
    expect(live.metadata).toEqual({ order: 8841, nested: { ok: true } });
    expect(live.headers).toEqual({ priority: 'high' });
    expect(live.clientId).toBe('alice');
    expect(live.userClaim).toBe('agent');
    expect(sent.userClaim).toBe('agent');
    expect(sent.version.serial).toBe(sent.serial);
  });

  it('returns history in both orders with paging and an exact last page', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const chat = keyChatClient(server, useBinaryProtocol, 'alice');
    const room = await attachedRoom(chat, name);
    for (let i = 0; i < 105; i++) await room.messages.send({ text: `m${i}` });
    const newest = await room.messages.history({ limit: 50 });
    expect(newest.items[0]!.text).toBe('m104');
    expect(newest.hasNext()).toBe(true);
    const texts: string[] = [];
    let page: typeof newest | null = newest;
    while (page) {
      texts.push(...page.items.map((m) => m.text));
      page = page.hasNext() ? await page.next() : null;
    }
    expect(texts).toHaveLength(105);
    expect(texts.at(-1)).toBe('m0');
    const oldest = await room.messages.history({ orderBy: 'oldestFirst' as never, limit: 105 });
    expect(oldest.items.map((m) => m.text)).toEqual([...texts].reverse());
    expect(oldest.hasNext()).toBe(false);
    const first = await (await newest.next())!.first();
    expect(first.items[0]!.text).toBe('m104');
  });

  it('returns an empty history for an empty room', async () => {
    const server = await startLocalAbly();
    const room = await attachedRoom(keyChatClient(server, useBinaryProtocol, 'alice'), uniqueName('room'));
    const page = await room.messages.history({ limit: 10 });
    expect(page.items).toEqual([]);
    expect(page.hasNext()).toBe(false);
  });

  it('gives historyBeforeSubscribe exactly the messages before the subscription point', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const chat = keyChatClient(server, useBinaryProtocol, 'alice');
    const room = await attachedRoom(chat, name);
    await room.messages.send({ text: 'one' });
    await room.messages.send({ text: 'two' });
    const early = room.messages.subscribe(() => undefined);
    await room.messages.send({ text: 'three' });
    const late = room.messages.subscribe(() => undefined);
    await room.messages.send({ text: 'four' });
    const beforeEarly = await early.historyBeforeSubscribe({ limit: 10 });
    expect(beforeEarly.items.map((m) => m.text)).toEqual(['two', 'one']);
    const beforeLate = await late.historyBeforeSubscribe({ limit: 10 });
    expect(beforeLate.items.map((m) => m.text)).toEqual(['three', 'two', 'one']);
  });

  it('updates and deletes with versions, keeping the original sender and position', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const alice = chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name, claim: 'customer' });
    const agent = chatClient(server, useBinaryProtocol, {
      clientId: 'agent',
      room: name,
      claim: 'agent',
      ops: ['publish', 'subscribe', 'history', 'message-update-any', 'message-delete-any'],
    });
    const aliceRoom = await attachedRoom(alice, name);
    const agentRoom = await attachedRoom(agent, name);
    const events: ChatMessageEvent[] = [];
    agentRoom.messages.subscribe((e) => events.push(e));
    const sent = await aliceRoom.messages.send({ text: 'typo', metadata: { a: 1 }, headers: { h: 'x' } });
    const after = await aliceRoom.messages.send({ text: 'second' });
    const updated = await aliceRoom.messages.update(
      sent.serial,
      { text: 'fixed' },
      { description: 'spelling', metadata: { reason: 'typo' } },
    );
    expect(updated.text).toBe('fixed');
    expect(updated.metadata).toEqual({});
    expect(updated.headers).toEqual({});
    expect(updated.clientId).toBe('alice');
    expect(updated.timestamp.getTime()).toBe(sent.timestamp.getTime());
    expect(updated.version.clientId).toBe('alice');
    expect(updated.version.description).toBe('spelling');
    expect(updated.version.metadata).toEqual({ reason: 'typo' });
    expect(updated.version.serial > sent.version.serial).toBe(true);
    const deleted = await agentRoom.messages.delete(sent.serial, { description: 'moderated' });
    expect(deleted.action).toBe('message.delete');
    expect(deleted.text).toBe('');
    expect(deleted.clientId).toBe('alice');
    expect(deleted.version.clientId).toBe('agent');
    expect(deleted.userClaim).toBe('agent');
    await vi.waitFor(() =>
      expect(events.map((e) => e.type)).toEqual([
        'message.created',
        'message.created',
        'message.updated',
        'message.deleted',
      ]),
    );
    const history = await aliceRoom.messages.history({ limit: 10 });
    expect(history.items.map((m) => [m.serial, m.action])).toEqual([
      [after.serial, 'message.create'],
      [sent.serial, 'message.delete'],
    ]);
    const versions = await aliceRoom.messages.getVersions(sent.serial);
    expect(versions.items.map((m) => m.action)).toEqual([
      'message.create',
      'message.update',
      'message.delete',
    ]);
    expect(versions.items[0]).toEqual(sent);
    const got: Message = await aliceRoom.messages.get(sent.serial);
    expect(got.action).toBe('message.delete');
    expect(got.version.clientId).toBe('agent');
  });

  it('refuses to edit or delete the message of another participant without the -any capability', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const alice = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name }),
      name,
    );
    const bob = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name }),
      name,
    );
    const sent = await alice.messages.send({ text: 'mine' });
    await expect(bob.messages.update(sent.serial, { text: 'hacked' })).rejects.toMatchObject({
      code: 40160,
      statusCode: 401,
    });
    await expect(bob.messages.delete(sent.serial)).rejects.toMatchObject({ code: 40160 });
    expect((await alice.messages.get(sent.serial)).text).toBe('mine');
  });

  it('refuses to edit a deleted message and to touch a message that does not exist', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const room = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name }),
      name,
    );
    const sent = await room.messages.send({ text: 'bye' });
    await room.messages.delete(sent.serial);
    await expect(room.messages.update(sent.serial, { text: 'back' })).rejects.toMatchObject({
      code: 40000,
      statusCode: 400,
    });
    await expect(room.messages.get('01700000000000-000@nope:000')).rejects.toMatchObject({
      code: 40400,
      statusCode: 404,
    });
  });

  it('sends once per idempotency key', async () => {
    const server = await startLocalAbly();
    const name = uniqueName('room');
    const { ChatClient, LogLevel } = await import('@ably/chat');
    const { realtime } = await import('../../../support/local-ably.js');
    const chat = new ChatClient(realtime(server, useBinaryProtocol, { clientId: 'alice' }), {
      logLevel: LogLevel.Silent,
      idempotentRestPublishing: true,
    } as never);
    const room = await attachedRoom(chat, name);
    const sent = await room.messages.send({ text: 'once' });
    expect(sent.serial).toBeTruthy();
    // The SDK mints a fresh key per call; repeat the exact request to prove the server dedupes on it.
    const rest = chat.realtime as unknown as {
      request: (...args: unknown[]) => Promise<{ items: { serial: string }[] }>;
    };
    const path = `/chat/v4/rooms/${encodeURIComponent(name)}/messages`;
    const a = await rest.request('POST', path, 4, { idempotencyKey: 'k1' }, { text: 'dup' });
    const b = await rest.request('POST', path, 4, { idempotencyKey: 'k1' }, { text: 'dup' });
    expect(b.items[0]!.serial).toBe(a.items[0]!.serial);
    expect((await room.messages.history({ limit: 10 })).items.map((m) => m.text)).toEqual(['dup', 'once']);
  });
});
