import * as Ably from 'ably';
import { ChatClient, LogLevel, type ChatMessageEvent, type PresenceEvent, type Room } from '@ably/chat';
import type { RoomReactionEvent, TypingSetEvent } from '@ably/chat';
import { expect } from 'chai';
import {
  browserClientOptions,
  nodeAwaitMessage,
  nodePublish,
  nodeSubscribe,
  startAblyLocal,
  stopAblyLocal,
  uniqueName,
} from '../../../support/browser/ably-local-browser.js';
import type { StartResult } from '../../../support/browser/ably-local-commands.js';
import { waitFor } from '../../../support/browser/chat-stack.js';
import { afterEach, describe, it } from '../../../support/browser/mocha-globals.js';

/** Which transport ably-js is on (not public API; the test only reads it). */
function transportOf(client: Ably.Realtime): string | undefined {
  const manager = (client.connection as unknown as { connectionManager: { activeProtocol?: unknown } })
    .connectionManager;
  return (manager.activeProtocol as { transport?: { shortName?: string } } | undefined)?.transport?.shortName;
}

describe('a Chromium client on xhr_polling against ably-local', () => {
  const serverIds: string[] = [];
  const clients: Ably.Realtime[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(serverIds.splice(0).map(stopAblyLocal));
    localStorage.removeItem('ably-transport-preference');
  });

  async function connect(server: StartResult, clientId: string, transport: 'xhr_polling' | 'web_socket') {
    const client = new Ably.Realtime(
      browserClientOptions(server.clientOptions, { clientId, transports: [transport] }),
    );
    clients.push(client);
    await client.connection.whenState('connected');
    expect(transportOf(client)).to.equal(transport);
    return client;
  }

  async function room(client: Ably.Realtime, name: string): Promise<Room> {
    const chat = new ChatClient(client, { logLevel: LogLevel.Silent });
    const r = await chat.rooms.get(name);
    await r.attach();
    return r;
  }

  it('exchanges messages with a Node WebSocket client over msgpack', async () => {
    const server = await startAblyLocal();
    serverIds.push(server.id);
    const channel = uniqueName();
    const client = await connect(server, 'browser-alice', 'xhr_polling');
    const received: Ably.InboundMessage[] = [];
    await client.channels.get(channel).subscribe((m) => received.push(m));
    const { subscriptionId } = await nodeSubscribe({ serverId: server.id, channel });

    await nodePublish({ serverId: server.id, channel, name: 'from-node', data: { text: 'hi over polling' } });
    await client.channels.get(channel).publish('from-browser', 'hi over a websocket');

    await waitFor(() => received.length === 2 || undefined, { what: 'both messages in the browser' });
    expect(received.map((m) => m.name)).to.deep.equal(['from-node', 'from-browser']);
    expect(received[0]!.data).to.deep.equal({ text: 'hi over polling' });
    const first = await nodeAwaitMessage({ subscriptionId });
    const second = await nodeAwaitMessage({ subscriptionId });
    expect([first.name, second.name]).to.deep.equal(['from-node', 'from-browser']);
    expect(second).to.include({ data: 'hi over a websocket', clientId: 'browser-alice' });
  });

  it('chats with a WebSocket client: messages, presence, typing, reactions and history', async () => {
    const server = await startAblyLocal();
    serverIds.push(server.id);
    const name = uniqueName('room');
    const polling = await room(await connect(server, 'polling-ann', 'xhr_polling'), name);
    const socket = await room(await connect(server, 'socket-dana', 'web_socket'), name);
    const atSocket: ChatMessageEvent[] = [];
    const atPolling: ChatMessageEvent[] = [];
    const presence: PresenceEvent[] = [];
    const typing: TypingSetEvent[] = [];
    const reactions: RoomReactionEvent[] = [];
    socket.messages.subscribe((e) => atSocket.push(e));
    polling.messages.subscribe((e) => atPolling.push(e));
    socket.presence.subscribe((e) => presence.push(e));
    socket.typing.subscribe((e) => typing.push(e));
    polling.reactions.subscribe((e) => reactions.push(e));

    await polling.messages.send({ text: 'sent while polling' });
    await socket.messages.send({ text: 'sent on a socket' });
    const texts = ['sent while polling', 'sent on a socket'];
    await waitFor(() => atSocket.length === 2 || undefined, { what: 'messages at the socket client' });
    await waitFor(() => atPolling.length === 2 || undefined, { what: 'messages at the polling client' });
    expect(atSocket.map((e) => e.message.text)).to.deep.equal(texts);
    expect(atPolling.map((e) => e.message.text)).to.deep.equal(texts);

    await polling.presence.enter({ status: 'polling' });
    await waitFor(() => presence.some((e) => e.type === 'enter') || undefined, { what: 'presence enter' });
    expect(presence[0]!.member.clientId).to.equal('polling-ann');
    await polling.typing.keystroke();
    await waitFor(() => typing.at(-1)?.currentTypers.length === 1 || undefined, { what: 'typing start' });
    await polling.typing.stop();
    await waitFor(() => typing.at(-1)?.currentTypers.length === 0 || undefined, { what: 'typing stop' });
    await socket.reactions.send({ name: '🎉' });
    await waitFor(() => reactions.length === 1 || undefined, { what: 'a room reaction' });
    expect(reactions[0]!.reaction).to.include({ name: '🎉', clientId: 'socket-dana' });

    const history = await polling.messages.history({ limit: 10 });
    expect(history.items.map((m) => m.text)).to.deep.equal([...texts].reverse());
  });
});
