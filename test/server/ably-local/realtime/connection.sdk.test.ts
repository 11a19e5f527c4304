import * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import {
  FORMATS,
  connectionState,
  realtime,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';

describe.each(FORMATS)('connection over $format', ({ useBinaryProtocol }) => {
  it('connects with the clientId it asked for', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    await connectionState(client, 'connected');
    expect(client.connection.id).toMatch(/^[\w-]+$/);
    expect(client.connection.key).toMatch(/^[\w-]+![\w-]+$/);
    expect(client.auth.clientId).toBe('alice');
  });

  it('reports no clientId for plain key auth', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol);
    await connectionState(client, 'connected');
    expect(client.auth.clientId).toBeFalsy();
  });

  it('answers a ping', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol);
    await connectionState(client, 'connected');
    await expect(client.connection.ping()).resolves.toBeTypeOf('number');
  });

  it('stays connected through idle periods thanks to heartbeats', async () => {
    const server = await startLocalAbly({ realtime: { maxIdleIntervalMs: 100 } });
    const client = realtime(server, useBinaryProtocol, { realtimeRequestTimeout: 150 });
    await connectionState(client, 'connected');
    const states: string[] = [];
    client.connection.on((change) => states.push(change.current));
    // The client drops a transport silent for maxIdleInterval + realtimeRequestTimeout (250 ms here). Absence of
    // a drop can only be observed over time, so wait several such windows without sending anything.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(states).toEqual([]);
  });

  it('closes cleanly and forgets the connection', async () => {
    // One connection slot: a connection the server still held would refuse the next with 42910.
    const server = await startLocalAbly({ realtime: { maxConnections: 1 } });
    const client = realtime(server, useBinaryProtocol, { clientId: 'alice' });
    await client.channels.get(uniqueName()).attach();
    const { id } = client.connection;
    const recoveryKey = client.connection.createRecoveryKey()!;
    client.close();
    await connectionState(client, 'closed');
    expect(client.connection.state).toBe('closed');

    // Forgotten: the slot is free again, and recovering the closed connection gets a new one (RTN16l).
    const again = realtime(server, useBinaryProtocol, { clientId: 'alice', recover: recoveryKey });
    await connectionState(again, 'connected');
    expect(again.connection.id).not.toBe(id);
    expect(again.connection.errorReason?.code).toBe(80008);
  });

  it('refuses connections beyond the limit with a retriable 42910', async () => {
    const server = await startLocalAbly({ realtime: { maxConnections: 1 } });
    const first = realtime(server, useBinaryProtocol);
    await connectionState(first, 'connected');
    const second = realtime(server, useBinaryProtocol, { disconnectedRetryTimeout: 60_000 });
    const change = await connectionState(second, 'disconnected');
    expect(change.reason?.code).toBe(42910);
    first.close();
  });

  it('fails the connection with 40101 for an unknown key', async () => {
    const server = await startLocalAbly();
    const client = realtime(server, useBinaryProtocol, { key: 'this.is:wrong' });
    const change = await connectionState(client, 'failed');
    expect(change.reason).toBeInstanceOf(Ably.ErrorInfo);
    expect(change.reason?.code).toBe(40101);
  });
});
