import { describe, expect, it } from 'vitest';
import {
  assertMessageShape,
  assertPayload,
  nestsDeeperThan,
} from '../../../../server/ably-local/protocol/item-shape.js';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it.each<[string, unknown, number, boolean]>([
    ['a scalar', 'x', 0, false],
    ['bytes', Buffer.from('x'), 0, false],
    ['an empty object at limit 1', {}, 1, false],
    ['an empty object at limit 0', {}, 0, true],
    ['64 levels at limit 64', nested(64), 64, false],
    ['65 levels at limit 64', nested(65), 64, true],
    ['a wide flat array', new Array(100_000).fill(1), 1, false],
  ])('answers %s', (_label, value, limit, deeper) => {
    expect(nestsDeeperThan(value, limit)).toBe(deeper);
  });

  it('measures 1 000 000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000)), 64)).toBe(true);
  });
});

describe('assertPayload', () => {
  it.each<[string, unknown, unknown]>([
    ['vcdiff', 'x', 'vcdiff'],
    ['vcdiff under base64', 'x', 'vcdiff/base64'],
    ['vcdiff as ably-js reads it (first word of the step)', 'x', 'vcdiff+x/utf-8'],
    ['a number', 'x', 5],
  ])('refuses the encoding %s with 40013', (_label, data, encoding) => {
    expect(() => assertPayload(data, encoding, 'publish')).toThrow(expect.objectContaining({ code: 40013 }));
  });

  it.each(['json', 'utf-8/base64', 'cipher+aes-128-cbc/base64', 'custom-step'])(
    'accepts the encoding %s',
    (encoding) => expect(() => assertPayload('x', encoding, 'publish')).not.toThrow(),
  );
});

describe('assertMessageShape', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['a numeric name', { name: 5 }, 40000],
    ['a [meta] name', { name: '[meta]occupancy' }, 40000],
    ['an object id', { id: {} }, 40000],
    ['array extras', { extras: [] }, 40000],
    ['non-string version metadata', { version: { metadata: { a: 1 } } }, 40000],
    ['a fractional action', { action: 1.5 }, 40000],
  ])('refuses %s', (_label, item, code) => {
    expect(() => assertMessageShape(item, 'publish')).toThrow(expect.objectContaining({ code }));
  });

  it('accepts an ordinary message', () => {
    expect(() =>
      assertMessageShape({ name: 'n', data: { a: [1] }, extras: { headers: { h: 'v' } } }, 'publish'),
    ).not.toThrow();
  });
});
