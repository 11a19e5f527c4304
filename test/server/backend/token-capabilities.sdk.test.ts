import { ChatMessageAction, type ChatMessageEvent } from '@ably/chat';
import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { agentChannelFor, roomNameFor } from '../../../server/backend/ably-auth/channel-names.js';
import { FORMATS, rest } from '../../support/local-ably.js';
import { errorCode, joinRoom as join, startBackend, uniqueTaskId } from './backend-harness.js';

describe.each(FORMATS)('issued tokens against real SDKs over $format', ({ useBinaryProtocol }) => {
  it('does attach, publish and history in its own room when the caller is a customer', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'ann', role: 'customer', name: 'Ann' }]);
    const ann = await join(backend, task, 'ann', 'customer', useBinaryProtocol);
    expect(ann.first.room).toBe(roomNameFor(task));
    expect(ann.realtime.auth.clientId).toBe('ann');
    const sent = await ann.room.messages.send({ text: 'where is my order?' });
    expect(sent.clientId).toBe('ann');
    const history = await ann.room.messages.history({ limit: 10 });
    expect(history.items.map((m) => m.text)).toEqual(['where is my order?']);
  });

  it('shows the verified role and name as a badge on messages when an agent writes', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId('ticket');
    await backend.createTask(task, [
      { userId: 'ann', role: 'customer', name: 'Ann' },
      { userId: 'dana', role: 'agent', name: 'Dana <b>Support</b>' },
    ]);
    const ann = await join(backend, task, 'ann', 'customer', useBinaryProtocol);
    const dana = await join(backend, task, 'dana', 'agent', useBinaryProtocol);
    const received: ChatMessageEvent[] = [];
    ann.room.messages.subscribe((event) => received.push(event));
    await dana.room.messages.send({ text: 'on its way' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const message = received[0]!.message;
    expect(message.clientId).toBe('dana');
    expect(JSON.parse(message.userClaim!)).toEqual({ role: 'agent', name: 'Dana <b>Support</b>' });
  });

  it('fails with 40160 when a customer attaches another task room or any other channel', async () => {
    const backend = await startBackend();
    const mine = uniqueTaskId();
    const theirs = uniqueTaskId();
    await backend.createTask(mine, [{ userId: 'ann', role: 'customer' }]);
    await backend.createTask(theirs, [{ userId: 'bob', role: 'customer' }]);
    const ann = await join(backend, mine, 'ann', 'customer', useBinaryProtocol);
    const other = await ann.chat.rooms.get(roomNameFor(theirs));
    await expect(other.attach()).rejects.toSatisfy((err) => errorCode(err) === 40160);
    for (const name of ['lobby', roomNameFor(mine), `${roomNameFor(theirs)}::$chat`, '[meta]occupancy']) {
      await expect(ann.realtime.channels.get(name).attach()).rejects.toSatisfy(
        (err) => errorCode(err) === 40160,
      );
    }
    await expect(other.messages.history({ limit: 1 })).rejects.toSatisfy((err) => errorCode(err) === 40160);
  });

  it('reads but fails with 40160 when an observer publishes, enters presence or reacts', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [
      { userId: 'ann', role: 'customer' },
      { userId: 'olga', role: 'observer' },
    ]);
    const ann = await join(backend, task, 'ann', 'customer', useBinaryProtocol);
    const olga = await join(backend, task, 'olga', 'observer', useBinaryProtocol);
    expect(olga.first.operations).toEqual(['history', 'subscribe']);
    const received: ChatMessageEvent[] = [];
    olga.room.messages.subscribe((event) => received.push(event));
    const sent = await ann.room.messages.send({ text: 'hello' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect((await olga.room.messages.history({ limit: 5 })).items).toHaveLength(1);
    await expect(olga.room.messages.send({ text: 'sneaky' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    await expect(olga.room.presence.enter()).rejects.toSatisfy((err) => errorCode(err) === 40160);
    await expect(olga.room.messages.reactions.send(sent.serial, { name: '👍' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    await ann.room.presence.enter({ status: 'here' });
    await vi.waitFor(async () =>
      expect((await olga.room.presence.get()).map((m) => m.clientId)).toEqual(['ann']),
    );
  });

  it('fails with 40160 when a customer deletes or edits another user’s message but an agent may delete it', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [
      { userId: 'ann', role: 'customer' },
      { userId: 'bob', role: 'customer' },
      { userId: 'dana', role: 'agent' },
    ]);
    const ann = await join(backend, task, 'ann', 'customer', useBinaryProtocol);
    const bob = await join(backend, task, 'bob', 'customer', useBinaryProtocol);
    const dana = await join(backend, task, 'dana', 'agent', useBinaryProtocol);
    const bobs = await bob.room.messages.send({ text: 'bob was here' });
    await expect(ann.room.messages.delete(bobs.serial)).rejects.toSatisfy((err) => errorCode(err) === 40160);
    await expect(ann.room.messages.update(bobs.serial, { text: 'ann was here' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    const edited = await bob.room.messages.update(bobs.serial, { text: 'bob was here!' });
    expect(edited.text).toBe('bob was here!');
    await expect(dana.room.messages.update(bobs.serial, { text: 'rewritten' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    const deleted = await dana.room.messages.delete(bobs.serial);
    expect(deleted.action).toBe(ChatMessageAction.MessageDelete);
    const anns = await ann.room.messages.send({ text: 'mine' });
    expect((await ann.room.messages.delete(anns.serial)).action).toBe(ChatMessageAction.MessageDelete);
  });

  it('lets a customer react, type and enter presence when the task is open', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [
      { userId: 'ann', role: 'customer' },
      { userId: 'dana', role: 'agent' },
    ]);
    const ann = await join(backend, task, 'ann', 'customer', useBinaryProtocol);
    const dana = await join(backend, task, 'dana', 'agent', useBinaryProtocol);
    const sent = await dana.room.messages.send({ text: 'rate us' });
    await ann.room.messages.reactions.send(sent.serial, { name: '👍' });
    await ann.room.typing.keystroke();
    await ann.room.presence.enter({ status: 'online' });
    await vi.waitFor(async () =>
      expect((await dana.room.presence.get()).map((m) => m.clientId)).toEqual(['ann']),
    );
    const occupancy = await dana.room.occupancy.get();
    expect(occupancy.connections).toBeGreaterThanOrEqual(2);
  });

  it.each(['agent', 'bot'] as const)(
    'lets a %s watch and read the agent channel but fails with 40160 when it publishes or appends there',
    async (role) => {
      const backend = await startBackend({}, { namespaces: [{ id: 'agent', mutableMessages: true }] });
      const task = uniqueTaskId();
      await backend.createTask(task, [{ userId: 'pat', role }]);
      const pat = await join(backend, task, 'pat', role, useBinaryProtocol);
      expect(pat.first.agentChannel).toBe(agentChannelFor(task));
      const channel = pat.realtime.channels.get(pat.first.agentChannel);
      const received: Ably.InboundMessage[] = [];
      await channel.subscribe((m) => void received.push(m));
      const server = rest(backend.ably, useBinaryProtocol).channels.get(agentChannelFor(task));
      const { serials } = await server.publish('agent.run', '');
      await server.appendMessage({ serial: serials[0]!, data: 'Hello' });
      await vi.waitFor(() =>
        expect(received.map((m) => m.action)).toEqual(['message.create', 'message.append']),
      );
      expect((await channel.history()).items.map((m) => m.data)).toEqual(['Hello']);
      await expect(channel.publish('agent.run', 'forged')).rejects.toSatisfy(
        (err) => errorCode(err) === 40160,
      );
      await expect(channel.appendMessage({ serial: serials[0]!, data: ' forged' })).rejects.toSatisfy(
        (err) => errorCode(err) === 40160,
      );
    },
  );

  it('lets a bot post and edit its own messages but fails with 40160 when it enters presence', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'order-bot', role: 'bot', name: 'Order bot' }]);
    const bot = await join(backend, task, 'order-bot', 'bot', useBinaryProtocol);
    const sent = await bot.room.messages.send({ text: 'Your courier is 5 minutes away' });
    const edited = await bot.room.messages.update(sent.serial, { text: 'Your courier is 2 minutes away' });
    expect(JSON.parse(edited.userClaim!)).toEqual({ role: 'bot', name: 'Order bot' });
    await expect(bot.room.presence.enter()).rejects.toSatisfy((err) => errorCode(err) === 40160);
  });
});
