import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { A, ackOf, codeOf, rawClient, restCall } from '../../../support/hostile.js';
import {
  collect,
  realtime,
  rest,
  startLocalAbly,
  uniqueName,
  MUTABLE_NAMESPACE,
} from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';

/** A message on a fresh channel, plus a raw key client (may assert any clientId) to annotate it. */
async function target(server: Awaited<ReturnType<typeof startLocalAbly>>) {
  const channel = uniqueName('mutable:test');
  const { serials } = await rest(server, false).channels.get(channel).publish('m', 'react to me');
  return { channel, serial: serials[0]!, raw: await rawClient(server) };
}

const distinct = (serial: string, clientId: string, name = '👍') => ({
  type: 'reaction:distinct.v1',
  name,
  clientId,
  messageSerial: serial,
});

/** Issue #7 finding 4: annotations are bounded like messages, summaries stay small (DESIGN §4.7). */
describe('annotation limits', () => {
  it('NACKs an annotation over 64 KiB with 40009 and stores nothing', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const { channel, serial, raw } = await target(server);
    raw.send({
      action: A.ANNOTATION,
      channel,
      msgSerial: 0,
      annotations: [{ ...distinct(serial, 'm'), data: 'x'.repeat(1_900_000) }],
    });
    expect(await ackOf(raw, 0)).toMatchObject({ action: A.NACK, error: { code: 40009 } });
    const listed = await rest(server, false).channels.get(channel).annotations.get(serial, {});
    expect(listed.items).toEqual([]);
  });

  it('refuses more than 100 annotations in one frame or request with 40000', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const { channel, serial, raw } = await target(server);
    const many = Array.from({ length: 101 }, (_, i) => distinct(serial, `c${i}`));
    raw.send({ action: A.ANNOTATION, channel, msgSerial: 0, annotations: many });
    expect(await ackOf(raw, 0)).toMatchObject({ action: A.NACK, error: { code: 40000 } });
    const answer = await restCall(
      server,
      'POST',
      `/channels/${channel}/messages/${serial}/annotations`,
      many,
    );
    expect([answer.status, codeOf(answer)]).toEqual([400, 40000]);
  });

  it('clips the summary clientIds at 100 with clipped: true when 150 clients react', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const { channel, serial, raw } = await target(server);
    const watcher = realtime(server, true).channels.get(channel);
    await watcher.attach();
    const summaries = collect(watcher);
    for (const [msgSerial, from] of [
      [0, 0],
      [1, 100],
    ] as const) {
      const batch = Array.from({ length: from === 0 ? 100 : 50 }, (_, i) => distinct(serial, `c${from + i}`));
      raw.send({ action: A.ANNOTATION, channel, msgSerial, annotations: batch });
      await ackOf(raw, msgSerial);
    }
    await vi.waitFor(() => expect(summaries.filter((m) => m.action === 'message.summary')).toHaveLength(2));
    const entry = summaries.at(-1)!.annotations.summary['reaction:distinct.v1'] as Ably.SummaryDistinctValues;
    expect(entry['👍']).toMatchObject({ total: 150, clipped: true });
    expect(entry['👍']!.clientIds).toHaveLength(100);
    const history = await rest(server, false).channels.get(channel).history();
    expect(history.items[0]!.annotations.summary['reaction:distinct.v1']).toEqual(entry);
  });

  it('refuses the 10 001st annotation of one message with 40000', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const { channel, serial, raw } = await target(server);
    for (let frame = 0; frame < 100; frame++) {
      const batch = Array.from({ length: 100 }, (_, i) => ({
        type: 'seen:total.v1',
        messageSerial: serial,
        clientId: `c${frame}-${i}`,
      }));
      raw.send({ action: A.ANNOTATION, channel, msgSerial: frame, annotations: batch });
    }
    expect(await ackOf(raw, 99)).toMatchObject({ action: A.ACK });
    raw.send({
      action: A.ANNOTATION,
      channel,
      msgSerial: 100,
      annotations: [{ type: 'seen:total.v1', messageSerial: serial }],
    });
    expect(await ackOf(raw, 100)).toMatchObject({ action: A.NACK, error: { code: 40000 } });
    const message = await rest(server, false).channels.get(channel).getMessage(serial);
    expect(message.annotations?.summary['seen:total.v1']).toEqual({ total: 10_000 });
  });

  it('refuses new annotations with 40009 once the summary reaches 256 KiB but still applies deletes', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const { channel, serial, raw } = await target(server);
    let msgSerial = 0;
    const send = async (annotation: Record<string, unknown>) => {
      raw.send({ action: A.ANNOTATION, channel, msgSerial, annotations: [annotation] });
      return ackOf(raw, msgSerial++);
    };
    for (let i = 0; i < 5; i++) {
      expect(await send(distinct(serial, 'm', `${i}`.padEnd(60_000, 'x')))).toMatchObject({ action: A.ACK });
    }
    expect(await send(distinct(serial, 'm', 'one more'))).toMatchObject({ error: { code: 40009 } });
    expect(await send({ ...distinct(serial, 'm', '0'.padEnd(60_000, 'x')), action: 1 })).toMatchObject({
      action: A.ACK,
    });
    expect(await send(distinct(serial, 'm', 'fits again'))).toMatchObject({ action: A.ACK });
    await expectServerHealthy(server);
  });

  it('keeps SDK reactions working with exact totals below the limits', async () => {
    const server = await startLocalAbly({ namespaces: [MUTABLE_NAMESPACE] });
    const name = uniqueName('mutable:test');
    const alice = realtime(server, false, { clientId: 'alice' }).channels.get(name, {
      modes: ['PUBLISH', 'SUBSCRIBE', 'ANNOTATION_PUBLISH'],
    });
    await alice.attach();
    const all = collect(alice);
    const { serials } = await alice.publish('poll', 'lunch?');
    await alice.annotations.publish(serials[0]!, { type: 'vote:unique.v1', name: 'yes' });
    await alice.annotations.publish(serials[0]!, { type: 'vote:unique.v1', name: 'no' });
    await vi.waitFor(() =>
      expect(all.filter((m) => m.action === 'message.summary').at(-1)?.annotations.summary).toEqual({
        'vote:unique.v1': { no: { total: 1, clientIds: ['alice'], clipped: false } },
      }),
    );
  });
});
