import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { A, ackOf, codeOf, deepJsonText, nested, rawClient, restCall } from '../../../support/hostile.js';
import { closeAfterTest, realtime, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';
import { TcpProxy } from '../../../support/tcp-proxy.js';

/** Issue #7 finding 1: presence (and every other item) is validated before anything is stored or sent. */
describe('hostile payloads (DESIGN §2.4)', () => {
  it('NACKs a presence enter nested 100 000 deep with 40013, stores nothing and survives the drop', async () => {
    const server = await startLocalAbly({ realtime: { presenceLeaveDelayMs: 50 } });
    const proxy = await TcpProxy.start(server.port);
    closeAfterTest(proxy);
    const channel = uniqueName();
    const query = `key=${encodeURIComponent(server.clientOptions.key)}&clientId=mallory`;
    const mallory = await rawClient(server, query, 'json', proxy.port);
    mallory.sendRaw(
      `{"action":14,"channel":"${channel}","msgSerial":0,"presence":[{"action":2,"data":${deepJsonText(100_000)}}]}`,
      false,
    );
    expect(await ackOf(mallory, 0)).toMatchObject({ action: A.NACK, error: { code: 40013 } });
    proxy.block();
    const members = await restCall(server, 'GET', `/channels/${channel}/presence`);
    expect(members).toEqual({ status: 200, body: [] });
    const watcher = realtime(server, true).channels.get(channel);
    expect(await watcher.presence.get()).toEqual([]);
    expect(watcher.state).toBe('attached');
    await expectServerHealthy(server);
  });

  it.each<[string, Record<string, unknown>, number]>([
    ['data over 64 KiB', { data: 'x'.repeat(66_000) }, 40009],
    ['data nested 65 deep', { data: nested(65) }, 40013],
    ['extras nested 65 deep', { extras: nested(65) as Record<string, unknown> }, 40000],
    ['extras that are a string', { extras: 'x' }, 40000],
    ['a numeric encoding', { data: 'x', encoding: 5 }, 40013],
    ['a vcdiff encoding', { data: 'eA==', encoding: 'vcdiff/base64' }, 40013],
    ['a forged extras.delta', { data: 'x', extras: { delta: { from: 'x', format: 'vcdiff' } } }, 40000],
    ['a numeric id', { id: 5, data: 'x' }, 40000],
  ])('NACKs a presence enter with %s and keeps the member set unchanged', async (_label, fields, code) => {
    const server = await startLocalAbly();
    const channel = uniqueName();
    const client = await rawClient(server, `key=${encodeURIComponent(server.clientOptions.key)}&clientId=m`);
    client.send({ action: A.PRESENCE, channel, msgSerial: 0, presence: [{ action: 2, ...fields }] });
    expect(await ackOf(client, 0)).toMatchObject({ action: A.NACK, error: { code } });
    expect((await restCall(server, 'GET', `/channels/${channel}/presence`)).body).toEqual([]);
    expect((await restCall(server, 'GET', `/channels/${channel}/presence/history`)).body).toEqual([]);
  });

  it('applies nothing of a presence frame when one of its items is invalid', async () => {
    const server = await startLocalAbly();
    const channel = uniqueName();
    const client = await rawClient(server);
    client.send({
      action: A.PRESENCE,
      channel,
      msgSerial: 0,
      presence: [
        { action: 2, clientId: 'ok', data: 'fine' },
        { action: 2, clientId: 'bad', data: 'x'.repeat(66_000) },
      ],
    });
    expect(await ackOf(client, 0)).toMatchObject({ action: A.NACK, error: { code: 40009 } });
    expect((await restCall(server, 'GET', `/channels/${channel}/presence`)).body).toEqual([]);
  });

  it('keeps the SDK presence and its channel working for others when a member sent hostile data', async () => {
    const server = await startLocalAbly();
    const channel = uniqueName();
    const watcher = realtime(server, false).channels.get(channel);
    const events: Ably.PresenceMessage[] = [];
    await watcher.presence.subscribe((m) => events.push(m));
    const client = await rawClient(server, `key=${encodeURIComponent(server.clientOptions.key)}&clientId=m`);
    client.sendRaw(
      `{"action":14,"channel":"${channel}","msgSerial":0,"presence":[{"action":2,"data":${deepJsonText(5000)}}]}`,
      false,
    );
    await ackOf(client, 0);
    const alice = realtime(server, true, { clientId: 'alice' }).channels.get(channel);
    await alice.presence.enter('hello');
    await vi.waitFor(() => expect(events.map((e) => e.clientId)).toEqual(['alice']));
    expect((await watcher.presence.get()).map((m) => m.clientId)).toEqual(['alice']);
    expect(watcher.state).toBe('attached');
  });

  it.each<[string, Record<string, unknown>, number]>([
    ['data nested 100 000 deep', {}, 40013],
    ['data nested 65 deep', { data: nested(65) }, 40013],
    ['a vcdiff encoding', { data: 'eA==', encoding: 'vcdiff/base64' }, 40013],
    ['a forged extras.delta', { data: 'x', extras: { delta: { from: 'x' } } }, 40000],
  ])('NACKs a message with %s and stores nothing', async (label, fields, code) => {
    const server = await startLocalAbly();
    const channel = uniqueName();
    const client = await rawClient(server);
    if (label.includes('100 000')) {
      client.sendRaw(
        `{"action":15,"channel":"${channel}","msgSerial":0,"messages":[{"data":${deepJsonText(100_000)}}]}`,
        false,
      );
    } else {
      client.send({ action: A.MESSAGE, channel, msgSerial: 0, messages: [fields] });
    }
    expect(await ackOf(client, 0)).toMatchObject({ action: A.NACK, error: { code } });
    expect((await restCall(server, 'GET', `/channels/${channel}/messages`)).body).toEqual([]);
    await expectServerHealthy(server);
  });

  it('NACKs an annotation whose data is nested 65 deep with 40013', async () => {
    const server = await startLocalAbly();
    const channel = uniqueName();
    const client = await rawClient(server);
    client.send({ action: A.MESSAGE, channel, msgSerial: 0, messages: [{ name: 'm', data: 'x' }] });
    const serial = ((await ackOf(client, 0)).res as { serials: string[] }[])[0]!.serials[0];
    client.send({
      action: A.ANNOTATION,
      channel,
      msgSerial: 1,
      annotations: [{ type: 'r:total.v1', messageSerial: serial, data: nested(65) }],
    });
    expect(await ackOf(client, 1)).toMatchObject({ action: A.NACK, error: { code: 40013 } });
  });

  it.each([
    ['a message publish', 'POST', (c: string) => `/channels/${c}/messages`],
    ['a Chat send', 'POST', (c: string) => `/chat/v4/rooms/${c}/messages`],
    ['a token request', 'POST', () => `/keys/${'x'}/requestToken`],
  ])('answers %s whose body is nested 100 000 deep with 400, not 500', async (_label, method, path) => {
    const server = await startLocalAbly();
    const answer = await restCall(server, method, path(uniqueName()), `{"data":${deepJsonText(100_000)}}`, {
      'x-ably-clientid': Buffer.from('mallory').toString('base64'),
    });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe(40000);
    await expectServerHealthy(server);
  });

  it('answers a REST publish whose data is nested 65 deep with 400/40013', async () => {
    const server = await startLocalAbly();
    const answer = await restCall(server, 'POST', `/channels/${uniqueName()}/messages`, { data: nested(65) });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe(40013);
  });
});
