import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSerials, maxSerial } from '../../../widget/internal/serial.js';

/** Serials as ably-local issues them: timestamp, counter, connection and index, all fixed width. */
const A = '01735000000000-000@conn-a:000';
const B = '01735000000000-001@conn-a:000';
const C = '01735000000001-000@conn-b:000';

describe('compareSerials', () => {
  it.each([
    ['an earlier counter first', A, B, -1],
    ['an earlier timestamp first', B, C, -1],
    ['later serials after', C, A, 1],
    ['equal serials as equal', A, A, 0],
  ])('orders %s', (_case, a, b, expected) => {
    expect(compareSerials(a, b)).toBe(expected);
  });

  it('sorts as plain string comparison does, antisymmetric and consistent with equality', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(compareSerials(a, b)).toBe(-compareSerials(b, a) || 0);
        expect(compareSerials(a, b) === 0).toBe(a === b);
        expect(Math.sign(compareSerials(a, b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

describe('maxSerial', () => {
  it.each<[string, string | undefined | null, string | undefined | null, string | undefined]>([
    ['the later of two', A, C, C],
    ['the later of two, either way round', C, A, C],
    ['the one given when the first is missing', undefined, B, B],
    ['the one given when the second is missing', B, undefined, B],
    ['the one given when the other is null', null, B, B],
    ['the one given when the other is empty', '', B, B],
    ['the one given when the second is empty', B, '', B],
    ['undefined when both are missing', undefined, null, undefined],
    ['undefined when both are null', null, null, undefined],
    ['either of two equal serials', A, A, A],
  ])('returns %s', (_case, a, b, expected) => {
    expect(maxSerial(a, b)).toBe(expected);
  });

  it('is commutative for non-empty serials', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        expect(maxSerial(a, b)).toBe(maxSerial(b, a));
        expect(compareSerials(maxSerial(a, b)!, a)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
