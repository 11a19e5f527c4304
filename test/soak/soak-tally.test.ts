import { describe, expect, it } from 'vitest';
import { addTallies, tally } from './soak-tally.js';

const confirmed = new Map([
  ['a', 4],
  ['b', 2],
]);

describe('the soak tally', () => {
  it.each([
    [
      'everything once, in order',
      { a: [0, 1, 2, 3], b: [0, 1] },
      { lost: 0, duplicated: 0, reordered: 0, unexpected: 0 },
    ],
    ['interleaved publishers are not reordering', { a: [0, 1], b: [0], c: [] }, { lost: 3, unexpected: 0 }],
    ['a missing message is lost', { a: [0, 1, 3], b: [0, 1] }, { lost: 1, reordered: 0 }],
    [
      'a second copy is a duplicate (not a reorder when in place)',
      { a: [0, 1, 1, 2, 3], b: [0, 1] },
      { duplicated: 1, reordered: 0 },
    ],
    [
      'a replayed old message is a duplicate and a reorder',
      { a: [0, 1, 2, 1, 3], b: [0, 1] },
      { duplicated: 1, reordered: 1 },
    ],
    [
      'a late message is a reorder only',
      { a: [0, 2, 1, 3], b: [0, 1] },
      { duplicated: 0, reordered: 1, lost: 0 },
    ],
    [
      'beyond what the publisher confirmed is unexpected',
      { a: [0, 1, 2, 3, 4], b: [0, 1] },
      { unexpected: 1 },
    ],
  ])('%s', (_case, arrivals, expected) => {
    const received = new Map(Object.entries(arrivals));
    expect(tally(confirmed, received)).toMatchObject(expected);
  });

  it('counts arrivals from an unknown publisher as unexpected, and sums tallies', () => {
    const one = tally(confirmed, new Map([['z', [0, 1]]]));
    expect(one).toMatchObject({ unexpected: 2, lost: 6, received: 2 });
    expect(addTallies([one, one])).toMatchObject({ unexpected: 4, lost: 12, received: 4 });
  });
});
