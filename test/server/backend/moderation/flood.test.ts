import { describe, expect, it } from 'vitest';
import { isFlood, remember, repetitionKey } from '../../../../server/backend/moderation/flood.js';

const LIMITS = { maxRepeats: 3, windowMs: 60_000 };

describe('flood detection', () => {
  it('refuses the fourth identical message within the window', () => {
    let recent = remember([], 'buy now', 0, LIMITS.windowMs, 20);
    recent = remember(recent, 'BUY   now', 1_000, LIMITS.windowMs, 20);
    expect(isFlood(recent, 'buy now', 2_000, LIMITS)).toBe(false);
    recent = remember(recent, 'buy now ', 2_000, LIMITS.windowMs, 20);
    expect(isFlood(recent, 'Buy now', 3_000, LIMITS)).toBe(true);
    expect(isFlood(recent, 'something else', 3_000, LIMITS)).toBe(false);
  });

  it('forgets messages older than the window', () => {
    const recent = [0, 1, 2].map((i) => ({ key: 'hi', at: i }));
    expect(isFlood(recent, 'hi', 59_999, LIMITS)).toBe(true);
    expect(isFlood(recent, 'hi', 60_002, LIMITS)).toBe(false);
    expect(remember(recent, 'x', 60_001, LIMITS.windowMs, 20)).toEqual([
      { key: 'hi', at: 2 },
      { key: 'x', at: 60_001 },
    ]);
  });

  it('keeps at most `keep` messages', () => {
    let recent = remember([], 'a', 0, 1_000, 2);
    recent = remember(recent, 'b', 1, 1_000, 2);
    recent = remember(recent, 'c', 2, 1_000, 2);
    expect(recent.map((m) => m.key)).toEqual(['b', 'c']);
  });

  it('compares texts without case or spacing differences', () => {
    expect(repetitionKey('  Hello\n  World ')).toBe('hello world');
  });
});
