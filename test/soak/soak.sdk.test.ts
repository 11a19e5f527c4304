import { describe, expect, it } from 'vitest';
import { runSoak } from './soak-run.js';

/**
 * The short soak CI runs (about a minute; `npm run soak` runs the long one): real SDK clients over WebSocket
 * and comet, random connection cuts, and ably-local killed once and restarted on its SQLite file. Its
 * figures are printed; nothing may be lost, doubled or reordered, and no subscriber may see a discontinuity.
 */
describe('the soak', () => {
  it('loses, doubles and reorders nothing through drops and a restart', { timeout: 180_000 }, async () => {
    const result = await runSoak({
      publishMs: 40_000,
      intervalMs: 40,
      chatPublishers: 2,
      pubsubPublishers: ['web_socket/msgpack', 'comet'],
      subscribers: ['web_socket/json', 'web_socket/msgpack', 'comet'],
      dropEveryMs: [700, 2000],
      maxCut: 3,
      restartAtMs: 20_000,
      drainMs: 30_000,
    });
    const { totals, perSubscriber, perPublisher, serverErrors, ...figures } = result;
    console.log(`soak: ${JSON.stringify({ ...figures, totals, perPublisher }, null, 1)}`);
    expect(result.restarts).toBe(1);
    expect(result.drops).toBeGreaterThan(5);
    expect(result.connectionsCut).toBeGreaterThan(5);
    expect(result.messages).toBeGreaterThan(1500);
    expect({ ...totals, received: undefined }).toEqual({
      lost: 0,
      duplicated: 0,
      reordered: 0,
      unexpected: 0,
      received: undefined,
    });
    expect(totals.received).toBe(result.deliveriesExpected);
    expect(result.discontinuities, JSON.stringify(perSubscriber)).toBe(0);
    expect(serverErrors).toEqual([]);
  });
});
