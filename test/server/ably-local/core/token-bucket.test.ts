import { describe, expect, it } from 'vitest';
import { KeyedRateLimiter, TokenBucket } from '../../../../server/ably-local/core/token-bucket.js';

describe('TokenBucket', () => {
  it('grants the capacity at once, then refills at the rate when time passes', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 20, () => now);
    expect(Array.from({ length: 25 }, () => bucket.take()).filter(Boolean)).toHaveLength(20);
    now += 500;
    expect(Array.from({ length: 10 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
    now += 60_000;
    expect(bucket.isFull()).toBe(true);
  });
});

describe('KeyedRateLimiter', () => {
  it('keeps one bucket per key and forgets full ones when the map is full', () => {
    let now = 0;
    const limiter = new KeyedRateLimiter(1, 1, () => now, 2);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.take('b')).toBe(true);
    now += 5000;
    expect(limiter.take('c')).toBe(true);
    expect(limiter.take('a')).toBe(true);
  });
});
