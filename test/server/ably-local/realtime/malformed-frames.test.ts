import { describe, expect, it, vi } from 'vitest';
import { closeAfterTest, realtime, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { RawClient } from '../../../support/raw-client.js';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';

const ACK = 1;
const NACK = 2;
const CONNECTED = 4;
const ERROR = 9;
const ATTACHED = 11;

async function connected(server: LocalAbly, format: 'json' | 'msgpack' = 'json'): Promise<RawClient> {
  const client = await RawClient.connect(
    server.port,
    `key=${encodeURIComponent(server.clientOptions.key)}`,
    format,
  );
  closeAfterTest(client);
  await vi.waitFor(() => expect(client.ofAction(CONNECTED)).toHaveLength(1));
  return client;
}

/** The server keeps serving everyone else: a real SDK client still round-trips a message. */
async function expectStillServing(server: LocalAbly): Promise<void> {
  const channel = realtime(server, false).channels.get(uniqueName());
  await channel.attach();
  await expect(channel.publish('ok', 'still here')).resolves.toMatchObject({ serials: [expect.any(String)] });
}

describe('malformed and hostile frames', () => {
  it('answers invalid JSON with ERROR 40000 and closes only that connection', async () => {
    const server = await startLocalAbly();
    const client = await connected(server);
    client.sendRaw('{"action":15,', false);
    await vi.waitFor(() => expect(client.isClosed).toBe(true));
    expect(client.ofAction(ERROR)[0]).toMatchObject({ error: { code: 40000 } });
    expect(client.ofAction(ERROR)[0]!.channel).toBeUndefined();
    await expectStillServing(server);
  });

  it('answers invalid msgpack with ERROR 40000', async () => {
    const server = await startLocalAbly();
    const client = await connected(server, 'msgpack');
    client.sendRaw(Buffer.from([0xc1, 0xff, 0x00]));
    await vi.waitFor(() => expect(client.isClosed).toBe(true));
    expect(client.ofAction(ERROR)[0]).toMatchObject({ error: { code: 40000 } });
    await expectStillServing(server);
  });

  it.each([
    ['an array', [1, 2, 3]],
    ['a string', 'hello'],
    ['no action', { channel: 'x' }],
    ['an unknown action', { action: 99 }],
    ['a MESSAGE without msgSerial', { action: 15, channel: 'x', messages: [] }],
    ['a negative msgSerial', { action: 15, channel: 'x', msgSerial: -1, messages: [] }],
    ['an ATTACH without channel', { action: 10 }],
  ])('closes the connection with ERROR 40000 on %s', async (_label, frame) => {
    const server = await startLocalAbly();
    const client = await connected(server);
    client.send(frame);
    await vi.waitFor(() => expect(client.isClosed).toBe(true));
    expect(client.ofAction(ERROR)[0]).toMatchObject({ error: { code: 40000, statusCode: 400 } });
    await expectStillServing(server);
  });

  it.each([
    ['messages that are not an array', { messages: 'nope' }, 40000],
    ['a message that is not an object', { messages: ['nope'] }, 40000],
    ['a message over 64 KiB', { messages: [{ name: 'big', data: 'x'.repeat(66_000) }] }, 40009],
    ['a message whose clientId is "*"', { messages: [{ clientId: '*', data: 'x' }] }, 40012],
    ['an unsupported message action', { messages: [{ action: 9, data: 'x' }] }, 40000],
  ])('NACKs %s and keeps the connection', async (_label, fields, code) => {
    const server = await startLocalAbly();
    const client = await connected(server);
    client.send({ action: 15, channel: uniqueName(), msgSerial: 0, ...fields });
    client.send({
      action: 15,
      channel: uniqueName(),
      msgSerial: 1,
      messages: [{ name: 'ok', data: 'fine' }],
    });
    await vi.waitFor(() => expect(client.ofAction(ACK)).toHaveLength(1));
    expect(client.ofAction(NACK)).toEqual([
      expect.objectContaining({ msgSerial: 0, count: 1, error: expect.objectContaining({ code }) }),
    ]);
    expect(client.ofAction(ACK)[0]).toMatchObject({ msgSerial: 1, count: 1 });
    expect(client.isClosed).toBe(false);
  });

  it('keeps only publisher fields on a create: no forged version, summary, serial or user claim', async () => {
    const server = await startLocalAbly();
    const client = await connected(server);
    const channel = uniqueName();
    client.send({
      action: 15,
      channel,
      msgSerial: 0,
      messages: [
        {
          name: 'forged',
          data: 'x',
          serial: '00000000000000-000@fake:000',
          timestamp: 1,
          version: { serial: '99999999999999-999@fake:000', clientId: 'admin' },
          annotations: {
            summary: { 'reaction:distinct.v1': { '👍': { total: 999, clientIds: ['everyone'] } } },
          },
          extras: { userClaim: 'admin', headers: { keep: 'me' } },
        },
      ],
    });
    await vi.waitFor(() => expect(client.ofAction(ACK)).toHaveLength(1));
    const res = await fetch(`${server.url}/channels/${channel}/messages`, {
      headers: { authorization: `Basic ${Buffer.from(server.clientOptions.key).toString('base64')}` },
    });
    const [stored] = (await res.json()) as Record<string, unknown>[];
    const serial = (client.ofAction(ACK)[0]!.res as { serials: string[] }[])[0]!.serials[0];
    expect(stored).toMatchObject({ name: 'forged', serial, version: { serial } });
    expect(stored!.timestamp).not.toBe(1);
    expect(stored!.annotations).toBeUndefined();
    expect((stored!.version as Record<string, unknown>).clientId).toBeUndefined();
    expect(stored!.extras).toEqual({ headers: { keep: 'me' } });
  });

  it('NACKs a publish to an invalid channel name with 40010', async () => {
    const server = await startLocalAbly();
    const client = await connected(server);
    client.send({ action: 15, channel: '\n', msgSerial: 0, messages: [{ data: 'x' }] });
    await vi.waitFor(() => expect(client.ofAction(NACK)).toHaveLength(1));
    expect(client.ofAction(NACK)[0]).toMatchObject({ error: { code: 40010 } });
  });

  it('answers an ATTACH for the empty channel name with a channel-scoped ERROR', async () => {
    const server = await startLocalAbly();
    const client = await connected(server);
    client.send({ action: 10, channel: '' });
    await vi.waitFor(() => expect(client.ofAction(ERROR)).toHaveLength(1));
    expect(client.ofAction(ERROR)[0]).toMatchObject({ channel: '', error: { code: 40010 } });
    client.send({ action: 10, channel: 'fine' });
    await vi.waitFor(() => expect(client.ofAction(ATTACHED)).toHaveLength(1));
  });

  it('closes a socket that sends a frame larger than the frame limit', async () => {
    const server = await startLocalAbly({ realtime: { maxFrameSize: 1024 * 1024 } });
    const client = await connected(server);
    client.sendRaw(JSON.stringify({ action: 0, id: 'x'.repeat(1024 * 1024 + 10) }), false);
    await vi.waitFor(() => expect(client.isClosed).toBe(true));
    expect(client.closeCode).toBe(1009);
    await expectStillServing(server);
  });

  it('NACKs a flood beyond the inbound rate with 42910 and keeps serving', async () => {
    const server = await startLocalAbly({ realtime: { maxInboundRate: 50 } });
    const client = await connected(server);
    const channel = uniqueName();
    for (let i = 0; i < 200; i++)
      client.send({ action: 15, channel, msgSerial: i, messages: [{ data: String(i) }] });
    await vi.waitFor(() => expect(client.ofAction(ACK).length + client.ofAction(NACK).length).toBe(200));
    const nacks = client.ofAction(NACK);
    expect(nacks.length).toBeGreaterThan(100);
    expect(nacks.every((n) => (n.error as { code: number }).code === 42910)).toBe(true);
    await expectStillServing(server);
  });

  it('sends ERROR 40106 to a connect without credentials', async () => {
    const server = await startLocalAbly();
    const client = await RawClient.connect(server.port, 'v=6');
    closeAfterTest(client);
    await vi.waitFor(() => expect(client.isClosed).toBe(true));
    expect(client.frames).toEqual([
      expect.objectContaining({ action: ERROR, error: expect.objectContaining({ code: 40106 }) }),
    ]);
  });

  it('re-acknowledges a re-sent msgSerial with the original serials and publishes it once', async () => {
    const server = await startLocalAbly();
    const client = await connected(server);
    const channel = uniqueName();
    client.send({ action: 15, channel, msgSerial: 0, messages: [{ name: 'once', data: 'x' }] });
    client.send({ action: 15, channel, msgSerial: 0, messages: [{ name: 'once', data: 'x' }] });
    await vi.waitFor(() => expect(client.ofAction(ACK)).toHaveLength(2));
    const [first, second] = client.ofAction(ACK);
    expect(second!.res).toEqual(first!.res);
    const history = await fetch(`${server.url}/channels/${channel}/messages`, {
      headers: { authorization: `Basic ${Buffer.from(server.clientOptions.key).toString('base64')}` },
    });
    expect(await history.json()).toHaveLength(1);
  });
});
