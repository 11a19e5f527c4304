import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import {
  FORMATS,
  collect,
  connectionState,
  realtime,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';

function recoverWith(connectionKey: string): string {
  return JSON.stringify({ connectionKey, msgSerial: 0, channelSerials: {} });
}

describe.each(FORMATS)('connection recovery over $format', ({ useBinaryProtocol }) => {
  // RTN16d
  it('recovers the same connection id under a new connection key', async () => {
    const server = await startLocalAbly();
    const original = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    await connectionState(original, 'connected');
    const recoveryKey = original.connection.createRecoveryKey()!;
    const oldKey = original.connection.key;

    const recovered = realtime(server, useBinaryProtocol, { clientId: 'alice', recover: recoveryKey });
    await connectionState(recovered, 'connected');
    expect(recovered.connection.id).toBe(original.connection.id);
    expect(recovered.connection.key).not.toBe(oldKey);
    expect(recovered.connection.errorReason ?? null).toBeNull();
  });

  // RTN16d, RTN15c7: the instance it was recovered from cannot resume it any more
  it('gives the original client a fresh connection with 80008 when it tries to resume after a recovery', async () => {
    const server = await startLocalAbly();
    const original = realtime(server, useBinaryProtocol, {
      clientId: 'alice',
      disconnectedRetryTimeout: 50,
    });
    await connectionState(original, 'connected');
    const oldId = original.connection.id;
    const recovered = realtime(server, useBinaryProtocol, {
      clientId: 'alice',
      recover: original.connection.createRecoveryKey()!,
    });
    await connectionState(recovered, 'connected');

    // Recovering took the connection's socket away from the original, which now resumes with its old key.
    await vi.waitFor(() => expect(original.connection.errorReason?.code).toBe(80008), { timeout: 5000 });
    await connectionState(original, 'connected');
    expect(original.connection.id).not.toBe(oldId);
    expect(recovered.connection.id).toBe(oldId);
    expect(recovered.connection.state).toBe('connected');
  });

  // RTN16i, RTN16j, RTL2f: the channels in the recovery key resume with their serials
  it('resumes the recovered channels and delivers what was published after the key was taken', async () => {
    const server = await startLocalAbly();
    const name = uniqueName();
    const original = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    const channel = original.channels.get(name);
    await channel.attach();
    const seen = collect(channel);
    const publisher = realtime(server, useBinaryProtocol).channels.get(name);
    await publisher.publish('before', 'seen');
    // The publisher hears its ACK first (DESIGN §3.4): the key is taken once the original saw the message.
    await vi.waitFor(() => expect(seen.map((m) => m.data)).toEqual(['seen']));
    await vi.waitFor(() => expect(original.connection.createRecoveryKey()).toContain('@'));
    const recoveryKey = original.connection.createRecoveryKey()!;
    await publisher.publish('after', 'missed');

    const recovered = realtime(server, useBinaryProtocol, { clientId: 'alice', recover: recoveryKey });
    const again = recovered.channels.get(name);
    const got = collect(again);
    const attached = new Promise<Ably.ChannelStateChange>((resolve) => again.once('attached', resolve));
    await again.attach();
    expect((await attached).resumed).toBe(true);
    await vi.waitFor(() => expect(got.map((m) => m.data)).toEqual(['missed']));
  });

  // RTN16l, RTN15c4: a key this server could never have issued is 80018
  it.each(['abc!def', 'not a key', '!'])(
    'gives a fresh connection with 80018 for the malformed key %j',
    async (key) => {
      const server = await startLocalAbly();
      const client = realtime(server, useBinaryProtocol, { recover: recoverWith(key) });
      await connectionState(client, 'connected');
      expect(client.connection.errorReason).toMatchObject({ code: 80018, statusCode: 400 });
    },
  );

  // RTN16l, RTN15c7: a well-formed key of no known connection is 80008
  it('gives a fresh connection with 80008 for a well-formed but unknown key', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol, {
      recover: recoverWith('AAAAAAAAAAA!BBBBBBBBBBBBBBBB'),
    });
    await connectionState(client, 'connected');
    expect(client.connection.errorReason?.code).toBe(80008);
  });

  // RTN16l: recovering another clientId's connection is refused for incompatible credentials (80011)
  it('gives a fresh connection with 80011 when the recovering client has another clientId', async () => {
    const server = await startLocalAbly();
    const original = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    await connectionState(original, 'connected');
    const intruder = realtime(server, useBinaryProtocol, {
      clientId: 'mallory',
      recover: original.connection.createRecoveryKey()!,
    });
    await connectionState(intruder, 'connected');
    expect(intruder.connection.errorReason?.code).toBe(80011);
    expect(intruder.connection.id).not.toBe(original.connection.id);
    expect(original.connection.state).toBe('connected');
  });
});
