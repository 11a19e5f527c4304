import type * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';
import { EventStreamClient, type ReceivedEvent } from '../../../support/event-stream-client.js';
import { nextEvent, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

const KEY = 'app.full:full-secret';

function streamUrl(server: LocalAbly, params: Record<string, string>, path = '/sse'): string {
  return `${server.url}${path}?${new URLSearchParams({ v: '1.2', ...params }).toString()}`;
}

function open(server: LocalAbly, params: Record<string, string>, path = '/sse') {
  return EventStreamClient.open(streamUrl(server, params, path));
}

function json(event: ReceivedEvent): Record<string, unknown> {
  return JSON.parse(event.data!) as Record<string, unknown>;
}

async function tokenFor(server: LocalAbly, capability: Ably.TokenParams['capability'], ttl?: number) {
  const details: Ably.TokenDetails = await rest(server, false).auth.requestToken({
    clientId: 'ulla',
    capability,
    ...(ttl === undefined ? {} : { ttl }),
  });
  return details.token;
}

describe('the SSE API', () => {
  it('streams a message published over REST with key auth, enveloped as Ably sends it', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const stream = await open(server, { channels: channel, key: KEY });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');

    await rest(server, false).channels.get(channel).publish('inbox.update', { task: 't1', unread: 3 });
    const [event] = await stream.take(1);
    expect(event!.event).toBe('message');
    expect(event!.id).toMatch(/\S/);
    const message = json(event!);
    expect(message).toMatchObject({ channel, name: 'inbox.update', encoding: 'json' });
    expect(typeof message.id).toBe('string');
    expect(typeof message.timestamp).toBe('number');
    expect(JSON.parse(message.data as string)).toEqual({ task: 't1', unread: 3 });
    stream.close();
  });

  it('streams with an Ably token limited to subscribe on the one channel, from a Realtime publisher', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const token = await tokenFor(server, { [channel]: ['subscribe'] });
    const stream = await open(server, { channel, accessToken: token });
    const publisher = realtime(server, true, { clientId: 'dana' });
    await publisher.channels.get(channel).publish('note', 'hello');
    const [event] = await stream.take(1);
    expect(json(event!)).toMatchObject({ channel, name: 'note', data: 'hello', clientId: 'dana' });
    stream.close();
  });

  it('refuses a channel the token may not subscribe to with 401 and an error event 40160', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const mine = uniqueName('inbox');
    const theirs = uniqueName('inbox');
    const token = await tokenFor(server, { [mine]: ['subscribe'] });
    const stream = await open(server, { channels: `${mine},${theirs}`, accessToken: token });
    await stream.ended;
    expect(stream.status).toBe(401);
    expect(stream.headers.get('x-ably-errorcode')).toBe('40160');
    expect(stream.received).toHaveLength(1);
    expect(stream.received[0]!.event).toBe('error');
    expect(json(stream.received[0]!)).toMatchObject({ code: 40160, statusCode: 401 });
  });

  it('refuses a publish-only capability, a wrong key, a forged token and a missing version', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const publishOnly = await tokenFor(server, { [channel]: ['publish'] });
    const cases: [Record<string, string>, number, number][] = [
      [{ channels: channel, accessToken: publishOnly }, 401, 40160],
      [{ channels: channel, key: 'app.full:wrong-secret' }, 401, 40101],
      [{ channels: channel, accessToken: `${publishOnly.slice(0, -4)}AAAA` }, 401, 40144],
      [{ channels: channel }, 401, 40100],
    ];
    for (const [params, status, code] of cases) {
      const stream = await open(server, params);
      await stream.ended;
      expect([stream.status, json(stream.received[0]!).code]).toEqual([status, code]);
    }
    const noVersion = await fetch(`${server.url}/sse?channels=${channel}&key=${KEY}`);
    expect(noVersion.status).toBe(400);
    expect(noVersion.headers.get('x-ably-errorcode')).toBe('40000');
  });

  it('ends the stream with an error event 40142 when the token expires', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const token = await tokenFor(server, { [channel]: ['subscribe'] }, 1000);
    const stream = await open(server, { channels: channel, accessToken: token });
    expect(stream.status).toBe(200);
    await stream.ended;
    const last = stream.received.at(-1)!;
    expect(last.event).toBe('error');
    expect(json(last)).toMatchObject({ code: 40142, statusCode: 401 });
  });

  it('ends the stream with an error event 40141 when the token is revoked', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const token = await tokenFor(server, { [channel]: ['subscribe'] });
    const stream = await open(server, { channels: channel, accessToken: token });
    await rest(server, false).auth.revokeTokens([{ type: 'clientId', value: 'ulla' }]);
    await stream.ended;
    expect(json(stream.received.at(-1)!)).toMatchObject({ code: 40141 });
  });

  it('sends the last messages first with rewind, then live ones', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const publisher = rest(server, true).channels.get(channel);
    for (const n of [1, 2, 3]) await publisher.publish('n', String(n));
    const stream = await open(server, { channels: channel, key: KEY, rewind: '2' });
    await stream.take(2);
    await publisher.publish('n', '4');
    const events = await stream.take(3);
    expect(events.map((e) => json(e).data)).toEqual(['2', '3', '4']);
    stream.close();
  });

  it('resumes after lastEvent (query param or Last-Event-ID header) with exactly the missed messages', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const publisher = rest(server, false).channels.get(channel);
    const first = await open(server, { channels: channel, key: KEY });
    await publisher.publish('n', '1');
    const [seen] = await first.take(1);
    first.close();
    await first.ended;
    await publisher.publish('n', '2');
    await publisher.publish('n', '3');

    const resumed = await open(server, { channels: channel, key: KEY, lastEvent: seen!.id!, rewind: '10' });
    const events = await resumed.take(2);
    expect(events.map((e) => json(e).data)).toEqual(['2', '3']);
    resumed.close();

    const byHeader = await EventStreamClient.open(streamUrl(server, { channels: channel, key: KEY }), {
      headers: { 'Last-Event-ID': events[0]!.id! },
    });
    const [again] = await byHeader.take(1);
    expect(json(again!).data).toBe('3');
    expect(again!.id).toBe(events[1]!.id);
    byHeader.close();
  });

  it('sends the bare payload with enveloped=false', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const stream = await open(server, { channels: channel, key: KEY, enveloped: 'false' });
    const publisher = rest(server, true).channels.get(channel);
    await publisher.publish('obj', { unread: 2 });
    await publisher.publish('text', 'line one\nline two');
    const events = await stream.take(2);
    expect(JSON.parse(events[0]!.data!)).toEqual({ unread: 2 });
    expect(events[1]!.data).toBe('line one\nline two');
    stream.close();
  });

  it('streams two channels, named with a separator, each event naming its channel', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const [a, b] = [`${uniqueName('inbox')},x`, uniqueName('inbox')];
    const stream = await open(server, { channels: `${a}|${b}`, separator: '|', key: KEY });
    const client = rest(server, false);
    await client.channels.get(a).publish('n', 'to a');
    await client.channels.get(b).publish('n', 'to b');
    const events = await stream.take(2);
    expect(events.map((e) => [json(e).channel, json(e).data])).toEqual([
      [a, 'to a'],
      [b, 'to b'],
    ]);
    expect(events[1]!.id! > events[0]!.id!).toBe(true);
    stream.close();
  });

  it('delivers a batch publish to every stream of its channels', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const [a, b] = [uniqueName('inbox'), uniqueName('inbox')];
    const streamA = await open(server, { channels: a, key: KEY });
    const streamB = await open(server, { channels: b, key: KEY });
    await rest(server, true).batchPublish({
      channels: [a, b],
      messages: [{ name: 'inbox.update', data: { n: 1 } }],
    });
    for (const [stream, channel] of [
      [streamA, a],
      [streamB, b],
    ] as const) {
      const [event] = await stream.take(1);
      expect(json(event!)).toMatchObject({
        channel,
        name: 'inbox.update',
        encoding: 'json',
        data: '{"n":1}',
      });
      stream.close();
    }
  });

  it('serves the plain event stream as JSON lines, and SSE on /event-stream when asked for it', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const plain = await EventStreamClient.open(streamUrl(server, { channels: channel }, '/event-stream'), {
      plain: true,
      headers: { authorization: `Basic ${Buffer.from(KEY).toString('base64')}` },
    });
    const sse = await EventStreamClient.open(
      streamUrl(server, { channels: channel, key: KEY }, '/event-stream'),
      {
        headers: { accept: 'text/event-stream' },
      },
    );
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    await rest(server, false).channels.get(channel).publish('n', 'both');
    const [line] = await plain.take(1);
    const [event] = await sse.take(1);
    expect(line).toMatchObject({ event: 'message', id: event!.id });
    expect(json(line!)).toEqual(json(event!));
    plain.close();
    sse.close();
  });

  it('sends presence changes as presence events', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('room');
    const stream = await open(server, { channels: channel, key: KEY });
    await realtime(server, false, { clientId: 'dana' }).channels.get(channel).presence.enter('here');
    const [event] = await stream.take(1);
    expect(event!.event).toBe('presence');
    expect(json(event!)).toMatchObject({ channel, clientId: 'dana', data: 'here' });
    stream.close();
  });

  it('sends keepalives on an idle stream, and heartbeat events with heartbeats=true', async () => {
    const server = await startLocalAbly({ keys: [KEY], realtime: { maxIdleIntervalMs: 200 } });
    const channel = uniqueName('inbox');
    const quiet = await open(server, { channels: channel, key: KEY });
    const beating = await open(server, { channels: channel, key: KEY, heartbeats: 'true' });
    await quiet.until(() => quiet.events.some((e) => e.event === 'keepalive'), 'a keepalive');
    await beating.take(1, 'a heartbeat');
    expect(beating.received[0]).toEqual({ event: 'heartbeat', data: '' });
    quiet.close();
    beating.close();
  });

  it('answers a browser origin with CORS headers', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const stream = await EventStreamClient.open(
      streamUrl(server, { channels: uniqueName('inbox'), key: KEY }),
      {
        headers: { origin: 'http://localhost:5173' },
      },
    );
    expect(stream.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    stream.close();
  });

  it('frees every subscription when streams close', async () => {
    const server = await startLocalAbly({ keys: [KEY] });
    const channel = uniqueName('inbox');
    const watcher = realtime(server, false).channels.get(channel, { params: { occupancy: 'metrics' } });
    const occupancy: ((subscribers: number) => void)[] = [];
    await watcher.subscribe('[meta]occupancy', (m: Ably.InboundMessage) => {
      const { subscribers } = (m.data as { metrics: { subscribers: number } }).metrics;
      for (const listener of occupancy) listener(subscribers);
    });
    const subscribers = (count: number) =>
      nextEvent<number>(
        (listener) => occupancy.push(listener),
        (n) => n === count,
        {
          what: `${count} subscribers`,
        },
      );
    const opened = subscribers(41);
    const streams = await Promise.all(
      Array.from({ length: 40 }, () => open(server, { channels: channel, key: KEY })),
    );
    await opened;
    await rest(server, false).channels.get(channel).publish('n', 'all');
    await Promise.all(streams.map((s) => s.take(1)));
    const closed = subscribers(1);
    for (const stream of streams) stream.close();
    await closed;
  });
});
