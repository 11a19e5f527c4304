import type {
  ChatMessageEvent,
  MessageReactionSummaryEvent,
  PresenceEvent,
  RoomReactionEvent,
  TypingSetEvent,
} from '@ably/chat';
import { describe, expect, it, vi } from 'vitest';
import { attachedRoom, chatClient } from '../../../support/chat.js';
import { FORMATS, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

/** One participant on Node's comet transport, the other on a WebSocket in each wire format. */
async function setup(useBinaryProtocol: boolean) {
  const server = await startLocalAbly();
  const room = uniqueName('room');
  const comet = await attachedRoom(
    chatClient(server, false, { clientId: 'comet-alice', room, claim: 'buyer' }, { transports: ['comet'] }),
    room,
  );
  const ws = await attachedRoom(
    chatClient(server, useBinaryProtocol, { clientId: 'ws-bob', room, claim: 'seller' }),
    room,
  );
  return { comet, ws };
}

describe.each(FORMATS)('Chat between comet and a WebSocket over $format', ({ useBinaryProtocol }) => {
  it('delivers messages both ways and shows the same history to both', async () => {
    const { comet, ws } = await setup(useBinaryProtocol);
    const atComet: ChatMessageEvent[] = [];
    const atWs: ChatMessageEvent[] = [];
    comet.messages.subscribe((e) => atComet.push(e));
    ws.messages.subscribe((e) => atWs.push(e));
    await comet.messages.send({ text: 'hello from comet', metadata: { n: 1 } });
    await ws.messages.send({ text: 'hello from a websocket', headers: { via: 'ws' } });
    const texts = ['hello from comet', 'hello from a websocket'];
    await vi.waitFor(() => expect(atWs.map((e) => e.message.text)).toEqual(texts));
    await vi.waitFor(() => expect(atComet.map((e) => e.message.text)).toEqual(texts));
    expect(atWs[0]!.message).toMatchObject({
      clientId: 'comet-alice',
      metadata: { n: 1 },
      userClaim: 'buyer',
    });
    expect(atComet[1]!.message).toMatchObject({ clientId: 'ws-bob', headers: { via: 'ws' } });
    for (const room of [comet, ws]) {
      const page = await room.messages.history({ limit: 10 });
      expect(page.items.map((m) => m.text)).toEqual([...texts].reverse());
    }
  });

  it('shares presence and typing, and a typing stop follows its start', async () => {
    const { comet, ws } = await setup(useBinaryProtocol);
    const presence: PresenceEvent[] = [];
    const typing: TypingSetEvent[] = [];
    ws.presence.subscribe((e) => presence.push(e));
    ws.typing.subscribe((e) => typing.push(e));
    await comet.presence.enter({ status: 'online' });
    await vi.waitFor(() => expect(presence.map((e) => e.type)).toEqual(['enter']));
    expect(presence[0]!.member).toMatchObject({ clientId: 'comet-alice', data: { status: 'online' } });
    expect((await comet.presence.get()).map((m) => m.clientId)).toEqual(['comet-alice']);

    await comet.typing.keystroke();
    await vi.waitFor(() =>
      expect(typing.at(-1)?.currentTypers.map((t) => t.clientId)).toEqual(['comet-alice']),
    );
    await comet.typing.stop();
    await vi.waitFor(() => expect(typing.at(-1)?.currentTypers).toEqual([]));

    await comet.presence.leave();
    await vi.waitFor(() => expect(presence.map((e) => e.type)).toEqual(['enter', 'leave']));
  });

  it('relays room reactions and message reaction summaries across transports', async () => {
    const { comet, ws } = await setup(useBinaryProtocol);
    const roomReactions: RoomReactionEvent[] = [];
    const summaries: MessageReactionSummaryEvent[] = [];
    comet.reactions.subscribe((e) => roomReactions.push(e));
    comet.messages.reactions.subscribe((e) => summaries.push(e));
    await ws.reactions.send({ name: '🎉', metadata: { level: 2 } });
    await vi.waitFor(() => expect(roomReactions.map((e) => e.reaction.name)).toEqual(['🎉']));
    expect(roomReactions[0]!.reaction).toMatchObject({ clientId: 'ws-bob', metadata: { level: 2 } });

    const message = await comet.messages.send({ text: 'react to me' });
    await ws.messages.reactions.send(message.serial, { name: '👍' });
    await comet.messages.reactions.send(message.serial, { name: '👍' });
    await vi.waitFor(() =>
      expect(summaries.at(-1)?.reactions.distinct['👍']).toEqual({
        total: 2,
        clientIds: ['ws-bob', 'comet-alice'],
        clipped: false,
      }),
    );
  });
});
