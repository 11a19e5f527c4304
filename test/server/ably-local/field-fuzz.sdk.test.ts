import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalAbly } from '../../../server/ably-local/create-server.js';
import { A, ackOf, codeOf, rawClient, restCall } from '../../support/hostile.js';
import { rest, startLocalAbly, uniqueName } from '../../support/local-ably.js';
import type { RawClient } from '../../support/raw-client.js';
import { expectServerHealthy } from '../../support/server-health.js';

/**
 * Issue #7 finding 8: arbitrary JSON in any field of a REST body or a realtime item is answered with a 4xx /
 * NACK carrying an Ably code, never 500/50000, and nothing is reported as an internal error (DESIGN §2.4).
 */

const RUNS = { numRuns: 60 };

/** Any JSON value, plus the shapes that broke things before: deep nesting, wrong scalar types, reserved names. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(5, -1, 1.5, true, null, '', '[meta]occupancy', 'vcdiff', { delta: { from: 'x' } }, [[]]),
  fc.integer({ min: 60, max: 200 }).map((depth) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  }),
);

let server: LocalAbly;
let reports: string[];
let channel: string;
let serial: string;

beforeEach(async () => {
  reports = [];
  server = await startLocalAbly({
    onError: (operation, error) => reports.push(`${operation}: ${error.message}`),
  });
  channel = uniqueName();
  ({
    serials: [serial],
  } = (await rest(server, false).channels.get(channel).publish('m', 'x')) as {
    serials: [string];
  });
});

afterEach(async () => {
  expect(reports).toEqual([]);
  await expectServerHealthy(server);
});

/** A record with `base` fields and `field` replaced by `value`. */
const withField = (base: Record<string, unknown>, fields: string[]) =>
  fc.tuple(fc.constantFrom(...fields), hostile).map(([field, value]) => ({ ...base, [field]: value }));

const MESSAGE_FIELDS = [
  'id',
  'name',
  'data',
  'encoding',
  'clientId',
  'extras',
  'action',
  'serial',
  'version',
  'connectionKey',
  'timestamp',
];
const PRESENCE_FIELDS = [
  'id',
  'action',
  'clientId',
  'data',
  'encoding',
  'extras',
  'connectionId',
  'timestamp',
];
const ANNOTATION_FIELDS = [
  'action',
  'type',
  'name',
  'count',
  'messageSerial',
  'clientId',
  'id',
  'data',
  'encoding',
  'extras',
  'serial',
];

function expectNoInternalError(answer: { status: number; body: unknown }): void {
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400) expect(codeOf(answer)).toBeGreaterThanOrEqual(40000);
}

describe('REST routes with hostile fields', () => {
  const clientIdHeader = { 'x-ably-clientid': Buffer.from('fuzzer').toString('base64') };
  const cases: [string, string, () => string, () => fc.Arbitrary<unknown>][] = [
    [
      'a publish',
      'POST',
      () => `/channels/${channel}/messages`,
      () => withField({ name: 'n', data: 'x' }, MESSAGE_FIELDS),
    ],
    ['a publish body', 'POST', () => `/channels/${channel}/messages`, () => hostile],
    [
      'a batch publish spec',
      'POST',
      () => '/messages',
      () => withField({ channels: [channel], messages: [{ data: 'x' }] }, ['channels', 'messages']),
    ],
    [
      'a message in a batch publish',
      'POST',
      () => '/messages',
      () =>
        withField({ name: 'n', data: 'x' }, MESSAGE_FIELDS).map((m) => [
          { channels: [channel], messages: [m] },
        ]),
    ],
    ['a batch publish body', 'POST', () => '/messages', () => hostile],
    [
      'an update',
      'PATCH',
      () => `/channels/${channel}/messages/${serial}`,
      () => withField({ action: 1, data: 'y' }, MESSAGE_FIELDS),
    ],
    [
      'an annotation',
      'POST',
      () => `/channels/${channel}/messages/${serial}/annotations`,
      () => withField({ type: 'r:distinct.v1', name: 'a' }, ANNOTATION_FIELDS),
    ],
    [
      'a Chat send',
      'POST',
      () => `/chat/v4/rooms/${channel}/messages`,
      () => withField({ text: 't' }, ['text', 'metadata', 'headers']),
    ],
    [
      'a Chat update',
      'PUT',
      () => `/chat/v4/rooms/${channel}/messages/${serial}`,
      () => withField({ message: { text: 't' } }, ['message', 'description', 'metadata']),
    ],
    [
      'a Chat delete',
      'POST',
      () => `/chat/v4/rooms/${channel}/messages/${serial}/delete`,
      () => withField({}, ['description', 'metadata']),
    ],
    [
      'a Chat reaction',
      'POST',
      () => `/chat/v4/rooms/${channel}/messages/${serial}/reactions`,
      () => withField({ type: 'distinct', name: '👍' }, ['type', 'name', 'count']),
    ],
    [
      'a token request',
      'POST',
      () => `/keys/${server.keys[0]!.keyName}/requestToken`,
      () =>
        withField({ keyName: server.keys[0]!.keyName, timestamp: Date.now(), nonce: 'n' }, [
          'keyName',
          'ttl',
          'capability',
          'clientId',
          'timestamp',
          'nonce',
          'mac',
        ]),
    ],
    [
      'a revocation',
      'POST',
      () => `/keys/${server.keys[0]!.keyName}/revokeTokens`,
      () => withField({ targets: ['clientId:x'] }, ['targets', 'issuedBefore']),
    ],
  ];
  it.each(cases)('answers %s with 4xx and an Ably code, never 500', async (_label, method, path, body) => {
    await fc.assert(
      fc.asyncProperty(body(), async (value) => {
        expectNoInternalError(await restCall(server, method, path(), JSON.stringify(value), clientIdHeader));
      }),
      RUNS,
    );
  });

  it('answers history with hostile query parameters with 4xx and an Ably code, never 500', async () => {
    const param = fc.constantFrom('limit', 'direction', 'start', 'end', 'cursor', 'from_serial', 'envelope');
    await fc.assert(
      fc.asyncProperty(param, fc.string(), async (name, value) => {
        const query = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
        for (const path of [`/channels/${channel}/messages`, `/channels/${channel}/presence/history`]) {
          expectNoInternalError(await restCall(server, 'GET', `${path}?${query}`));
        }
      }),
      RUNS,
    );
  });
});

describe('realtime items with hostile fields', () => {
  let client: RawClient;
  let msgSerial: number;

  beforeEach(async () => {
    client = await rawClient(server);
    msgSerial = 0;
  });

  async function send(frame: Record<string, unknown>): Promise<void> {
    if (client.isClosed) {
      client = await rawClient(server);
      msgSerial = 0;
    }
    const n = msgSerial++;
    client.send({ ...frame, msgSerial: n });
    const answer = await ackOf(client, n);
    if (answer.action === A.NACK) expect((answer.error as { code: number }).code).not.toBe(50000);
  }

  it('NACKs a MESSAGE with a hostile field with an Ably code, never 50000', async () => {
    await fc.assert(
      fc.asyncProperty(withField({ name: 'n', data: 'x', serial }, MESSAGE_FIELDS), async (item) =>
        send({ action: A.MESSAGE, channel, messages: [item] }),
      ),
      RUNS,
    );
  });

  it('NACKs a PRESENCE with a hostile field with an Ably code, never 50000', async () => {
    await fc.assert(
      fc.asyncProperty(withField({ action: 2, clientId: 'c', data: 'x' }, PRESENCE_FIELDS), async (item) =>
        send({ action: A.PRESENCE, channel, presence: [item] }),
      ),
      RUNS,
    );
  });

  it('NACKs an ANNOTATION with a hostile field with an Ably code, never 50000', async () => {
    const base = { type: 'r:distinct.v1', name: 'a', clientId: 'c', messageSerial: serial };
    await fc.assert(
      fc.asyncProperty(withField(base, ANNOTATION_FIELDS), async (item) =>
        send({ action: A.ANNOTATION, channel, annotations: [item] }),
      ),
      RUNS,
    );
  });

  it('answers frames whose item lists or channel are hostile without an internal error', async () => {
    const action = fc.constantFrom(A.MESSAGE, A.PRESENCE, A.ANNOTATION);
    const field = fc.constantFrom('messages', 'presence', 'annotations', 'channel');
    await fc.assert(
      fc.asyncProperty(action, field, hostile, async (act, name, value) => {
        const items = act === A.MESSAGE ? 'messages' : act === A.PRESENCE ? 'presence' : 'annotations';
        const frame: Record<string, unknown> = { action: act, channel, [items]: [] };
        frame[name] = value;
        await send(frame);
      }),
      RUNS,
    );
  });

  it('answers ATTACH frames with hostile flags, params and serials without an internal error', async () => {
    const field = fc.constantFrom('flags', 'params', 'channelSerial', 'channel');
    await fc.assert(
      fc.asyncProperty(field, hostile, async (name, value) => {
        if (client.isClosed) client = await rawClient(server);
        const before = client.frames.length;
        const probe = `probe-${before}`;
        client.send({ action: A.ATTACH, channel, [name]: value });
        client.send({ action: A.HEARTBEAT, id: probe });
        // Either the probe comes back (the ATTACH was answered first) or the connection was closed as fatal.
        await vi.waitFor(
          () => expect(client.isClosed || client.frames.some((f) => f.id === probe)).toBe(true),
          { interval: 5, timeout: 5000 },
        );
        for (const f of client.frames.slice(before)) {
          if (f.action === A.ERROR) expect((f.error as { code: number }).code).not.toBe(50000);
        }
      }),
      RUNS,
    );
  });
});
