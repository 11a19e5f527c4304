import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import {
  FORMATS,
  collect,
  connectionState,
  nextEvent,
  realtime,
  rest,
  startLocalAbly,
  uniqueName,
  MUTABLE_NAMESPACE,
} from '../../../support/local-ably.js';
import { roomToken } from '../../../support/chat.js';
import { A, rawClient } from '../../../support/hostile.js';
import { expectServerHealthy } from '../../../support/server-health.js';

type Server = Awaited<ReturnType<typeof startLocalAbly>>;
type Capability = Record<string, string[]>;

const WAIT = { timeout: 10_000, interval: 20 };
const PARTICIPANT = [
  'publish',
  'subscribe',
  'presence',
  'history',
  'annotation-publish',
  'annotation-subscribe',
];

/**
 * A client whose authCallback signs a TokenRequest for whatever `capability` currently holds, as a backend
 * issuing per-room tokens would. `ttl` (ms) makes the token lapse, so the SDK renews and resumes.
 */
function switchableClient(
  server: Server,
  useBinaryProtocol: boolean,
  initial: Capability,
  ttl?: number,
): { client: Ably.Realtime; set: (capability: Capability) => void } {
  let capability = initial;
  const signer = rest(server, useBinaryProtocol);
  const client = realtime(server, useBinaryProtocol, {
    authCallback: (_params, callback) => {
      signer.auth
        .createTokenRequest({
          clientId: 'mallory',
          capability: JSON.stringify(capability),
          ...(ttl === undefined ? {} : { ttl }),
        })
        .then(
          (request) => callback(null, request),
          (err: Ably.ErrorInfo) => callback(err, null),
        );
    },
  });
  return { client, set: (next) => (capability = next) };
}

/** Publishes on `name` with the key and waits until `channel` got it. */
async function expectDelivery(server: Server, channel: Ably.RealtimeChannel, name: string, text: string) {
  const received = collect(channel, text);
  await rest(server, false).channels.get(name).publish(text, text);
  await vi.waitFor(() => expect(received.map((m) => m.data)).toEqual([text]), WAIT);
}

/** Issue #7 finding 2, as the attacker does it: a raw resume that never re-attaches. */
describe('a resume with a token for another room', () => {
  it('detaches the kept attachment with ERROR 40160 and delivers none of its messages', async () => {
    const server = await startLocalAbly();
    const roomA = uniqueName('a');
    const roomB = uniqueName('b');
    const first = await rawClient(
      server,
      `access_token=${roomToken(server, { clientId: 'mallory', room: roomA })}`,
    );
    first.send({ action: A.ATTACH, channel: `${roomA}::$chat` });
    await vi.waitFor(() => expect(first.ofAction(A.ATTACHED)).toHaveLength(1));
    const connected = first.ofAction(A.CONNECTED)[0]!;
    const { connectionKey } = connected.connectionDetails as { connectionKey: string };
    first.close();
    const tokenB = roomToken(server, { clientId: 'mallory', room: roomB });
    const resumed = await rawClient(
      server,
      `access_token=${tokenB}&resume=${encodeURIComponent(connectionKey)}`,
    );
    await vi.waitFor(() => expect(resumed.ofAction(A.ERROR)).toHaveLength(1));
    expect(resumed.ofAction(A.CONNECTED)[0]).toMatchObject({ connectionId: connected.connectionId });
    expect(resumed.ofAction(A.ERROR)[0]).toMatchObject({
      channel: `${roomA}::$chat`,
      error: { code: 40160 },
    });
    resumed.send({ action: A.ATTACH, channel: `${roomB}::$chat` });
    await vi.waitFor(() => expect(resumed.ofAction(A.ATTACHED)).toHaveLength(1));
    await rest(server, false).channels.get(`${roomA}::$chat`).publish('secret', 'for A only');
    await rest(server, false).channels.get(`${roomB}::$chat`).publish('open', 'for B');
    await vi.waitFor(() => expect(resumed.ofAction(A.MESSAGE)).toHaveLength(1));
    expect(resumed.ofAction(A.MESSAGE)[0]).toMatchObject({ channel: `${roomB}::$chat` });
    await expectServerHealthy(server);
  });
});

/** Issue #7 finding 2: on resume and on every AUTH, attachments answer to the new capability (DESIGN §6.4). */
describe.each(FORMATS)('attachments after a capability change over $format', ({ useBinaryProtocol }) => {
  it('fails channel A with 40160 and stops its messages when a resume brings a token for room B only', async () => {
    const server = await startLocalAbly();
    const roomA = `${uniqueName('a')}::$chat`;
    const roomB = `${uniqueName('b')}::$chat`;
    const mallory = switchableClient(server, useBinaryProtocol, { [roomA]: PARTICIPANT }, 1500);
    const channelA = mallory.client.channels.get(roomA);
    await channelA.attach();
    const received = collect(channelA);
    const connectionId = mallory.client.connection.id;
    const failed = nextEvent<Ably.ChannelStateChange>((l) => channelA.once('failed', l));
    mallory.set({ [roomB]: PARTICIPANT });
    const change = await failed;
    expect(change.reason?.code).toBe(40160);
    expect(channelA.errorReason?.code).toBe(40160);
    expect(mallory.client.connection.id).toBe(connectionId);
    await rest(server, false).channels.get(roomA).publish('secret', 'for A only');
    const channelB = mallory.client.channels.get(roomB);
    await channelB.attach();
    await expectDelivery(server, channelB, roomB, 'for B');
    expect(received).toEqual([]);
  });

  it('fails channel A with 40160 and stops its messages when authorize() brings a token for room B only', async () => {
    const server = await startLocalAbly();
    const roomA = `${uniqueName('a')}::$chat`;
    const roomB = `${uniqueName('b')}::$chat`;
    const mallory = switchableClient(server, useBinaryProtocol, { [roomA]: PARTICIPANT });
    const channelA = mallory.client.channels.get(roomA);
    await channelA.attach();
    const received = collect(channelA);
    const failed = nextEvent<Ably.ChannelStateChange>((l) => channelA.once('failed', l));
    mallory.set({ [roomB]: PARTICIPANT });
    await mallory.client.auth.authorize();
    expect((await failed).reason?.code).toBe(40160);
    await rest(server, false).channels.get(roomA).publish('secret', 'for A only');
    const other = realtime(server, false).channels.get(roomA);
    await other.attach();
    await expectDelivery(server, other, roomA, 'seen by others');
    expect(received).toEqual([]);
  });

  it('stops raw annotations but keeps messages when authorize() narrows to subscribe and history', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const name = uniqueName('mutable:test');
    const mallory = switchableClient(server, useBinaryProtocol, { [name]: PARTICIPANT });
    const channel = mallory.client.channels.get(name, {
      modes: ['SUBSCRIBE', 'PUBLISH', 'ANNOTATION_SUBSCRIBE', 'ANNOTATION_PUBLISH'],
    });
    await channel.attach();
    const annotations: Ably.Annotation[] = [];
    await channel.annotations.subscribe((a) => annotations.push(a));
    const summaries = collect(channel);
    const bob = realtime(server, useBinaryProtocol, { clientId: 'bob' }).channels.get(name);
    const { serials } = await bob.publish('m', 'annotate me');
    await bob.annotations.publish(serials[0]!, { type: 'r:distinct.v1', name: 'one' });
    await vi.waitFor(() => expect(annotations).toHaveLength(1));
    mallory.set({ [name]: ['subscribe', 'history'] });
    await mallory.client.auth.authorize();
    await bob.annotations.publish(serials[0]!, { type: 'r:distinct.v1', name: 'two' });
    await vi.waitFor(() =>
      expect(summaries.filter((m) => m.action === 'message.summary').length).toBeGreaterThanOrEqual(2),
    );
    expect(annotations).toHaveLength(1);
    expect(channel.state).toBe('attached');
  });

  it('publishes on the attached channel at once when authorize() adds publish', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const mallory = switchableClient(server, useBinaryProtocol, { [name]: ['subscribe'] });
    const channel = mallory.client.channels.get(name);
    await channel.attach();
    await expect(channel.publish('early', 'x')).rejects.toMatchObject({ code: 40160 });
    mallory.set({ [name]: ['subscribe', 'publish'] });
    await mallory.client.auth.authorize();
    const received = collect(channel, 'later');
    await expect(channel.publish('later', 'now allowed')).resolves.toMatchObject({
      serials: [expect.any(String)],
    });
    await vi.waitFor(() => expect(received.map((m) => m.data)).toEqual(['now allowed']));
    expect(channel.state).toBe('attached');
  });

  it('recounts occupancy publishers when authorize() adds publish to an attached channel', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name, {
      params: { occupancy: 'metrics' },
    });
    const metrics: { publishers: number }[] = [];
    await watcher.subscribe('[meta]occupancy', (m) => metrics.push((m.data as { metrics: never }).metrics));
    const mallory = switchableClient(server, useBinaryProtocol, { [name]: ['subscribe'] });
    await mallory.client.channels.get(name).attach();
    await vi.waitFor(() => expect(metrics.at(-1)).toMatchObject({ connections: 2, publishers: 1 }));
    mallory.set({ [name]: ['subscribe', 'publish'] });
    await mallory.client.auth.authorize();
    await vi.waitFor(() => expect(metrics.at(-1)).toMatchObject({ connections: 2, publishers: 2 }));
  });

  it('makes the member leave when authorize() removes presence', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const watcher = realtime(server, useBinaryProtocol).channels.get(name);
    const mallory = switchableClient(server, useBinaryProtocol, { [name]: PARTICIPANT });
    await connectionState(mallory.client, 'connected');
    await mallory.client.channels.get(name).presence.enter('here');
    await vi.waitFor(async () => expect(await watcher.presence.get()).toHaveLength(1));
    mallory.set({ [name]: ['subscribe', 'history'] });
    await mallory.client.auth.authorize();
    await vi.waitFor(async () => expect(await watcher.presence.get()).toEqual([]));
    await expectServerHealthy(server);
  });
});
