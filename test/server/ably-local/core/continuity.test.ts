import { describe, expect, it } from 'vitest';
import { holdsStreamAfter } from '../../../../server/ably-local/core/continuity.js';

const serial = (ms: number) => `${String(ms).padStart(14, '0')}-000@series:000`;

describe('holdsStreamAfter', () => {
  it.each([
    ['no serial (a fresh attach)', undefined, {}, false],
    ['null', null, {}, false],
    ['not a serial of this shape', 'sync7:', {}, false],
    ['a serial at the start of coverage', serial(100), {}, true],
    ['a serial after the start of coverage', serial(150), {}, true],
    ['a serial from before coverage (another store, a memory restart)', serial(99), {}, false],
    ['a serial at the eviction point', serial(200), { evictedThrough: serial(200) }, true],
    ['a serial before the eviction point', serial(199), { evictedThrough: serial(200) }, false],
  ] as const)('%s → %s', (_case, from, extra, expected) => {
    expect(holdsStreamAfter(from, { coveredFrom: serial(100), ...extra })).toBe(expected);
  });
});
