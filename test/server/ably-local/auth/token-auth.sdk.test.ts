import * as Ably from 'ably';
import jwt from 'jsonwebtoken';
import { describe, expect, it, vi } from 'vitest';
import {
  collect,
  connectionState,
  FORMATS,
  nextEvent,
  realtime,
  recordChannelStates,
  rest,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';

type Server = Awaited<ReturnType<typeof startLocalAbly>>;
type AuthCallback = NonNullable<Ably.ClientOptions['authCallback']>;
type TokenSource = () => Promise<Ably.TokenDetails | Ably.TokenRequest | string>;
type CapabilitySpec = Record<string, string[]>;

/** Waits long enough for a token to lapse and the SDK to renew it. */
const WAIT = { timeout: 10_000, interval: 20 };

/** An authCallback backed by `source` that counts how often the SDK asked for a token. */
function countingCallback(source: TokenSource): { authCallback: AuthCallback; calls: () => number } {
  let calls = 0;
  const authCallback: AuthCallback = (_params, callback) => {
    calls++;
    source().then(
      (token) => callback(null, token),
      (err: unknown) => callback(err instanceof Ably.ErrorInfo ? err : String(err), null),
    );
  };
  return { authCallback, calls: () => calls };
}

/** An Ably JWT (DESIGN §6.2) signed here with jsonwebtoken, never by ably-local. */
function ablyJwt(
  server: Server,
  claims: {
    clientId?: string;
    capability?: CapabilitySpec;
    iat?: number;
    ttlSeconds?: number;
    secret?: string;
  },
): string {
  const key = server.keys[0]!;
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iat,
    exp: iat + (claims.ttlSeconds ?? 3600),
    'x-ably-capability': JSON.stringify(claims.capability ?? { '*': ['*'] }),
  };
  if (claims.clientId !== undefined) payload['x-ably-clientId'] = claims.clientId;
  return jwt.sign(payload, claims.secret ?? key.secret, { algorithm: 'HS256', keyid: key.keyName });
}

/** Every connection state change from now on. */
function recordStates(client: Ably.Realtime): Ably.ConnectionStateChange[] {
  const changes: Ably.ConnectionStateChange[] = [];
  client.connection.on((change) => changes.push(change));
  return changes;
}

/** After a resume the SDK re-attaches (RTN15c6): wait for ATTACHED and check the channel never dropped out. */
async function expectStillAttached(channel: Ably.RealtimeChannel, changes: Ably.ChannelStateChange[]) {
  await vi.waitFor(() => expect(channel.state).toBe('attached'), WAIT);
  expect(changes.filter((c) => !['attaching', 'attached', 'update'].includes(c.current))).toEqual([]);
}

/** True once the connection went disconnected with `code` and later connected again. */
function reconnectedAfter(changes: Ably.ConnectionStateChange[], code: number): boolean {
  const dropped = changes.findIndex((c) => c.current === 'disconnected' && c.reason?.code === code);
  return dropped >= 0 && changes.slice(dropped).some((c) => c.current === 'connected');
}

describe.each(FORMATS)('token auth over $format', ({ useBinaryProtocol }) => {
  /** A realtime client whose authCallback returns TokenRequests signed by the test's key holder. */
  function tokenRequestClient(server: Server, tokenParams: Ably.TokenParams, extra: Ably.ClientOptions = {}) {
    const signer = rest(server, useBinaryProtocol);
    const auth = countingCallback(() => signer.auth.createTokenRequest(tokenParams));
    const client = realtime(server, useBinaryProtocol, { ...extra, authCallback: auth.authCallback });
    return { client, calls: auth.calls };
  }

  /** Publishes with the key and waits until `channel` has received the message. */
  async function expectDelivery(server: Server, channel: Ably.RealtimeChannel, text: string): Promise<void> {
    const received = collect(channel, text);
    await rest(server, useBinaryProtocol).channels.get(channel.name).publish(text, { text });
    await vi.waitFor(() => expect(received.map((m) => m.data)).toEqual([{ text }]), WAIT);
  }

  describe('credentials', () => {
    it('connects with the token clientId when an authCallback returns a TokenRequest', async () => {
      const server = await startLocalAbly();
      const { client, calls } = tokenRequestClient(server, { clientId: 'alice', capability: { '*': ['*'] } });
      const channel = client.channels.get(uniqueName());
      await channel.attach();
      const received = collect(channel);
      await channel.publish('hello', 'from alice');
      await vi.waitFor(() => expect(received).toHaveLength(1));
      expect(calls()).toBe(1);
      expect(client.auth.clientId).toBe('alice');
      expect(received[0]!.clientId).toBe('alice');
    });

    it('connects when an authCallback returns TokenDetails from requestToken', async () => {
      const server = await startLocalAbly();
      const signer = rest(server, useBinaryProtocol);
      const auth = countingCallback(() => signer.auth.requestToken({ clientId: 'bob' }));
      const client = realtime(server, useBinaryProtocol, { authCallback: auth.authCallback });
      await connectionState(client, 'connected');
      expect(client.auth.clientId).toBe('bob');
      const channel = client.channels.get(uniqueName());
      await channel.attach();
      const received = collect(channel);
      await channel.publish('hello', 'from bob');
      await vi.waitFor(() => expect(received.map((m) => m.clientId)).toEqual(['bob']));
    });

    it('learns the clientId from connectionDetails when the token is an Ably JWT', async () => {
      const server = await startLocalAbly();
      const name = uniqueName('jwt');
      const token = ablyJwt(server, { clientId: 'carol', capability: { [name]: ['publish', 'subscribe'] } });
      const client = realtime(server, useBinaryProtocol, { token });
      const connected = await connectionState(client, 'connected');
      expect(connected.current).toBe('connected');
      expect(client.auth.clientId).toBe('carol');
      const channel = client.channels.get(name);
      await channel.attach();
      const received = collect(channel);
      await channel.publish('hello', 'from carol');
      await vi.waitFor(() => expect(received.map((m) => m.clientId)).toEqual(['carol']));
    });

    it('stays connected when a JWT expires later than a timer can count', async () => {
      const server = await startLocalAbly();
      // 30 days: more than setTimeout's 2^31-1 ms, which Node would otherwise fire at once.
      const token = ablyJwt(server, { clientId: 'dave', ttlSeconds: 30 * 24 * 3600 });
      const client = realtime(server, useBinaryProtocol, { token });
      const changes = recordStates(client);
      const channel = client.channels.get(uniqueName());
      await channel.attach();
      await expectDelivery(server, channel, 'still-here');
      await client.connection.ping();
      expect(changes.map((c) => c.current)).toEqual(['connecting', 'connected']);
    });

    it('fails the connection with 40102 when the clientId option differs from the token', async () => {
      const server = await startLocalAbly();
      const token = ablyJwt(server, { clientId: 'alice' });
      const client = realtime(server, useBinaryProtocol, { token, clientId: 'bob' });
      const failed = await connectionState(client, 'failed');
      expect(failed.reason?.code).toBe(40102);
      expect(client.connection.errorReason?.code).toBe(40102);
    });

    it('reports 40144 and never connects when the authCallback keeps returning a forged JWT', async () => {
      const server = await startLocalAbly();
      const auth = countingCallback(async () =>
        ablyJwt(server, { clientId: 'mallory', secret: 'not-the-key-secret' }),
      );
      const client = realtime(server, useBinaryProtocol, { authCallback: auth.authCallback });
      const changes = recordStates(client);
      // RTN14b: one immediate renewal, then disconnected until disconnectedRetryTimeout.
      await vi.waitFor(() => {
        expect(auth.calls()).toBeGreaterThanOrEqual(2);
        expect(client.connection.state).toBe('disconnected');
        expect(client.connection.errorReason?.code).toBe(40144);
      }, WAIT);
      expect(changes.some((c) => c.current === 'connected')).toBe(false);
      expect(changes.find((c) => c.current === 'disconnected')?.reason?.code).toBe(40144);
    });

    it('fails the connection with 40101 when the key is unknown', async () => {
      const server = await startLocalAbly();
      const client = realtime(server, useBinaryProtocol, { key: 'this.is:wrong' });
      const failed = await connectionState(client, 'failed');
      expect(failed.reason?.code).toBe(40101);
      expect(failed.reason?.statusCode).toBe(401);
    });
  });

  describe('capabilities', () => {
    it('fails only the channel with 40160 when attaching outside the capability', async () => {
      const server = await startLocalAbly();
      const allowed = uniqueName('allowed');
      const { client } = tokenRequestClient(server, { capability: { [`${allowed}:*`]: ['subscribe'] } });
      const forbidden = client.channels.get(uniqueName('forbidden'));
      await expect(forbidden.attach()).rejects.toMatchObject({ code: 40160, statusCode: 401 });
      expect(forbidden.state).toBe('failed');
      expect(forbidden.errorReason?.code).toBe(40160);
      expect(client.connection.state).toBe('connected');
      const permitted = client.channels.get(`${allowed}:room`);
      await permitted.attach();
      expect(permitted.state).toBe('attached');
    });

    it('rejects a publish with 40160 when the capability lacks publish', async () => {
      const server = await startLocalAbly();
      const name = uniqueName();
      const { client } = tokenRequestClient(server, { capability: { [name]: ['subscribe', 'presence'] } });
      const channel = client.channels.get(name);
      await channel.attach();
      await expect(channel.publish('x', 'denied')).rejects.toMatchObject({ code: 40160, statusCode: 401 });
      expect(channel.state).toBe('attached');
      expect(client.connection.state).toBe('connected');
    });

    it('rejects a presence enter with 40160 when the capability lacks presence', async () => {
      const server = await startLocalAbly();
      const name = uniqueName();
      const { client } = tokenRequestClient(server, {
        clientId: 'alice',
        capability: { [name]: ['subscribe', 'publish'] },
      });
      const channel = client.channels.get(name);
      await expect(channel.presence.enter('here')).rejects.toMatchObject({ code: 40160, statusCode: 401 });
      expect(client.connection.state).toBe('connected');
      expect(await channel.presence.get()).toEqual([]);
    });

    it('rejects REST history with 401 and 40160 when the capability lacks history', async () => {
      const server = await startLocalAbly();
      const name = uniqueName();
      const signer = rest(server, useBinaryProtocol);
      const auth = countingCallback(() =>
        signer.auth.requestToken({ capability: { [name]: ['subscribe', 'publish'] } }),
      );
      const client = rest(server, useBinaryProtocol, { authCallback: auth.authCallback });
      await client.channels.get(name).publish('allowed', 'yes');
      await expect(client.channels.get(name).history()).rejects.toMatchObject({
        code: 40160,
        statusCode: 401,
      });
    });

    it('rejects a publish with 40165 when the channel was attached without the publish mode', async () => {
      const server = await startLocalAbly();
      const name = uniqueName();
      const { client } = tokenRequestClient(server, { capability: { [name]: ['publish', 'subscribe'] } });
      const channel = client.channels.get(name, { modes: ['SUBSCRIBE'] });
      await channel.attach();
      expect(channel.modes).toEqual(['subscribe']);
      await expect(channel.publish('x', 'wrong mode')).rejects.toMatchObject({
        code: 40165,
        statusCode: 401,
      });
      expect(channel.state).toBe('attached');
    });
  });

  describe('renewal', () => {
    // DESIGN §6.4, RTN15h2: DISCONNECTED 40142, new token, resume.
    it('renews the token and resumes the same connection when the token expires', async () => {
      const server = await startLocalAbly();
      const { client, calls } = tokenRequestClient(server, { clientId: 'alice', ttl: 1500 });
      const changes = recordStates(client);
      const channel = client.channels.get(uniqueName());
      await channel.attach();
      const channelChanges = recordChannelStates(channel);
      const connectionId = client.connection.id;
      await vi.waitFor(() => expect(reconnectedAfter(changes, 40142)).toBe(true), WAIT);
      expect(calls()).toBeGreaterThanOrEqual(2);
      expect(client.connection.id).toBe(connectionId);
      await expectStillAttached(channel, channelChanges);
      await expectDelivery(server, channel, 'after-renewal');
    });

    // RTC8a: AUTH while connected, answered by CONNECTED on the same connection.
    it('keeps the connection and its channels when authorize() is called while connected', async () => {
      const server = await startLocalAbly();
      const { client, calls } = tokenRequestClient(server, { clientId: 'alice' });
      const channel = client.channels.get(uniqueName());
      await channel.attach();
      const channelChanges = recordChannelStates(channel);
      const connectionId = client.connection.id;
      const updated = nextEvent<Ably.ConnectionStateChange>((l) => client.connection.once('update', l));
      const details = await client.auth.authorize();
      await updated;
      expect(details.clientId).toBe('alice');
      expect(calls()).toBe(2);
      expect(client.connection.state).toBe('connected');
      expect(client.connection.id).toBe(connectionId);
      await expectStillAttached(channel, channelChanges);
      await expectDelivery(server, channel, 'after-authorize');
    });

    // DESIGN §6.5: a wildcard token with a clientId option acts as that clientId, before and after renewal.
    it('keeps the asserted clientId when authorize() renews a wildcard token', async () => {
      const server = await startLocalAbly();
      const auth = countingCallback(async () => ablyJwt(server, { clientId: '*' }));
      const client = realtime(server, useBinaryProtocol, {
        authCallback: auth.authCallback,
        clientId: 'alice',
      });
      const channel = client.channels.get(uniqueName());
      await channel.attach();
      const connectionId = client.connection.id;
      await client.auth.authorize();
      expect(auth.calls()).toBe(2);
      expect(client.connection.state).toBe('connected');
      expect(client.connection.id).toBe(connectionId);
      expect(client.auth.clientId).toBe('alice');
      const received = collect(channel);
      await channel.publish('hello', 'still alice');
      await vi.waitFor(() => expect(received.map((m) => m.clientId)).toEqual(['alice']));
    });

    it('fails the connection with 40102 when authorize() brings a token for another clientId', async () => {
      const server = await startLocalAbly();
      let clientId = 'alice';
      const auth = countingCallback(async () => ablyJwt(server, { clientId }));
      const client = realtime(server, useBinaryProtocol, { authCallback: auth.authCallback });
      await connectionState(client, 'connected');
      expect(client.auth.clientId).toBe('alice');
      clientId = 'bob';
      await expect(client.auth.authorize()).rejects.toMatchObject({ code: 40102 });
      expect(client.connection.state).toBe('failed');
    });

    it('fails a channel with 40160 when authorize() narrows the capability to exclude it', async () => {
      const server = await startLocalAbly();
      const keepName = uniqueName('keep');
      const dropName = uniqueName('drop');
      let capability: Ably.TokenParams['capability'] = { [keepName]: ['*'], [dropName]: ['*'] };
      const signer = rest(server, useBinaryProtocol);
      const auth = countingCallback(() => signer.auth.createTokenRequest({ clientId: 'alice', capability }));
      const client = realtime(server, useBinaryProtocol, { authCallback: auth.authCallback });
      const keep = client.channels.get(keepName);
      const drop = client.channels.get(dropName);
      await Promise.all([keep.attach(), drop.attach()]);
      const connectionId = client.connection.id;
      const dropFailed = nextEvent<Ably.ChannelStateChange>((l) => drop.once('failed', l));
      capability = { [keepName]: ['*'] };
      await client.auth.authorize();
      const change = await dropFailed;
      expect(change.reason?.code).toBe(40160);
      expect(drop.state).toBe('failed');
      expect(keep.state).toBe('attached');
      expect(client.connection.state).toBe('connected');
      expect(client.connection.id).toBe(connectionId);
      await expectDelivery(server, keep, 'still-allowed');
    });
  });

  describe('revocation', () => {
    it('disconnects a revoked client with 40141 and leaves it disconnected when no new token comes', async () => {
      const server = await startLocalAbly();
      const admin = rest(server, useBinaryProtocol);
      let revoked = false;
      const auth = countingCallback(async () => {
        if (revoked) throw new Ably.ErrorInfo('unable to issue token; access withdrawn', 40100, 401);
        return admin.auth.requestToken({ clientId: 'alice' });
      });
      const client = realtime(server, useBinaryProtocol, { authCallback: auth.authCallback });
      const changes = recordStates(client);
      await connectionState(client, 'connected');
      revoked = true;
      const result = await admin.auth.revokeTokens([{ type: 'clientId', value: 'alice' }]);
      expect(result.successCount).toBe(1);
      await vi.waitFor(() => {
        expect(changes.find((c) => c.reason?.code === 40141)?.current).toBe('disconnected');
        expect(auth.calls()).toBeGreaterThanOrEqual(2);
        expect(['disconnected', 'failed']).toContain(client.connection.state);
        expect(client.connection.errorReason?.code).toBe(80019);
      }, WAIT);
    });

    it('leaves other clientIds connected when one clientId is revoked', async () => {
      const server = await startLocalAbly();
      const admin = rest(server, useBinaryProtocol);
      const alice = tokenRequestClient(server, { clientId: 'alice' }).client;
      const bob = tokenRequestClient(server, { clientId: 'bob' }).client;
      const aliceChanges = recordStates(alice);
      const bobChanges = recordStates(bob);
      const bobChannel = bob.channels.get(uniqueName());
      await Promise.all([connectionState(alice, 'connected'), bobChannel.attach()]);
      await admin.auth.revokeTokens([{ type: 'clientId', value: 'alice' }]);
      await vi.waitFor(() => expect(reconnectedAfter(aliceChanges, 40141)).toBe(true), WAIT);
      await expectDelivery(server, bobChannel, 'bob-unaffected');
      expect(bobChanges.map((c) => c.current)).toEqual(['connecting', 'connected']);
    });

    it('reconnects a revoked client when the authCallback returns a JWT issued after the revocation', async () => {
      const server = await startLocalAbly();
      const admin = rest(server, useBinaryProtocol);
      // JWT iat has second precision: mint pre-revocation tokens in an earlier second, later ones after it.
      const early = ablyJwt(server, { clientId: 'alice', iat: Math.floor(Date.now() / 1000) - 1 });
      let revoked = false;
      const auth = countingCallback(async () =>
        revoked ? ablyJwt(server, { clientId: 'alice', iat: Math.ceil(Date.now() / 1000) }) : early,
      );
      const client = realtime(server, useBinaryProtocol, { authCallback: auth.authCallback });
      const changes = recordStates(client);
      const channel = client.channels.get(uniqueName());
      await channel.attach();
      const channelChanges = recordChannelStates(channel);
      revoked = true;
      await admin.auth.revokeTokens([{ type: 'clientId', value: 'alice' }]);
      await vi.waitFor(() => expect(reconnectedAfter(changes, 40141)).toBe(true), WAIT);
      expect(auth.calls()).toBeGreaterThanOrEqual(2);
      await expectStillAttached(channel, channelChanges);
      await expectDelivery(server, channel, 'after-revocation');
    });

    it('refuses a token with 40141 when it was issued before the revocation', async () => {
      const server = await startLocalAbly();
      const admin = rest(server, useBinaryProtocol);
      const early = await admin.auth.requestToken({ clientId: 'alice' });
      await admin.auth.revokeTokens([{ type: 'clientId', value: 'alice' }]);
      const auth = countingCallback(async () => early);
      const client = realtime(server, useBinaryProtocol, { authCallback: auth.authCallback });
      const changes = recordStates(client);
      await vi.waitFor(() => {
        expect(client.connection.state).toBe('disconnected');
        expect(client.connection.errorReason?.code).toBe(40141);
        expect(auth.calls()).toBeGreaterThanOrEqual(2);
      }, WAIT);
      expect(changes.some((c) => c.current === 'connected')).toBe(false);
    });
  });

  describe('token requests', () => {
    it('rejects a token request with 40105 when its nonce is replayed', async () => {
      const server = await startLocalAbly();
      const signer = rest(server, useBinaryProtocol);
      const request = await signer.auth.createTokenRequest({ clientId: 'alice' });
      const exchange = () =>
        signer.auth.requestToken(undefined, { authCallback: (_params, callback) => callback(null, request) });
      await expect(exchange()).resolves.toMatchObject({ clientId: 'alice' });
      await expect(exchange()).rejects.toMatchObject({ code: 40105, statusCode: 401 });
    });

    it.each([
      ['behind', -5 * 60_000],
      ['ahead', 5 * 60_000],
    ])(
      'rejects a token request with 40104 when its timestamp is %s by more than 2 minutes',
      async (_title, skew) => {
        const server = await startLocalAbly();
        const signer = rest(server, useBinaryProtocol);
        await expect(signer.auth.requestToken({ timestamp: Date.now() + skew })).rejects.toMatchObject({
          code: 40104,
          statusCode: 401,
        });
      },
    );

    it('issues a token narrowed to the key capability when the request asks for more', async () => {
      const server = await startLocalAbly({
        keys: [{ key: 'app.scoped:scoped-secret', capability: { 'chat:*': ['subscribe', 'publish'] } }],
      });
      const signer = rest(server, useBinaryProtocol);
      const details = await signer.auth.requestToken({ capability: { '*': ['*'] } });
      // The key's own operations, in the key's order (ably-js rest/capability.test.js).
      expect(JSON.parse(details.capability)).toEqual({ 'chat:*': ['subscribe', 'publish'] });
    });

    it('issues a token with exactly the capability requested when it equals the key’s', async () => {
      // ably-js rest/capability.test.js "Equal intersection with specified key", the test app's key 1.
      const capability: Record<string, Ably.capabilityOp[]> = {
        'cansubscribe:*': ['subscribe'],
        'canpublish:*': ['publish'],
        'canpublish:andpresence': ['presence', 'publish'],
        'pushenabled:*': ['publish', 'subscribe', 'push-subscribe'],
        'pushenabled:admin:*': ['publish', 'subscribe', 'push-admin'],
      };
      const server = await startLocalAbly({ keys: [{ key: 'app.one:one-secret', capability }] });
      const requested = structuredClone(capability);
      const details = await rest(server, useBinaryProtocol).auth.requestToken({ capability: requested });
      // The SDK sorts the requested lists in place (c14n) and compares with them, as ably-js's test does.
      expect(JSON.parse(details.capability)).toStrictEqual(requested);
      expect(Object.keys(JSON.parse(details.capability)).sort()).toEqual(Object.keys(capability).sort());
    });

    it('rejects a request with 40160 when the capability shares nothing with the key', async () => {
      const server = await startLocalAbly({
        keys: [{ key: 'app.scoped:scoped-secret', capability: { 'chat:*': ['subscribe'] } }],
      });
      const signer = rest(server, useBinaryProtocol);
      await expect(signer.auth.requestToken({ capability: { other: ['publish'] } })).rejects.toMatchObject({
        code: 40160,
        statusCode: 401,
      });
    });
  });
});
