import type { MessageReactionRawEvent, MessageReactionSummaryEvent } from '@ably/chat';
import { describe, expect, it, vi } from 'vitest';
import { attachedRoom, chatClient } from '../../../support/chat.js';
import { FORMATS, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

async function setup(useBinaryProtocol: boolean, rawMessageReactions = false) {
  const server = await startLocalAbly();
  const name = uniqueName('room');
  const options = { messages: { rawMessageReactions } };
  const alice = await attachedRoom(
    chatClient(server, useBinaryProtocol, { clientId: 'alice', room: name, claim: 'buyer' }),
    name,
    options,
  );
  const bob = await attachedRoom(
    chatClient(server, useBinaryProtocol, { clientId: 'bob', room: name, claim: 'seller' }),
    name,
    options,
  );
  const message = await alice.messages.send({ text: 'deal?' });
  return { alice, bob, message };
}

describe.each(FORMATS)('Chat message reactions over $format', ({ useBinaryProtocol }) => {
  it('folds distinct reactions: one per client and name, several names per client', async () => {
    const { alice, bob, message } = await setup(useBinaryProtocol);
    const summaries: MessageReactionSummaryEvent[] = [];
    bob.messages.reactions.subscribe((e) => summaries.push(e));
    await alice.messages.reactions.send(message.serial, { name: '👍' });
    await alice.messages.reactions.send(message.serial, { name: '👍' });
    await alice.messages.reactions.send(message.serial, { name: '❤️' });
    await bob.messages.reactions.send(message.serial, { name: '👍' });
    await vi.waitFor(() =>
      expect(summaries.at(-1)?.reactions.distinct).toEqual({
        '👍': { total: 2, clientIds: ['alice', 'bob'], clipped: false },
        '❤️': { total: 1, clientIds: ['alice'], clipped: false },
      }),
    );
    expect(summaries.at(-1)!.messageSerial).toBe(message.serial);
    await alice.messages.reactions.delete(message.serial, { name: '👍' });
    await vi.waitFor(() =>
      expect(summaries.at(-1)?.reactions.distinct['👍']).toEqual({
        total: 1,
        clientIds: ['bob'],
        clipped: false,
      }),
    );
    const got = await bob.messages.get(message.serial);
    expect(got.reactions.distinct['❤️']?.total).toBe(1);
    const history = await bob.messages.history({ limit: 1 });
    expect(history.items[0]!.reactions.distinct['👍']?.clientIds).toEqual(['bob']);
  });

  it('moves a unique reaction and removes it without a name', async () => {
    const { alice, bob, message } = await setup(useBinaryProtocol);
    const summaries: MessageReactionSummaryEvent[] = [];
    bob.messages.reactions.subscribe((e) => summaries.push(e));
    await alice.messages.reactions.send(message.serial, { name: '👍', type: 'unique' as never });
    await alice.messages.reactions.send(message.serial, { name: '🎉', type: 'unique' as never });
    await vi.waitFor(() =>
      expect(summaries.at(-1)?.reactions.unique).toEqual({
        '🎉': { total: 1, clientIds: ['alice'], clipped: false },
      }),
    );
    await alice.messages.reactions.delete(message.serial, { type: 'unique' as never });
    await vi.waitFor(() => expect(summaries.at(-1)?.reactions.unique).toEqual({}));
  });

  it('adds up multiple reactions per client and removes a client contribution by name', async () => {
    const { alice, bob, message } = await setup(useBinaryProtocol);
    const summaries: MessageReactionSummaryEvent[] = [];
    bob.messages.reactions.subscribe((e) => summaries.push(e));
    await alice.messages.reactions.send(message.serial, { name: '👍', type: 'multiple' as never });
    await alice.messages.reactions.send(message.serial, { name: '👍', type: 'multiple' as never, count: 10 });
    await bob.messages.reactions.send(message.serial, { name: '👍', type: 'multiple' as never, count: 2 });
    await vi.waitFor(() =>
      expect(summaries.at(-1)?.reactions.multiple['👍']).toEqual({
        total: 13,
        clientIds: { alice: 11, bob: 2 },
        totalUnidentified: 0,
        clipped: false,
        totalClientIds: 2,
      }),
    );
    await alice.messages.reactions.delete(message.serial, { name: '👍', type: 'multiple' as never });
    await vi.waitFor(() => expect(summaries.at(-1)?.reactions.multiple['👍']?.clientIds).toEqual({ bob: 2 }));
    const mine = await bob.messages.reactions.clientReactions(message.serial);
    expect(mine.multiple['👍']?.clientIds).toEqual({ bob: 2 });
  });

  it('ignores removing a reaction that was never added', async () => {
    const { alice, message } = await setup(useBinaryProtocol);
    await alice.messages.reactions.delete(message.serial, { name: '👀' });
    expect((await alice.messages.get(message.serial)).reactions.distinct).toEqual({});
  });

  it('delivers raw reactions with the reacting client and claim when asked for', async () => {
    const { alice, bob, message } = await setup(useBinaryProtocol, true);
    const raw: MessageReactionRawEvent[] = [];
    bob.messages.reactions.subscribeRaw((e) => raw.push(e));
    await alice.messages.reactions.send(message.serial, { name: '🔥' });
    await alice.messages.reactions.delete(message.serial, { name: '🔥' });
    await vi.waitFor(() => expect(raw.map((e) => e.type)).toEqual(['reaction.create', 'reaction.delete']));
    expect(raw[0]!.reaction).toMatchObject({
      messageSerial: message.serial,
      name: '🔥',
      clientId: 'alice',
      type: 'distinct',
    });
    expect(raw[0]!.reaction.userClaim).toBe('buyer');
  });

  it('rejects a reaction on a message that does not exist with 40400', async () => {
    const { alice } = await setup(useBinaryProtocol);
    await expect(
      alice.messages.reactions.send('01700000000000-000@none:000', { name: '👍' }),
    ).rejects.toMatchObject({ code: 40400 });
  });
});
