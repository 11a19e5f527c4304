import { describe, expect, it } from 'vitest';
import type { StoredAnnotation } from '../../../../server/ably-local/core/message-store.js';
import {
  MAX_SUMMARY_CLIENT_IDS,
  SummaryFold,
  foldSummary,
} from '../../../../server/ably-local/core/summary-fold.js';

let n = 0;
function a(
  type: string,
  clientId: string | undefined,
  fields: Partial<StoredAnnotation> = {},
): StoredAnnotation {
  n++;
  return {
    id: `a${n}`,
    serial: `s${String(n).padStart(8, '0')}`,
    action: 0,
    type,
    messageSerial: 'm',
    timestamp: n,
    ...(clientId === undefined ? {} : { clientId }),
    ...fields,
  };
}
const del = (type: string, clientId: string | undefined, fields: Partial<StoredAnnotation> = {}) =>
  a(type, clientId, { action: 1, ...fields });

// DESIGN §4.7: one fold rule per method.
describe('foldSummary', () => {
  it.each<[string, StoredAnnotation[], unknown]>([
    [
      'counts total.v1 up and down, anonymous included',
      [a('t:total.v1', undefined), a('t:total.v1', 'x'), del('t:total.v1', 'x')],
      { 't:total.v1': { total: 1 } },
    ],
    [
      'moves a re-flag to the end of flag.v1',
      [a('f:flag.v1', 'x'), a('f:flag.v1', 'y'), a('f:flag.v1', 'x')],
      { 'f:flag.v1': { total: 2, clientIds: ['y', 'x'], clipped: false } },
    ],
    [
      'counts a client once per distinct.v1 name',
      [
        a('d:distinct.v1', 'x', { name: '👍' }),
        a('d:distinct.v1', 'x', { name: '👍' }),
        a('d:distinct.v1', 'x', { name: '❤️' }),
      ],
      {
        'd:distinct.v1': {
          '👍': { total: 1, clientIds: ['x'], clipped: false },
          '❤️': { total: 1, clientIds: ['x'], clipped: false },
        },
      },
    ],
    [
      'drops a distinct.v1 name whose total reaches 0',
      [a('d:distinct.v1', 'x', { name: 'a' }), del('d:distinct.v1', 'x', { name: 'a' })],
      { 'd:distinct.v1': {} },
    ],
    [
      'moves a unique.v1 client to its new name',
      [
        a('u:unique.v1', 'x', { name: 'a' }),
        a('u:unique.v1', 'y', { name: 'a' }),
        a('u:unique.v1', 'x', { name: 'b' }),
      ],
      {
        'u:unique.v1': {
          a: { total: 1, clientIds: ['y'], clipped: false },
          b: { total: 1, clientIds: ['x'], clipped: false },
        },
      },
    ],
    [
      'removes a unique.v1 client on a delete without name',
      [a('u:unique.v1', 'x', { name: 'a' }), del('u:unique.v1', 'x')],
      { 'u:unique.v1': {} },
    ],
    [
      'ignores a unique.v1 delete of a name the client does not hold',
      [a('u:unique.v1', 'x', { name: 'a' }), del('u:unique.v1', 'x', { name: 'b' })],
      { 'u:unique.v1': { a: { total: 1, clientIds: ['x'], clipped: false } } },
    ],
    [
      'adds multiple.v1 counts and unidentified ones',
      [
        a('m:multiple.v1', 'x', { name: 'v', count: 3 }),
        a('m:multiple.v1', undefined, { name: 'v' }),
        a('m:multiple.v1', 'y', { name: 'v' }),
        del('m:multiple.v1', 'y', { name: 'v' }),
      ],
      {
        'm:multiple.v1': {
          v: { total: 4, clientIds: { x: 3 }, totalUnidentified: 1, clipped: false, totalClientIds: 1 },
        },
      },
    ],
    [
      'ignores flag/distinct/unique annotations without a clientId',
      [a('f:flag.v1', undefined), a('d:distinct.v1', undefined, { name: 'a' })],
      {},
    ],
  ])('%s', (_label, annotations, expected) => {
    expect(foldSummary(annotations)).toEqual(expected);
  });

  it('clips clientIds at 100 and keeps totals exact when more clients contribute', () => {
    const many = Array.from({ length: 150 }, (_, i) => `c${i}`);
    const summary = foldSummary([
      ...many.map((c) => a('d:distinct.v1', c, { name: '👍' })),
      ...many.map((c) => a('m:multiple.v1', c, { name: 'v', count: 2 })),
      ...many.map((c) => a('f:flag.v1', c)),
    ]) as Record<string, Record<string, { total: number; clientIds: unknown; clipped: boolean }>>;
    const distinct = summary['d:distinct.v1']!['👍']!;
    expect(distinct).toMatchObject({ total: 150, clipped: true });
    expect(distinct.clientIds).toEqual(many.slice(0, MAX_SUMMARY_CLIENT_IDS));
    const multiple = summary['m:multiple.v1']!.v! as unknown as {
      clientIds: object;
      total: number;
      totalClientIds: number;
      clipped: boolean;
    };
    expect(Object.keys(multiple.clientIds)).toHaveLength(100);
    expect(multiple).toMatchObject({ total: 300, totalClientIds: 150, clipped: true });
    expect(summary['f:flag.v1']).toMatchObject({ total: 150, clipped: true });
  });

  // What each costs at 100 000 against 1 000 is a benchmark: npm run bench -- worst-case.
  it('folds 100 000 annotations on one message into a clipped summary under 64 KiB', () => {
    const fold = new SummaryFold();
    for (let i = 0; i < 100_000; i++) {
      fold.add(a(i % 2 ? 'r:flag.v1' : 'r:unique.v1', `c${i % 5000}`, { name: `n${i % 7}` }));
    }
    const summary = fold.summary();
    expect(fold.count).toBe(100_000);
    expect(fold.summaryBytes()).toBeLessThan(64 * 1024);
    expect(summary['r:flag.v1']).toMatchObject({ total: 2500, clipped: true });
  });

  it('reports a client its own part only when asked for its client summary', () => {
    const fold = new SummaryFold();
    for (const c of ['x', 'y']) fold.add(a('reaction:distinct.v1', c, { name: '👍' }));
    fold.add(a('reaction:multiple.v1', 'x', { name: 'v', count: 2 }));
    expect(fold.clientSummary('x')).toEqual({
      'reaction:distinct.v1': { '👍': { total: 2, clientIds: ['x'], clipped: true } },
      'reaction:multiple.v1': {
        v: { total: 2, clientIds: { x: 2 }, totalUnidentified: 0, clipped: false, totalClientIds: 1 },
      },
    });
  });
});
