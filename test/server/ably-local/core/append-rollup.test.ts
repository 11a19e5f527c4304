import { describe, expect, it } from 'vitest';
import { appendRollupWindowOf } from '../../../../server/ably-local/core/append-rollup.js';

describe('appendRollupWindowOf', () => {
  it.each([
    [undefined, 40],
    ['0', 0],
    ['20', 20],
    ['100ms', 100],
    ['500', 500],
  ])('reads %j as %i ms', (value, ms) => expect(appendRollupWindowOf(value)).toBe(ms));

  it.each(['501', '1000ms', '-1', '1.5', '40s', '', 'soon'])('refuses %j with 40003', (value) => {
    expect(() => appendRollupWindowOf(value)).toThrow(expect.objectContaining({ code: 40003 }));
  });
});
