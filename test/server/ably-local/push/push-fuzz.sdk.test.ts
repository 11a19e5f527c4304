import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';
import { codeOf, restCall } from '../../../support/hostile.js';
import { rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { expectServerHealthy } from '../../../support/server-health.js';

/**
 * Arbitrary JSON in any field of a push request (DESIGN §13) is a 4xx with an Ably code — never a 500, never
 * an internal error reported — and the server keeps serving, as for every other REST write (issue #7).
 */
const RUNS = { numRuns: 50 };

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(5, -1, true, null, '', '*', 'http://x', [[]], { transportType: 'web' }),
  fc.integer({ min: 20, max: 120 }).map((depth) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  }),
);

const withField = (base: Record<string, unknown>, fields: string[]) =>
  fc.tuple(fc.constantFrom(...fields), hostile).map(([field, value]) => ({ ...base, [field]: value }));

const RECIPIENT = {
  transportType: 'web',
  targetUrl: Buffer.from('https://127.0.0.1:9/x').toString('base64'),
  encryptionKey: {
    p256dh: Buffer.alloc(65, 4).toString('base64'),
    auth: Buffer.alloc(16, 1).toString('base64'),
  },
};
const DEVICE = {
  id: 'fuzz-device',
  platform: 'browser',
  formFactor: 'desktop',
  push: { recipient: RECIPIENT },
};

let server: LocalAbly;
let reports: string[];

beforeEach(async () => {
  reports = [];
  server = await startLocalAbly({
    onError: (operation, error) => reports.push(`${operation}: ${error.message}`),
  });
  await rest(server, false).push.admin.deviceRegistrations.save(
    DEVICE as Parameters<ReturnType<typeof rest>['push']['admin']['deviceRegistrations']['save']>[0],
  );
});

afterEach(async () => {
  expect(reports).toEqual([]);
  await expectServerHealthy(server);
});

describe('push routes with hostile fields', () => {
  const cases: [string, string, string, fc.Arbitrary<unknown>][] = [
    [
      'a registration',
      'POST',
      '/push/deviceRegistrations',
      withField(DEVICE, ['id', 'platform', 'formFactor', 'clientId', 'deviceSecret', 'metadata', 'push']),
    ],
    [
      'a recipient',
      'POST',
      '/push/deviceRegistrations',
      withField(RECIPIENT, ['transportType', 'targetUrl', 'encryptionKey', 'publicVapidKey']).map(
        (recipient) => ({ ...DEVICE, push: { recipient } }),
      ),
    ],
    [
      'a save',
      'PUT',
      '/push/deviceRegistrations/fuzz-device',
      withField(DEVICE, ['id', 'push', 'metadata', 'clientId']),
    ],
    ['an update', 'PATCH', '/push/deviceRegistrations/fuzz-device', withField({}, ['push', 'metadata'])],
    [
      'a subscription',
      'POST',
      '/push/channelSubscriptions',
      withField({ channel: 'n:1', deviceId: 'fuzz-device' }, ['channel', 'deviceId', 'clientId']),
    ],
    [
      'a publish',
      'POST',
      '/push/publish',
      withField({ recipient: { deviceId: 'fuzz-device' }, notification: { title: 't' } }, [
        'recipient',
        'notification',
        'data',
        'web',
        'apns',
        'fcm',
      ]),
    ],
    [
      'a batch',
      'POST',
      '/push/batch/publish',
      hostile.map((v) => [
        { recipient: v, payload: { data: {} } },
        { recipient: { clientId: 'a' }, payload: v },
      ]),
    ],
    ['any body', 'POST', '/push/publish', hostile],
  ];

  it.each(cases)(
    'answers %s with a 4xx Ably error or success, never a 500',
    async (_title, method, path, body) => {
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const answer = await restCall(server, method, path, value);
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) expect(codeOf(answer)).toBeGreaterThanOrEqual(40000);
        }),
        RUNS,
      );
    },
  );

  it('answers hostile query parameters of listings and removals with 4xx, never 500', async () => {
    const value = fc.oneof(fc.string(), fc.constantFrom('*', '', '[meta]x', '\n', 'x'.repeat(600)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/push/deviceRegistrations', '/push/channelSubscriptions', '/push/channels'),
        fc.constantFrom('GET', 'DELETE'),
        fc.constantFrom('deviceId', 'clientId', 'channel', 'limit', 'cursor', 'concatFilters'),
        value,
        async (path, method, name, v) => {
          const answer = await restCall(
            server,
            method,
            `${path}?${name}=${encodeURIComponent(v)}&x=${uniqueName()}`,
          );
          expect(answer.status).toBeLessThan(500);
        },
      ),
      RUNS,
    );
  });
});
