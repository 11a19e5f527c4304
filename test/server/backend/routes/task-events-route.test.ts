import { describe, expect, it } from 'vitest';
import { hasOnlySafeIntegers } from '../../../../server/backend/routes/task-events-route.js';

describe('hasOnlySafeIntegers', () => {
  it.each([
    ['an empty object', {}, true],
    ['fractions and small integers, nested', { a: [1, -2.5, { b: 2 ** 53 - 1 }], c: 'x' }, true],
    [
      'a whole number beyond 2^63 written as a float (msgpack-js encodes it as an integer)',
      { a: 1e300 },
      false,
    ],
    ['an integer beyond 2^53', { a: 2 ** 53 + 2 }, false],
    ['a negative integer beyond -2^63, deep', { a: [{ b: [-9223372036854778000] }] }, false],
  ])('%s → %s', (_case, value, expected) => {
    expect(hasOnlySafeIntegers(value)).toBe(expected);
  });

  it('walks 100 000 levels of nesting without overflowing the stack', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(hasOnlySafeIntegers(value)).toBe(true);
  });
});
