import { describe, expect, it, vi } from 'vitest';
import type { AblyError } from '../../../../server/ably-local/protocol/ably-error.js';
import { closeAfterTest, realtime, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { RawClient } from '../../../support/raw-client.js';
import { expectServerHealthy } from '../../../support/server-health.js';
import { TcpProxy } from '../../../support/tcp-proxy.js';

/**
 * A clock that throws while `fail` is set, when read from inside a function whose name appears in the call
 * stack (`within`), so one code path fails as a bug there would, and everything else keeps working.
 */
function failingClock(within?: string) {
  const state = { fail: false };
  return {
    state,
    clock: {
      now: () => {
        if (state.fail && (within === undefined || new Error().stack!.includes(within))) {
          throw new Error('clock exploded');
        }
        return Date.now();
      },
    },
  };
}

describe('exceptions outside any request (DESIGN §3.6)', () => {
  it('reports a throwing heartbeat timer through onError and keeps serving when the timer fails', async () => {
    const reports: [string, AblyError][] = [];
    const { state, clock } = failingClock();
    const server = await startLocalAbly({
      clock,
      onError: (operation, error) => reports.push([operation, error]),
      realtime: { maxIdleIntervalMs: 200 },
    });
    const client = realtime(server, false);
    await client.connection.once('connected');
    state.fail = true;
    await vi.waitFor(() => expect(reports.map(([op]) => op)).toContain('send heartbeats'));
    state.fail = false;
    const [, error] = reports.find(([op]) => op === 'send heartbeats')!;
    expect(error).toMatchObject({ code: 50000, statusCode: 500 });
    expect((error.cause as Error).message).toBe('clock exploded');
    await expectServerHealthy(server);
  });

  it('reports a throwing presence-leave timer and still serves when a dropped member leaves', async () => {
    const reports: string[] = [];
    const { state, clock } = failingClock('ChannelPresence.leaveConnection');
    const server = await startLocalAbly({
      clock,
      onError: (operation) => reports.push(operation),
      realtime: { presenceLeaveDelayMs: 50 },
    });
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const client = await RawClient.connect(
      proxy.port,
      `key=${encodeURIComponent(server.clientOptions.key)}&clientId=mallory`,
    );
    closeAfterTest(client);
    const channel = uniqueName();
    client.send({ action: 10, channel });
    client.send({ action: 14, channel, msgSerial: 0, presence: [{ action: 2, data: 'x' }] });
    await vi.waitFor(() => expect(client.ofAction(1)).toHaveLength(1));
    state.fail = true;
    proxy.block();
    await vi.waitFor(() => expect(reports).toContain('remove presence members of a dropped connection'));
    state.fail = false;
    await expectServerHealthy(server);
  });

  it('answers a frame whose handler fails internally with NACK 50000 and reports it', async () => {
    const reports: string[] = [];
    const { state, clock } = failingClock('ChannelMessages.publish');
    const server = await startLocalAbly({ clock, onError: (operation) => reports.push(operation) });
    const client = await RawClient.connect(
      server.port,
      `key=${encodeURIComponent(server.clientOptions.key)}`,
    );
    closeAfterTest(client);
    await vi.waitFor(() => expect(client.ofAction(4)).toHaveLength(1));
    state.fail = true;
    client.send({ action: 15, channel: uniqueName(), msgSerial: 0, messages: [{ data: 'x' }] });
    await vi.waitFor(() => expect(client.ofAction(2)).toHaveLength(1));
    state.fail = false;
    expect(client.ofAction(2)[0]).toMatchObject({ error: { code: 50000 } });
    expect(reports).toContain('process a frame');
    await expectServerHealthy(server);
  });

  it('reports a REST 500 and answers the next request when a route fails internally', async () => {
    const reports: string[] = [];
    const { state, clock } = failingClock('service-router.ts');
    const server = await startLocalAbly({ clock, onError: (operation) => reports.push(operation) });
    state.fail = true;
    const res = await fetch(`${server.url}/time`);
    state.fail = false;
    expect(res.status).toBe(500);
    expect(reports).toEqual(['answer GET /time']);
    await expectServerHealthy(server);
  });
});
