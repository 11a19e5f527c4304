import type * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { FORMATS, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

const LIMITED = 'app.limited:limited-secret';
const FULL = 'app.full:full-secret';

/** The first key (the SDK helpers' default) may publish on `pub:*` and see presence on `sub:*` only. */
async function batchServer() {
  return startLocalAbly({
    keys: [
      { key: LIMITED, capability: { 'pub:*': ['publish'], 'sub:*': ['subscribe'] } },
      { key: FULL, capability: { '*': ['*'] } },
    ],
  });
}

async function historyData(client: Ably.Rest, name: string): Promise<unknown[]> {
  const page = await client.channels.get(name).history({ direction: 'forwards' });
  return page.items.map((m) => m.data);
}

describe.each(FORMATS)('batch publish and presence over $format', ({ useBinaryProtocol }) => {
  // RSC22, RSC22c, RSC22b, BAR2, BPR2, BPF2
  it('publishes each spec to its channels and answers one result per spec with per-channel failures', async () => {
    const server = await batchServer();
    const [a, b] = [`pub:${uniqueName()}`, `pub:${uniqueName()}`];
    const [deniedA, deniedB] = [`sub:${uniqueName()}`, uniqueName()];
    const results = await rest(server, useBinaryProtocol).batchPublish([
      { channels: [a, deniedA], messages: [{ name: 'one', data: 'message1' }, { data: { n: 2 } }] },
      { channels: [b, deniedB], messages: [{ data: 'message3' }] },
    ]);

    expect(results).toHaveLength(2);
    expect(results.map((r) => [r.successCount, r.failureCount])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const [ok, denied] = results[0]!.results as [
      Ably.BatchPublishSuccessResult,
      Ably.BatchPublishFailureResult,
    ];
    expect(ok.channel).toBe(a);
    expect(ok.messageId).not.toHaveLength(0);
    expect(ok.serials).toHaveLength(2);
    expect('error' in ok).toBe(false);
    expect(denied.channel).toBe(deniedA);
    expect('messageId' in denied).toBe(false);
    expect(denied.error).toMatchObject({ code: 40160, statusCode: 401 });
    expect(results[1]!.results[1]).toMatchObject({ channel: deniedB, error: { statusCode: 401 } });

    const reader = rest(server, useBinaryProtocol, { key: FULL });
    expect(await historyData(reader, a)).toEqual(['message1', { n: 2 }]);
    expect(await historyData(reader, b)).toEqual(['message3']);
    expect(await historyData(reader, deniedA)).toEqual([]);
  });

  // RSC22b: a single spec gives a single result
  it('answers a single result when given a single spec', async () => {
    const server = await batchServer();
    const name = `pub:${uniqueName()}`;
    const result = await rest(server, useBinaryProtocol).batchPublish({
      channels: [name],
      messages: [{ data: 'solo' }],
    });
    expect(result).toMatchObject({ successCount: 1, failureCount: 0, results: [{ channel: name }] });
    expect(await historyData(rest(server, useBinaryProtocol, { key: FULL }), name)).toEqual(['solo']);
  });

  // HP3–HP7 with protocol version 2: ably-js rest/request.test.js request_batch_api_success (and the partial
  // failure case it skips), which ask for the answer format of that version.
  it('answers one result per channel to rest.request() with protocol version 2, and 40020 with batchResponse when one fails', async () => {
    const server = await batchServer();
    const client = rest(server, useBinaryProtocol, { key: FULL });
    const [one, two] = [`pub:${uniqueName()}`, `pub:${uniqueName()}`];
    const ok = await client.request(
      'POST',
      '/messages',
      2,
      {},
      { channels: [one, two], messages: { data: 'foo' } },
    );
    expect(ok).toMatchObject({ success: true, statusCode: 201, errorCode: null, errorMessage: null });
    expect(ok.items).toEqual([
      expect.objectContaining({ channel: one, messageId: expect.any(String) }),
      expect.objectContaining({ channel: two, messageId: expect.any(String) }),
    ]);
    expect(await historyData(client, two)).toEqual(['foo']);
    const partial = await client.request(
      'POST',
      '/messages',
      2,
      {},
      { channels: [one, ':invalid'], messages: { data: 'bar' } },
    );
    expect(partial).toMatchObject({ success: false, statusCode: 400, errorCode: 40020 });
    expect(partial.items[0].error.code).toBe(40020);
    expect(partial.items[0].batchResponse).toEqual([
      expect.objectContaining({ channel: one }),
      expect.objectContaining({ channel: ':invalid', error: expect.objectContaining({ code: 40010 }) }),
    ]);
    // The current version keeps the BatchResult format.
    const current = await client.request(
      'POST',
      '/messages',
      6,
      {},
      { channels: [one, two], messages: { data: 'baz' } },
    );
    expect(current.items).toEqual([expect.objectContaining({ successCount: 2, failureCount: 0 })]);
  });

  // RSC22: a channel that cannot be published to fails alone
  it('fails an invalid channel name with 40010 and still publishes to the others', async () => {
    const server = await batchServer();
    const name = `pub:${uniqueName()}`;
    const result = await rest(server, useBinaryProtocol, { key: FULL }).batchPublish({
      channels: [':invalid', name],
      messages: [{ data: 'x' }],
    });
    expect(result.successCount).toBe(1);
    expect(result.results[0]).toMatchObject({ channel: ':invalid', error: { code: 40010, statusCode: 400 } });
  });

  // RSC22: Ably's per-request channel limit
  it('refuses a batch naming more than 100 channels with 400/90010 and publishes nothing', async () => {
    const server = await batchServer();
    const channels = Array.from({ length: 101 }, () => `pub:${uniqueName()}`);
    const error = await rest(server, useBinaryProtocol)
      .batchPublish({ channels, messages: [{ data: 'x' }] })
      .catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({ code: 90010, statusCode: 400 });
    expect(await historyData(rest(server, useBinaryProtocol, { key: FULL }), channels[0]!)).toEqual([]);
  });

  // RSC24, BAR2, BGR2, BGF2
  it('fetches the presence of several channels with a per-channel failure where it may not subscribe', async () => {
    const server = await batchServer();
    const [denied, allowed] = [`pub:${uniqueName()}`, `sub:${uniqueName()}`];
    const member = realtime(server, useBinaryProtocol, { key: FULL, clientId: 'batchPresenceTest' });
    await member.channels.get(denied).presence.enter();
    await member.channels.get(allowed).presence.enter('here');

    // ably.d.ts types this as an array, but ably-js returns the body as sent, and Ably sends one
    // BatchResult (ably-js rest/batch.test.js reads `successCount` off it).
    const result = (await rest(server, useBinaryProtocol).batchPresence([
      denied,
      allowed,
    ])) as unknown as Ably.BatchResult<Ably.BatchPresenceSuccessResult | Ably.BatchPresenceFailureResult>;
    expect(result.successCount).toBe(1);
    expect(result.failureCount).toBe(1);
    const [failed, ok] = result.results as [Ably.BatchPresenceFailureResult, Ably.BatchPresenceSuccessResult];
    expect(failed.channel).toBe(denied);
    expect('presence' in failed).toBe(false);
    expect(failed.error.statusCode).toBe(401);
    expect(ok.channel).toBe(allowed);
    expect(ok.presence).toHaveLength(1);
    expect(ok.presence[0]).toMatchObject({ clientId: 'batchPresenceTest', data: 'here' });
    expect('error' in ok).toBe(false);
  });
});
