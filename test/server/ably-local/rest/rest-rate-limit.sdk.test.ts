import * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { roomToken } from '../../../support/chat.js';
import { codeOf, restCall } from '../../../support/hostile.js';
import { rest, sdkOptions, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';

/** Issue #7 finding 4: REST writes are rate-limited per key or token clientId, like realtime (DESIGN §7.1). */
describe('REST write rate limit', () => {
  it('answers 429/42910 once a key has used its burst of 200 writes and keeps answering reads', async () => {
    const server = await startLocalAbly();
    const channel = uniqueName();
    const body = { name: 'flood', data: 'x'.repeat(60_000) };
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => restCall(server, 'POST', `/channels/${channel}/messages`, body)),
    );
    const seconds = (Date.now() - started) / 1000;
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((a) => codeOf(a) === 42910)).toBe(true);
    // A burst of 200, then 100 a second.
    expect(answers.filter((a) => a.status === 201).length).toBeLessThanOrEqual(
      200 + Math.ceil(100 * seconds),
    );
    expect((await restCall(server, 'GET', `/channels/${channel}/messages?limit=1`)).status).toBe(200);
  });

  it('rejects an SDK publish with 42910 over the rate while another token clientId still publishes', async () => {
    const server = await startLocalAbly({ restWriteRate: 5 });
    const room = uniqueName('room');
    const client = (clientId: string) =>
      new Ably.Rest(sdkOptions(server, true, { token: roomToken(server, { clientId, room }) }));
    const mallory = client('mallory').channels.get(`${room}::$chat`);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => mallory.publish('m', String(i))),
    );
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 42910, statusCode: 429 });
    await expect(client('alice').channels.get(`${room}::$chat`).publish('m', 'fine')).resolves.toBeDefined();
    await expect(rest(server, true).channels.get(room).history()).resolves.toBeDefined();
    await expectServerHealthy(server);
  });
});
