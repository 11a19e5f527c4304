import * as Ably from 'ably';
import { expect } from 'chai';
import {
  browserClientOptions,
  startAblyLocal,
  stopAblyLocal,
  uniqueName,
} from '../../../support/browser/ably-local-browser.js';
import type { StartResult } from '../../../support/browser/ably-local-commands.js';
import { afterEach, describe, it } from '../../../support/browser/mocha-globals.js';

/** The browser's own EventSource against ably-local's SSE API, from another origin (the test page's). */
describe("a browser EventSource on ably-local's SSE API", () => {
  const serverIds: string[] = [];
  const sources: EventSource[] = [];

  afterEach(async () => {
    for (const source of sources.splice(0)) source.close();
    await Promise.all(serverIds.splice(0).map(stopAblyLocal));
  });

  async function startServer(): Promise<StartResult> {
    const server = await startAblyLocal();
    serverIds.push(server.id);
    return server;
  }

  function eventSource(server: StartResult, params: Record<string, string>): EventSource {
    const { endpoint, port } = server.clientOptions;
    const query = new URLSearchParams({ v: '1.2', ...params });
    const source = new EventSource(`http://${endpoint}:${port}/sse?${query.toString()}`);
    sources.push(source);
    return source;
  }

  function opened(source: EventSource): Promise<void> {
    return new Promise((resolve, reject) => {
      source.onopen = () => resolve();
      source.onerror = () => reject(new Error('unable to open the event source'));
    });
  }

  async function userToken(server: StartResult, channel: string, ttl?: number): Promise<string> {
    const rest = new Ably.Rest(browserClientOptions(server.clientOptions));
    const details = await rest.auth.requestToken({
      clientId: 'ulla',
      capability: { [channel]: ['subscribe'] },
      ...(ttl === undefined ? {} : { ttl }),
    });
    return details.token;
  }

  it('receives an object message as an enveloped event with a lastEventId', async () => {
    const server = await startServer();
    const channel = uniqueName('inbox');
    const source = eventSource(server, { channels: channel, accessToken: await userToken(server, channel) });
    await opened(source);
    const received = new Promise<MessageEvent<string>>((resolve) => (source.onmessage = resolve));
    const rest = new Ably.Rest(browserClientOptions(server.clientOptions));
    await rest.channels.get(channel).publish('inbox.update', { task: 't1', unread: 1 });
    const event = await received;
    expect(event.lastEventId).to.match(/\S/);
    const message = JSON.parse(event.data) as { channel: string; encoding: string; data: string };
    expect(message).to.include({ channel, encoding: 'json' });
    expect(JSON.parse(message.data)).to.deep.equal({ task: 't1', unread: 1 });
  });

  it('sees the 40142 error event when the token expires', async () => {
    const server = await startServer();
    const channel = uniqueName('inbox');
    const source = eventSource(server, {
      channels: channel,
      accessToken: await userToken(server, channel, 1000),
    });
    await opened(source);
    const failed = await new Promise<MessageEvent<string>>((resolve) => {
      source.addEventListener('error', (event) => {
        if (event instanceof MessageEvent) resolve(event as MessageEvent<string>);
      });
    });
    source.close();
    expect(JSON.parse(failed.data)).to.include({ code: 40142, statusCode: 401 });
  });

  it('fails without reconnecting when the token may not subscribe to the channel', async () => {
    const server = await startServer();
    const channel = uniqueName('inbox');
    const source = eventSource(server, {
      channels: uniqueName('inbox'),
      accessToken: await userToken(server, channel),
    });
    await new Promise<void>((resolve) => (source.onerror = () => resolve()));
    expect(source.readyState).to.equal(EventSource.CLOSED);
  });
});
