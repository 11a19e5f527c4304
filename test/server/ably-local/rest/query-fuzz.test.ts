import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';
import { codeOf, restCall } from '../../../support/hostile.js';
import { rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';

/**
 * Issue #11 §3: REST and Chat REST query strings and path segments, random or near-valid, are answered with
 * a success or a 4xx carrying an Ably code — never a 500 — and nothing is reported as an internal error.
 */
const RUNS = { numRuns: 80 };
const tried = new Map<string, number>();
afterAll(() => console.log(`fuzz cases tried: ${JSON.stringify(Object.fromEntries(tried))}`));

let server: LocalAbly;
let reports: string[];
let channel: string;
let serial: string;

beforeEach(async () => {
  reports = [];
  server = await startLocalAbly({ onError: (op, error) => reports.push(`${op}: ${error.message}`) });
  channel = uniqueName();
  const published = await rest(server, false).channels.get(channel).publish('m', 'x');
  serial = published.serials[0]!;
});

afterEach(async () => {
  expect(reports).toEqual([]);
  await expectServerHealthy(server);
});

const PARAMS = [
  'limit',
  'direction',
  'start',
  'end',
  'from_serial',
  'fromSerial',
  'orderBy',
  'envelope',
  'format',
  'clientId',
  'connectionId',
  'channels',
  'separator',
  'forClientId',
  'type',
  'name',
];
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '-1',
    '0',
    '1001',
    '1e308',
    'NaN',
    'backwards',
    'forwards',
    'newestFirst',
    'json',
    'msgpack',
    '',
  ),
  fc.integer().map(String),
);
const query = fc.dictionary(fc.constantFrom(...PARAMS), value, { maxKeys: 4 });

/** GET routes with a query, as `(channel, serial) → path`. */
const GETS: [string, (ch: string, serial: string) => string][] = [
  ['history', (ch) => `/channels/${ch}/messages`],
  ['presence', (ch) => `/channels/${ch}/presence`],
  ['presence history', (ch) => `/channels/${ch}/presence/history`],
  ['channel status', (ch) => `/channels/${ch}`],
  ['a message', (ch, s) => `/channels/${ch}/messages/${s}`],
  ['versions', (ch, s) => `/channels/${ch}/messages/${s}/versions`],
  ['annotations', (ch, s) => `/channels/${ch}/messages/${s}/annotations`],
  ['batch presence', () => `/presence`],
  ['Chat history', (ch) => `/chat/v4/rooms/${ch}/messages`],
  ['a Chat message', (ch, s) => `/chat/v4/rooms/${ch}/messages/${s}`],
  ['Chat versions', (ch, s) => `/chat/v4/rooms/${ch}/messages/${s}/versions`],
  ['Chat client reactions', (ch, s) => `/chat/v4/rooms/${ch}/messages/${s}/client-reactions`],
  ['Chat occupancy', (ch) => `/chat/v4/rooms/${ch}/occupancy`],
  ['time', () => `/time`],
  ['stats', () => `/stats`],
];

function expectAnswered(answer: { status: number; body: unknown }): void {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 200)).toBeLessThan(500);
  if (answer.status >= 400) expect(codeOf(answer)).toBeGreaterThanOrEqual(40000);
}

describe('REST and Chat REST with hostile query strings and path segments', () => {
  it.each(GETS)('answers %s with a hostile query without an internal error', async (label, path) => {
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        tried.set(label, (tried.get(label) ?? 0) + 1);
        expectAnswered(
          await restCall(server, 'GET', `${path(channel, serial)}?${new URLSearchParams(params)}`),
        );
      }),
      RUNS,
    );
  });

  it('answers random channel names and serials in every route without an internal error', async () => {
    const segment = fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.constantFrom('[meta]x', '[?rewind=1]x', '[filter=abc]x', ':x', '%', '..', 'x'.repeat(600)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GETS), segment, segment, async ([label, path], ch, s) => {
        tried.set(`${label} (random segments)`, (tried.get(`${label} (random segments)`) ?? 0) + 1);
        const answer = await restCall(server, 'GET', path(encodeURIComponent(ch), encodeURIComponent(s)));
        expectAnswered(answer);
      }),
      { numRuns: 200 },
    );
  });

  it('answers a Chat reaction delete with a hostile query without an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        tried.set('Chat reaction delete', (tried.get('Chat reaction delete') ?? 0) + 1);
        const path = `/chat/v4/rooms/${channel}/messages/${serial}/reactions?${new URLSearchParams(params)}`;
        expectAnswered(
          await restCall(server, 'DELETE', path, undefined, {
            'x-ably-clientid': Buffer.from('fuzzer').toString('base64'),
          }),
        );
      }),
      RUNS,
    );
  });
});
