import * as Ably from 'ably';
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
import { afterEach, describe, it } from '../../../support/browser/mocha-globals.js';

/**
 * Subscribes a browser channel and resolves once it is attached (RTL7c), with a promise of the next
 * message. (Wrapped in an object: an async function returning a promise would wait for the message.)
 */
async function subscribeNext(
  channel: Ably.RealtimeChannel,
): Promise<{ received: Promise<Ably.InboundMessage> }> {
  let resolve!: (message: Ably.InboundMessage) => void;
  const received = new Promise<Ably.InboundMessage>((r) => (resolve = r));
  await channel.subscribe(resolve);
  return { received };
}

describe('a browser ably client against ably-local', () => {
  const serverIds: string[] = [];
  const clients: Ably.Realtime[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(serverIds.splice(0).map(stopAblyLocal));
  });

  async function startServer(): Promise<StartResult> {
    const server = await startAblyLocal();
    serverIds.push(server.id);
    return server;
  }

  async function connect(server: StartResult, clientId: string): Promise<Ably.Realtime> {
    const client = new Ably.Realtime(browserClientOptions(server.clientOptions, { clientId }));
    clients.push(client);
    await client.connection.whenState('connected');
    return client;
  }

  it('provides ErrorInfo and a plugin-preset Realtime when a browser test imports ably', () => {
    const error = new Ably.ErrorInfo('unable to test; example', 40000, 400);
    expect(error).to.be.instanceOf(Error);
    expect(error).to.include({ code: 40000, statusCode: 400 });
    expect(Ably.Realtime).to.be.a('function');
  });

  it('connects over a JSON WebSocket when useBinaryProtocol is false', async () => {
    const server = await startServer();
    const client = await connect(server, 'browser-alice');
    expect(client.connection.state).to.equal('connected');
    expect(client.connection.id).to.be.a('string').with.length.greaterThan(0);
    expect(client.auth.clientId).to.equal('browser-alice');
  });

  it('delivers a message to the browser when a Node client publishes', async () => {
    const server = await startServer();
    const channel = uniqueName();
    const client = await connect(server, 'browser-alice');
    const { received } = await subscribeNext(client.channels.get(channel));

    await nodePublish({ serverId: server.id, channel, name: 'greeting', data: { text: 'hi from node' } });

    const message = await received;
    expect(message.name).to.equal('greeting');
    expect(message.data).to.deep.equal({ text: 'hi from node' });
    expect(message.clientId).to.equal('node-publisher');
  });

  it('delivers a message to a Node client when the browser publishes', async () => {
    const server = await startServer();
    const channel = uniqueName();
    const client = await connect(server, 'browser-alice');
    const { subscriptionId } = await nodeSubscribe({ serverId: server.id, channel });

    await client.channels.get(channel).publish('reply', { text: 'hi from the browser' });

    const message = await nodeAwaitMessage({ subscriptionId, timeoutMs: 5_000 });
    expect(message.name).to.equal('reply');
    expect(message.data).to.deep.equal({ text: 'hi from the browser' });
    expect(message.clientId).to.equal('browser-alice');
    expect(message.connectionId).to.equal(client.connection.id);
  });

  it('returns both sides of a conversation from history() when the browser reads it over REST', async () => {
    const server = await startServer();
    const channel = uniqueName();
    const client = await connect(server, 'browser-alice');
    await nodePublish({ serverId: server.id, channel, name: 'question', data: 'ready?' });
    await client.channels.get(channel).publish('answer', 'ready');
    const rest = new Ably.Rest(browserClientOptions(server.clientOptions));

    const page = await rest.channels.get(channel).history({ direction: 'forwards' });

    expect(page.items.map((m) => [m.name, m.data, m.clientId])).to.deep.equal([
      ['question', 'ready?', 'node-publisher'],
      ['answer', 'ready', 'browser-alice'],
    ]);
  });

  it('rejects with 40101 when the browser REST client uses a wrong secret', async () => {
    const server = await startServer();
    const [keyName] = server.clientOptions.key.split(':');
    const rest = new Ably.Rest(
      browserClientOptions(server.clientOptions, { key: `${keyName}:wrong`, logLevel: 0 }),
    );

    const error: unknown = await rest.channels
      .get(uniqueName())
      .history()
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    // Browsers ask for `envelope=json`, and ably-js rejects with the enveloped `response.error` as is:
    // a plain { message, code, statusCode, href }, not an Ably.ErrorInfo (real Ably behaves the same).
    expect(error).to.include({ code: 40101, statusCode: 401 });
  });
});
